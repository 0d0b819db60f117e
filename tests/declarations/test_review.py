"""Review: the queue, per-section comments, the diff, decisions, amendments and their emails."""

import datetime as dt
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment, ProgressReport, ReportingCycle, Target
from pact.models import AuditEntry, OutboundEmail
from partnerships.declarations import digest, drafting, publication, review, selectors, signatures
from partnerships.models import DeclarationVersion
from partnerships.tasks import weekly_review_digest
from tests.factories import make_organisation, make_partnership, make_user

from .conftest import write_draft

pytestmark = pytest.mark.django_db


def _submit(world, version):
    return review.submit(version, lock_version=version.lock_version, actor=world.coordinator)


def test_the_queue_lists_the_oldest_first_with_days_waiting(world, draft, login):
    other_admin = make_user("other@example.org")
    other_org = make_organisation("Other Coordinator", admin=other_admin)
    other = make_partnership(
        other_org, status="draft", name="Older Partnership", kind="lsp", countries=["FR"]
    )

    class W:
        pass

    w = W()
    w.partnership, w.coordinator, w.coordinator_org = other, other_admin, other_org
    older = _submit(w, write_draft(w))
    DeclarationVersion.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - timedelta(days=9)
    )
    _submit(world, draft)
    page = login(world.reviewer).get(reverse("partnerships:review_queue"))
    body = page.content.decode()
    assert body.index("Older Partnership") < body.index(world.partnership.name)
    rows = page.context["rows"]
    assert [r["days"] for r in rows] == [9, 0]
    assert "Large-Scale Skills Partnership" in body and "FR" in body


def test_the_diff_shows_changed_text_commitments_and_targets(world, draft):
    _submit(world, draft)
    new = review.request_changes(draft, reason="Be precise.", actor=world.reviewer)
    drafting.save_section(
        new,
        "ambition",
        {"ambition": "A region where creative industries lead."},
        lock_version=new.lock_version,
        actor=world.coordinator,
    )
    commitment = new.commitments.get()
    target = commitment.targets.get()
    drafting.save_commitment(
        new,
        commitment,
        data={
            "title": "Commitment 1 renamed",
            "description": "Do it well.",
            "responsible_organisations": [],
        },
        targets=[
            {
                "uid": target.uid,
                "indicator": target.indicator,
                "unit": "",
                "baseline": Decimal(0),
                "target_value": Decimal(45),
                "target_date": dt.date(2028, 6, 30),
                "description": "organisations taking part",
            }
        ],
        lock_version=new.lock_version,
        actor=world.coordinator,
    )
    diff = {part.section: part for part in selectors.diff_versions(draft, new)}
    assert not diff["challenges"].changed
    assert diff["ambition"].changed
    assert (
        "<del>thrive.</del>" in diff["ambition"].html
        and "<ins>lead.</ins>" in diff["ambition"].html
    )
    commitments_html = diff["commitments"].html
    assert "<ins> renamed</ins>" in commitments_html
    assert "<del>30</del>" in commitments_html and "<ins>45</ins>" in commitments_html
    assert "<del>Responsible: Coordinating Agency</del>" in commitments_html.replace("<br>", "")
    # The target kept its identity across versions.
    assert new.commitments.get().targets.get().uid == target.uid


def test_the_diff_escapes_what_people_wrote(world, draft):
    assert "&lt;b&gt;" in selectors.inline_diff("a", "<b>")


