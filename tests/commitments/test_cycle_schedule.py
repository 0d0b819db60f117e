"""Reporting cycles on the kernel schedule (DESIGN §9): staff edit dates and extend deadlines
(audited, mailed), beat opens and closes cycles on their dates, reminders go only to those who
have not reported, and a save racing the close never lands in a closed cycle."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commitments.models import (
    Commitment,
    CycleExtension,
    Indicator,
    ProgressReport,
    ReportingCycle,
    Target,
)
from commitments.monitoring import cycles, reminders
from commitments.reporting import services
from members.models import Organisation, OrganisationMembership
from pact.kernel import schedule
from pact.models import AuditEntry, OutboundEmail, User
from tests.commitments.conftest import make_report
from tests.factories import make_user
from tests.survey.test_schedule import _in_thread

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _save(r, organisation, target=None, submit=True, actor=None):
    return services.save_report(
        organisation=organisation,
        target=target or r.people,
        cycle=r.cycle,
        actor=actor or r.world.member,
        lock_version=0,
        value=Decimal(5),
        submit=submit,
    )


def test_staff_edit_a_cycles_dates_and_the_change_is_audited(reporting, login):
    r = reporting
    scheduled = cycles.create_cycle(
        actor=r.world.reviewer,
        year=2026,
        opens_on=dt.date(2027, 2, 1),
        closes_on=dt.date(2027, 3, 31),
        reminder_days=[14],
    )
    assert scheduled.deadline == dt.date(2027, 3, 31)
    staff = login(r.world.reviewer)
    url = reverse("commitments:cycle_edit", args=[2026])
    assert staff.get(url).status_code == 200
    response = staff.post(
        url,
        {"opens_on": "2027-02-15", "deadline": "2027-03-31", "closes_on": "", "reminder_days": "7"},
    )
    assert response.status_code == 302
    scheduled.refresh_from_db()
    assert (scheduled.opens_on, scheduled.closes_on) == (dt.date(2027, 2, 15), dt.date(2027, 4, 30))
    assert scheduled.reminder_days == [7]
    assert AuditEntry.objects.filter(kind="pact.reporting_cycle.dates_changed").exists()
    # An open cycle keeps its opening day; its deadline only moves later.
    open_url = reverse("commitments:cycle_edit", args=[2025])
    refused = staff.post(
        open_url,
        {
            "opens_on": (r.cycle.opens_on - dt.timedelta(days=1)).isoformat(),
            "deadline": r.cycle.deadline.isoformat(),
            "closes_on": r.cycle.closes_on.isoformat(),
        },
    )
    assert refused.status_code == 400
    assert "opening day cannot change" in refused.content.decode()
    # Support staff may not (outsiders get 404).
    assert login(r.world.support).get(url).status_code == 404


def test_an_extension_for_one_organisation_is_audited_mailed_and_keeps_it_on_time(
    reporting, login, django_capture_on_commit_callbacks
):
    r = reporting
    r.cycle.deadline = TODAY() - dt.timedelta(days=2)
    r.cycle.save()
    other = Organisation.objects.create(
        name="Porto Hotel School",
        slug="porto-hotel-school",
        type="sme",
        country="PT",
        contact_name="C",
        contact_email="c@example.org",
        status="active",
    )
    r.people.commitment.responsible_organisations.add(other)
    staff = login(r.world.reviewer)
    new_deadline = TODAY() + dt.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("commitments:cycle_extend", args=[2025]),
            {
                "deadline": new_deadline.isoformat(),
                "organisations": r.world.member_org.slug,
                "reason": "Staff changes",
            },
        )
    assert response.status_code == 302
    extension = CycleExtension.objects.get(cycle=r.cycle)
    assert (extension.organisation, extension.deadline) == (r.world.member_org, new_deadline)
    audit = AuditEntry.objects.get(kind="pact.reporting_cycle.deadline_extended")
    assert audit.data["for"] == r.world.member_org.name and audit.data["reason"] == "Staff changes"
    mails = OutboundEmail.objects.filter(kind="reminder.extended")
    assert mails.filter(recipient=r.world.member).exists()
    assert not mails.exclude(recipient__organisation_memberships__organisation=r.world.member_org)
    # The extended organisation is on time; the other one is late (but accepted).
    assert _save(r, r.world.member_org).is_late is False
    porto_admin = make_user("admin@porto.example")
    OrganisationMembership.objects.create(organisation=other, user=porto_admin, role="admin")
    assert _save(r, other, actor=porto_admin).is_late is True
    # Never past the closing day.
    too_late = staff.post(
        reverse("commitments:cycle_extend", args=[2025]),
        {"deadline": (r.cycle.closes_on + dt.timedelta(days=1)).isoformat()},
    )
    assert too_late.status_code == 400 and "after the closing day" in too_late.content.decode()


def test_an_extension_for_everyone_moves_the_cycles_deadline(reporting):
    r = reporting
    r.cycle.closes_on = schedule.default_closing_day(r.cycle.deadline)
    r.cycle.save()
    later = r.cycle.deadline + dt.timedelta(days=3)
    cycles.extend_deadline(r.cycle, r.world.reviewer, deadline=later, reason="Holidays")
    r.cycle.refresh_from_db()
    assert r.cycle.deadline == later
    with pytest.raises(services.ReportingError, match="later than the current deadline"):
        cycles.extend_deadline(r.cycle, r.world.reviewer, deadline=later)


def test_beat_opens_and_closes_cycles_on_their_dates_once(reporting):
    r = reporting
    nxt = cycles.create_cycle(
        actor=r.world.reviewer,
        year=2026,
        opens_on=r.cycle.closes_on + dt.timedelta(days=5),
        deadline=r.cycle.closes_on + dt.timedelta(days=40),
        closes_on=r.cycle.closes_on + dt.timedelta(days=70),
        reminder_days=[],
    )
    assert cycles.run_schedule(day=r.cycle.closes_on) == {"opened": [], "closed": []}
    day_after = r.cycle.closes_on + dt.timedelta(days=1)
    assert cycles.run_schedule(day=day_after)["closed"] == [r.cycle.pk]
    r.cycle.refresh_from_db()
    assert r.cycle.is_closed
    assert cycles.run_schedule(day=day_after) == {"opened": [], "closed": []}  # idempotent
    opened = cycles.run_schedule(day=nxt.opens_on)
    assert opened["opened"] == [nxt.pk]
    assert ReportingCycle.objects.get(pk=nxt.pk).is_open
    assert AuditEntry.objects.filter(kind="pact.reporting_cycle.opened", data__by="schedule")
    assert AuditEntry.objects.filter(kind="pact.reporting_cycle.closed", data__by="schedule")


def test_a_save_after_the_closing_day_is_refused_even_before_beat_closes(reporting):
    r = reporting
    r.cycle.opens_on = TODAY() - dt.timedelta(days=20)
    r.cycle.deadline = TODAY() - dt.timedelta(days=10)
    r.cycle.closes_on = TODAY() - dt.timedelta(days=1)
    r.cycle.save()
    with pytest.raises(services.CycleLocked, match="closed"):
        _save(r, r.world.member_org)
    assert not ProgressReport.objects.filter(cycle=r.cycle).exists()


def test_reminders_go_only_to_organisations_that_have_not_reported(reporting):
    r = reporting
    w = r.world
    done = Organisation.objects.create(
        name="Done Org",
        slug="done-org",
        type="sme",
        country="BE",
        contact_name="C",
        contact_email="c@example.org",
        status="active",
    )
    from tests.factories import make_user

    done_person = make_user("done@example.org")
    OrganisationMembership.objects.create(organisation=done, user=done_person, role="admin")
    r.people.commitment.responsible_organisations.add(done)
    for target in (r.people, r.money, r.share):
        make_report(target, done, r.cycle, "1", status="submitted")
    day = r.cycle.deadline + dt.timedelta(days=1)
    reminders.run(today=day)
    overdue = OutboundEmail.objects.filter(kind="reminder.overdue")
    assert overdue.filter(recipient=w.member).exists()
    assert not overdue.filter(recipient=done_person).exists()


def test_a_save_racing_the_close_never_lands_in_a_closed_cycle(db):
    """The close holds the cycle row FOR UPDATE; a save (FOR SHARE) started meanwhile waits for
    it, then sees the cycle closed and writes nothing. Connections of their own, which commit."""

    def make() -> tuple[int, int, int]:
        unique = uuid.uuid4().hex[:8]
        today = TODAY()
        cycle = ReportingCycle.objects.create(
            year=2900 + int(unique, 16) % 90,
            opens_on=today - dt.timedelta(days=5),
            deadline=today + dt.timedelta(days=5),
            closes_on=today + dt.timedelta(days=30),
            status=ReportingCycle.Status.OPEN,
        )
        organisation = Organisation.objects.create(
            name=f"Racing Org {unique}",
            slug=f"racing-org-{unique}",
            type="sme",
            country="BE",
            contact_name="C",
            contact_email="c@example.org",
            status="active",
        )
        pledge = Commitment.objects.create(organisation=organisation, title="Race", is_current=True)
        indicator = Indicator.objects.get(code="people-upskilled")
        target = Target.objects.create(
            commitment=pledge,
            indicator=indicator,
            unit=indicator.unit,
            target_value=Decimal(10),
            target_date=dt.date(2030, 1, 1),
        )
        admin = make_user(f"racer-{unique}@example.org")
        OrganisationMembership.objects.create(organisation=organisation, user=admin, role="admin")
        return cycle.pk, organisation.pk, target.pk, admin.pk

    cycle_id, organisation_id, target_id, admin_id = _in_thread(make)
    try:
        holding, release, saved = threading.Event(), threading.Event(), threading.Event()
        outcome: dict = {}

        def closing() -> None:  # as ``cycles.close_cycle`` does, without its audit row
            with transaction.atomic():
                schedule.lock_for_close(ReportingCycle(pk=cycle_id))
                ReportingCycle.objects.filter(pk=cycle_id).update(status="closed")
                holding.set()
                release.wait(10)

        def saving() -> None:
            try:
                services.save_report(
                    organisation=Organisation.objects.get(pk=organisation_id),
                    target=Target.objects.get(pk=target_id),
                    cycle=ReportingCycle.objects.get(pk=cycle_id),  # read while still open
                    actor=User.objects.get(pk=admin_id),
                    lock_version=0,
                    value=Decimal(3),
                    submit=True,
                )
            except services.ReportingError as exc:
                outcome["error"] = exc
            saved.set()

        cycle_read = ReportingCycle.objects.get(pk=cycle_id)
        assert cycle_read.is_open
        closer = threading.Thread(target=lambda: _in_thread(closing))
        closer.start()
        assert holding.wait(10)
        saver = threading.Thread(target=lambda: _in_thread(saving))
        saver.start()
        assert not saved.wait(1), "the save did not wait for the close in flight"
        release.set()
        closer.join(10)
        saver.join(10)
        assert saved.is_set()
        assert isinstance(outcome.get("error"), services.CycleLocked)
        assert _in_thread(lambda: ProgressReport.objects.filter(cycle_id=cycle_id).count()) == 0
    finally:

        def remove() -> None:
            ProgressReport.objects.filter(cycle_id=cycle_id).delete()
            Target.objects.filter(pk=target_id).delete()
            Commitment.objects.filter(organisation_id=organisation_id).delete()
            ReportingCycle.objects.filter(pk=cycle_id).delete()
            Organisation.objects.filter(pk=organisation_id).delete()  # and its membership
            User.objects.filter(pk=admin_id).delete()

        _in_thread(remove)
