"""Limits on mail a person sends to others by pressing a button (invitations, contact requests,
"send the signature requests again"): per person and per group (the partnership, or the
organisation on whose behalf they write), in the windows of ``settings.MAIL_SEND_LIMITS``.
System mail (reminders, survey and reporting invitations, automatic notices, staff bulk mail)
does not come here (DESIGN.md §9).

Services call ``take`` after their own checks and before they record anything, and turn
``SendLimitReached`` into their own refusal: its ``message`` is meant for the person.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import ngettext

from pact.kernel import counters


class SendLimitReached(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _windows(kind: str, scope: str) -> list[counters.Window]:
    return [
        counters.Window(f"mail:{kind}:{scope}:{seconds}", limit, seconds)
        for limit, seconds in settings.MAIL_SEND_LIMITS.get(kind, [])
    ]


def take(actor, *, group: str, amount: int = 1) -> None:
    """Count ``amount`` mails sent by ``actor`` for ``group`` (e.g. ``partnership:12``), or raise
    ``SendLimitReached`` and count nothing."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    windows = _windows("person", f"user:{actor.pk}") + _windows("group", group)
    try:
        counters.take(windows, amount)
    except counters.LimitReached as reached:
        window = reached.window
        hours = max(1, window.seconds // 3600)
        if window.scope.startswith("mail:person:"):
            message = ngettext(
                "You have sent %(limit)s invitations or requests in the last hour, the most "
                "allowed. Please try again later.",
                "You have sent %(limit)s invitations or requests in the last %(hours)s hours, the "
                "most allowed. Please try again later.",
                hours,
            )
        else:
            message = ngettext(
                "%(limit)s invitations or requests have been sent for the same partnership or "
                "organisation in the last hour, the most allowed. Please try again later.",
                "%(limit)s invitations or requests have been sent for the same partnership or "
                "organisation in the last %(hours)s hours, the most allowed. Please try again "
                "later.",
                hours,
            )
        raise SendLimitReached(message % {"limit": window.limit, "hours": hours}) from None
