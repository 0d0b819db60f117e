"""Signatures that get done: a changed text asks the signatories again at once, members see what
they have to sign on their portal home, and submitting without every signature asks first."""

import pytest
from django.urls import reverse

from pact.models import OutboundEmail
from partnerships.declarations import drafting, signatures

from .conftest import write_draft

pytestmark = pytest.mark.django_db


def _ask_member(world, version):
    signatures.request_signatures(version, [world.member_org], actor=world.coordinator)
    return version.signatures.get(organisation=world.member_org)


def _edit(world, version):
    version.refresh_from_db()
    drafting.save_section(
        version,
        "ambition",
        {"ambition": "A region where creative industries thrive, and more."},
        lock_version=version.lock_version,
        actor=world.coordinator,
    )


def test_a_changed_text_asks_the_signatories_again_at_once(world):
    version = write_draft(world)
    before = OutboundEmail.objects.filter(
        recipient=world.coordinator, kind="declaration.signature_requested"
    ).count()

    _edit(world, version)

    signature = version.signatures.get(organisation=world.coordinator_org)
    assert signature.status == "requested"
    assert signature.notified_at is not None
    mails = OutboundEmail.objects.filter(
        recipient=world.coordinator, kind="declaration.signature_requested"
    )
    assert mails.count() == before + 1
    # A second edit before anyone answers asks nobody twice.
    _edit(world, version)
    assert mails.count() == before + 1


def test_members_see_what_they_have_to_sign_on_their_portal_home(world, login):
    version = write_draft(world)
    signature = _ask_member(world, version)
    page = login(world.member).get(reverse("dashboard")).content.decode()
    assert "To sign" in page
    assert (
        reverse("partnerships:declaration_sign", args=[world.partnership.slug, signature.pk])
        in page
    )
    # Someone who may not sign for the organisation is not asked.
    page = login(world.contributor).get(reverse("dashboard")).content.decode()
    assert "To sign" not in page


def test_submitting_without_every_signature_names_who_is_missing_and_asks_first(world, login):
    version = write_draft(world)
    _ask_member(world, version)
    version.refresh_from_db()
    client = login(world.coordinator)
    url = reverse("partnerships:declaration_submit", args=[world.partnership.slug])

    response = client.post(url, {"lock_version": version.lock_version})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not every organisation has signed this version" in page
    assert "Member College: has not signed yet" in page
    version.refresh_from_db()
    assert version.status == "draft"

    response = client.post(url, {"lock_version": version.lock_version, "without_signatures": "yes"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == "submitted"


def test_a_fully_signed_draft_is_submitted_without_a_question(world, login):
    version = write_draft(world)
    response = login(world.coordinator).post(
        reverse("partnerships:declaration_submit", args=[world.partnership.slug]),
        {"lock_version": version.lock_version},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == "submitted"
