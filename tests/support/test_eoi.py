"""Expressions of interest: a group proposes a Regional Skills Partnership, support services triage
it, and acceptance sets up the draft partnership with its partners invited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pact.models import AuditEntry, OutboundEmail
from pact.support.common import SupportError
from pact.support.eoi import services
from pact.support.models import EoiStatus, ExpressionOfInterest
from partnerships.models import (
    DeclarationVersion,
    Partnership,
    PartnershipInvitation,
    PartnershipMembership,
    StageChange,
)
from tests.factories import make_organisation, make_partnership, make_user

pytestmark = pytest.mark.django_db


def form_data(world, **extra) -> dict:
    data = {
        "lead_organisation": world.outsider_org.pk,
        "proposed_name": "Regional Skills Partnership for the Creative Industries of Flanders",
        "shape": "single_region",
        "countries": ["BE"],
        "region_codes": "BE2",
        "ecosystem": "cultural_creative",
        "partners": [world.member_org.pk],
        "partner_q": "",
        "other_partners": "Ghent Creative Hub, hub@ghent.example\nAntwerp Design School <school@antwerp.example>",
        "challenges": "Creative skills are missing from the regional strategy.",
        "intended_commitments": "Ten upskilling opportunities in digital skills.",
        "action": "submit",
    }
    data.update(extra)
    return data


def submit(world, client=None, **extra) -> ExpressionOfInterest:
    data = form_data(world, **extra)
    return services.submit_eoi(
        actor=world.outsider,
        lead_organisation=world.outsider_org,
        data=data,
        partners=[world.member_org],
        others=[("Ghent Creative Hub", "hub@ghent.example")],
    )


def test_it_takes_a_proposal_through_triage_into_a_draft_partnership(login, world):
    client = login(world.outsider)
    response = client.post(reverse("support:eoi_create"), form_data(world))
    assert response.status_code == 302
    eoi = ExpressionOfInterest.objects.get()
    assert eoi.status == EoiStatus.SUBMITTED and eoi.proposer == world.outsider
    assert list(eoi.regions.values_list("code", flat=True)) == ["BE2"]
    assert {str(p) for p in eoi.partners.all()} == {
        "Member College",
        "Ghent Creative Hub <hub@ghent.example>",
        "Antwerp Design School <school@antwerp.example>",
    }
    # Support services are told, and the proposer gets a receipt.
    assert OutboundEmail.objects.filter(
        recipient=world.support, kind="support.eoi_submitted"
    ).exists()
    assert OutboundEmail.objects.filter(recipient=world.outsider, kind="support.eoi").exists()

    staff = login(world.support)
    assert eoi in staff.get(reverse("support:eoi_queue")).context["eois"]
    staff.post(
        reverse("support:eoi_decide", args=[eoi.pk]),
        {"decision": "info", "comment": "Which VET providers would join?"},
    )
    eoi.refresh_from_db()
    assert eoi.status == EoiStatus.INFO_REQUESTED
    mail = OutboundEmail.objects.filter(recipient=world.outsider).latest("created_at")
    assert "Which VET providers would join?" in mail.body_text

    client = login(world.outsider)
    page = client.get(reverse("support:eoi_edit", args=[eoi.pk]))
    assert page.status_code == 200 and page.context["resubmitting"]
    data = form_data(
        world,
        lock_version=eoi.lock_version,
        note="Two VET schools added.",
        other_partners="Ghent Creative Hub, hub@ghent.example",
    )
    assert client.post(reverse("support:eoi_edit", args=[eoi.pk]), data).status_code == 302
    eoi.refresh_from_db()
    assert eoi.status == EoiStatus.SUBMITTED
    assert eoi.events.filter(kind="resubmitted", comment="Two VET schools added.").exists()

    staff = login(world.support)
    response = staff.post(
        reverse("support:eoi_decide", args=[eoi.pk]),
        {"decision": "accept", "comment": "Welcome on board."},
    )
    assert response.status_code == 302
    eoi.refresh_from_db()
    partnership = eoi.partnership
    assert eoi.status == EoiStatus.ACCEPTED and partnership is not None
    assert partnership.name == eoi.proposed_name and partnership.status == "draft"
    assert partnership.kind == "rsp" and partnership.shape == "single_region"
    assert partnership.countries == ["BE"] and partnership.coordinator == world.outsider_org
    assert list(partnership.regions.values_list("code", flat=True)) == ["BE2"]
    assert StageChange.objects.filter(partnership=partnership, stage="design").exists()
    invitations = PartnershipInvitation.objects.filter(partnership=partnership, status="open")
    assert {(i.organisation_id, i.email) for i in invitations} == {
        (world.member_org.pk, ""),
        (None, "hub@ghent.example"),
    }
    kinds = set(AuditEntry.objects.values_list("kind", flat=True))
    assert {
        "pact.eoi.submitted",
        "pact.eoi.info_requested",
        "pact.eoi.resubmitted",
        "pact.eoi.accepted",
        "pact.partnership.created",
        "pact.partnership.invitation_sent",
    } <= kinds
    accepted = OutboundEmail.objects.filter(recipient=world.outsider).latest("created_at")
    assert "accepted" in accepted.subject and partnership.slug in accepted.body_text
    # The proposer now coordinates the workspace and sees the proposal's status.
    client = login(world.outsider)
    assert client.get(reverse("partnerships:workspace", args=[partnership.slug])).status_code == 200
    listing = client.get(reverse("support:eoi_list"))
    assert listing.context["eois"] == [eoi]


def test_support_can_decline_with_a_reason(login, world):
    eoi = submit(world)
    staff = login(world.support)
    response = staff.post(reverse("support:eoi_decide", args=[eoi.pk]), {"decision": "decline"})
    assert response.status_code == 400
    assert "comment" in response.context["decision_form"].errors
    staff.post(
        reverse("support:eoi_decide", args=[eoi.pk]),
        {"decision": "decline", "comment": "Please join the Tourism LSP's regional partnership."},
    )
    eoi.refresh_from_db()
    assert eoi.status == EoiStatus.DECLINED and eoi.partnership is None
    assert AuditEntry.objects.filter(kind="pact.eoi.declined").exists()
    # A decided proposal is final: neither the proposer nor support services change it again.
    with pytest.raises(SupportError):
        services.accept_eoi(eoi, actor=world.support)
    client = login(world.outsider)
    assert client.get(reverse("support:eoi_edit", args=[eoi.pk])).status_code == 404


def test_the_proposer_can_withdraw_an_open_proposal(login, world):
    eoi = submit(world)
    client = login(world.outsider)
    client.post(reverse("support:eoi_withdraw", args=[eoi.pk]))
    eoi.refresh_from_db()
    assert eoi.status == EoiStatus.WITHDRAWN
    assert AuditEntry.objects.filter(kind="pact.eoi.withdrawn").exists()


def test_outsiders_cannot_see_or_touch_a_proposal(login, world):
    eoi = submit(world)
    for user in (world.member, world.coordinator, world.reviewer):
        client = login(user)
        assert client.get(reverse("support:eoi_detail", args=[eoi.pk])).status_code == 404
        assert client.get(reverse("support:eoi_edit", args=[eoi.pk])).status_code == 404
        assert client.post(reverse("support:eoi_withdraw", args=[eoi.pk])).status_code == 404
        assert (
            client.post(
                reverse("support:eoi_decide", args=[eoi.pk]), {"decision": "accept"}
            ).status_code
            == 404
        )
    eoi.refresh_from_db()
    assert eoi.status == EoiStatus.SUBMITTED and eoi.partnership is None


def test_another_admin_of_the_lead_organisation_follows_the_proposal(login, world):
    eoi = submit(world)
    colleague = make_user("colleague@example.org")
    world.outsider_org.memberships.create(user=colleague, role="admin")
    assert login(colleague).get(reverse("support:eoi_detail", args=[eoi.pk])).status_code == 200


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"countries": []}, "countries"),
        ({"shape": "macro_region"}, "countries"),
        ({"countries": ["BE", "NL"]}, "countries"),
        ({"region_codes": "ITC4"}, "region_codes"),
        ({"region_codes": "XX99"}, "region_codes"),
        ({"other_partners": "somebody without an address"}, "other_partners"),
        ({"other_partners": "Name, not-an-email"}, "other_partners"),
        ({"challenges": ""}, "challenges"),
        ({"shape": ""}, "shape"),
    ],
)
def test_it_explains_bad_input_and_keeps_what_was_typed(login, world, extra, field):
    client = login(world.outsider)
    response = client.post(reverse("support:eoi_create"), form_data(world, **extra))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert form.data["intended_commitments"] == "Ten upskilling opportunities in digital skills."
    assert b"error-summary" in response.content
    assert not ExpressionOfInterest.objects.exists()


def test_it_refuses_the_name_of_a_published_partnership(login, world):
    public = make_partnership(world.member_org, status="active", name="Published Alliance")
    client = login(world.outsider)
    response = client.post(
        reverse("support:eoi_create"), form_data(world, proposed_name=public.name.upper())
    )
    assert response.status_code == 400 and "proposed_name" in response.context["form"].errors


def test_a_private_drafts_name_is_accepted_like_a_free_one(login, world):
    """Nothing tells the outsider that a draft of that name exists (DESIGN §9): staff are told
    by the duplicate flag when the partnership is set up."""
    client = login(world.outsider)
    response = client.post(
        reverse("support:eoi_create"),
        form_data(world, proposed_name=world.partnership.name.upper()),
    )
    assert response.status_code == 302


def test_only_an_administrator_of_an_active_organisation_proposes(login, world):
    contributor = login(world.contributor)
    page = contributor.get(reverse("support:eoi_create"))
    assert page.templates[0].name == "support/eoi_unavailable.html"
    # Not even by posting another organisation's id.
    response = login(world.outsider).post(
        reverse("support:eoi_create"), form_data(world, lead_organisation=world.member_org.pk)
    )
    assert response.status_code == 400 and "lead_organisation" in response.context["form"].errors
    with pytest.raises(SupportError):
        services.submit_eoi(
            actor=world.outsider,
            lead_organisation=world.member_org,
            data=form_data(world),
        )


def test_searching_members_keeps_the_form_and_shows_no_errors(login, world):
    client = login(world.outsider)
    data = form_data(world, action="search", partner_q="College", challenges="")
    response = client.post(reverse("support:eoi_create"), data)
    assert response.status_code == 200
    assert not response.context["form"].is_bound
    assert world.member_org in response.context["partner_options"]
    assert response.context["form"].initial["proposed_name"] == data["proposed_name"]
    assert not ExpressionOfInterest.objects.exists()


def test_a_second_editor_with_an_old_version_is_refused(login, world):
    eoi = submit(world)
    old = eoi.lock_version
    services.update_eoi(
        eoi,
        actor=world.outsider,
        data={"challenges": "First edit."},
        lock_version=old,
    )
    client = login(world.outsider)
    response = client.post(
        reverse("support:eoi_edit", args=[eoi.pk]),
        form_data(world, lock_version=old, challenges="Second edit."),
    )
    assert response.status_code == 400
    assert "Someone else saved" in str(response.context["form"].non_field_errors())
    assert response.context["form"].data["challenges"] == "Second edit."
    eoi.refresh_from_db()
    assert eoi.challenges == "First edit."


def test_accepting_reports_partners_that_could_not_be_invited(world):
    eoi = submit(world)
    # The member organisation is suspended in the meantime: it cannot be invited.
    world.member_org.status = "suspended"
    world.member_org.save()
    partnership = services.accept_eoi(eoi, actor=world.support)
    assert not PartnershipInvitation.objects.filter(
        partnership=partnership, organisation=world.member_org
    ).exists()
    note = eoi.events.get(kind="accepted").comment
    assert "Member College" in note


def test_accepting_fails_cleanly_when_the_name_was_taken_meanwhile(world):
    eoi = submit(world)
    make_partnership(make_organisation("Other Org"), name=eoi.proposed_name)
    with pytest.raises(SupportError):
        services.accept_eoi(eoi, actor=world.support)
    eoi.refresh_from_db()
    assert eoi.status == EoiStatus.SUBMITTED
    assert Partnership.objects.filter(name=eoi.proposed_name).count() == 1


def test_the_workspace_links_back_to_the_proposal(login, world):
    eoi = submit(world)
    partnership = services.accept_eoi(eoi, actor=world.support)
    assert PartnershipMembership.objects.filter(
        partnership=partnership, organisation=world.outsider_org, role="coordinator"
    ).exists()
    page = login(world.outsider).get(reverse("partnerships:workspace", args=[partnership.slug]))
    assert reverse("support:eoi_detail", args=[eoi.pk]).encode() in page.content


def test_accepting_audits_the_partnership_as_created_by_the_staff_member(world):
    eoi = submit(world)
    partnership = services.accept_eoi(eoi, actor=world.support)
    created = AuditEntry.objects.get(kind="pact.partnership.created", target_id=str(partnership.pk))
    assert created.actor == world.support
    assert StageChange.objects.get(partnership=partnership).changed_by == world.support
    # The proposer still coordinates: the partnership is theirs, only the act was staff's.
    assert PartnershipMembership.objects.filter(
        partnership=partnership, organisation=world.outsider_org, role="coordinator"
    ).exists()


def test_accepting_carries_the_proposal_into_the_draft_declaration(login, world):
    eoi = submit(world)
    partnership = services.accept_eoi(eoi, actor=world.support)
    draft = DeclarationVersion.objects.get(partnership=partnership)
    assert draft.status == "draft" and draft.number == 1
    assert draft.challenges == "Creative skills are missing from the regional strategy."
    commitment = draft.commitments.get()
    assert commitment.description == "Ten upskilling opportunities in digital skills."
    assert not commitment.targets.exists()
    # Nobody has edited it yet, and it still needs measurable targets before it can be submitted.
    assert draft.updated_by is None
    page = login(world.outsider).get(reverse("partnerships:declaration", args=[partnership.slug]))
    body = page.content.decode()
    assert "Intended commitments (from the expression of interest)" in body
    assert "give at least one commitment a measurable target" in body


# --- the regional area rules are the services' --------------------------------------------------


def test_submitting_a_proposal_with_an_invalid_area_is_refused(world):
    with pytest.raises(SupportError) as refused:
        submit(world, shape="macro_region", countries=["BE"])
    assert refused.value.field == "countries"
    assert not ExpressionOfInterest.objects.exists()


def test_accepting_a_proposal_whose_area_breaks_the_rules_is_refused(world):
    eoi = submit(world)
    # Changed behind the services' back (the admin, a data fix): a macro-region of one country.
    ExpressionOfInterest.objects.filter(pk=eoi.pk).update(shape="macro_region")
    eoi.refresh_from_db()
    with pytest.raises(SupportError):
        services.accept_eoi(eoi, actor=world.support)
    eoi.refresh_from_db()
    assert eoi.status == EoiStatus.SUBMITTED and eoi.partnership is None
    assert not Partnership.objects.filter(name=eoi.proposed_name).exists()
