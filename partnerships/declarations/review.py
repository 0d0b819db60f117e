"""Submission and review: what a complete declaration needs, submitting it, and the reviewer's
start, comments and decisions (changes requested, rejected; approval is in ``publication``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, Target
from pact import access
from pact.access import Perm
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from partnerships.declarations.common import (
    DeclarationError,
    Incomplete,
    coordinator_organisation,
    follow_partnership_status,
    notify_admins,
    partnership_url,
)
from partnerships.declarations.drafting import claim_draft, copy_as_draft
from partnerships.models import (
    CoordinatorVacancy,
    DeclarationStatus,
    DeclarationVersion,
    Partnership,
    PartnershipMembership,
    PartnershipRole,
    ReviewComment,
    Section,
    Signature,
    SignatureStatus,
)

S = DeclarationStatus


# --- submission ----------------------------------------------------------------------------------


def missing_items(version: DeclarationVersion) -> list[tuple[str, str]]:
    """What stops a submission, as (section, message) pairs; empty when the draft is complete."""
    missing: list[tuple[str, str]] = []
    if not version.challenges.strip():
        missing.append((Section.CHALLENGES, _("Main challenges: describe at least one challenge.")))
    if not version.objectives.strip():
        missing.append((Section.OBJECTIVES, _("Key objectives: state at least one objective.")))
    if not Target.objects.filter(commitment__declaration_version=version).exists():
        if Commitment.objects.filter(declaration_version=version).exists():
            message = _("Commitments: give at least one commitment a measurable target.")
        else:
            message = _("Commitments: add at least one commitment with a measurable target.")
        missing.append((Section.COMMITMENTS, message))
    coordinator = coordinator_organisation(version.partnership)
    signed = (
        coordinator is not None
        and Signature.objects.filter(
            version=version,
            organisation=coordinator,
            status=SignatureStatus.SIGNED,
            signed_content_hash=version.content_hash,
        ).exists()
    )
    if not signed:
        missing.append(
            (
                Section.SIGNATORIES,
                _("Signatories: %(name)s, the coordinating organisation, has not signed this text.")
                % {"name": coordinator.name if coordinator else _("the coordinator")},
            )
        )
    return missing


@transaction.atomic
def submit(
    version: DeclarationVersion,
    *,
    lock_version: int,
    actor,
    sign_in: Assurance | None = None,
) -> DeclarationVersion:
    """Send a complete draft to the Commission. From now on this version never changes. Refused
    while the partnership waits for staff to appoint its next coordinator."""
    if CoordinatorVacancy.objects.filter(
        partnership_id=version.partnership_id, closed_at__isnull=True
    ).exists():
        raise DeclarationError(
            _(
                "This partnership waits for the Commission to appoint its next coordinator: no "
                "new declaration version can be submitted until then."
            )
        )
    if not access.can(actor, Perm.PS_COORDINATE, version.partnership, sign_in=sign_in):
        raise DeclarationError(_("Only the coordinator can submit the declaration."))
    version.refresh_from_db()
    missing = missing_items(version)
    if missing:
        raise Incomplete(missing)
    claim_draft(
        version,
        lock_version,
        actor,
        status=S.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=actor,
    )
    log_action(
        "pact.declaration.submitted",
        version,
        actor,
        {"number": version.number, "content_hash": version.content_hash},
    )
    follow_partnership_status(version.partnership, S.SUBMITTED, actor)
    return version


# --- review --------------------------------------------------------------------------------------


def require_reviewer(actor, sign_in: Assurance | None = None) -> None:
    """Review is for Commission reviewers whose sign-in is multi-factor, whoever calls."""
    if not access.can(actor, Perm.STAFF_REVIEW, sign_in=sign_in):
        raise DeclarationError(_("Only Commission reviewers can do this."))


def _lock_for_review(version: DeclarationVersion) -> DeclarationVersion:
    locked = DeclarationVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status not in (S.SUBMITTED, S.IN_REVIEW):
        raise DeclarationError(_("This version is not waiting for a review any more."))
    return locked


@transaction.atomic
def start_review(
    version: DeclarationVersion, *, actor, sign_in: Assurance | None = None
) -> DeclarationVersion:
    require_reviewer(actor, sign_in)
    locked = _lock_for_review(version)
    if locked.status == S.SUBMITTED:
        DeclarationVersion.objects.filter(pk=version.pk).update(
            status=S.IN_REVIEW, review_started_at=timezone.now(), reviewer=actor
        )
        log_action("pact.declaration.review_started", version, actor, {"number": version.number})
    version.refresh_from_db()
    return version


@transaction.atomic
def add_comment(
    version: DeclarationVersion,
    *,
    section: str,
    body: str,
    actor,
    sign_in: Assurance | None = None,
) -> ReviewComment:
    require_reviewer(actor, sign_in)
    body = body.strip()
    if not body:
        raise DeclarationError(_("Write the comment first."))
    if section not in Section.values:
        raise DeclarationError(_("Choose the section the comment is about."))
    start_review(version, actor=actor)
    comment = ReviewComment.objects.create(
        version=version, section=section, body=body, author=actor
    )
    log_action(
        "pact.declaration.commented", version, actor, {"section": section, "comment_id": comment.pk}
    )
    return comment


def decide(version: DeclarationVersion, status: str, reason: str, actor) -> DeclarationVersion:
    start_review(version, actor=actor)
    DeclarationVersion.objects.filter(pk=version.pk).update(
        status=status, decided_at=timezone.now(), decided_by=actor, decision_reason=reason
    )
    version.refresh_from_db()
    return version


def coordinator_ids(partnership: Partnership) -> list[int]:
    return list(
        PartnershipMembership.objects.filter(
            partnership=partnership, role=PartnershipRole.COORDINATOR
        ).values_list("organisation_id", flat=True)
    )


@transaction.atomic
def request_changes(
    version: DeclarationVersion, *, reason: str, actor, sign_in: Assurance | None = None
) -> DeclarationVersion:
    """Freeze this version (changes requested) and open the next draft for the coordinator."""
    require_reviewer(actor, sign_in)
    reason = reason.strip()
    if not reason and not ReviewComment.objects.filter(version=version).exists():
        raise DeclarationError(_("Say what must change, in a comment or in the reason."))
    version = decide(version, S.CHANGES_REQUESTED, reason, actor)
    log_action(
        "pact.declaration.changes_requested",
        version,
        actor,
        {"number": version.number, "reason": reason},
    )
    draft = copy_as_draft(version, actor)
    follow_partnership_status(version.partnership, S.CHANGES_REQUESTED, actor)
    comments = list(ReviewComment.objects.filter(version=version))
    notify_admins(
        coordinator_ids(version.partnership),
        "declarations_changes_requested",
        {
            "partnership": version.partnership,
            "version": version,
            "reason": reason,
            "comments": comments,
            "url": partnership_url("declaration", version.partnership.slug),
        },
        kind="declaration.changes_requested",
        key=f"declaration-changes:{version.pk}",
    )
    return draft


@transaction.atomic
def reject(
    version: DeclarationVersion, *, reason: str, actor, sign_in: Assurance | None = None
) -> DeclarationVersion:
    require_reviewer(actor, sign_in)
    reason = reason.strip()
    if not reason:
        raise DeclarationError(_("Give the reason for rejecting the declaration."))
    version = decide(version, S.REJECTED, reason, actor)
    log_action(
        "pact.declaration.rejected", version, actor, {"number": version.number, "reason": reason}
    )
    follow_partnership_status(version.partnership, S.REJECTED, actor)
    notify_admins(
        coordinator_ids(version.partnership),
        "declarations_rejected",
        {
            "partnership": version.partnership,
            "version": version,
            "reason": reason,
            "url": partnership_url("declaration", version.partnership.slug),
        },
        kind="declaration.rejected",
        key=f"declaration-rejected:{version.pk}",
    )
    return version
