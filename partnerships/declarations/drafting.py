"""Writes for declarations: drafting, signatures, submission, review, publication and PDFs.

Every operation checks its own preconditions, writes an audit row and queues its mails after
commit. A draft is the only version that changes; each save names the ``lock_version`` it read
and is refused when another save came first, so nobody overwrites anybody.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, Indicator, ProgressReport, Target
from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email
from partnerships.models import (
    DeclarationPdf,
    DeclarationStatus,
    DeclarationVersion,
    Partnership,
    PartnershipMembership,
    PartnershipRole,
    PartnershipStatus,
    ReviewComment,
    Section,
    Signature,
    SignatureStatus,
)

log = logging.getLogger(__name__)

S = DeclarationStatus
TEXT_SECTIONS: dict[str, tuple[str, ...]] = {
    Section.CHALLENGES: ("language", "challenges"),
    Section.OBJECTIVES: ("objectives",),
    Section.AMBITION: ("ambition",),
    Section.GOVERNANCE: (
        "governance_coordination",
        "governance_decision_making",
        "governance_monitoring",
    ),
}


_TEXT_FIELDS = (
    "challenges",
    "objectives",
    "ambition",
    "governance_coordination",
    "governance_decision_making",
    "governance_monitoring",
)


class DeclarationError(Exception):
    """A refused operation; the message is meant for the person who asked, in their language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class EditConflict(DeclarationError):
    """Somebody else saved the draft since this person read it: nothing was written."""


class NotEditable(DeclarationError):
    pass


class Incomplete(DeclarationError):
    def __init__(self, missing: list[tuple[str, str]]) -> None:
        super().__init__(_("The declaration is not complete yet."))
        self.missing = missing


class StaleRead(DeclarationError):
    pass


