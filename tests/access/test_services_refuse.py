"""Services check permissions themselves, with the sign-in's assurance: called directly (as the API,
an admin action or a task would), they refuse whoever the page would have refused."""

from __future__ import annotations

import pytest

from commitments.models import ProgressReport
from commitments.reporting import services as reporting
from pact.access import Refused
from pact.kernel.assurance import MULTI, SINGLE, Assurance
from partnerships.declarations import drafting, signatures
from partnerships.declarations.common import DeclarationError
from partnerships.declarations.review import require_reviewer
from partnerships.models import DeclarationVersion, PartnershipInvitation
from partnerships.workspace import invitations, membership, setup
from tests.commitments.conftest import make_report
from tests.declarations.conftest import write_draft

pytestmark = pytest.mark.django_db

SINGLE_FACTOR = Assurance(SINGLE, ("password",))
TWO_FACTORS = Assurance(MULTI, ("password", "totp"))


def test_only_the_coordinator_drafts_the_declaration(world):
    with pytest.raises(Refused):
        drafting.start_draft(world.partnership, world.member)
    assert not DeclarationVersion.objects.exists()
    version = drafting.start_draft(world.partnership, world.coordinator)
    with pytest.raises(Refused):
        drafting.save_section(
            version,
            "ambition",
            {"ambition": "Written by a member"},
            lock_version=version.lock_version,
            actor=world.member,
        )
    version.refresh_from_db()
    assert version.ambition == "" and version.lock_version == 1


def test_only_the_coordinator_asks_for_signatures(world):
    version = write_draft(world, sign=False)
    with pytest.raises(Refused):
        signatures.request_signatures(version, [world.member_org], actor=world.member)
    assert not version.signatures.exists()


def test_review_needs_a_reviewer_whose_sign_in_is_multi_factor(world):
    # The account has a second factor, but this sign-in did not use it.
    with pytest.raises(DeclarationError):
        require_reviewer(world.reviewer, SINGLE_FACTOR)
    require_reviewer(world.reviewer, TWO_FACTORS)
    with pytest.raises(DeclarationError):
        require_reviewer(world.support, TWO_FACTORS)


def test_only_the_coordinator_changes_the_partnership(world):
    partnership = world.partnership
    with pytest.raises(Refused):
        setup.update_profile(
            partnership,
            actor=world.member,
            data={"summary": "Rewritten by a member"},
            lock_version=partnership.lock_version,
        )
    with pytest.raises(Refused):
        invitations.invite_organisation(partnership, world.outsider_org, actor=world.member)
    with pytest.raises(Refused):
        membership.remove_member(partnership, world.member_org, actor=world.member)
    # Staff read every workspace but do not run it.
    with pytest.raises(Refused):
        invitations.invite_by_email(
            partnership, "new@example.org", actor=world.support, sign_in=TWO_FACTORS
        )
    partnership.refresh_from_db()
    assert partnership.summary == "" and partnership.lock_version == 1
    assert not PartnershipInvitation.objects.exists()
    assert partnership.memberships.count() == 2


def test_only_the_organisations_reporters_write_its_reports(reporting_scene, world):
    with pytest.raises(Refused):
        reporting.save_report(
            organisation=world.member_org,
            target=reporting_scene.people,
            cycle=reporting_scene.cycle,
            actor=world.outsider,
            lock_version=0,
            value=None,
        )
    with pytest.raises(Refused):
        reporting.submit_drafts(
            organisation=world.member_org, cycle=reporting_scene.cycle, actor=world.coordinator
        )
    assert not ProgressReport.objects.exists()


def test_validating_a_report_needs_a_reviewer_signed_in_with_two_factors(reporting_scene, world):
    report = make_report(
        reporting_scene.people, world.member_org, reporting_scene.cycle, "3", status="submitted"
    )
    for actor, sign_in in (
        (world.reviewer, SINGLE_FACTOR),
        (world.support, TWO_FACTORS),
        (world.member, None),
    ):
        with pytest.raises(Refused):
            reporting.validate_report(report, actor, sign_in=sign_in)
        with pytest.raises(Refused):
            reporting.return_report(report, actor, "Check the figure", sign_in=sign_in)
    report.refresh_from_db()
    assert report.status == "submitted"
    validated = reporting.validate_report(report, world.reviewer, sign_in=TWO_FACTORS)
    assert validated.status == "validated"


def test_an_application_is_decided_by_a_reviewer_signed_in_with_two_factors(world):
    from members.joining import services as joining
    from members.models import Organisation
    from tests.factories import make_organisation

    organisation = make_organisation("Waiting Applicant", status="applied")
    for actor, sign_in in (
        (world.member, None),
        (world.reviewer, SINGLE_FACTOR),
        (world.support, TWO_FACTORS),
    ):
        with pytest.raises(Refused):
            joining.decide(organisation, actor, approve=True, sign_in=sign_in)
    assert Organisation.objects.get(pk=organisation.pk).status == "applied"
    joining.decide(organisation, world.reviewer, approve=True, sign_in=TWO_FACTORS)
    assert Organisation.objects.get(pk=organisation.pk).status == "active"


def test_newsletters_are_written_and_sent_by_staff_signed_in_with_two_factors(world):
    from pact.communications.models import Newsletter
    from pact.communications.newsletter import sending

    with pytest.raises(Refused):
        sending.create_newsletter(
            actor=world.coordinator, subject="Spam", introduction="", news_items=[]
        )
    with pytest.raises(Refused):
        sending.create_newsletter(
            actor=world.reviewer,
            subject="Spam",
            introduction="",
            news_items=[],
            sign_in=SINGLE_FACTOR,
        )
    assert not Newsletter.objects.exists()
    issue = sending.create_newsletter(
        actor=world.reviewer, subject="News", introduction="", news_items=[], sign_in=TWO_FACTORS
    )
    for call in (
        lambda: sending.send_test(issue, actor=world.coordinator),
        lambda: sending.start_sending(issue, actor=world.coordinator),
        lambda: sending.update_newsletter(
            issue,
            actor=world.coordinator,
            lock_version=issue.lock_version,
            subject="Changed",
            introduction="",
            news_items=[],
        ),
    ):
        with pytest.raises(Refused):
            call()
    issue.refresh_from_db()
    assert (issue.subject, issue.status, issue.test_sent_at) == ("News", "draft", None)


def test_a_subscription_is_stopped_from_the_portal_by_its_own_person_only(world):
    from pact.communications.models import NewsletterSubscription
    from pact.communications.newsletter import services as newsletters

    subscription = NewsletterSubscription.objects.create(
        email=world.member.email, user=world.member, status="confirmed", language="en"
    )
    with pytest.raises(Refused):
        newsletters.unsubscribe_own(subscription, actor=world.coordinator)
    subscription.refresh_from_db()
    assert subscription.status == "confirmed"
    newsletters.unsubscribe_own(subscription, actor=world.member)
    subscription.refresh_from_db()
    assert subscription.status != "confirmed"
