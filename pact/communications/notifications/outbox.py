"""What the kernel's outbox calls for every mail it queues to a person (``settings.OUTBOX_NOTIFIER``
names this module; the functions are those of ``pact.kernel.outbox.notices.Notifier``).

Each mail to a person is also a notification in their notification centre; the mail's kind decides
the category, and the person's choice for that category decides whether the mail is written too
(mandatory categories always are). No other app has to know about notifications.
"""

from __future__ import annotations

from collections.abc import Callable

from pact.communications.models import NotificationPreference
from pact.communications.notifications.services import (
    build,
    category_for_kind,
    is_mandatory,
    link_from_context,
    record,
    record_for_bulk,
    wants_email,
)
from pact.kernel.outbox.notices import SqlNotices
from pact.kernel.outbox.queue import insert_per_recipient
from pact.models import OutboundEmail


def for_mail(
    *,
    user,
    kind: str,
    title: str,
    context: dict,
    dedupe_key: str | None,
    create: Callable[[], OutboundEmail],
) -> OutboundEmail | None:
    """The notification of one mail, and the mail itself unless the person switched it off."""
    email = create() if wants_email(user, category_for_kind(kind)) else None
    record(
        user=user,
        kind=kind,
        title=title,
        link=link_from_context(context),
        dedupe_key=dedupe_key,
        email=email,
    )
    return email


def for_mails(mails: list[OutboundEmail], *, kind: str, context: dict) -> list[OutboundEmail]:
    """The notifications of a batch of unsaved mails; the mails people still want."""
    return record_for_bulk(mails, kind=kind, link=link_from_context(context))


def for_mails_sql(
    *, kind: str, titles: dict[str, str], context: dict, dedupe: tuple[str, list]
) -> SqlNotices:
    """One notification per recipient ``r`` in the outbox's statement, and the condition that
    keeps the mail of those who did not switch the category off (all, when it is mandatory)."""
    link = link_from_context(context)
    notes = {
        language: build(user=None, kind=kind, title=title, link=link)
        for language, title in titles.items()
    }
    insert, insert_params = insert_per_recipient(
        notes, {"user_id": ("r.user_id", []), "dedupe_key": dedupe}
    )
    category = category_for_kind(kind)
    if is_mandatory(category):
        return SqlNotices(insert=insert, insert_params=insert_params)
    return SqlNotices(
        insert=insert,
        insert_params=insert_params,
        keep_mail=(
            f"NOT EXISTS (SELECT 1 FROM {NotificationPreference._meta.db_table} p"  # noqa: S608
            " WHERE p.user_id = r.user_id AND p.category = %s AND NOT p.by_email)"
        ),
        keep_mail_params=[category],
    )
