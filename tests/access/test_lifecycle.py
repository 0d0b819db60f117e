"""What suspension and withdrawal do (issue 21): a suspended or withdrawn organisation cannot sign,
report or answer surveys (each service refuses with a clear message); the partnerships it
coordinates wait for staff to appoint the next coordinator, stay public with a notice, keep their
figures and take no new declaration version; its validated reports stay counted; its profile
shows its status; its drafts stay readable to it and to staff; reinstatement undoes it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from commitments.reporting import services as reporting_services
from commitments.results.selectors import public_reports as counted_reports
from commitments.survey import services as survey_services
from members.lifecycle import services as lifecycle
from members.models import OrganisationStatus
from pact import access
from pact.access import Perm
from pact.models import AuditEntry, OutboundEmail
from partnerships.declarations import review, signatures
from partnerships.declarations.common import DeclarationError
from partnerships.models import CoordinatorVacancy, Partnership, PartnershipMembership
from partnerships.workspace import coordination
from tests.commitments.conftest import make_report
from tests.declarations.conftest import write_draft

pytestmark = pytest.mark.django_db


def test_a_suspended_organisation_cannot_sign_and_is_told_why(world):
    version = write_draft(world, sign=False)
    signatures.request_signatures(version, [world.member_org], actor=world.coordinator)
    signature = version.signatures.get(organisation=world.member_org)
    lifecycle.suspend(world.member_org, actor=world.reviewer, reason="Unpaid dues since 2024.")
    with pytest.raises(DeclarationError, match="is suspended by the Commission"):
        signatures.answer_signature(
            signature,
            sign=True,
            comment="",
            content_hash_read=version.content_hash,
            actor=world.member,
        )
    signature.refresh_from_db()
    assert signature.status == "requested"


def test_a_suspended_organisation_cannot_report_but_reads_its_drafts(reporting, world):
    draft = make_report(reporting.people, world.member_org, reporting.cycle, "3", status="draft")
    validated = make_report(reporting.people, world.member_org, reporting.closed, "40")
    lifecycle.suspend(world.member_org, actor=world.reviewer, reason="Misleading figures.")
    world.member_org.refresh_from_db()
    with pytest.raises(reporting_services.ReportingError, match="is suspended"):
        reporting_services.save_report(
            organisation=world.member_org,
            target=reporting.people,
            cycle=reporting.cycle,
            actor=world.member,
            lock_version=draft.lock_version,
            value=Decimal(5),
        )
    with pytest.raises(reporting_services.ReportingError, match="is suspended"):
        reporting_services.submit_drafts(
            organisation=world.member_org, cycle=reporting.cycle, actor=world.member
        )
    draft.refresh_from_db()
    assert draft.value == Decimal(3) and draft.status == "draft"
    # Its reports and drafts stay readable to its people and to staff ...
    for person in (world.member, world.contributor, world.reviewer):
        assert draft in access.reports_visible_to(person)
    assert access.can(world.member, Perm.ORG_VIEW, world.member_org)
    # ... and what was validated stays in the Pact-wide totals.
    assert validated in counted_reports()


def test_a_withdrawn_organisation_cannot_answer_the_survey(scene, world):
    lifecycle.withdraw(world.member_org, actor=world.member, confirmation="Member College")
    world.member_org.refresh_from_db()
    with pytest.raises(survey_services.SurveyError, match="withdrew from the Pact"):
        survey_services.save_answers(
            survey=scene.survey,
            organisation=world.member_org,
            actor=world.member,
            lock_version=0,
            answers={scene.people.pk: survey_services.AnswerInput(number=Decimal(4))},
        )


def test_its_partnerships_wait_for_an_interim_coordinator_and_stay_public(reporting, world, client):
    partnership = reporting.partnership
    make_report(reporting.people, world.member_org, reporting.closed, "40")
    lifecycle.suspend(world.coordinator_org, actor=world.reviewer, reason="Under investigation.")
    vacancy = CoordinatorVacancy.objects.get(partnership=partnership, closed_at=None)
    assert vacancy.reason == "suspended" and vacancy.previous == world.coordinator_org
    # The public page stays, with a notice; the figures stay counted.
    assert partnership in Partnership.objects.public()
    page = client.get(reverse("partnerships:detail", args=[partnership.slug]))
    assert page.status_code == 200 and 'data-testid="coordinator-vacancy"' in page.text
    assert counted_reports().filter(target__commitment__partnership=partnership).exists()
    # The suspended coordinator's people no longer coordinate; they still read the workspace.
    assert not access.can(world.coordinator, Perm.PS_COORDINATE, partnership)
    assert access.can(world.coordinator, Perm.PS_VIEW, partnership)
    # The staff home lists the task.
    client.force_login(world.reviewer)
    assert partnership.name in client.get(reverse("staff_home")).text
    # Staff appoint an interim coordinator among the members: audited and mailed.
    coordination.appoint_coordinator(vacancy, world.member_org, actor=world.reviewer)
    assert (
        PartnershipMembership.objects.get(
            partnership=partnership, organisation=world.member_org
        ).role
        == "coordinator"
    )
    assert (
        PartnershipMembership.objects.get(
            partnership=partnership, organisation=world.coordinator_org
        ).role
        == "member"
    )
    entry = AuditEntry.objects.get(kind="pact.partnership.coordinator_appointed")
    assert entry.actor == world.reviewer and entry.data["organisation"] == world.member_org.slug
    assert OutboundEmail.objects.filter(
        recipient=world.member, kind="partnership.coordination"
    ).exists()


def test_no_declaration_version_is_submitted_while_the_coordinator_is_vacant(world):
    version = write_draft(world)
    coordination.open_vacancy(
        world.partnership, reason="left", previous=world.coordinator_org, actor=world.coordinator
    )
    with pytest.raises(DeclarationError, match="appoint its next coordinator"):
        review.submit(version, lock_version=version.lock_version, actor=world.coordinator)
    version.refresh_from_db()
    assert version.status == "draft"


def test_the_profile_shows_the_status_to_everyone(world, client):
    lifecycle.suspend(world.member_org, actor=world.reviewer, reason="Reason kept internal.")
    anonymous = AnonymousUser()
    assert access.lifecycle.profile_visible(anonymous, world.member_org)
    page = client.get(reverse("members:profile", args=[world.member_org.slug]))
    assert page.status_code == 200 and "Suspended by the Commission" in page.text
    # Not listed in the directory while suspended.
    assert world.member_org not in access.public_organisations()


def test_reinstatement_undoes_it_and_closes_the_vacancy_its_suspension_opened(reporting, world):
    lifecycle.suspend(world.coordinator_org, actor=world.reviewer, reason="Checking.")
    lifecycle.reinstate(world.coordinator_org, actor=world.reviewer, note="All clear.")
    world.coordinator_org.refresh_from_db()
    assert world.coordinator_org.status == OrganisationStatus.ACTIVE
    assert not CoordinatorVacancy.objects.filter(closed_at=None).exists()
    assert access.can(world.coordinator, Perm.PS_COORDINATE, reporting.partnership)
    kinds = list(
        AuditEntry.objects.filter(target_id=str(world.coordinator_org.pk))
        .order_by("created_at", "id")
        .values_list("kind", flat=True)
    )
    assert kinds[-2:] == ["pact.organisation.suspended", "pact.organisation.reinstated"]
    assert OutboundEmail.objects.filter(kind="members_reinstated").exists()


def test_only_staff_suspend_and_reinstate_and_only_admins_withdraw(world):
    with pytest.raises(access.Refused):
        lifecycle.suspend(world.member_org, actor=world.member, reason="Self")
    with pytest.raises(access.Refused):
        lifecycle.suspend(world.member_org, actor=world.support, reason="Not a reviewer")
    with pytest.raises(access.Refused):
        lifecycle.withdraw(world.member_org, actor=world.contributor, confirmation="Member College")
    with pytest.raises(access.Refused):
        lifecycle.reinstate(world.member_org, actor=world.reviewer)  # it is active
    world.member_org.refresh_from_db()
    assert world.member_org.status == "active"
    assert not AuditEntry.objects.filter(kind__startswith="pact.organisation.").exists()
