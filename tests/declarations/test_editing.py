"""Drafting: no lost updates, clear completeness messages, signatures tied to one exact text."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pact.models import AuditEntry
from partnerships.declarations import common, drafting, review, signatures
from partnerships.models import DeclarationVersion, Signature

pytestmark = pytest.mark.django_db


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_the_typed_text(
    world, draft, client
):
    url = reverse("partnerships:declaration_edit", args=[world.partnership.slug, "challenges"])
    read_lock = draft.lock_version
    # Somebody else (a second coordinator tab) saves first.
    drafting.save_section(
        draft,
        "challenges",
        {"language": "en", "challenges": "First writer's text."},
        lock_version=read_lock,
        actor=world.coordinator,
    )
    client.force_login(world.coordinator)
    response = client.post(
        url,
        {
            "language": "en",
            "challenges": "Second writer's careful paragraph.",
            "lock_version": read_lock,
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Second writer&#x27;s careful paragraph." in page  # still in the textarea
    assert "Nothing was overwritten" in page
    assert "The text as it is saved now" in page  # shown to compare
    assert "First writer" in page.split("The text as it is saved now")[1]
    draft.refresh_from_db()
    assert draft.challenges == "First writer's text."
    # The form now carries the current lock_version: saving again is a deliberate choice.
    assert int(response.context["form"]["lock_version"].value()) == draft.lock_version


def test_the_service_refuses_a_stale_lock_version(world, draft):
    stale = draft.lock_version
    drafting.save_section(
        draft, "ambition", {"ambition": "A"}, lock_version=stale, actor=world.coordinator
    )
    with pytest.raises(common.EditConflict):
        drafting.save_section(
            DeclarationVersion.objects.get(pk=draft.pk),
            "ambition",
            {"ambition": "B"},
            lock_version=stale,
            actor=world.coordinator,
        )
    assert DeclarationVersion.objects.get(pk=draft.pk).ambition == "A"


def test_htmx_autosave_answers_with_the_new_lock_version(world, draft, login):
    client = login(world.coordinator)
    url = reverse("partnerships:declaration_edit", args=[world.partnership.slug, "ambition"])
    response = client.post(
        url,
        {"ambition": "Autosaved words", "lock_version": draft.lock_version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.ambition == "Autosaved words"
    body = response.content.decode()
    assert f'value="{draft.lock_version}"' in body and 'hx-swap-oob="true"' in body


def test_submitting_an_incomplete_draft_lists_exactly_what_is_missing(world, login):
    version = drafting.start_draft(world.partnership, world.coordinator)
    client = login(world.coordinator)
    response = client.post(
        reverse("partnerships:declaration_submit", args=[world.partnership.slug]),
        {"lock_version": version.lock_version},
    )
    assert response.status_code == 400
    missing = [message for _section, message in response.context["submit_missing"]]
    assert missing == [
        "Main challenges: describe at least one challenge.",
        "Key objectives: state at least one objective.",
        "Commitments: add at least one commitment with a measurable target.",
        "Signatories: Coordinating Agency, the coordinating organisation, has not signed this text.",
    ]
    version.refresh_from_db()
    assert version.status == "draft"


def test_a_complete_draft_lacks_only_what_is_missing(world, draft):
    assert review.missing_items(draft) == []
    drafting.save_section(
        draft,
        "objectives",
        {"objectives": ""},
        lock_version=draft.lock_version,
        actor=world.coordinator,
    )
    sections = [section for section, _m in review.missing_items(draft)]
    # The edit emptied the objectives and cancelled the coordinator's signature.
    assert sections == ["objectives", "signatories"]


def test_editing_after_signatures_asks_the_signatories_again(world, draft, login):
    signatures.request_signatures(draft, [world.member_org], actor=world.coordinator)
    member_signature = Signature.objects.get(version=draft, organisation=world.member_org)
    signatures.answer_signature(
        member_signature,
        sign=True,
        comment="",
        content_hash_read=draft.content_hash,
        actor=world.member,
    )
    old_hash = draft.content_hash
    client = login(world.coordinator)
    page = client.get(
        reverse("partnerships:declaration_edit", args=[world.partnership.slug, "ambition"])
    )
    assert "their answers are cancelled" in page.content.decode()
    drafting.save_section(
        draft,
        "ambition",
        {"ambition": "Bolder."},
        lock_version=draft.lock_version,
        actor=world.coordinator,
    )
    assert draft.content_hash != old_hash
    for signature in Signature.objects.filter(version=draft):
        assert signature.status == "requested"
        assert signature.rerequested_at is not None
        assert signature.signed_content_hash == old_hash  # what they had signed stays on record
    assert (
        AuditEntry.objects.filter(
            kind="pact.declaration.signature_requested", data__reason="edited_after_signature"
        ).count()
        == 2
    )


def test_a_signature_on_a_text_that_changed_while_reading_is_refused(world, draft, login):
    signatures.request_signatures(draft, [world.member_org], actor=world.coordinator)
    signature = Signature.objects.get(version=draft, organisation=world.member_org)
    client = login(world.member)
    url = reverse("partnerships:declaration_sign", args=[world.partnership.slug, signature.pk])
    read_hash = client.get(url).context["form"]["content_hash"].value()
    drafting.save_section(
        draft,
        "ambition",
        {"ambition": "Changed meanwhile."},
        lock_version=draft.lock_version,
        actor=world.coordinator,
    )
    response = client.post(url, {"content_hash": read_hash, "decision": "sign", "comment": ""})
    assert response.status_code == 409
    assert "changed while you were reading" in response.content.decode()
    signature.refresh_from_db()
    assert signature.status == "requested"


def test_declining_needs_a_comment_and_is_recorded(world, draft, login):
    signatures.request_signatures(draft, [world.member_org], actor=world.coordinator)
    signature = Signature.objects.get(version=draft, organisation=world.member_org)
    client = login(world.member)
    url = reverse("partnerships:declaration_sign", args=[world.partnership.slug, signature.pk])
    response = client.post(
        url, {"content_hash": draft.content_hash, "decision": "decline", "comment": ""}
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {"content_hash": draft.content_hash, "decision": "decline", "comment": "Target too low."},
    )
    assert response.status_code == 302
    signature.refresh_from_db()
    assert (signature.status, signature.comment, signature.answered_by) == (
        "declined",
        "Target too low.",
        world.member,
    )
    assert AuditEntry.objects.filter(kind="pact.declaration.declined").exists()


def test_a_commitment_needs_a_target_and_keeps_what_was_typed(world, draft, login):
    client = login(world.coordinator)
    url = reverse("partnerships:declaration_commitment_new", args=[world.partnership.slug])
    response = client.post(
        url,
        {
            "lock_version": draft.lock_version,
            "title": "Host matchmaking events",
            "description": "",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    assert "Host matchmaking events" in response.content.decode()
    assert "at least one target" in response.content.decode()


def test_markdown_is_sanitised_on_the_page(world, draft, login):
    drafting.save_section(
        draft,
        "ambition",
        {
            "ambition": "<script>alert(1)</script> [site](javascript:alert(2)) [ok](https://example.eu)\n\n# Big"
        },
        lock_version=draft.lock_version,
        actor=world.coordinator,
    )
    client = login(world.member)
    page = client.get(reverse("partnerships:declaration_version", args=[world.partnership.slug, 1]))
    body = page.content.decode()
    assert "<script>alert(1)" not in body
    assert 'href="javascript:' not in body
    assert '<a href="https://example.eu" rel="nofollow noopener">ok</a>' in body
    assert "<h3>Big</h3>" in body


def test_a_commitment_with_progress_reports_is_refused_removal_not_a_server_error(
    world, draft, client
):
    from commitments.models import Commitment, ProgressReport, ReportingCycle
    from tests.commitments.conftest import make_report

    commitment = draft.commitments.get()
    target = commitment.targets.get()
    cycle = ReportingCycle.objects.create(
        year=2024, opens_on=dt.date(2025, 2, 1), closes_on=dt.date(2025, 3, 31), status="closed"
    )
    make_report(target, world.coordinator_org, cycle, "12")
    client.force_login(world.coordinator)
    url = reverse(
        "partnerships:declaration_commitment_delete",
        args=[world.partnership.slug, commitment.uid],
    )
    response = client.post(url, {"lock_version": draft.lock_version}, follow=True)
    assert response.status_code == 200
    assert "has progress reports, so it cannot be removed" in response.content.decode()
    assert Commitment.objects.filter(pk=commitment.pk).exists()
    assert ProgressReport.objects.filter(target=target).count() == 1
    draft.refresh_from_db()
    assert draft.updated_by == world.coordinator  # the refused removal claimed nothing
    # Removing only the reported target while saving the commitment is refused the same way.
    with pytest.raises(common.DeclarationError):
        drafting.save_commitment(
            draft,
            commitment,
            data={"title": commitment.title, "responsible_organisations": []},
            targets=[
                {
                    "indicator": target.indicator,
                    "target_value": Decimal(5),
                    "target_date": dt.date(2028, 1, 1),
                }
            ],
            lock_version=draft.lock_version,
            actor=world.coordinator,
        )
    assert ProgressReport.objects.filter(target=target).count() == 1
    # The API offers no way to delete a commitment: a clear 4xx (405, or 404 for a draft), nothing
    # removed.
    api = client.delete(f"/api/v1/commitments/{commitment.pk}/")
    assert api.status_code in (404, 405)
    assert Commitment.objects.filter(pk=commitment.pk).exists()


def test_a_signature_keeps_the_name_of_who_signed_into_the_next_version(world, draft):
    signature = draft.signatures.get(organisation=world.coordinator_org)
    assert signature.signer_name == world.coordinator.display_name
    review.submit(draft, lock_version=draft.lock_version, actor=world.coordinator)
    new = review.request_changes(draft, reason="Be precise.", actor=world.reviewer)
    copied = new.signatures.get(organisation=world.coordinator_org)
    assert copied.signer_name == world.coordinator.display_name
