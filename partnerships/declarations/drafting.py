"""Drafting a declaration: starting or copying a draft, saving its sections and commitments.

A draft is the only version that changes; each save names the ``lock_version`` it read and is
refused when another save came first, so nobody overwrites anybody. A change of text cancels the
signatures already given (the content hash changes).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from commitments.models import Commitment, Indicator, ProgressReport, Target
from pact import access
from pact.access import Perm
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from partnerships.declarations.common import (
    DeclarationError,
    EditConflict,
    NotEditable,
    actor_or_none,
    require_coordinator,
)
from partnerships.models import (
    DeclarationStatus,
    DeclarationVersion,
    Partnership,
    PartnershipMembership,
    Section,
    Signature,
    SignatureStatus,
)

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


def claim_draft(version: DeclarationVersion, lock_version: int, actor, **fields) -> None:
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
        # Their administrators are told at once (mail and notification centre), not only when
        # the coordinator thinks of sending the requests again.
        from partnerships.declarations.signatures import notify_asked_again

        notify_asked_again(version, [s.pk for s in answered])
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
def start_draft(
    partnership: Partnership, actor, *, sign_in: Assurance | None = None
) -> DeclarationVersion:
    """Open a draft: the first one, or a copy of the latest version (an amendment, a new try).

    Returns the open version if there already is one, so a double click opens one draft only.
    The coordinator's (``access.Refused`` for anyone else).
    """
    require_coordinator(partnership, actor, sign_in)
    return _open_draft(partnership, actor)


def _open_draft(partnership: Partnership, actor) -> DeclarationVersion:
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    current = open_version(partnership)
    if current is not None:
        return current
    latest = DeclarationVersion.objects.filter(partnership=partnership).order_by("-number").first()
    if latest is not None:
        return copy_as_draft(latest, actor)
    version = DeclarationVersion.objects.create(
        partnership=partnership,
        number=1,
        created_by=actor_or_none(actor),
        updated_by=actor_or_none(actor),
    )
    version.content_hash = compute_content_hash(version)
    DeclarationVersion.objects.filter(pk=version.pk).update(content_hash=version.content_hash)
    log_action("pact.declaration.saved", version, actor, {"number": 1, "created": True})
    return version


def copy_as_draft(source: DeclarationVersion, actor) -> DeclarationVersion:
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
        created_by=actor_or_none(actor),
        # Nobody has saved the copy yet (the actor may be the reviewer who asked for changes).
        updated_by=None,
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
            signer_name=s.signer_name,
            signer_role=s.signer_role,
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
def start_from_proposal(
    partnership: Partnership, *, challenges: str, intended_commitments: str, actor
) -> DeclarationVersion:
    """The first draft of a partnership set up from an accepted expression of interest: the
    proposal's challenges, and its intended commitments as one commitment to complete.

    The commitment has no target yet (the proposal states none in the catalogue's terms), so the
    draft cannot be submitted before the coordinator splits it and adds measurable targets. The
    draft counts as not yet edited: the coordinator is the first to save it.
    """
    if not access.can(actor, Perm.STAFF_SUPPORT):
        raise access.Refused(Perm.STAFF_SUPPORT)
    version = _open_draft(partnership, actor)
    if version.number != 1 or version.challenges or version.commitments.exists():
        return version
    DeclarationVersion.objects.filter(pk=version.pk).update(
        challenges=challenges.replace("\r\n", "\n").strip(), updated_by=None
    )
    version.refresh_from_db()
    text = intended_commitments.replace("\r\n", "\n").strip()
    if text:
        with translation.override(version.language):  # the declaration's language, not staff's
            title = _("Intended commitments (from the expression of interest)")
        Commitment.objects.create(
            partnership_id=partnership.pk,
            declaration_version=version,
            title=title,
            description=text,
            position=1,
        )
    _after_content_change(version, actor, Section.CHALLENGES)
    return version


@transaction.atomic
def save_section(
    version: DeclarationVersion,
    section: str,
    data: dict,
    *,
    lock_version: int,
    actor,
    sign_in: Assurance | None = None,
) -> DeclarationVersion:
    """Save one text section of a draft (compare-and-set on ``lock_version``); the coordinator's."""
    require_coordinator(version.partnership, actor, sign_in)
    if section not in TEXT_SECTIONS:
        raise ValueError(f"{section!r} is not a text section")
    fields = {name: data[name] for name in TEXT_SECTIONS[section] if name in data}
    for name, value in fields.items():
        if name != "language":
            fields[name] = (value or "").replace("\r\n", "\n").strip()
    claim_draft(version, lock_version, actor_or_none(actor), **fields)
    _after_content_change(version, actor, section)
    return version


def partnership_organisation_ids(partnership_id: int) -> set[int]:
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
    sign_in: Assurance | None = None,
) -> Commitment:
    """Create or change a commitment of a draft with its targets (matched by ``uid``).

    ``data`` has title, description and responsible_organisations; each target dict has
    indicator, unit (empty: the indicator's), baseline, target_value, target_date, description
    and optionally the ``uid`` of an existing target. Targets left out are removed. The
    coordinator's.
    """
    require_coordinator(version.partnership, actor, sign_in)
    if not targets:
        raise DeclarationError(_("A commitment needs at least one target."))
    claim_draft(version, lock_version, actor_or_none(actor))
    members = partnership_organisation_ids(version.partnership_id)
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
            "unit": indicator.unit,  # never the row's: figures are summed per indicator
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
            if target.reports.exists():
                raise DeclarationError(_("A target with progress reports cannot be removed."))
            target.delete()
    _after_content_change(version, actor, Section.COMMITMENTS)
    return commitment


@transaction.atomic
def delete_commitment(
    version: DeclarationVersion,
    commitment: Commitment,
    *,
    lock_version: int,
    actor,
    sign_in: Assurance | None = None,
) -> None:
    require_coordinator(version.partnership, actor, sign_in)
    if commitment.declaration_version_id != version.pk:
        raise DeclarationError(_("This commitment belongs to another version."))
    # Progress reports are kept (their targets are protected): refuse before changing anything.
    if ProgressReport.objects.filter(target__commitment=commitment).exists():
        raise DeclarationError(
            _(
                "“%(title)s” has progress reports, so it cannot be removed. Change its text or "
                "targets instead."
            )
            % {"title": commitment.title}
        )
    claim_draft(version, lock_version, actor_or_none(actor))
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
    version: DeclarationVersion,
    commitment: Commitment,
    *,
    up: bool,
    lock_version: int,
    actor,
    sign_in: Assurance | None = None,
) -> None:
    """Swap a commitment with its neighbour (order matters in the published declaration)."""
    require_coordinator(version.partnership, actor, sign_in)
    claim_draft(version, lock_version, actor_or_none(actor))
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
