"""Staff's decision on a pledge is mailed to the organisation's people, each in their language,
with the reason when it is not accepted and a link to act on it; once per decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from commitments.models import Commitment, Indicator
from commitments.pledges import services
from commitments.reporting.services import ReportingError
from pact.communications.models import Notification
from pact.models import OutboundEmail
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(world):
    """An organisation with a French-speaking admin and an English-speaking contributor, and their
    pending pledge."""
    admin = make_user("camille@ecole.example.fr", full_name="Camille Martin", language="fr")
    contributor = make_user("bob@ecole.example.fr", full_name="Bob Baker", language="en")
    organisation = make_organisation("École des Métiers", admin=admin, contributor=contributor)
    pledge = services.create_pledge(
        organisation=organisation,
        actor=admin,
        title="Train 200 welders & fitters",
        description="",
        targets=[
            services.TargetInput(
                indicator=Indicator.objects.get(code="people-upskilled"),
                target_value=Decimal(200),
                target_date=dt.date(2028, 12, 31),
            )
        ],
    )
    return organisation, pledge, admin, contributor


def _decide(world, login, pledge: Commitment, capture, decision: str, note: str = ""):
    pledge.refresh_from_db()
    with capture(execute=True):
        return login(world.reviewer).post(
            reverse("commitments:pledge_review", args=[pledge.pk]),
            {"decision": decision, "note": note, "lock_version": pledge.lock_version},
        )


def test_approval_is_mailed_to_the_organisations_people_in_their_language(
    world, login, school, django_capture_on_commit_callbacks
):
    organisation, pledge, admin, contributor = school
    response = _decide(world, login, pledge, django_capture_on_commit_callbacks, "approve")
    assert response.status_code == 302
    to_admin = OutboundEmail.objects.get(kind="commitments.pledge_approved", recipient=admin)
    to_contributor = OutboundEmail.objects.get(
        kind="commitments.pledge_approved", recipient=contributor
    )
    assert to_admin.language == "fr" and to_contributor.language == "en"
    assert "Votre engagement « Train 200 welders & fitters » est approuvé" in to_admin.subject
    assert "Your pledge “Train 200 welders & fitters” is approved" in to_contributor.subject
    profile = reverse("members:profile", args=[organisation.slug])
    assert "Hello Bob Baker," in to_contributor.body_text
    assert "The Commission approved the pledge" in to_contributor.body_text
    assert "&amp;" not in to_contributor.body_text  # a text mail: nothing HTML-escaped
    assert profile in to_contributor.body_text and profile in to_admin.body_text
    assert "Bonjour Camille Martin," in to_admin.body_text
    # Nobody outside the organisation hears of it; the mails leave through the outbox.
    assert OutboundEmail.objects.filter(kind="commitments.pledge_approved").count() == 2
    assert {m.to[0] for m in mail.outbox} >= {admin.email, contributor.email}
    # The notification centre keeps it, under reviews, pointing to the organisation's pledges.
    notice = Notification.objects.get(user=contributor, kind="commitments.pledge_approved")
    assert notice.link.endswith(reverse("commitments:pledges"))


def test_a_rejection_says_why_and_links_to_the_pledge_to_change(
    world, login, school, django_capture_on_commit_callbacks
):
    organisation, pledge, admin, contributor = school
    response = _decide(
        world,
        login,
        pledge,
        django_capture_on_commit_callbacks,
        "reject",
        "200 welders in one year is more than the school trains: state the R&D partners.",
    )
    assert response.status_code == 302
    to_contributor = OutboundEmail.objects.get(
        kind="commitments.pledge_rejected", recipient=contributor
    )
    body = to_contributor.body_text
    assert "Your pledge “Train 200 welders & fitters” was not accepted" in to_contributor.subject
    assert "state the R&D partners." in body
    assert reverse("commitments:pledge_edit", args=[organisation.slug, pledge.pk]) in body
    to_admin = OutboundEmail.objects.get(kind="commitments.pledge_rejected", recipient=admin)
    assert "n’a pas été accepté" in to_admin.subject
    assert "Motif" in to_admin.body_text and "R&D partners" in to_admin.body_text
    assert not OutboundEmail.objects.filter(kind="commitments.pledge_approved").exists()


def test_each_decision_is_mailed_once_and_a_refused_one_not_at_all(
    world, login, school, django_capture_on_commit_callbacks
):
    _organisation, pledge, _admin, contributor = school
    capture = django_capture_on_commit_callbacks
    assert _decide(world, login, pledge, capture, "reject", "").status_code == 400  # no reason
    pledge.refresh_from_db()
    with pytest.raises(ReportingError):  # staff read an older version
        services.review_pledge(
            pledge, actor=world.reviewer, approve=True, lock_version=pledge.lock_version - 1
        )
    assert not OutboundEmail.objects.filter(kind__startswith="commitments.pledge_").exists()
    _decide(world, login, pledge, capture, "reject", "Too vague.")
    _decide(world, login, pledge, capture, "approve")  # staff think again
    _decide(world, login, pledge, capture, "approve")  # and approve a second time
    kinds = list(
        OutboundEmail.objects.filter(recipient=contributor)
        .filter(kind__startswith="commitments.pledge_")
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "commitments.pledge_rejected",
        "commitments.pledge_approved",
        "commitments.pledge_approved",
    ]


def test_nobody_acting_for_the_organisation_the_main_contact_is_told(
    world, school, django_capture_on_commit_callbacks
):
    organisation, pledge, _admin, _contributor = school
    organisation.memberships.all().delete()
    organisation.contact_email = "office@ecole.example.fr"
    organisation.preferred_language = "de"
    organisation.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_pledge(
            pledge, actor=world.reviewer, approve=True, lock_version=pledge.lock_version
        )
    sent = OutboundEmail.objects.get(kind="commitments.pledge_approved")
    assert sent.to_address == "office@ecole.example.fr" and sent.recipient is None
    assert sent.language == "de" and "Guten Tag," in sent.body_text
