"""Every mail queued to a person is also a notice wherever the portal keeps people's notifications.

The outbox does not know who keeps them, and imports no app to find out: ``settings.OUTBOX_NOTIFIER``
names a module with the three plain functions of ``Notifier`` (the portal names
``pact.communications.notifications.outbox``, its notification centre). The outbox calls them in
the transaction that records the mails, so a notice and its mail are written together or not at
all, and the person's choice ("in the portal only") decides whether the mail is written. Without
a notifier (an empty setting) a mail is only a mail.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Protocol, cast

from django.conf import settings

from pact.models import OutboundEmail


@dataclass(frozen=True)
class SqlNotices:
    """The notices of mails chosen in SQL, as parts of the one statement that records the mails.

    ``insert`` is an ``INSERT ... SELECT ... FROM r`` (``r``: the recipients, with ``user_id``,
    ``address`` and ``lang``), empty for none; ``keep_mail`` a condition on ``r`` that keeps a
    person's mail, empty to keep every mail.
    """

    insert: str = ""
    insert_params: list = field(default_factory=list)
    keep_mail: str = ""
    keep_mail_params: list = field(default_factory=list)


class Notifier(Protocol):
    def for_mail(
        self,
        *,
        user,
        kind: str,
        title: str,
        context: dict,
        dedupe_key: str | None,
        create: Callable[[], OutboundEmail],
    ) -> OutboundEmail | None:
        """One mail to ``user``: record the notice and call ``create()`` to record the mail unless
        the person wants none of this kind by email; return the mail, or None. With a
        ``dedupe_key`` a second call raises ``IntegrityError``."""
        ...

    def for_mails(
        self, mails: list[OutboundEmail], *, kind: str, context: dict
    ) -> list[OutboundEmail]:
        """A batch of unsaved mails to people: record their notices (deduplicated like the mails)
        and return the mails that should be recorded."""
        ...

    def for_mails_sql(
        self, *, kind: str, titles: dict[str, str], context: dict, dedupe: tuple[str, list]
    ) -> SqlNotices:
        """Mails chosen in SQL, one title per language (``r.lang``); ``dedupe`` is the SQL (and
        its parameters) of each recipient's deduplication key."""
        ...


class _MailOnly:
    """No notification centre: every mail is written, nothing else."""

    @staticmethod
    def for_mail(*, create: Callable[[], OutboundEmail], **_ignored) -> OutboundEmail | None:
        return create()

    @staticmethod
    def for_mails(mails: list[OutboundEmail], **_ignored) -> list[OutboundEmail]:
        return mails

    @staticmethod
    def for_mails_sql(**_ignored) -> SqlNotices:
        return SqlNotices()


@cache
def _load(path: str) -> Notifier:
    module: ModuleType = importlib.import_module(path)
    return cast(Notifier, module)


def notifier() -> Notifier:
    """The notifier ``settings.OUTBOX_NOTIFIER`` names (loaded once), or mail only."""
    path = getattr(settings, "OUTBOX_NOTIFIER", "")
    return _load(path) if path else cast(Notifier, _MailOnly)
