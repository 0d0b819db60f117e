"""Merging two organisations, by staff: everything of the duplicate moves to the kept one.

Every row that refers to the duplicate (people, partnership memberships, commitments, pledges,
reports, signatures, survey answers, invitations, imports, files) moves to the kept organisation,
found from the model relations themselves so that a new relation cannot be forgotten. Where both
organisations hold a row that must be unique (a report for the same target and cycle, a signature
on the same version, a membership of the same partnership, answers to the same survey...), the
validated (or signed, or submitted) one is kept, else the latest; the other stays with the
duplicate as history. Open invitations to act for the duplicate (claim links included) are
revoked, not moved: they were not meant for the kept organisation. The duplicate stays, with the status "merged" and a link to the kept one, so
that audit rows (which keep its key) and old links can be followed to it.
"""

from __future__ import annotations

import uuid

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.common import MembershipError, refresh_search_vectors
from members.duplicates.services import settle_merged
from members.models import DuplicateFlag, Organisation, OrganisationInvitation, OrganisationStatus
from pact import access
from pact.access import Perm
from pact.kernel.audit import log_action
from pact.models import User
from partnerships.models import PartnershipMembership, PartnershipRole, VacancyReason
from partnerships.workspace import coordination

TIMES = ("validated_at", "submitted_at", "answered_at", "updated_at", "created_at", "requested_at")
WINNING_STATES = {"validated", "signed", "approved", "accepted"}


def _rank(row) -> tuple:
    """Which of two rows for the same thing is kept: validated or signed, then submitted, then an
    administrator's role, then the latest."""
    validated = bool(getattr(row, "validated_at", None)) or getattr(row, "status", "") in (
        WINNING_STATES
    )
    submitted = bool(getattr(row, "submitted_at", None))
    admin = getattr(row, "role", "") == "admin"
    times = [t for t in (getattr(row, name, None) for name in TIMES) if t is not None]
    return (validated, submitted, admin, max(times) if times else None)


def _relations() -> list[models.ForeignKey]:
    """Every foreign key to Organisation, but the duplicate's own link to the kept one."""
    return [
        relation.field
        for relation in Organisation._meta.related_objects
        if isinstance(relation.field, models.ForeignKey)
        and relation.field.name != "merged_into"
        and relation.related_model not in (OrganisationInvitation, DuplicateFlag)
    ]


def _unique_sets(model, field_name: str) -> list[tuple[list[str], models.Q | None]]:
    found = []
    for constraint in model._meta.constraints:
        fields = list(getattr(constraint, "fields", ()) or ())
        if field_name in fields:
            found.append(([f for f in fields if f != field_name], constraint.condition))
    return found


def _twin(row, field: models.ForeignKey, kept: Organisation):
    """The kept organisation's row that this one may not sit beside, if any."""
    model = type(row)
    for others, condition in _unique_sets(model, field.name):
        if (
            condition is not None
            and not model._default_manager.filter(condition, pk=row.pk).exists()
        ):
            continue
        twins = model._default_manager.filter(**{field.name: kept}).filter(
            **{f"{name}_id" if _is_fk(model, name) else name: _value(row, name) for name in others}
        )
        if condition is not None:
            twins = twins.filter(condition)
        twin = twins.first()
        if twin is not None:
            return twin
    return None


def _is_fk(model, name: str) -> bool:
    return isinstance(model._meta.get_field(name), models.ForeignKey)


def _value(row, name: str):
    return getattr(row, f"{name}_id") if _is_fk(type(row), name) else getattr(row, name)


