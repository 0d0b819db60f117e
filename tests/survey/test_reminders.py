"""Invitations go to every active member organisation in its language; reminders only to those
that have not submitted, before their own deadline, each once."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from commitments.survey import reminders, services
from commitments.survey.models import ResponseStatus, SurveyInvitation, SurveyReminder
from members.models import Organisation
from pact.models import OutboundEmail
from tests.factories import make_organisation, make_user
from tests.survey.conftest import answered, make_survey

OPENING = dt.date(2026, 2, 1)
DEADLINE = dt.date(2026, 3, 31)


def subjects(mailoutbox) -> Counter:
    return Counter((m.to[0], m.subject) for m in mailoutbox)


def test_opening_invites_every_active_member_in_its_preferred_language(
    world, clock, mailoutbox, django_capture_on_commit_callbacks
):
    french = make_user("fr-admin@example.org", language="en")
    make_organisation("Agence Française", admin=french, preferred_language="fr")
    italian = make_user("it-admin@example.org", language="de")
    make_organisation("Agenzia Italiana", admin=italian, preferred_language="it")
    applicant = make_user("applicant@example.org")
    make_organisation("Not Yet Member", admin=applicant, status="applied")
    survey = make_survey(world.reviewer, 2026, OPENING, DEADLINE)
    clock.set(OPENING, 0, 10)
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders.run()
    active = Organisation.objects.filter(status="active").count()
    assert result["2026:invited"] == active
    assert SurveyInvitation.objects.filter(survey=survey).count() == active
    sent = {m.to[0]: m for m in mailoutbox}
    assert "applicant@example.org" not in sent
    # The organisation's language when the portal speaks it, else the person's own.
    assert "enquête 2026 auprès des membres" in sent["fr-admin@example.org"].subject
    assert "members' survey 2026 is open" not in sent["fr-admin@example.org"].subject
    assert "Mitgliederumfrage 2026" in sent["it-admin@example.org"].subject
    assert "members' survey 2026 is open" in sent["member@example.org"].subject
    assert "contributor@example.org" in sent  # contributors answer too
    assert "/survey/" in sent["member@example.org"].body
    # Invited once: the next runs, and a new member, add only the newcomer.
    with django_capture_on_commit_callbacks(execute=True):
        assert "2026:invited" not in reminders.run()
    newcomer = make_user("newcomer@example.org")
    make_organisation("Joined Later", admin=newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.run()["2026:invited"] == 1
    counts = Counter(m.to[0] for m in mailoutbox)
    assert counts["member@example.org"] == 1 and counts["newcomer@example.org"] == 1


def test_reminders_go_only_to_organisations_that_have_not_submitted_each_once(
    world, clock, mailoutbox, django_capture_on_commit_callbacks
):
    survey = make_survey(world.reviewer, 2026, OPENING, DEADLINE, reminder_days=[14, 3])
    question = survey.questions.get(indicator__code="people-upskilled")
    clock.set(OPENING, 1)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run()
    answered(survey, world.member_org, {question: "10"}, status=ResponseStatus.SUBMITTED)
    answered(survey, world.coordinator_org, {question: "10"}, status=ResponseStatus.DRAFT)
    mailoutbox.clear()
    clock.set(DEADLINE - dt.timedelta(days=15), 9)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run()
    assert not mailoutbox  # no reminder is due yet
    clock.set(DEADLINE - dt.timedelta(days=14), 9)
    for _ in range(2):  # a second beat records nothing twice
        with django_capture_on_commit_callbacks(execute=True):
            reminders.run()
    reminded = subjects(mailoutbox)
    assert all("closes for your organisation in 14 days" in s for _to, s in reminded)
    people = {to for to, _s in reminded}
    assert "coordinator@example.org" in people  # a draft is not an answer
    assert "outsider@example.org" in people
    assert "member@example.org" not in people and "contributor@example.org" not in people
    assert max(reminded.values()) == 1
    assert SurveyReminder.objects.get(survey=survey, key="before-14").deadline == DEADLINE


def test_an_extended_organisation_is_reminded_before_its_own_deadline_and_told_of_the_extension(
    world, clock, mailoutbox, django_capture_on_commit_callbacks
):
    survey = make_survey(world.reviewer, 2026, OPENING, DEADLINE, reminder_days=[3])
    clock.set(OPENING, 1)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.extend_deadline(
            survey,
            actor=world.reviewer,
            deadline=DEADLINE + dt.timedelta(days=10),
            organisations=[world.outsider_org],
        )
    told = subjects(mailoutbox)
    assert set(told) == {
        ("outsider@example.org", "[Pact Portal] More time for the 2026 members' survey")
    }
    mailoutbox.clear()
    clock.set(DEADLINE - dt.timedelta(days=3), 9)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run()
    assert "outsider@example.org" not in {m.to[0] for m in mailoutbox}
    assert "member@example.org" in {m.to[0] for m in mailoutbox}
    mailoutbox.clear()
    clock.set(DEADLINE + dt.timedelta(days=7), 9)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run()
    assert {m.to[0] for m in mailoutbox} == {"outsider@example.org"}
    assert OutboundEmail.objects.filter(kind="survey.reminder_before").count() == len(
        set(
            OutboundEmail.objects.filter(kind="survey.reminder_before").values_list(
                "dedupe_key", flat=True
            )
        )
    )


def test_no_reminder_goes_out_on_the_day_of_the_invitation(
    world, clock, mailoutbox, django_capture_on_commit_callbacks
):
    make_survey(world.reviewer, 2026, OPENING, OPENING + dt.timedelta(days=14), reminder_days=[14])
    clock.set(OPENING, 0, 10)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run()
    assert {m.subject for m in mailoutbox} == {
        "[Pact Portal] The Pact for Skills members' survey 2026 is open"
    }
    mailoutbox.clear()
    clock.set(OPENING + dt.timedelta(days=1), 0, 10)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run()
    # The nearest reminder (14 days) is due; the mail says what is left.
    assert mailoutbox and all("in 13 days" in m.subject for m in mailoutbox)


def test_the_reminder_says_what_is_left(scene):
    from pact.kernel.outbox.queue import render_email

    context = {"survey": scene.survey, "year": 2026, "deadline": DEADLINE, "path": "/survey/"}
    subjects = [
        render_email("survey_reminder", {**context, "days_before": days}, language)[0]
        for days, language in ((0, "en"), (1, "en"), (3, "fr"))
    ]
    assert subjects == [
        "[Pact Portal] Reminder: the 2026 members' survey closes for your organisation today",
        "[Pact Portal] Reminder: the 2026 members' survey closes for your organisation tomorrow",
        "[Pact Portal] Rappel : l'enquête 2026 auprès des membres se clôt dans 3 jours pour votre "
        "organisation",
    ]
