"""The notification centre: every mail queued to a person is also a notification in the portal.

The kernel's outbox records them through ``pact.communications.notifications.outbox`` (named by
``settings.OUTBOX_NOTIFIER``), so no other app has to know about notifications. The mail ``kind``
decides the category; the person's preference for that category decides whether the mail is also
sent (mandatory categories always are).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pact.communications.models import Notification, NotificationCategory, NotificationPreference
from pact.kernel.audit import log_action

Category = NotificationCategory

# Mails that cannot be switched off: reporting deadlines are an obligation of Pact membership
# (commitments are monitored through them), and staff mails are part of staff members' work.
MANDATORY_EMAIL = frozenset({Category.REPORTING, Category.STAFF})

# First match wins; the kind is normalised to lower case with "." replaced by "_".
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^staff|digest|_staff_|staff$"), Category.STAFF),
    (re.compile(r"remind|reporting|deadline|overdue|cycle_open|cycle_clos"), Category.REPORTING),
    (re.compile(r"invit"), Category.INVITATIONS),
    (re.compile(r"signature|_sign_|sign_request|to_sign"), Category.SIGNATURES),
    (
        re.compile(
            r"^(partnerships_)?declaration.*(decision|decided|approved|rejected|changes|review|comment)"
            r"|report_(returned|validated)|^commitments_.*(returned|validated)"
            r"|^commitments_pledge_(approved|rejected)"
        ),
        Category.REVIEWS,
    ),
    (
        re.compile(
            r"^members_|organisation|membership|join_request|joinrequest|_join|_member_"
            r"|application|coordination"
        ),
        Category.MEMBERSHIP,
    ),
]


def category_for_kind(kind: str) -> str:
    """The notification category of a mail kind, e.g. ``members_approved`` -> membership."""
    normalised = kind.lower().replace(".", "_").replace("-", "_")
    for pattern, category in _RULES:
        if pattern.search(normalised):
            return category
    return Category.GENERAL


def is_mandatory(category: str) -> bool:
    return category in MANDATORY_EMAIL


def email_opt_outs(user) -> set[str]:
    """Categories for which the person chose "in the portal only" (one query)."""
    return set(
        NotificationPreference.objects.filter(user=user, by_email=False).values_list(
            "category", flat=True
        )
    )


def wants_email(user, category: str) -> bool:
    if is_mandatory(category):
        return True
    return not NotificationPreference.objects.filter(
        user=user, category=category, by_email=False
    ).exists()


def safe_link(link) -> str:
    """A link the notification centre may point to: the portal's own pages or a web address."""
    if not link:
        return ""
    link = str(link).strip()
    site = settings.SITE_URL
    if link.startswith(site + "/"):
        link = link[len(site) :]
    if link.startswith("/") and not link.startswith("//"):
        return link[:500]
    if re.match(r"^https?://", link, re.IGNORECASE):
        return link[:500]
    return ""


def link_from_context(context: dict) -> str:
    """Where a notification points: ``context["link"]``, else the mail's first portal URL."""
    if context.get("link"):
        return safe_link(context["link"])
    for key, value in context.items():
        if key == "site_url" or not isinstance(value, str):
            continue
        if key in ("url", "path") or key.endswith("_url"):
            link = safe_link(value)
            if link.startswith("/"):
                return link
    return ""


def build(*, user, kind: str, title: str, link=None, dedupe_key: str | None = None, email=None):
    """An unsaved notification for a mail (``create`` or ``bulk_create`` it)."""
    return Notification(
        user=user,
        category=category_for_kind(kind),
        kind=kind[:80],
        title=html.unescape(title).strip()[:300],
        link=safe_link(link),
        dedupe_key=dedupe_key,
        email=email,
    )


def record(*, user, kind: str, title: str, link=None, dedupe_key: str | None = None, email=None):
    """Store one notification. With a ``dedupe_key`` a second call raises ``IntegrityError``."""
    notification = build(
        user=user, kind=kind, title=title, link=link, dedupe_key=dedupe_key, email=email
    )
    notification.save()
    return notification


def record_for_bulk(emails: list, *, kind: str, link: str = "") -> list:
    """Notifications for a batch of unsaved mails (the outbox's ``queue_bulk_emails``).

    Records one notification per recipient (deduplicated like the mails) and returns the mails
    that should really be created: those of people who did not switch the category's email off.
    Two queries per batch at most, whatever its size.
    """
    category = category_for_kind(kind)
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=email.recipient_id,
                category=category,
                kind=kind[:80],
                title=html.unescape(email.subject.removeprefix(prefix)).strip()[:300],
                link=safe_link(link),
                dedupe_key=email.dedupe_key,
            )
            for email in emails
            if email.recipient_id
        ],
        ignore_conflicts=True,
    )
    if is_mandatory(category):
        return emails
    opted_out = set(
        NotificationPreference.objects.filter(
            user_id__in=[e.recipient_id for e in emails if e.recipient_id],
            category=category,
            by_email=False,
        ).values_list("user_id", flat=True)
    )
    return [e for e in emails if e.recipient_id not in opted_out]


# --- the person's own actions ------------------------------------------------------------------


def mark_read(user, notification_id: int) -> bool:
    """Mark one of the person's notifications read; False if it is not theirs (or already read)."""
    return bool(
        Notification.objects.filter(pk=notification_id, user=user, read_at=None).update(
            read_at=timezone.now()
        )
    )


def mark_all_read(user) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def set_preferences(user, by_email: dict[str, bool], *, actor=None) -> list[str]:
    """Store the person's choice per category; mandatory categories stay on whatever is sent.

    Returns the categories whose choice changed (audited as ``pact.notifications.preferences_changed``).
    """
    current = {
        p.category: p for p in NotificationPreference.objects.select_for_update().filter(user=user)
    }
    changed: list[str] = []
    off: list[str] = []
    for category in Category.values:
        wanted = True if is_mandatory(category) else bool(by_email.get(category, True))
        existing = current.get(category)
        before = existing.by_email if existing else True
        if existing is None:
            if not wanted:
                NotificationPreference.objects.create(user=user, category=category, by_email=False)
        elif existing.by_email != wanted:
            existing.by_email = wanted
            existing.save(update_fields=["by_email", "updated_at"])
        if before != wanted:
            changed.append(category)
        if not wanted:
            off.append(category)
    if changed:
        log_action(
            "pact.notifications.preferences_changed",
            user,
            actor or user,
            {"email_off": off, "changed": changed},
        )
    return changed


def categories_with_choice(user) -> Iterable[dict]:
    """Every category with its label, whether it is mandatory and the person's current choice."""
    off = email_opt_outs(user)
    for value, label in Category.choices:
        yield {
            "value": value,
            "label": label,
            "mandatory": is_mandatory(value),
            "by_email": is_mandatory(value) or value not in off,
        }
