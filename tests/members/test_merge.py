"""Merging a duplicate organisation into the kept one: everything moves; where both hold a row
that must be unique, the validated (signed, submitted, admin) or latest one is kept and the other
stays with the duplicate as history; the audit trail of the duplicate stays findable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import ProgressReport
from commitments.survey.models import ResponseStatus, Survey, SurveyResponse
from members.common import MembershipError
from members.merging import services
from members.models import OrganisationMembership, OrganisationStatus
from pact.kernel import schedule
from pact.kernel.texts import LocalisedText
from pact.models import AuditEntry
from partnerships.declarations import drafting
from partnerships.models import PartnershipMembership, Signature
from tests.commitments.conftest import make_report
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def duplicate(world):
    return make_organisation("Member College (registered twice)", admin=make_user())


def test_everything_of_the_duplicate_moves_to_the_kept_organisation(world, reporting, duplicate):
    PartnershipMembership.objects.create(partnership=reporting.partnership, organisation=duplicate)
    report = make_report(reporting.people, duplicate, reporting.cycle, "10", status="submitted")
    admin = duplicate.memberships.get().user
    result = services.merge(duplicate, world.member_org, world.reviewer, "Registered twice")

    report.refresh_from_db()
    assert report.organisation == world.member_org
    assert world.member_org.memberships.filter(user=admin, role="admin").exists()
    assert PartnershipMembership.objects.filter(
        partnership=reporting.partnership, organisation=world.member_org
    ).exists()
    duplicate.refresh_from_db()
    assert duplicate.status == OrganisationStatus.MERGED
    assert duplicate.merged_into == world.member_org
    assert not duplicate.memberships.exists() and not duplicate.reports.exists()
    assert result["moved"]["commitments.ProgressReport"] == 1
    entry = AuditEntry.objects.get(kind="pact.organisation.merged")
    assert entry.data["merged"] == duplicate.pk and entry.data["reason"] == "Registered twice"
    # The duplicate's audit rows keep its key; the alias finds them under the kept one.
    assert services.aliases(world.member_org) == [world.member_org.pk, duplicate.pk]


def test_a_validated_report_of_the_duplicate_wins_over_a_draft_of_the_kept_one(
    world, reporting, duplicate
):
    draft = make_report(reporting.people, world.member_org, reporting.cycle, "5", status="draft")
    validated = make_report(
        reporting.people, duplicate, reporting.cycle, "40", validated_at=timezone.now()
    )
    result = services.merge(duplicate, world.member_org, world.reviewer)
    draft.refresh_from_db()
    validated.refresh_from_db()
    assert validated.organisation == world.member_org  # the validated one is kept
    assert draft.organisation == duplicate  # the draft stays with the duplicate as history
    assert result["history"] == {"commitments.ProgressReport": 1}
    assert (
        ProgressReport.objects.filter(
            target=reporting.people, organisation=world.member_org, cycle=reporting.cycle
        ).get()
        == validated
    )


def test_the_kept_organisations_validated_report_stays_and_the_duplicates_is_history(
    world, reporting, duplicate
):
    kept = make_report(
        reporting.people, world.member_org, reporting.cycle, "40", validated_at=timezone.now()
    )
    other = make_report(reporting.people, duplicate, reporting.cycle, "41", status="submitted")
    services.merge(duplicate, world.member_org, world.reviewer)
    kept.refresh_from_db()
    other.refresh_from_db()
    assert (kept.organisation, other.organisation) == (world.member_org, duplicate)


def test_a_person_in_both_keeps_the_stronger_role(world, duplicate):
    person = world.contributor  # a contributor of the kept organisation
    OrganisationMembership.objects.create(organisation=duplicate, user=person, role="admin")
    services.merge(duplicate, world.member_org, world.reviewer)
    assert world.member_org.memberships.get(user=person).role == "admin"
    assert duplicate.memberships.get(user=person).role == "contributor"  # history


def test_a_partnership_both_belong_to_keeps_one_membership(world, duplicate):
    PartnershipMembership.objects.create(partnership=world.partnership, organisation=duplicate)
    result = services.merge(duplicate, world.member_org, world.reviewer)
    assert (
        PartnershipMembership.objects.filter(
            partnership=world.partnership, organisation=world.member_org
        ).count()
        == 1
    )
    assert result["history"] == {"partnerships.PartnershipMembership": 1}


def test_a_signature_on_the_same_version_keeps_the_signed_one(world, duplicate):
    PartnershipMembership.objects.create(partnership=world.partnership, organisation=duplicate)
    version = drafting.start_draft(world.partnership, world.coordinator)
    asked = Signature.objects.create(version=version, organisation=world.member_org)
    signed = Signature.objects.create(
        version=version,
        organisation=duplicate,
        status="signed",
        answered_at=timezone.now(),
        signer_name="Dana Duplicate",
    )
    services.merge(duplicate, world.member_org, world.reviewer)
    signed.refresh_from_db()
    asked.refresh_from_db()
    assert signed.organisation == world.member_org and asked.organisation == duplicate


def test_survey_answers_keep_the_submitted_ones(world, duplicate):
    today = schedule.today()
    survey = Survey.objects.create(
        year=2031,
        title=LocalisedText.of("Members' survey 2031"),
        opens_on=today - dt.timedelta(days=3),
        deadline=today + dt.timedelta(days=20),
        closes_on=today + dt.timedelta(days=50),
        status=schedule.WindowStatus.OPEN,
    )
    draft = SurveyResponse.objects.create(survey=survey, organisation=world.member_org)
    submitted = SurveyResponse.objects.create(
        survey=survey,
        organisation=duplicate,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    services.merge(duplicate, world.member_org, world.reviewer)
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.organisation == world.member_org and draft.organisation == duplicate


def test_the_contribution_id_moves_when_the_kept_one_has_none(world, duplicate):
    duplicate.contribution_id = "c-77"
    duplicate.save()
    services.merge(duplicate, world.member_org, world.reviewer)
    world.member_org.refresh_from_db()
    duplicate.refresh_from_db()
    assert (world.member_org.contribution_id, duplicate.contribution_id) == ("c-77", "")


def test_merging_twice_or_into_itself_is_refused(world, duplicate):
    with pytest.raises(MembershipError):
        services.merge(world.member_org, world.member_org, world.reviewer)
    services.merge(duplicate, world.member_org, world.reviewer)
    with pytest.raises(MembershipError):
        services.merge(duplicate, world.coordinator_org, world.reviewer)


def test_staff_preview_and_confirm_the_merge_in_the_browser_flow(login, world, duplicate):
    client = login(world.reviewer)
    url = reverse("members:merge")
    preview = client.get(url, {"duplicate": duplicate.slug, "kept": world.member_org.name})
    assert preview.status_code == 200
    assert preview.context["preview"]["kept"] == world.member_org
    unknown = client.get(url, {"duplicate": "nobody-at-all", "kept": world.member_org.slug})
    assert unknown.status_code == 400
    done = client.post(
        url, {"duplicate": duplicate.slug, "kept": world.member_org.slug, "confirm": "1"}
    )
    assert done.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == world.member_org


@pytest.mark.parametrize("persona", ["member", "outsider", "support"])
def test_only_reviewing_staff_merge_others_get_404(login, world, duplicate, persona):
    client = login(getattr(world, persona))
    url = reverse("members:merge")
    assert client.get(url).status_code == 404
    data = {"duplicate": duplicate.slug, "kept": world.member_org.slug, "confirm": "1"}
    assert client.post(url, data).status_code == 404
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    with pytest.raises(Exception):  # noqa: B017 - Http404 from access.require
        services.merge(duplicate, world.member_org, getattr(world, persona))