# --- helpers -------------------------------------------------------------------------------------


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(f"partnerships:{name}", args=args)


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def coordinator_organisation(partnership: Partnership) -> Organisation | None:
    membership = (
        PartnershipMembership.objects.filter(
            partnership=partnership, role=PartnershipRole.COORDINATOR
        )
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else partnership.coordinator


def _admins(organisation_ids: Iterable[int]):
    from partnerships.workspace.invitations import organisation_admins

    return organisation_admins(organisation_ids)


def _notify(organisation_ids: Iterable[int], template: str, context: dict, kind: str, key: str):
    for user in _admins(organisation_ids):
        queue_email(
            to=user, template=template, context=context, kind=kind, dedupe_key=f"{key}:{user.pk}"
        )


def _follow_partnership_status(partnership: Partnership, declaration_status: str, actor) -> None:
    """The partnership's status follows its first declaration; an amendment leaves it active."""
    from partnerships.workspace.invitations import set_status_from_declaration

    current = Partnership.objects.only("status").get(pk=partnership.pk).status
    target = None
    if declaration_status == S.SUBMITTED and current == PartnershipStatus.DRAFT:
        target = PartnershipStatus.UNDER_REVIEW
    elif declaration_status in (S.CHANGES_REQUESTED, S.REJECTED):
        if current == PartnershipStatus.UNDER_REVIEW:
            target = PartnershipStatus.DRAFT
    elif declaration_status == S.APPROVED and current != PartnershipStatus.ACTIVE:
        target = PartnershipStatus.ACTIVE
    if target:
        set_status_from_declaration(partnership, target, actor)
        partnership.refresh_from_db(fields=["status", "launched_on"])


def _refresh_search(partnership: Partnership) -> None:
    from partnerships.workspace.invitations import refresh_search_vector

    refresh_search_vector([partnership.pk])


def _decimal(value) -> str:
    return format(Decimal(value).normalize(), "f") if value is not None else ""


def compute_content_hash(version: DeclarationVersion) -> str:
    """SHA-256 of everything a signatory signs: the texts, the commitments and their targets."""
    commitments = (
        Commitment.objects.filter(declaration_version=version)
        .prefetch_related("targets__indicator", "responsible_organisations")
        .order_by("position", "id")
    )
    payload = {
        "language": version.language,
        **{field: getattr(version, field).strip() for field in _TEXT_FIELDS},
        "commitments": [
            {
                "uid": str(c.uid),
                "title": c.title.strip(),
                "description": c.description.strip(),
                "responsible": sorted(o.pk for o in c.responsible_organisations.all()),
                "targets": [
                    {
                        "uid": str(t.uid),
                        "indicator": t.indicator.code,
                        "unit": t.unit,
                        "baseline": _decimal(t.baseline),
                        "target_value": _decimal(t.target_value),
                        "target_date": t.target_date.isoformat(),
                        "description": t.description.strip(),
                    }
                    for t in sorted(c.targets.all(), key=lambda t: (t.position, t.pk))
                ],
            }
            for c in commitments
        ],
    }
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(raw).hexdigest()


def _claim_draft(version: DeclarationVersion, lock_version: int, actor, **fields) -> None:
    """Compare-and-set on the draft: write only if nobody saved since ``lock_version`` was read.

    The UPDATE holds the row lock until the transaction ends, so concurrent saves queue up and
    the second one finds a newer ``lock_version`` and is refused.
    """
    now = timezone.now()
    updated = DeclarationVersion.objects.filter(
        pk=version.pk, status=S.DRAFT, lock_version=lock_version
    ).update(**fields, lock_version=F("lock_version") + 1, updated_at=now, updated_by=actor)
    if not updated:
        current = DeclarationVersion.objects.select_related("updated_by").get(pk=version.pk)
        if current.status != S.DRAFT:
            raise NotEditable(
                _("This version was submitted and can no longer change. Open the current draft.")
            )
        who = current.updated_by.display_name if current.updated_by else _("someone")
        raise EditConflict(
            _(
                "%(who)s saved this declaration at %(time)s, after you opened this page. "
                "Nothing was overwritten: your text is kept below. Compare it with the saved "
                "version, then save again."
            )
            % {"who": who, "time": timezone.localtime(current.updated_at).strftime("%H:%M")}
        )
    version.refresh_from_db()


def _after_content_change(version: DeclarationVersion, actor, section: str) -> None:
    """Recompute the content hash; a changed text cancels the signatures already given."""
    new_hash = compute_content_hash(version)
    if new_hash == version.content_hash:
        return
    DeclarationVersion.objects.filter(pk=version.pk).update(content_hash=new_hash)
    version.content_hash = new_hash
    answered = list(
        Signature.objects.filter(
            version=version, status__in=[SignatureStatus.SIGNED, SignatureStatus.DECLINED]
        ).select_related("organisation")
    )
    if answered:
        Signature.objects.filter(pk__in=[s.pk for s in answered]).update(
            status=SignatureStatus.REQUESTED, rerequested_at=timezone.now(), notified_at=None
        )
        for signature in answered:
            log_action(
                "pact.declaration.signature_requested",
                version,
                actor,
                {
                    "organisation": signature.organisation.name,
                    "reason": "edited_after_signature",
                    "section": section,
                },
            )
    log_action(
        "pact.declaration.saved",
        version,
        actor,
        {"section": section, "number": version.number, "content_hash": new_hash},
    )


# --- drafting ------------------------------------------------------------------------------------


def open_version(partnership: Partnership) -> DeclarationVersion | None:
    return (
        DeclarationVersion.objects.filter(
            partnership=partnership, status__in=[S.DRAFT, S.SUBMITTED, S.IN_REVIEW]
        )
        .order_by("-number")
        .first()
    )


@transaction.atomic
def start_draft(partnership: Partnership, actor) -> DeclarationVersion:
    """Open a draft: the first one, or a copy of the latest version (an amendment, a new try).

    Returns the open version if there already is one, so a double click opens one draft only.
    """
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    current = open_version(partnership)
    if current is not None:
        return current
    latest = DeclarationVersion.objects.filter(partnership=partnership).order_by("-number").first()
    if latest is not None:
        return _copy_as_draft(latest, actor)
    version = DeclarationVersion.objects.create(
        partnership=partnership, number=1, created_by=_actor(actor), updated_by=_actor(actor)
    )
    version.content_hash = compute_content_hash(version)
    DeclarationVersion.objects.filter(pk=version.pk).update(content_hash=version.content_hash)
    log_action("pact.declaration.saved", version, actor, {"number": 1, "created": True})
    return version


def _copy_as_draft(source: DeclarationVersion, actor) -> DeclarationVersion:
    """A new draft numbered after the last one, with the source's texts, commitments and targets.

    Commitments and targets keep their ``uid`` so monitoring follows them across versions;
    signatures are copied too and stay valid as long as the content is unchanged.
    """
    number = (
        DeclarationVersion.objects.filter(partnership_id=source.partnership_id).aggregate(
            n=Max("number")
        )["n"]
        or 0
    ) + 1
    draft = DeclarationVersion.objects.create(
        partnership_id=source.partnership_id,
        number=number,
        language=source.language,
        previous=source,
        created_by=_actor(actor),
        updated_by=_actor(actor),
        **{field: getattr(source, field) for field in _TEXT_FIELDS},
    )
    for commitment in (
        Commitment.objects.filter(declaration_version=source)
        .prefetch_related("targets", "responsible_organisations")
        .order_by("position", "id")
    ):
        copy = Commitment.objects.create(
            uid=commitment.uid,
            partnership_id=source.partnership_id,
            declaration_version=draft,
            title=commitment.title,
            description=commitment.description,
            position=commitment.position,
        )
        copy.responsible_organisations.set(commitment.responsible_organisations.all())
        Target.objects.bulk_create(
            Target(
                uid=t.uid,
                commitment=copy,
                indicator_id=t.indicator_id,
                unit=t.unit,
                baseline=t.baseline,
                target_value=t.target_value,
                target_date=t.target_date,
                description=t.description,
                position=t.position,
            )
            for t in commitment.targets.all()
        )
    Signature.objects.bulk_create(
        Signature(
            version=draft,
            organisation_id=s.organisation_id,
            status=s.status,
            comment=s.comment,
            requested_at=s.requested_at,
            requested_by_id=s.requested_by_id,
            answered_at=s.answered_at,
            answered_by_id=s.answered_by_id,
            signed_content_hash=s.signed_content_hash,
            notified_at=s.notified_at,
        )
        for s in Signature.objects.filter(version=source)
    )
    draft.content_hash = compute_content_hash(draft)
    DeclarationVersion.objects.filter(pk=draft.pk).update(content_hash=draft.content_hash)
    log_action(
        "pact.declaration.saved",
        draft,
        actor,
        {"number": draft.number, "created": True, "copied_from": source.number},
    )
    return draft


@transaction.atomic
def save_section(
    version: DeclarationVersion, section: str, data: dict, *, lock_version: int, actor
) -> DeclarationVersion:
    """Save one text section of a draft (compare-and-set on ``lock_version``)."""
    if section not in TEXT_SECTIONS:
        raise ValueError(f"{section!r} is not a text section")
    fields = {name: data[name] for name in TEXT_SECTIONS[section] if name in data}
    for name, value in fields.items():
        if name != "language":
            fields[name] = (value or "").replace("\r\n", "\n").strip()
    _claim_draft(version, lock_version, _actor(actor), **fields)
    _after_content_change(version, actor, section)
    return version


def _partnership_organisation_ids(partnership_id: int) -> set[int]:
    return set(
        PartnershipMembership.objects.filter(partnership_id=partnership_id).values_list(
            "organisation_id", flat=True
        )
    )


@transaction.atomic
def save_commitment(
    version: DeclarationVersion,
    commitment: Commitment | None,
    *,
    data: dict,
    targets: Sequence[dict],
    lock_version: int,
    actor,
) -> Commitment:
    """Create or change a commitment of a draft with its targets (matched by ``uid``).

    ``data`` has title, description and responsible_organisations; each target dict has
    indicator, unit (empty: the indicator's), baseline, target_value, target_date, description
    and optionally the ``uid`` of an existing target. Targets left out are removed.
    """
    if not targets:
        raise DeclarationError(_("A commitment needs at least one target."))
    _claim_draft(version, lock_version, _actor(actor))
    members = _partnership_organisation_ids(version.partnership_id)
    responsible = [o for o in data.get("responsible_organisations", []) if o.pk in members]
    if commitment is None:
        position = (
            Commitment.objects.filter(declaration_version=version).aggregate(p=Max("position"))["p"]
            or 0
        ) + 1
        commitment = Commitment.objects.create(
            partnership_id=version.partnership_id,
            declaration_version=version,
            title=data["title"].strip(),
            description=(data.get("description") or "").strip(),
            position=position,
        )
    else:
        if commitment.declaration_version_id != version.pk:
            raise DeclarationError(_("This commitment belongs to another version."))
        commitment.title = data["title"].strip()
        commitment.description = (data.get("description") or "").strip()
        commitment.save(update_fields=["title", "description"])
    commitment.responsible_organisations.set(responsible)
    existing = {str(t.uid): t for t in commitment.targets.all()}
    kept: set[str] = set()
    for position, row in enumerate(targets, start=1):
        indicator: Indicator = row["indicator"]
        values = {
            "indicator": indicator,
            "unit": row.get("unit") or indicator.unit,
            "baseline": row.get("baseline") or Decimal(0),
            "target_value": row["target_value"],
            "target_date": row["target_date"],
            "description": (row.get("description") or "").strip(),
            "position": position,
        }
        uid = str(row.get("uid") or "")
        if uid in existing:
            target = existing[uid]
            for key, value in values.items():
                setattr(target, key, value)
            target.save()
            kept.add(uid)
        else:
            Target.objects.create(commitment=commitment, **values)
    for uid, target in existing.items():
        if uid not in kept:
            target.delete()
    _after_content_change(version, actor, Section.COMMITMENTS)
    return commitment


@transaction.atomic
def delete_commitment(
    version: DeclarationVersion, commitment: Commitment, *, lock_version: int, actor
) -> None:
    if commitment.declaration_version_id != version.pk:
        raise DeclarationError(_("This commitment belongs to another version."))
    _claim_draft(version, lock_version, _actor(actor))
    title = commitment.title
    commitment.delete()
    _after_content_change(version, actor, Section.COMMITMENTS)
    log_action(
        "pact.declaration.saved",
        version,
        actor,
        {"section": Section.COMMITMENTS, "removed_commitment": title},
    )


@transaction.atomic
def move_commitment(
    version: DeclarationVersion, commitment: Commitment, *, up: bool, lock_version: int, actor
) -> None:
    """Swap a commitment with its neighbour (order matters in the published declaration)."""
    _claim_draft(version, lock_version, _actor(actor))
    ordered = list(
        Commitment.objects.filter(declaration_version=version).order_by("position", "id")
    )
    index = next(i for i, c in enumerate(ordered) if c.pk == commitment.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            Commitment.objects.filter(pk=item.pk).update(position=position)
    _after_content_change(version, actor, Section.COMMITMENTS)


# --- signatures ----------------------------------------------------------------------------------


def _signature_context(version: DeclarationVersion, signature: Signature) -> dict:
    return {
        "partnership": version.partnership,
        "version": version,
        "organisation": signature.organisation,
        "sign_url": _url("declaration_sign", version.partnership.slug, signature.pk),
    }


def _send_signature_requests(version: DeclarationVersion, signatures: Iterable[Signature]) -> int:
    sent = 0
    now = timezone.now()
    for signature in signatures:
        for user in _admins([signature.organisation_id]):
            queue_email(
                to=user,
                template="declarations_signature_requested",
                context=_signature_context(version, signature),
                kind="declaration.signature_requested",
                dedupe_key=(
                    f"declaration-sign:{signature.pk}:{version.content_hash}:"
                    f"{signature.rerequested_at and signature.rerequested_at.timestamp()}:{user.pk}"
                ),
            )
            sent += 1
        Signature.objects.filter(pk=signature.pk).update(notified_at=now, requested_at=now)
    return sent


@transaction.atomic
def request_signatures(
    version: DeclarationVersion, organisations: Iterable[Organisation], *, actor
) -> list[Signature]:
    """Ask member organisations to sign the draft; their administrators get an email."""
    if version.status != S.DRAFT:
        raise NotEditable(_("Signatures are collected on the draft, before it is submitted."))
    members = _partnership_organisation_ids(version.partnership_id)
    created: list[Signature] = []
    for organisation in organisations:
        if organisation.pk not in members:
            raise DeclarationError(
                _("%(name)s is not a member of this partnership.") % {"name": organisation.name}
            )
        signature, was_created = Signature.objects.get_or_create(
            version=version,
            organisation=organisation,
            defaults={"requested_by": _actor(actor), "status": SignatureStatus.REQUESTED},
        )
        if was_created:
            created.append(signature)
            log_action(
                "pact.declaration.signature_requested",
                version,
                actor,
                {"organisation": organisation.name, "organisation_id": organisation.pk},
            )
    _send_signature_requests(version, created)
    return created


@transaction.atomic
def send_pending_requests(version: DeclarationVersion, *, actor) -> int:
    """Email again the organisations whose answer is still awaited (after an edit, say)."""
    if version.status != S.DRAFT:
        raise NotEditable(_("Signatures are collected on the draft, before it is submitted."))
    pending = list(
        Signature.objects.filter(
            version=version, status=SignatureStatus.REQUESTED, notified_at=None
        ).select_related("organisation")
    )
    for signature in pending:
        log_action(
            "pact.declaration.signature_requested",
            version,
            actor,
            {"organisation": signature.organisation.name, "again": True},
        )
    _send_signature_requests(version, pending)
    return len(pending)


@transaction.atomic
def withdraw_signature_request(signature: Signature, *, actor) -> None:
    version = signature.version
    if version.status != S.DRAFT:
        raise NotEditable(_("Signatures are collected on the draft, before it is submitted."))
    name = signature.organisation.name
    signature.delete()
    log_action("pact.declaration.signature_withdrawn", version, actor, {"organisation": name})


@transaction.atomic
def answer_signature(
    signature: Signature, *, sign: bool, comment: str, content_hash_read: str, actor
) -> Signature:
    """An organisation administrator signs or declines the text they read (``content_hash_read``)."""
    signature = (
        Signature.objects.select_for_update()
        .select_related("version__partnership", "organisation")
        .get(pk=signature.pk)
    )
    version = signature.version
    if not access.can(actor, Perm.ORG_SIGN, signature.organisation):
        raise DeclarationError(_("Only an administrator of the organisation can answer."))
    if version.status != S.DRAFT:
        raise NotEditable(_("This version was submitted; signatures can no longer change."))
    if content_hash_read != version.content_hash:
        raise StaleRead(
            _(
                "The declaration changed while you were reading it. Read the new text below, "
                "then sign or decline again."
            )
        )
    comment = comment.strip()
    if not sign and not comment:
        raise DeclarationError(_("Say in a comment why your organisation declines."))
    signature.status = SignatureStatus.SIGNED if sign else SignatureStatus.DECLINED
    signature.comment = comment
    signature.answered_at = timezone.now()
    signature.answered_by = actor
    signature.signed_content_hash = version.content_hash
    signature.rerequested_at = None
    signature.save()
    log_action(
        "pact.declaration.signed" if sign else "pact.declaration.declined",
        version,
        actor,
        {
            "organisation": signature.organisation.name,
            "organisation_id": signature.organisation_id,
            "content_hash": version.content_hash,
            "number": version.number,
            **({"comment": comment} if comment else {}),
        },
    )
    coordinator = coordinator_organisation(version.partnership)
    if coordinator and coordinator.pk != signature.organisation_id:
        _notify(
            [coordinator.pk],
            "declarations_signature_answered",
            {
                "partnership": version.partnership,
                "version": version,
                "signature": signature,
                "organisation": signature.organisation,
                "url": _url("declaration", version.partnership.slug),
            },
            kind="declaration.signature_answered",
            key=f"declaration-answer:{signature.pk}:{signature.status}:{version.content_hash}",
        )
    return signature


def valid_signature(signature: Signature, version: DeclarationVersion) -> bool:
    return (
        signature.status == SignatureStatus.SIGNED
        and signature.signed_content_hash == version.content_hash
    )


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
def submit(version: DeclarationVersion, *, lock_version: int, actor) -> DeclarationVersion:
    """Send a complete draft to the Commission. From now on this version never changes."""
    if not access.can(actor, Perm.PS_COORDINATE, version.partnership):
        raise DeclarationError(_("Only the coordinator can submit the declaration."))
    version.refresh_from_db()
    missing = missing_items(version)
    if missing:
        raise Incomplete(missing)
    _claim_draft(
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
    _follow_partnership_status(version.partnership, S.SUBMITTED, actor)
    return version


# --- review --------------------------------------------------------------------------------------


def _require_reviewer(actor) -> None:
    if not access.can(actor, Perm.STAFF_REVIEW):
        raise DeclarationError(_("Only Commission reviewers can do this."))


def _lock_for_review(version: DeclarationVersion) -> DeclarationVersion:
    locked = DeclarationVersion.objects.select_for_update().get(pk=version.pk)
    if locked.status not in (S.SUBMITTED, S.IN_REVIEW):
        raise DeclarationError(_("This version is not waiting for a review any more."))
    return locked


@transaction.atomic
def start_review(version: DeclarationVersion, *, actor) -> DeclarationVersion:
    _require_reviewer(actor)
    locked = _lock_for_review(version)
    if locked.status == S.SUBMITTED:
        DeclarationVersion.objects.filter(pk=version.pk).update(
            status=S.IN_REVIEW, review_started_at=timezone.now(), reviewer=actor
        )
        log_action("pact.declaration.review_started", version, actor, {"number": version.number})
    version.refresh_from_db()
    return version


@transaction.atomic
def add_comment(version: DeclarationVersion, *, section: str, body: str, actor) -> ReviewComment:
    _require_reviewer(actor)
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


def _decide(version: DeclarationVersion, status: str, reason: str, actor) -> DeclarationVersion:
    start_review(version, actor=actor)
    DeclarationVersion.objects.filter(pk=version.pk).update(
        status=status, decided_at=timezone.now(), decided_by=actor, decision_reason=reason
    )
    version.refresh_from_db()
    return version


def _coordinator_ids(partnership: Partnership) -> list[int]:
    return list(
        PartnershipMembership.objects.filter(
            partnership=partnership, role=PartnershipRole.COORDINATOR
        ).values_list("organisation_id", flat=True)
    )


@transaction.atomic
def request_changes(version: DeclarationVersion, *, reason: str, actor) -> DeclarationVersion:
    """Freeze this version (changes requested) and open the next draft for the coordinator."""
    _require_reviewer(actor)
    reason = reason.strip()
    if not reason and not ReviewComment.objects.filter(version=version).exists():
        raise DeclarationError(_("Say what must change, in a comment or in the reason."))
    version = _decide(version, S.CHANGES_REQUESTED, reason, actor)
    log_action(
        "pact.declaration.changes_requested",
        version,
        actor,
        {"number": version.number, "reason": reason},
    )
    draft = _copy_as_draft(version, actor)
    _follow_partnership_status(version.partnership, S.CHANGES_REQUESTED, actor)
    comments = list(ReviewComment.objects.filter(version=version))
    _notify(
        _coordinator_ids(version.partnership),
        "declarations_changes_requested",
        {
            "partnership": version.partnership,
            "version": version,
            "reason": reason,
            "comments": comments,
            "url": _url("declaration", version.partnership.slug),
        },
        kind="declaration.changes_requested",
        key=f"declaration-changes:{version.pk}",
    )
    return draft


@transaction.atomic
def reject(version: DeclarationVersion, *, reason: str, actor) -> DeclarationVersion:
    _require_reviewer(actor)
    reason = reason.strip()
    if not reason:
        raise DeclarationError(_("Give the reason for rejecting the declaration."))
    version = _decide(version, S.REJECTED, reason, actor)
    log_action(
        "pact.declaration.rejected", version, actor, {"number": version.number, "reason": reason}
    )
    _follow_partnership_status(version.partnership, S.REJECTED, actor)
    _notify(
        _coordinator_ids(version.partnership),
        "declarations_rejected",
        {
            "partnership": version.partnership,
            "version": version,
            "reason": reason,
            "url": _url("declaration", version.partnership.slug),
        },
        kind="declaration.rejected",
        key=f"declaration-rejected:{version.pk}",
    )
    return version


def _carry_monitoring_over(old: DeclarationVersion, new: DeclarationVersion) -> int:
    """Move progress reports from the old version's targets to the new targets with the same uid."""
    new_targets = dict(
        Target.objects.filter(commitment__declaration_version=new).values_list("uid", "pk")
    )
    moved = 0
    for old_pk, uid in Target.objects.filter(commitment__declaration_version=old).values_list(
        "pk", "uid"
    ):
        if uid in new_targets:
            moved += ProgressReport.objects.filter(target_id=old_pk).update(
                target_id=new_targets[uid]
            )
    return moved


@transaction.atomic
def approve(version: DeclarationVersion, *, actor, note: str = "") -> DeclarationVersion:
    """Publish: the version is approved, the previous approved one superseded (still readable),
    its commitments become the current ones with their monitoring history, the partnership is
    active, and a PDF is requested in the same transaction."""
    _require_reviewer(actor)
    Partnership.objects.select_for_update().filter(pk=version.partnership_id).first()
    previous = list(
        DeclarationVersion.objects.filter(partnership_id=version.partnership_id, status=S.APPROVED)
    )
    version = _decide(version, S.APPROVED, note.strip(), actor)
    moved = 0
    for old in previous:
        DeclarationVersion.objects.filter(pk=old.pk).update(status=S.SUPERSEDED)
        Commitment.objects.filter(declaration_version=old).update(is_current=False)
        moved += _carry_monitoring_over(old, version)
        log_action(
            "pact.declaration.superseded", old, actor, {"number": old.number, "by": version.number}
        )
    Commitment.objects.filter(declaration_version=version).update(is_current=True)
    log_action(
        "pact.declaration.approved",
        version,
        actor,
        {
            "number": version.number,
            "content_hash": version.content_hash,
            "reports_moved": moved,
            **({"note": note} if note else {}),
        },
    )
    partnership = version.partnership
    _follow_partnership_status(partnership, S.APPROVED, actor)
    if partnership.launched_on is None:
        Partnership.objects.filter(pk=partnership.pk).update(launched_on=timezone.localdate())
    request_pdf(version, actor=actor)
    _refresh_search(partnership)
    signatory_ids = list(
        Signature.objects.filter(version=version, status=SignatureStatus.SIGNED).values_list(
            "organisation_id", flat=True
        )
    )
    _notify(
        sorted({*_coordinator_ids(partnership), *signatory_ids}),
        "declarations_approved",
        {
            "partnership": partnership,
            "version": version,
            "url": settings.SITE_URL + reverse("partnerships:detail", args=[partnership.slug]),
        },
        kind="declaration.approved",
        key=f"declaration-approved:{version.pk}",
    )
    return version


# --- PDF -----------------------------------------------------------------------------------------


def request_pdf(version: DeclarationVersion, *, actor=None) -> DeclarationPdf:
    """Record that the published version needs its PDF; a task renders it after commit.

    Keyed by the content hash, so asking twice yields one row and one file. A failed rendering,
    or a ready one whose file was lost from storage, asked again goes back to pending.
    """
    if not version.is_published:
        raise DeclarationError(_("Only an approved declaration is published as a PDF."))
    with transaction.atomic():
        try:
            pdf, created = DeclarationPdf.objects.get_or_create(
                version=version, content_hash=version.content_hash, draft=False
            )
        except IntegrityError:
            pdf, created = (
                DeclarationPdf.objects.get(
                    version=version, content_hash=version.content_hash, draft=False
                ),
                False,
            )
        file_lost = (
            pdf.status == DeclarationPdf.Status.READY
            and bool(pdf.file)
            and not pdf.file.storage.exists(pdf.file.name or "")
        )
        if not created and (pdf.status == DeclarationPdf.Status.FAILED or file_lost):
            DeclarationPdf.objects.filter(pk=pdf.pk).update(
                status=DeclarationPdf.Status.PENDING, claimed_at=None, progress=0, last_error=""
            )
            pdf.refresh_from_db()
            created = True
        if created:
            log_action(
                "pact.declaration_pdf.requested",
                pdf,
                actor,
                {"number": version.number, "content_hash": version.content_hash},
                partnership_id=version.partnership_id,
            )
            enqueue_pdf(pdf.pk)
    return pdf


def enqueue_pdf(pk: int) -> None:
    from partnerships.tasks import render_pdf

    def _enqueue() -> None:
        try:
            render_pdf.delay(pk)
        except Exception:
            # The row stays pending: the sweeper enqueues it again once the broker is back.
            log.warning("Broker unavailable; declaration PDF %s stays pending", pk)

    transaction.on_commit(_enqueue)


# --- reviewers' digest ---------------------------------------------------------------------------


def send_review_digest(today=None) -> int:
    """Email each reviewer the declarations waiting for review; once per ISO week and person."""
    from pact.models import StaffRole, User
    from partnerships.declarations.selectors import days_waiting, review_queue

    today = today or timezone.localdate()
    waiting = list(review_queue())
    if not waiting:
        return 0
    year, week, _day = today.isocalendar()
    rows = [
        {
            "version": v,
            "partnership": v.partnership,
            "days": days_waiting(v),
            "url": _url("declaration_review", v.partnership.slug, v.number),
        }
        for v in waiting
    ]
    sent = 0
    reviewers = User.objects.filter(
        staff_role__in=[StaffRole.REVIEWER, StaffRole.ADMIN],
        is_active=True,
        deleted_at__isnull=True,
    ).order_by("pk")
    for reviewer in reviewers:
        email = queue_email(
            to=reviewer,
            template="declarations_review_digest",
            context={
                "rows": rows,
                "week": week,
                "queue_url": settings.SITE_URL + reverse("partnerships:review_queue"),
            },
            kind="declaration.review_digest",
            dedupe_key=f"declaration-digest:{year}-W{week:02d}:{reviewer.pk}",
        )
        sent += email is not None
    return sent
