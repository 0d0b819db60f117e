"""A survey opens, passes its deadline and closes on its dates, in Brussels time (DESIGN §9)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from decimal import Decimal

import pytest
from django.db import connection, transaction

from commitments.survey import reminders, services
from commitments.survey.models import Survey, SurveyResponse
from members.models import Organisation
from pact.kernel import schedule
from pact.kernel.texts import LocalisedText
from pact.models import AuditEntry
from tests.survey.conftest import make_survey

OPENING = dt.date(2026, 2, 1)  # winter time (UTC+1)
DEADLINE = dt.date(2026, 3, 31)  # summer time since 29 March (UTC+2)
CLOSING = dt.date(2026, 4, 30)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_it_opens_at_midnight_in_brussels_and_accepts_late_answers_until_the_closing_day_ends():
    def at(moment):
        return schedule.phase(OPENING, DEADLINE, CLOSING, moment)

    assert at(utc(2026, 1, 31, 22, 59, 59)) == schedule.Phase.NOT_OPEN
    assert at(utc(2026, 1, 31, 23, 0, 0)) == schedule.Phase.ON_TIME  # 00:00 in Brussels
    assert at(utc(2026, 3, 31, 21, 59, 59)) == schedule.Phase.ON_TIME  # 23:59:59 CEST
    assert at(utc(2026, 3, 31, 22, 0, 0)) == schedule.Phase.LATE
    assert at(utc(2026, 4, 30, 21, 59, 59)) == schedule.Phase.LATE
    assert at(utc(2026, 4, 30, 22, 0, 0)) == schedule.Phase.CLOSED
    # An organisation's own (extended) deadline counts instead of the survey's.
    assert (
        schedule.phase(OPENING, dt.date(2026, 4, 10), CLOSING, utc(2026, 4, 5, 12))
        == schedule.Phase.ON_TIME
    )
    assert schedule.default_closing_day(DEADLINE) == dt.date(2026, 4, 30)
    assert schedule.phase(OPENING, DEADLINE, CLOSING, utc(2026, 3, 1), closed=True).name == "CLOSED"


def test_the_nearest_reminder_only_is_due():
    deadline = dt.date(2026, 3, 31)
    assert schedule.nearest_reminder([14, 3], deadline, dt.date(2026, 3, 10)) is None
    assert schedule.nearest_reminder([14, 3], deadline, dt.date(2026, 3, 17)) == 14
    assert schedule.nearest_reminder([14, 3], deadline, dt.date(2026, 3, 29)) == 3  # not 14 too
    assert schedule.nearest_reminder([14, 3], deadline, dt.date(2026, 4, 1)) is None


def test_beat_opens_and_closes_the_survey_on_its_dates_once(world, clock):
    survey = make_survey(world.reviewer, 2026, OPENING, DEADLINE, closes_on=CLOSING)
    clock.set(OPENING - dt.timedelta(days=1), 23, 59, 59)
    assert reminders.run()["opened"] == []
    clock.set(OPENING, 0, 0, 0)
    assert reminders.run()["opened"] == [survey.pk]
    assert reminders.run()["opened"] == []  # a second beat finds nothing to do
    survey.refresh_from_db()
    assert survey.status == schedule.WindowStatus.OPEN
    clock.set(CLOSING, 23, 59, 59)
    assert reminders.run()["closed"] == []
    clock.set(CLOSING + dt.timedelta(days=1), 0, 0, 0)
    assert reminders.run()["closed"] == [survey.pk]
    assert reminders.run()["closed"] == []
    survey.refresh_from_db()
    assert survey.status == schedule.WindowStatus.CLOSED
    kinds = list(
        AuditEntry.objects.filter(
            target_id=str(survey.pk), kind__in=["pact.survey.opened", "pact.survey.closed"]
        )
        .order_by("pk")
        .values_list("kind", "data__by")
    )
    assert kinds == [("pact.survey.opened", "schedule"), ("pact.survey.closed", "schedule")]


def test_answers_are_on_time_then_late_then_refused(world, clock):
    survey = make_survey(world.reviewer, 2026, OPENING, DEADLINE, closes_on=CLOSING)
    question = survey.questions.get(indicator__code="people-upskilled")

    def save(version: int, submit: bool = False) -> SurveyResponse:
        return services.save_answers(
            survey=survey,
            organisation=world.member_org,
            actor=world.member,
            lock_version=version,
            answers={question.pk: services.AnswerInput(number=Decimal(40))},
            submit=submit,
        )

    clock.set(OPENING - dt.timedelta(days=1), 23, 59)
    with pytest.raises(services.NotAccepting, match="opens on 2026-02-01"):
        save(0)
    clock.set(OPENING, 0, 1)  # open by its dates, even before beat has moved its status
    response = save(0)
    assert response.status == "draft"
    clock.set(DEADLINE + dt.timedelta(days=1), 9)
    response = save(response.lock_version, submit=True)
    assert response.status == "submitted" and response.is_late
    services.return_response(response, world.reviewer, "Whole year, please.")
    clock.set(CLOSING + dt.timedelta(days=1), 0, 0, 1)
    response.refresh_from_db()
    with pytest.raises(services.NotAccepting, match="closed"):
        save(response.lock_version, submit=True)
    assert SurveyResponse.objects.get(pk=response.pk).status == "returned"


def test_an_extension_moves_one_organisations_deadline_never_past_the_closing_day(world, clock):
    survey = make_survey(world.reviewer, 2026, OPENING, DEADLINE, closes_on=CLOSING)
    question = survey.questions.get(indicator__code="people-upskilled")
    clock.set(OPENING, 9)
    services.open_survey(survey, world.reviewer)
    with pytest.raises(services.SurveyError, match="after the closing day"):
        services.extend_deadline(
            survey,
            actor=world.reviewer,
            deadline=CLOSING + dt.timedelta(days=1),
            organisations=[world.member_org],
        )
    with pytest.raises(services.SurveyError, match="later than the current deadline"):
        services.extend_deadline(
            survey, actor=world.reviewer, deadline=DEADLINE, organisations=[world.member_org]
        )
    with pytest.raises(services.SurveyError, match="You may not"):
        services.extend_deadline(survey, actor=world.member, deadline=dt.date(2026, 4, 15))
    services.extend_deadline(
        survey,
        actor=world.reviewer,
        deadline=dt.date(2026, 4, 15),
        organisations=[world.member_org],
        reason="Asked by phone",
    )
    clock.set(dt.date(2026, 4, 10), 12)
    on_time = services.save_answers(
        survey=survey,
        organisation=world.member_org,
        actor=world.member,
        lock_version=0,
        answers={question.pk: services.AnswerInput(number=Decimal(5))},
        submit=True,
    )
    late = services.save_answers(
        survey=survey,
        organisation=world.outsider_org,
        actor=world.outsider,
        lock_version=0,
        answers={question.pk: services.AnswerInput(number=Decimal(5))},
        submit=True,
    )
    assert (on_time.is_late, late.is_late) == (False, True)
    entry = AuditEntry.objects.get(kind="pact.survey.deadline_extended")
    assert entry.data["to"] == "2026-04-15" and entry.data["reason"] == "Asked by phone"
    assert entry.organisation_id == world.member_org.pk
    # Staff move the closing day for everyone; it can never come before a deadline.
    with pytest.raises(services.SurveyError, match="cannot be before a deadline"):
        services.move_closing_day(survey, actor=world.reviewer, closes_on=dt.date(2026, 4, 12))
    services.move_closing_day(survey, actor=world.reviewer, closes_on=dt.date(2026, 5, 31))
    assert Survey.objects.get(pk=survey.pk).closes_on == dt.date(2026, 5, 31)


def _in_thread(work):
    """Run ``work`` on a connection of its own: it commits, unlike the test's transaction."""
    result: dict = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:  # reported by the caller
            result["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(20)
    if "error" in result:
        raise result["error"]
    return result.get("value")


def test_a_save_racing_the_close_never_lands_in_a_closed_survey(db, clock):
    """The save holds the survey row FOR SHARE; the close (FOR UPDATE) waits for it, and a save
    that starts after the close sees the survey closed. Run on connections of their own, which
    commit, so the rows are made and removed here."""

    def make() -> tuple[int, int]:
        unique = uuid.uuid4().hex[:8]
        organisation = Organisation.objects.create(
            name=f"Racing Org {unique}",
            slug=f"racing-org-{unique}",
            type="sme",
            country="BE",
            contact_name="C",
            contact_email="c@example.org",
            status="active",
        )
        survey = Survey.objects.create(
            year=2900 + int(unique, 16) % 99,
            title=LocalisedText.of("Race"),
            opens_on=OPENING,
            deadline=DEADLINE,
            closes_on=CLOSING,
            status=schedule.WindowStatus.OPEN,
        )
        return survey.pk, organisation.pk

    survey_id, organisation_id = _in_thread(make)
    try:
        clock.set(CLOSING, 23, 59, 50)
        survey = Survey(pk=survey_id)
        locked, release, closed = threading.Event(), threading.Event(), threading.Event()
        phases: list = []

        def saving() -> None:
            with transaction.atomic():
                window = schedule.lock_for_save(survey)
                phases.append(window.phase())
                locked.set()
                release.wait(10)

        def closing() -> None:
            with transaction.atomic():
                schedule.lock_for_close(survey)
                Survey.objects.filter(pk=survey_id).update(status=schedule.WindowStatus.CLOSED)
            closed.set()

        saver = threading.Thread(target=lambda: _in_thread(saving))
        saver.start()
        assert locked.wait(10)
        closer = threading.Thread(target=lambda: _in_thread(closing))
        closer.start()
        assert not closed.wait(1), "the close did not wait for the save in flight"
        release.set()
        saver.join(10)
        closer.join(10)
        assert closed.is_set()
        assert phases == [schedule.Phase.LATE]  # the save saw the survey still accepting

        def save_after_close() -> None:
            with transaction.atomic():
                services._accepting(schedule.lock_for_save(survey), organisation_id)

        with pytest.raises(services.NotAccepting, match="closed"):
            _in_thread(save_after_close)
    finally:

        def remove() -> None:
            Survey.objects.filter(pk=survey_id).delete()
            Organisation.objects.filter(pk=organisation_id).delete()

        _in_thread(remove)
