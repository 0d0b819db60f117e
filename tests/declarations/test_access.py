"""Who may open what: outsiders get 404 on drafts and draft PDFs; only the coordinator edits and
submits; only organisation admins sign; only reviewers review."""

import pytest
from django.urls import reverse

from partnerships.declarations import drafting, publication, review, signatures
from partnerships.models import Signature

pytestmark = pytest.mark.django_db


def _private_gets(slug, draft):
    signature = Signature.objects.get(version=draft, organisation__name="Coordinating Agency")
    return [
        reverse("partnerships:declaration", args=[slug]),
        reverse("partnerships:declaration_edit", args=[slug, "challenges"]),
        reverse("partnerships:declaration_edit", args=[slug, "commitments"]),
        reverse("partnerships:declaration_edit", args=[slug, "signatories"]),
        reverse("partnerships:declaration_commitment_new", args=[slug]),
        reverse("partnerships:declaration_commitment", args=[slug, draft.commitments.get().uid]),
        reverse("partnerships:declaration_sign", args=[slug, signature.pk]),
        reverse("partnerships:declaration_version", args=[slug, draft.number]),
        reverse("partnerships:declaration_pdf", args=[slug, draft.number]),
        reverse("partnerships:declaration_pdf_status", args=[slug, draft.number]),
    ]


def _private_posts(slug, draft):
    signature = Signature.objects.get(version=draft, organisation__name="Coordinating Agency")
    uid = draft.commitments.get().uid
    return [
        reverse("partnerships:declaration_start", args=[slug]),
        reverse("partnerships:declaration_submit", args=[slug]),
        reverse("partnerships:declaration_edit", args=[slug, "objectives"]),
        reverse("partnerships:declaration_commitment_delete", args=[slug, uid]),
        reverse("partnerships:declaration_commitment_move", args=[slug, uid]),
        reverse("partnerships:declaration_signatures_request", args=[slug]),
        reverse("partnerships:declaration_signatures_remind", args=[slug]),
        reverse("partnerships:declaration_signature_withdraw", args=[slug, signature.pk]),
        reverse("partnerships:declaration_sign", args=[slug, signature.pk]),
    ]


def test_an_outsider_and_an_anonymous_visitor_get_404_on_every_draft_page(world, draft, client):
    slug = world.partnership.slug
    for user in (None, world.outsider):
        if user:
            client.force_login(user)
        for url in _private_gets(slug, draft):
            response = client.get(url)
            assert response.status_code in (404, 302), url
            if user:
                assert response.status_code == 404, url
        for url in _private_posts(slug, draft):
            response = client.post(url, {"lock_version": draft.lock_version, "objectives": "x"})
            if user:
                assert response.status_code == 404, url
            else:
                assert response.status_code in (302, 404), url
                assert "/accounts/login" in response.get("Location", "/accounts/login"), url
    draft.refresh_from_db()
    assert draft.objectives == "- Train people\n- Build a hub"
    assert draft.status == "draft"


def test_an_outsider_gets_404_on_a_draft_pdf_even_with_a_guess_at_the_url(world, draft, login):
    client = login(world.outsider)
    for number in (1, 2, 99):
        url = reverse("partnerships:declaration_pdf", args=[world.partnership.slug, number])
        assert client.get(url).status_code == 404


def test_a_member_reads_the_draft_but_cannot_edit_or_submit_it(world, draft, login):
    client = login(world.member)
    slug = world.partnership.slug
    assert client.get(reverse("partnerships:declaration", args=[slug])).status_code == 200
    assert (
        client.get(reverse("partnerships:declaration_version", args=[slug, 1])).status_code == 200
    )
    assert (
        client.get(reverse("partnerships:declaration_edit", args=[slug, "challenges"])).status_code
        == 404
    )
    response = client.post(
        reverse("partnerships:declaration_submit", args=[slug]),
        {"lock_version": draft.lock_version},
    )
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"
    # Draft PDFs are for the coordinator and the reviewers.
    assert client.get(reverse("partnerships:declaration_pdf", args=[slug, 1])).status_code == 404


def test_a_contributor_cannot_sign_for_the_organisation(world, draft, login):
    signatures.request_signatures(draft, [world.member_org], actor=world.coordinator)
    signature = Signature.objects.get(version=draft, organisation=world.member_org)
    client = login(world.contributor)
    url = reverse("partnerships:declaration_sign", args=[world.partnership.slug, signature.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"content_hash": draft.content_hash, "decision": "sign"})
    assert response.status_code == 404
    signature.refresh_from_db()
    assert signature.status == "requested"


def test_the_coordinator_and_a_reviewer_can_preview_the_draft_pdf(
    world, draft, login, media_root, django_capture_on_commit_callbacks
):
    slug = world.partnership.slug
    url = reverse("partnerships:declaration_pdf", args=[slug, 1])
    status_url = reverse("partnerships:declaration_pdf_status", args=[slug, 1])
    prepare_url = reverse("partnerships:declaration_pdf_retry", args=[slug, 1])
    client = login(world.coordinator)
    # A GET renders nothing in the web process: it points to the preview's status page.
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == status_url
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(prepare_url).status_code == 302
    # The preview of the same text serves the coordinator and the reviewers.
    for user in (world.coordinator, world.reviewer):
        response = login(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert "draft" in response["Content-Disposition"]


def test_only_reviewers_open_the_review_pages(world, draft, login):
    review.submit(draft, lock_version=draft.lock_version, actor=world.coordinator)
    slug = world.partnership.slug
    urls = [
        reverse("partnerships:review_queue"),
        reverse("partnerships:declaration_review", args=[slug, 1]),
    ]
    posts = [
        reverse("partnerships:declaration_review_start", args=[slug, 1]),
        reverse("partnerships:declaration_review_comment", args=[slug, 1]),
        reverse("partnerships:declaration_review_decide", args=[slug, 1]),
    ]
    for user in (world.coordinator, world.member, world.outsider, world.support):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        for url in posts:
            response = client.post(
                url, {"decision": "approve", "section": "challenges", "body": "x"}
            )
            assert response.status_code == 404, (user, url)
    draft.refresh_from_db()
    assert draft.status == "submitted"
    client = login(world.reviewer)
    for url in urls:
        assert client.get(url).status_code == 200


def test_a_published_declaration_is_public_and_its_drafts_are_not(world, draft, login, client):
    review.submit(draft, lock_version=draft.lock_version, actor=world.coordinator)
    publication.approve(draft, actor=world.reviewer)
    amendment = drafting.start_draft(world.partnership, world.coordinator)
    slug = world.partnership.slug
    assert (
        client.get(reverse("partnerships:declaration_version", args=[slug, 1])).status_code == 200
    )
    assert (
        client.get(reverse("partnerships:declaration_version", args=[slug, 2])).status_code == 404
    )
    assert client.get(reverse("partnerships:declaration_pdf", args=[slug, 2])).status_code == 404
    outsider = login(world.outsider)
    assert (
        outsider.get(reverse("partnerships:declaration_version", args=[slug, 2])).status_code == 404
    )
    assert outsider.get(reverse("partnerships:declaration", args=[slug])).status_code == 404
    assert amendment.number == 2