@transaction.atomic
def merge(duplicate: Organisation, kept: Organisation, actor: User, reason: str = "") -> dict:
    """Move everything of ``duplicate`` to ``kept``; returns counts of moved and kept-as-history
    rows by model. Refused for the same organisation, or one merged already."""
    access.require(actor, Perm.STAFF_REVIEW)
    locked = {
        o.pk: o
        for o in Organisation.objects.select_for_update().filter(pk__in=[duplicate.pk, kept.pk])
    }
    duplicate, kept = locked[duplicate.pk], locked[kept.pk]
    if duplicate.pk == kept.pk:
        raise MembershipError(_("Choose two different organisations."))
    if OrganisationStatus.MERGED in (duplicate.status, kept.status):
        raise MembershipError(_("One of these organisations has been merged already."))
    # An invitation to act for the duplicate (a claim link, a colleague's) must not make its
    # holder an administrator of the kept organisation: the open ones end here, and all stay with
    # the duplicate as history.
    revoked = OrganisationInvitation.objects.filter(
        organisation=duplicate, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    # The partnerships it coordinated ask staff to appoint their next coordinator (issue 21).
    coordinated = list(
        PartnershipMembership.objects.filter(
            organisation=duplicate, role=PartnershipRole.COORDINATOR
        ).select_related("partnership")
    )
    moved: dict[str, int] = {}
    history: dict[str, int] = {"members.OrganisationInvitation": revoked} if revoked else {}
    scratch: Organisation | None = None
    for field in _relations():
        model = field.model
        label = model._meta.label
        unique = bool(_unique_sets(model, field.name))
        rows = model._default_manager.filter(**{field.name: duplicate})
        if not unique:
            count = rows.update(**{field.name: kept})
            if count:
                moved[label] = moved.get(label, 0) + count
            continue
        for row in rows.order_by("pk"):
            twin = _twin(row, field, kept)
            if twin is None:
                model._default_manager.filter(pk=row.pk).update(**{field.name: kept})
                moved[label] = moved.get(label, 0) + 1
                continue
            history[label] = history.get(label, 0) + 1
            if _rank(row) > _rank(twin):
                # The duplicate's row is the better one: the two change places (through a
                # placeholder, as neither may sit beside the other for a moment).
                scratch = scratch or _placeholder(duplicate)
                model._default_manager.filter(pk=twin.pk).update(**{field.name: scratch})
                model._default_manager.filter(pk=row.pk).update(**{field.name: kept})
                model._default_manager.filter(pk=twin.pk).update(**{field.name: duplicate})
    for commitment_model, through in _many_to_many():
        moved_here = _move_many_to_many(through, duplicate, kept)
        if moved_here:
            moved[commitment_model] = moved.get(commitment_model, 0) + moved_here
    if scratch is not None:
        scratch.delete()
    if not kept.contribution_id and duplicate.contribution_id:
        kept.contribution_id, duplicate.contribution_id = duplicate.contribution_id, ""
        Organisation.objects.filter(pk=duplicate.pk).update(contribution_id="")
        Organisation.objects.filter(pk=kept.pk).update(contribution_id=kept.contribution_id)
    Organisation.objects.filter(pk=duplicate.pk).update(
        status=OrganisationStatus.MERGED, merged_into=kept
    )
    # The possible duplicates the merge settles (members.duplicates): they stay as history.
    settled = settle_merged(duplicate, kept, actor)
    refresh_search_vectors([kept.pk, duplicate.pk])
    for membership in coordinated:
        coordination.open_vacancy(
            membership.partnership, reason=VacancyReason.MERGED, previous=duplicate, actor=actor
        )
    log_action(
        "pact.organisation.merged",
        kept,
        actor,
        {
            "merged": duplicate.pk,
            "merged_name": duplicate.name,
            "reason": reason,
            "moved": moved,
            "kept_as_history": history,
            "duplicate_flags_settled": settled,
        },
    )
    return {"moved": moved, "history": history}


def _placeholder(duplicate: Organisation) -> Organisation:
    return Organisation.objects.create(
        name=f"merge placeholder {uuid.uuid4()}",
        slug=f"merge-{uuid.uuid4().hex[:20]}",
        type=duplicate.type,
        country=duplicate.country,
        contact_name="-",
        contact_email="merge@invalid.example",
        status=OrganisationStatus.MERGED,
    )


def _many_to_many() -> list[tuple[str, type[models.Model]]]:
    found = []
    for relation in Organisation._meta.related_objects:
        if relation.many_to_many:
            through = relation.through  # type: ignore[attr-defined,union-attr]
            found.append((relation.related_model._meta.label, through))
    return found


def _move_many_to_many(through, duplicate: Organisation, kept: Organisation) -> int:
    column = next(
        f.name
        for f in through._meta.fields
        if isinstance(f, models.ForeignKey) and f.related_model is Organisation
    )
    other = next(
        f.name
        for f in through._meta.fields
        if isinstance(f, models.ForeignKey) and f.related_model is not Organisation
    )
    rows = list(through._default_manager.filter(**{column: duplicate}))
    already = set(
        through._default_manager.filter(**{column: kept}).values_list(f"{other}_id", flat=True)
    )
    count = 0
    for row in rows:
        if getattr(row, f"{other}_id") in already:
            row.delete()
        else:
            through._default_manager.filter(pk=row.pk).update(**{column: kept})
        count += 1
    return count


def aliases(organisation: Organisation) -> list[int]:
    """The keys the organisation's audit rows may carry: its own and those merged into it."""
    keys, frontier = [organisation.pk], [organisation.pk]
    while frontier:
        frontier = list(
            Organisation.objects.filter(merged_into__in=frontier).values_list("pk", flat=True)
        )
        keys += frontier
    return keys


def preview(duplicate: Organisation) -> list[tuple[str, int]]:
    """What refers to the duplicate, by kind of record (for the confirmation page)."""
    counts = []
    for field in _relations():
        count = field.model._default_manager.filter(**{field.name: duplicate}).count()
        if count:
            counts.append((str(field.model._meta.verbose_name_plural), count))
    return sorted(counts)
