"""Staff write the reminder and notice texts per language, with a preview; reminders still go only
to those who have not reported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments import tasks
from commitments.models import NoticeKind, NoticeText
from commitments.monitoring import notices
from commitments.reporting import services
from commitments.reporting.services import ReportingError
from pact.kernel.texts import LocalisedText
from pact.models import AuditEntry
from tests.commitments.conftest import make_report
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db

SUBJECT = LocalisedText("en", {"en": "Report for {year} by {deadline}", "fr": "Rapport {year}"})
BODY = LocalisedText(
    "en",
    {"en": "Dear member, {days} days left: {link}", "fr": "Chers membres, encore {days} jours."},
)


def test_a_reminder_goes_out_with_staffs_text_in_each_language_and_only_to_non_reporters(
    reporting, mailoutbox, django_capture_on_commit_callbacks
):
    r = reporting
    notices.save(NoticeKind.BEFORE, subject=SUBJECT, body=BODY, actor=r.world.reviewer)
    french = make_user("fr@example.org", language="fr")
    german = make_user("de@example.org", language="de")
    for name, person in (("Lycée", french), ("Schule", german)):
        r.people.commitment.responsible_organisations.add(make_organisation(name, admin=person))
    done = make_user("done@example.org")
    finished = make_organisation("Finished Ltd", admin=done)
    r.people.commitment.responsible_organisations.add(finished)
    for target in (r.people, r.money, r.share):
        make_report(target, finished, r.cycle, "1", status="submitted")
    r.cycle.deadline = timezone.localdate() + dt.timedelta(days=10)  # "14 days before" is due
    r.cycle.save()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_due_reminders.delay()
    before = {m.to[0]: m for m in mailoutbox if "Report for" in m.subject or "Rapport" in m.subject}
    assert "done@example.org" not in before  # it has reported: the opening notice only
    assert any(m.to[0] == "done@example.org" for m in mailoutbox)
    assert before["fr@example.org"].subject.endswith("Rapport 2025")
    assert "encore 10 jours" not in before["fr@example.org"].body  # {days}: the reminder's 14
    assert "encore 14 jours" in before["fr@example.org"].body
    # German has no translation: the English original, placeholders filled.
    assert "Report for 2025 by" in before["de@example.org"].subject
    assert "14 days left: http" in before["de@example.org"].body
    assert "/reporting/" in before["de@example.org"].body


def test_unknown_placeholders_are_refused_and_only_reviewers_write(reporting):
    r = reporting
    with pytest.raises(ReportingError):
        notices.save(
            NoticeKind.OPENING,
            subject=LocalisedText("en", {"en": "Hello {name}"}),
            body=BODY,
            actor=r.world.reviewer,
        )
    from pact import access

    with pytest.raises(access.Refused):
        notices.save(NoticeKind.OPENING, subject=SUBJECT, body=BODY, actor=r.world.member)
    assert not NoticeText.objects.exists()


def test_the_staff_page_previews_without_saving_then_saves_and_resets(reporting, login):
    r = reporting
    client = login(r.world.reviewer)
    url = reverse("commitments:notice_edit", kwargs={"kind": "returned"})
    page = client.get(url)
    assert page.status_code == 200
    assert "was returned for correction" in page.text  # the built-in text, previewed
    assert "Français" in page.text or "French" in page.text
    form = {
        "subject_language": "en",
        "subject_original": "Please look again at your {year} report",
        "body_language": "en",
        "body_original": "The reviewer left a note:",
    }
    previewed = client.post(url, {**form, "action": "preview"})
    assert previewed.status_code == 200, previewed.content[:3000]
    assert "Please look again at your" in previewed.text
    assert not NoticeText.objects.exists()
    saved = client.post(url, {**form, "action": "save"})
    assert saved.status_code == 302
    assert NoticeText.objects.get().kind == NoticeKind.RETURNED
    assert AuditEntry.objects.filter(kind="pact.reporting.notice_text_saved").exists()
    # The return notice now uses it, with the reason kept.
    report = make_report(r.people, r.world.member_org, r.cycle, "4", status="submitted")
    report.submitted_by = r.world.member
    report.save()
    from pact.models import OutboundEmail

    services.return_report(report, r.world.reviewer, "Add the evidence")
    mail = OutboundEmail.objects.filter(kind="reporting.returned").get()
    assert "Please look again at your 2025 report" in mail.subject
    assert "The reviewer left a note:" in mail.body_text and "Add the evidence" in mail.body_text
    client.post(url, {"action": "reset"})
    assert not NoticeText.objects.exists()
    assert client.get(reverse("commitments:notice_list")).status_code == 200
