"""Staff's own texts of the reporting reminders and notices, per language (``pact.kernel.texts``).

A kind without its own text is sent with the portal's built-in, translated mail. With one, its
subject and message replace the built-in ones: in the recipient's language when staff translated
it, else in the original. Texts may name ``{year}``, ``{deadline}``, ``{days}`` and ``{link}``,
filled in for each mail; any other ``{...}`` is refused when saving, so a mail never goes out with
a hole in it. The preview renders the mail as it would be sent, per interface language.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from commitments.models import NoticeKind, NoticeText, ReportingCycle
from commitments.reporting.services import ReportingError
from pact import access
from pact.access import Perm
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import render_email
from pact.kernel.texts import LocalisedText

TEMPLATES = {
    NoticeKind.OPENING: "reporting_opening",
    NoticeKind.BEFORE: "reporting_before",
    NoticeKind.CLOSING_DAY: "reporting_closing_day",
    NoticeKind.OVERDUE: "reporting_overdue",
    NoticeKind.EXTENDED: "reporting_extended",
    NoticeKind.RETURNED: "reporting_returned",
}
PLACEHOLDERS = ("year", "deadline", "days", "link")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def current(kind: str) -> NoticeText | None:
    """Staff's own text of ``kind``, if any (what the mail of that kind is written with)."""
    return NoticeText.objects.filter(kind=kind).first()


def unknown_placeholders(text: LocalisedText | None) -> list[str]:
    if text is None:
        return []
    found = {name for t in text.texts.values() for name in _PLACEHOLDER.findall(t)}
    return sorted(found - set(PLACEHOLDERS))


def fill(text: str, context: dict) -> str:
    """The text with its placeholders filled from a mail's context (dates in the mail's
    language, the link absolute)."""
    deadline = context.get("closes_on") or context.get("deadline")
    values = {
        "year": str(context.get("year") or getattr(context.get("cycle"), "year", "")),
        "deadline": formats.date_format(deadline, "DATE_FORMAT")
        if isinstance(deadline, dt.date)
        else "",
        "days": str(context.get("days_before") or ""),
        "link": f"{context.get('site_url') or settings.SITE_URL}{context.get('path', '')}",
    }
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def save(
    kind: str,
    *,
    subject: LocalisedText,
    body: LocalisedText,
    actor,
    sign_in: Assurance | None = None,
) -> NoticeText:
    """Set staff's text of ``kind`` (reviewers, multi-factor sign-in); audited with the languages
    it is written in. Refused when it names a placeholder the mails do not fill."""
    access.require_to_act(actor, Perm.STAFF_REVIEW, sign_in=sign_in)
    unknown = unknown_placeholders(subject) + unknown_placeholders(body)
    if unknown:
        raise ReportingError(
            _("Unknown placeholders: %(names)s. Use only %(known)s.")
            % {
                "names": ", ".join("{" + n + "}" for n in unknown),
                "known": ", ".join("{" + n + "}" for n in PLACEHOLDERS),
            }
        )
    notice, _created = NoticeText.objects.update_or_create(
        kind=kind,
        defaults={
            "subject": subject,
            "body": body,
            "updated_by": actor,
            "updated_at": timezone.now(),
        },
    )
    log_action(
        "pact.reporting.notice_text_saved",
        notice,
        actor,
        {"kind": kind, "languages": sorted(set(subject.languages) | set(body.languages))},
        label=kind,
    )
    return notice


def reset(kind: str, *, actor, sign_in: Assurance | None = None) -> bool:
    """Back to the built-in text of ``kind``; audited. Returns whether there was an own text."""
    access.require_to_act(actor, Perm.STAFF_REVIEW, sign_in=sign_in)
    deleted, _rows = NoticeText.objects.filter(kind=kind).delete()
    if deleted:
        log_action("pact.reporting.notice_text_reset", None, actor, {"kind": kind})
    return bool(deleted)


def sample_context(kind: str, notice: NoticeText | None) -> dict:
    """What a preview fills the mail with: the open (or latest) cycle, else an example year."""
    cycle = (
        ReportingCycle.objects.exclude(status=ReportingCycle.Status.CLOSED).order_by("year").first()
        or ReportingCycle.objects.order_by("-year").first()
    )
    today = timezone.localdate()
    year = cycle.year if cycle else today.year - 1
    deadline = cycle.deadline if cycle else today + dt.timedelta(days=14)
    return {
        "notice": notice,
        "cycle": cycle,
        "year": year,
        "closes_on": deadline,
        "deadline": deadline,
        "days_before": 14,
        "path": "/reporting/",
        "organisation": {"name": _("Example organisation")},
        "target": {"indicator": {"name": _("People up- or reskilled")}},
        "reason": _("(the reviewer's reason)"),
    }


def preview(kind: str, notice: NoticeText | None) -> list[dict]:
    """The mail of ``kind`` as it would be sent, in each interface language."""
    context = sample_context(kind, notice)
    rendered = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            subject, body, _html = render_email(TEMPLATES[NoticeKind(kind)], context, code)
        rendered.append({"language": code, "name": name, "subject": subject, "body": body})
    return rendered