def test_rejecting_needs_a_reason_and_tells_the_coordinator(world, draft, login):
    _submit(world, draft)
    client = login(world.reviewer)
    url = reverse("partnerships:declaration_review_decide", args=[world.partnership.slug, 1])
    response = client.post(url, {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.status == "submitted"
    client.post(url, {"decision": "reject", "reason": "Out of the Pact's scope."})
    draft.refresh_from_db()
    assert draft.status == "rejected" and draft.decision_reason == "Out of the Pact's scope."
    world.partnership.refresh_from_db()
    assert world.partnership.status == "draft"
    email = OutboundEmail.objects.get(kind="declaration.rejected")
    assert email.to_address == world.coordinator.email
    assert "Out of the Pact's scope." in email.body_text
    assert AuditEntry.objects.filter(kind="pact.declaration.rejected").exists()


def test_an_approved_amendment_supersedes_and_carries_monitoring_over(world, draft, client):
    _submit(world, draft)
    first = publication.approve(draft, actor=world.reviewer)
    old_target = Target.objects.get(commitment__declaration_version=first)
    cycle = ReportingCycle.objects.create(
        year=2025, opens_on=dt.date(2026, 2, 1), closes_on=dt.date(2026, 3, 31), status="open"
    )
    report = ProgressReport.objects.create(
        target=old_target,
        organisation=world.coordinator_org,
        cycle=cycle,
        value=Decimal(12),
        status="validated",
    )
    amendment = drafting.start_draft(world.partnership, world.coordinator)
    assert amendment.number == 2 and amendment.previous_id == first.pk
    drafting.save_section(
        amendment,
        "ambition",
        {"ambition": "Even bolder."},
        lock_version=amendment.lock_version,
        actor=world.coordinator,
    )
    signatures.answer_signature(
        amendment.signatures.get(organisation=world.coordinator_org),
        sign=True,
        comment="",
        content_hash_read=amendment.content_hash,
        actor=world.coordinator,
    )
    amendment.refresh_from_db()
    _submit(world, amendment)
    world.partnership.refresh_from_db()
    assert world.partnership.status == "active"  # an amendment under review keeps it public
    publication.approve(amendment, actor=world.reviewer)
    first.refresh_from_db()
    assert first.status == "superseded"
    assert not Commitment.objects.get(declaration_version=first).is_current
    assert Commitment.objects.get(declaration_version=amendment).is_current
    report.refresh_from_db()
    assert report.target.commitment.declaration_version_id == amendment.pk
    assert AuditEntry.objects.filter(kind="pact.declaration.superseded").count() == 1
    public = client.get(
        reverse("partnerships:detail", args=[world.partnership.slug])
    ).content.decode()
    assert "Even bolder." in public
    assert reverse("partnerships:declaration_version", args=[world.partnership.slug, 1]) in public
    old_page = client.get(
        reverse("partnerships:declaration_version", args=[world.partnership.slug, 1])
    )
    assert (
        old_page.status_code == 200 and "replaced by a later amendment" in old_page.content.decode()
    )


def test_approval_mails_the_coordinator_and_signatories_in_their_language(world, draft):
    world.member.language = "fr"
    world.member.save(update_fields=["language"])
    signatures.request_signatures(draft, [world.member_org], actor=world.coordinator)
    signature = draft.signatures.get(organisation=world.member_org)
    signatures.answer_signature(
        signature, sign=True, comment="", content_hash_read=draft.content_hash, actor=world.member
    )
    _submit(world, draft)
    publication.approve(draft, actor=world.reviewer)
    emails = {e.to_address: e for e in OutboundEmail.objects.filter(kind="declaration.approved")}
    assert set(emails) == {world.coordinator.email, world.member.email}
    assert emails[world.member.email].language == "fr"
    assert emails[world.coordinator.email].language == "en"


def test_the_weekly_digest_goes_once_a_week_to_each_reviewer(world, draft):
    assert weekly_review_digest.apply().get() == 0  # nothing waiting, no mail
    _submit(world, draft)
    sent = weekly_review_digest.apply().get()
    assert sent == 2  # the reviewer and the staff administrator
    assert weekly_review_digest.apply().get() == 0
    email = OutboundEmail.objects.filter(kind="declaration.review_digest").first()
    assert world.partnership.name in email.body_text
    assert digest.send_review_digest(today=timezone.localdate() + timedelta(days=7)) == 2


def test_the_public_part_reads_in_a_constant_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(commitments: int) -> int:
        admin = make_user()
        org = make_organisation(admin=admin)
        partnership = make_partnership(org, status="draft")

        class W:
            pass

        w = W()
        w.partnership, w.coordinator, w.coordinator_org = partnership, admin, org
        version = write_draft(w, commitments=commitments)
        review.submit(version, lock_version=version.lock_version, actor=admin)
        publication.approve(version, actor=world.reviewer)
        with CaptureQueriesContext(connection) as captured:
            context = selectors.public_context(partnership)
            assert len(context["commitments"]) == commitments
        return len(captured)

    assert queries_for(1) == queries_for(7)


def test_the_overview_shows_the_reason_for_changes_without_section_comments(world, draft, login):
    _submit(world, draft)
    review.request_changes(draft, reason="Name the regions you cover.", actor=world.reviewer)
    page = login(world.coordinator).get(
        reverse("partnerships:declaration", args=[world.partnership.slug])
    )
    body = page.content.decode()
    assert "The reviewer's comments on the previous version" in body
    assert "Name the regions you cover." in body


def test_a_draft_opened_by_a_change_request_was_saved_by_nobody_yet(world, draft, login):
    _submit(world, draft)
    new = review.request_changes(draft, reason="Be precise.", actor=world.reviewer)
    assert new.updated_by is None
    page = login(world.coordinator).get(
        reverse("partnerships:declaration", args=[world.partnership.slug])
    )
    body = page.content.decode()
    assert world.reviewer.display_name not in body.split("Signatures")[0]
    assert "Last saved" not in body
    drafting.save_section(
        new,
        "ambition",
        {"ambition": "Clearer."},
        lock_version=new.lock_version,
        actor=world.coordinator,
    )
    page = login(world.coordinator).get(
        reverse("partnerships:declaration", args=[world.partnership.slug])
    )
    assert "Last saved" in page.content.decode()
    assert f"— {world.coordinator.display_name}" in page.content.decode()


def test_approval_suggests_the_set_up_stage_to_support_services(world, draft, login):
    from partnerships.workspace import stages

    _submit(world, draft)
    publication.approve(draft, actor=world.reviewer)
    world.partnership.refresh_from_db()
    assert world.partnership.stage == "design"  # suggested, never forced
    board = login(world.support).get(reverse("partnerships:stages"))
    assert [p.pk for p in board.context["suggestions"]] == [world.partnership.pk]
    body = board.content.decode()
    assert "Suggested stage changes" in body
    change = reverse("partnerships:change_stage", args=[world.partnership.slug])
    assert f'href="{change}"' in body
    stages.change_stage(world.partnership, "set_up", actor=world.support, note="Kick-off held.")
    board = login(world.support).get(reverse("partnerships:stages"))
    assert board.context["suggestions"] == []
    assert "Suggested stage changes" not in board.content.decode()
