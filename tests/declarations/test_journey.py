"""The whole journey through the pages: draft, signatures, submission, changes, diff, approval, PDF."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from pact.models import AuditEntry, OutboundEmail
from partnerships.models import DeclarationPdf, DeclarationVersion, ReviewComment, Signature

from .conftest import indicator

pytestmark = pytest.mark.django_db


def _lock(response) -> int:
    return int(response.context["form"]["lock_version"].value())


def _save(client, slug, section, data) -> None:
    url = reverse("partnerships:declaration_edit", args=[slug, section])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {**data, "lock_version": _lock(page)})
    assert response.status_code == 302, response.content.decode()[:2000]


def _sign(client, slug, signature) -> None:
    url = reverse("partnerships:declaration_sign", args=[slug, signature.pk])
    page = client.get(url)
    assert page.status_code == 200
    content_hash = page.context["form"]["content_hash"].value()
    response = client.post(url, {"content_hash": content_hash, "decision": "sign", "comment": ""})
    assert response.status_code == 302


def test_it_goes_from_first_draft_to_a_published_pdf(
    world, client, django_capture_on_commit_callbacks, media_root
):
    slug = world.partnership.slug
    client.force_login(world.coordinator)

    # The coordinator starts and writes the draft, section by section.
    assert client.get(reverse("partnerships:declaration", args=[slug])).status_code == 200
    response = client.post(reverse("partnerships:declaration_start", args=[slug]))
    assert response.status_code == 302
    _save(
        client, slug, "challenges", {"language": "fr", "challenges": "Des lacunes de compétences."}
    )
    _save(client, slug, "objectives", {"objectives": "- Former 150 personnes"})
    _save(client, slug, "ambition", {"ambition": "Une région créative."})
    _save(
        client,
        slug,
        "governance",
        {
            "governance_coordination": "Le coordinateur anime.",
            "governance_decision_making": "Par consensus.",
            "governance_monitoring": "Chaque année.",
        },
    )
    new_url = reverse("partnerships:declaration_commitment_new", args=[slug])
    page = client.get(new_url)
    response = client.post(
        new_url,
        {
            "lock_version": _lock(page),
            "title": "Former des personnes",
            "description": "Des *formations* courtes.",
            "responsible_organisations": [world.member_org.pk],
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-indicator": indicator("training-participants").pk,
            "targets-0-unit": "",
            "targets-0-baseline": "0",
            "targets-0-target_value": "150",
            "targets-0-target_date": "2027-12-31",
            "targets-0-description": "participants",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    version = DeclarationVersion.objects.get(partnership=world.partnership)
    assert version.language == "fr"
    commitment = version.commitments.get()
    assert list(commitment.responsible_organisations.all()) == [world.member_org]
    assert commitment.targets.get().unit == "persons"  # the indicator's unit by default

    # Members are asked to sign; their administrators get an email.
    response = client.post(
        reverse("partnerships:declaration_signatures_request", args=[slug]),
        {"organisations": [world.coordinator_org.pk, world.member_org.pk]},
    )
    assert response.status_code == 302
    assert OutboundEmail.objects.filter(
        kind="declaration.signature_requested", to_address=world.member.email
    ).exists()
    overview = client.get(reverse("partnerships:declaration", args=[slug]))
    assert "Written in French" in overview.content.decode()

    # A member organisation's admin signs; a member cannot submit (404), the coordinator can.
    client.force_login(world.member)
    _sign(client, slug, Signature.objects.get(version=version, organisation=world.member_org))
    response = client.post(
        reverse("partnerships:declaration_submit", args=[slug]),
        {"lock_version": version.lock_version},
    )
    assert response.status_code == 404
    client.force_login(world.coordinator)
    _sign(client, slug, Signature.objects.get(version=version, organisation=world.coordinator_org))
    version.refresh_from_db()
    signature = Signature.objects.get(version=version, organisation=world.member_org)
    assert signature.answered_by == world.member
    assert signature.signed_content_hash == version.content_hash
    response = client.post(
        reverse("partnerships:declaration_submit", args=[slug]),
        {"lock_version": version.lock_version},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == "submitted"
    world.partnership.refresh_from_db()
    assert world.partnership.status == "under_review"

    # The reviewer finds it in the queue, comments on a section and requests changes.
    client.force_login(world.reviewer)
    queue = client.get(reverse("partnerships:review_queue"))
    assert world.partnership.name in queue.content.decode()
    review_url = reverse("partnerships:declaration_review", args=[slug, 1])
    assert client.get(review_url).status_code == 200
    client.post(
        reverse("partnerships:declaration_review_comment", args=[slug, 1]),
        {"section": "objectives", "body": "Say how many people, by when."},
    )
    assert ReviewComment.objects.filter(version=version, section="objectives").exists()
    response = client.post(
        reverse("partnerships:declaration_review_decide", args=[slug, 1]),
        {"decision": "request_changes", "reason": "Please make the objectives measurable."},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == "changes_requested"
    amendment = DeclarationVersion.objects.get(partnership=world.partnership, number=2)
    assert amendment.status == "draft"
    assert amendment.commitments.get().uid == commitment.uid

    # The coordinator amends: the edit cancels the signatures, which are given again.
    client.force_login(world.coordinator)
    overview = client.get(reverse("partnerships:declaration", args=[slug]))
    assert "Say how many people, by when." in overview.content.decode()
    _save(client, slug, "objectives", {"objectives": "- Former 200 personnes d'ici 2027"})
    assert set(amendment.signatures.values_list("status", flat=True)) == {"requested"}
    signatories_page = client.get(
        reverse("partnerships:declaration_edit", args=[slug, "signatories"])
    )
    assert "asked again" in signatories_page.content.decode().lower()
    client.post(reverse("partnerships:declaration_signatures_remind", args=[slug]))
    _sign(client, slug, amendment.signatures.get(organisation=world.coordinator_org))
    amendment.refresh_from_db()
    # The member organisation has not signed again: the coordinator is asked before submitting.
    response = client.post(
        reverse("partnerships:declaration_submit", args=[slug]),
        {"lock_version": amendment.lock_version},
    )
    assert response.status_code == 200
    assert "Not every organisation has signed this version" in response.content.decode()
    response = client.post(
        reverse("partnerships:declaration_submit", args=[slug]),
        {"lock_version": amendment.lock_version, "without_signatures": "yes"},
    )
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == "submitted"

    # The reviewer sees what changed, inline, and approves.
    client.force_login(world.reviewer)
    page = client.get(reverse("partnerships:declaration_review", args=[slug, 2])).content.decode()
    assert "<del>150</del><ins>200</ins>" in page
    assert "<ins> d’ici 2027</ins>" in page or "<ins> d&#x27;ici 2027</ins>" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnerships:declaration_review_decide", args=[slug, 2]),
            {"decision": "approve", "reason": ""},
        )
    assert response.status_code == 302
    amendment.refresh_from_db()
    world.partnership.refresh_from_db()
    assert amendment.status == "approved"
    assert world.partnership.status == "active"
    assert world.partnership.launched_on is not None
    assert amendment.commitments.get().is_current

    # The PDF was recorded with the approval and rendered by the task after commit.
    pdf = DeclarationPdf.objects.get(version=amendment)
    assert pdf.status == "ready" and pdf.content_hash == amendment.content_hash
    assert default_storage.exists(pdf.file.name)
    with default_storage.open(pdf.file.name, "rb") as handle:
        assert handle.read(4) == b"%PDF"

    # The public page offers it to anyone.
    client.logout()
    public = client.get(reverse("partnerships:detail", args=[slug])).content.decode()
    pdf_url = reverse("partnerships:declaration_pdf", args=[slug, 2])
    assert pdf_url in public
    assert "Des lacunes de compétences." in public
    download = client.get(pdf_url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment; filename=")
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    kinds = set(AuditEntry.objects.values_list("kind", flat=True))
    assert {
        "pact.declaration.saved",
        "pact.declaration.signature_requested",
        "pact.declaration.signed",
        "pact.declaration.submitted",
        "pact.declaration.review_started",
        "pact.declaration.commented",
        "pact.declaration.changes_requested",
        "pact.declaration.approved",
        "pact.declaration_pdf.requested",
        "pact.declaration_pdf.rendered",
    } <= kinds
