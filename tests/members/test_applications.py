"""Staff review of membership applications: the queue, approval, rejection and the mails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members import common
from members.joining import services
from members.models import Organisation, OrganisationInvitation
from pact.models import AuditEntry, OutboundEmail
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db
QUEUE = reverse("members:applications")


def application(name="Newcomer College", days=0, **extra):
    applicant = extra.pop("admin", None) or make_user()
    organisation = make_organisation(name, admin=applicant, status="applied", **extra)
    Organisation.objects.filter(pk=organisation.pk).update(
        applied_at=timezone.now() - timedelta(days=days)
    )
    return organisation


def test_it_lists_waiting_applications_oldest_first_with_their_age(world, login):
    application("Young Applicant", days=2)
    application("Old Applicant", days=40)
    response = login(world.reviewer).get(QUEUE)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Old Applicant") < html.index("Young Applicant")
    assert '<td class="num">40</td>' in html
    assert '<td class="num">2</td>' in html
    assert "Member College" not in html  # active members are not in the queue


def test_it_keeps_the_queue_from_staff_without_mfa(login):
    reviewer = make_user("nomfa@pact.example", staff_role="reviewer", mfa=False)
    response = login(reviewer).get(QUEUE)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    detail = login(reviewer).get(reverse("members:application", args=[application().pk]))
    assert detail.status_code == 302


@pytest.mark.parametrize("who", ["outsider", "member", "support"])
def test_it_hides_the_queue_from_everyone_else(world, login, who):
    organisation = application()
    client = login(getattr(world, who))
    assert client.get(QUEUE).status_code == 404
    detail = reverse("members:application", args=[organisation.pk])
    assert client.get(detail).status_code == 404
    assert client.post(detail, {"decision": "approve"}).status_code == 404
    organisation.refresh_from_db()
    assert organisation.status == "applied"


def test_it_approves_and_tells_the_applicants_people_in_their_language(
    world, login, django_capture_on_commit_callbacks
):
    french = make_user("camille@ecole.example.fr", language="fr")
    colleague = make_user("bob@ecole.example.fr", language="en")
    organisation = application("École des Métiers", admin=french, contributor=colleague)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.reviewer).post(
            reverse("members:application", args=[organisation.pk]), {"decision": "approve"}
        )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == "active"
    assert organisation.decided_by == world.reviewer
    assert AuditEntry.objects.filter(
        kind="pact.organisation.approved", target_id=str(organisation.pk), actor=world.reviewer
    ).exists()
    to_french = OutboundEmail.objects.get(kind="members.application_approved", recipient=french)
    to_english = OutboundEmail.objects.get(kind="members.application_approved", recipient=colleague)
    assert to_french.language == "fr"
    assert to_english.language == "en"
    assert "École des Métiers" in to_english.subject
    assert {m.to[0] for m in mail.outbox} >= {french.email, colleague.email}


def test_it_requires_a_reason_to_reject(world, login):
    organisation = application()
    url = reverse("members:application", args=[organisation.pk])
    response = login(world.reviewer).post(url, {"decision": "reject", "reason": "  "})
    assert response.status_code == 200
    assert "Give a reason for the rejection" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.status == "applied"


def test_it_rejects_with_a_reason_sent_to_the_applicant(world, login):
    applicant = make_user()
    organisation = application(admin=applicant)
    login(world.reviewer).post(
        reverse("members:application", args=[organisation.pk]),
        {"decision": "reject", "reason": "Not an organisation based in Europe (R&D <only>)."},
    )
    organisation.refresh_from_db()
    assert organisation.status == "rejected"
    assert organisation.decision_reason == "Not an organisation based in Europe (R&D <only>)."
    email = OutboundEmail.objects.get(kind="members.application_rejected", recipient=applicant)
    # Plain text: the reason as typed, not HTML-escaped.
    assert "Not an organisation based in Europe (R&D <only>)." in email.body_text
    entry = AuditEntry.objects.get(kind="pact.organisation.rejected")
    assert entry.data["reason"] == "Not an organisation based in Europe (R&D <only>)."
    # The applicant sees the state and the reason on the dashboard (escaped in HTML).
    html = login(applicant).get(reverse("dashboard")).content.decode()
    assert "Not an organisation based in Europe (R&amp;D &lt;only&gt;)." in html


def test_it_decides_an_application_only_once(world):
    organisation = application()
    services.decide(organisation, world.reviewer, approve=True)
    with pytest.raises(common.MembershipError):
        services.decide(organisation, world.admin, approve=False, reason="Too late")
    organisation.refresh_from_db()
    assert organisation.status == "active"
    assert (
        AuditEntry.objects.filter(kind__startswith="pact.organisation.")
        .filter(kind__in=["pact.organisation.approved", "pact.organisation.rejected"])
        .count()
        == 1
    )


def test_it_invites_the_main_contact_of_an_imported_organisation_on_approval(world):
    umbrella_admin = make_user()
    umbrella = make_organisation("Umbrella Federation", admin=umbrella_admin)
    organisation = make_organisation(
        "Brought In SME",
        status="applied",
        umbrella=umbrella,
        applied_by=umbrella_admin,
        contact_email="boss@brought-in.example",
    )
    services.decide(organisation, world.reviewer, approve=True)
    invitation = OrganisationInvitation.objects.get(organisation=organisation)
    assert (invitation.email, invitation.role) == ("boss@brought-in.example", "admin")
    assert OutboundEmail.objects.filter(
        kind="members.application_approved", recipient=umbrella_admin
    ).exists()
    assert OutboundEmail.objects.filter(
        kind="members.invitation", to_address="boss@brought-in.example"
    ).exists()


def test_it_links_the_queue_from_the_staff_home(world, login):
    html = login(world.reviewer).get(reverse("staff_home")).content.decode()
    assert QUEUE in html
