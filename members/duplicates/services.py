"""Raising, reading and resolving the one duplicate flag (members.models.DuplicateFlag).

Raised without telling anybody but staff: the person whose application, profile or partnership
clashes with a pending or private one sees nothing different (DESIGN §9, existence). An open flag
holds back the approval of the flagged organisation and the publication of the flagged
partnership (``require_resolved``); staff resolve it as "not a duplicate" or by merging the two
organisations (members.merging marks the flags it settles).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from members.common import MembershipError
from members.duplicates.matching import candidates
from members.models import DuplicateFlag, Organisation, OrganisationStatus
from pact import access
from pact.access import Perm
from pact.kernel.audit import log_action
from pact.models import User
from partnerships.models import Partnership

Source = DuplicateFlag.Source


def _open() -> QuerySet[DuplicateFlag]:
    return DuplicateFlag.objects.open()


def _raise(why: str, source: str, **pair) -> DuplicateFlag | None:
    """One open flag per pair (a second raise of the same pair changes nothing)."""
    if _open().filter(**pair).exists():
        return None
    with transaction.atomic():
        flag = DuplicateFlag.objects.create(why=why, source=source, **pair)
    subject = flag.organisation or flag.partnership
    log_action(
        "pact.duplicate.flagged",
        subject,
        None,
        {
            "flag": flag.pk,
            "similar": (flag.similar_organisation_id or flag.similar_partnership_id),
            "why": why,
            "source": source,
        },
    )
    return flag


def flag_organisation(
    organisation: Organisation, source: str, *, pairs: list[dict] | None = None
) -> list[DuplicateFlag]:
    """Flag ``organisation`` against every other organisation that looks like it (the matcher of
    members.duplicates.matching; merged organisations are history and left out), or against the
    ``pairs`` ({"pk", "why"}) an import has already found."""
    if pairs is None:
        others = Organisation.objects.exclude(pk=organisation.pk).exclude(
            status=OrganisationStatus.MERGED
        )
        pairs = candidates(
            {
                "name": organisation.name,
                "acronym": organisation.acronym,
                "country": str(organisation.country or ""),
                "website": organisation.website,
            },
            others.only("pk", "name", "acronym", "country", "website"),
            limit=20,
        )
    flags = []
    for match in pairs:
        if match["pk"] == organisation.pk:
            continue
        flag = _raise(
            match["why"],
            source,
            organisation=organisation,
            similar_organisation_id=match["pk"],
        )
        if flag is not None:
            flags.append(flag)
    return flags


def flag_partnership(
    partnership: Partnership, source: str = Source.PARTNERSHIP
) -> list[DuplicateFlag]:
    """Flag ``partnership`` against every other partnership of the same name (any status)."""
    flags = []
    same = Partnership.objects.filter(name__iexact=partnership.name.strip()).exclude(
        pk=partnership.pk
    )
    for other_pk in same.values_list("pk", flat=True):
        flag = _raise(
            DuplicateFlag.Why.NAME,
            source,
            partnership=partnership,
            similar_partnership_id=other_pk,
        )
        if flag is not None:
            flags.append(flag)
    return flags


def open_flags_of(subject: Organisation | Partnership) -> QuerySet[DuplicateFlag]:
    """The open flags that hold ``subject`` back (it is the newer of the pair)."""
    field = "organisation" if isinstance(subject, Organisation) else "partnership"
    return _open().filter(**{field: subject}).select_related(f"similar_{field}")


def require_resolved(subject: Organisation | Partnership) -> None:
    """Refuse approval (an organisation) or publication (a partnership) while a flag is open."""
    if open_flags_of(subject).exists():
        raise MembershipError(
            _(
                "A possible duplicate is waiting for staff: resolve it (not a duplicate, or "
                "merge) before approving or publishing."
            )
        )


def open_flags(actor: User) -> QuerySet[DuplicateFlag]:
    """Every open flag, newest first, for staff."""
    access.require(actor, Perm.STAFF_REVIEW)
    return _open().select_related(
        "organisation", "similar_organisation", "partnership", "similar_partnership"
    )


@transaction.atomic
def resolve_not_duplicate(flag: DuplicateFlag, actor: User) -> None:
    """Staff decide the two are different; the flagged one may then be approved or published."""
    access.require(actor, Perm.STAFF_REVIEW)
    resolved = DuplicateFlag.objects.filter(pk=flag.pk, resolved_at__isnull=True).update(
        resolution=DuplicateFlag.Resolution.NOT_DUPLICATE,
        resolved_at=timezone.now(),
        resolved_by=actor,
    )
    if not resolved:
        raise MembershipError(_("This possible duplicate has been resolved already."))
    log_action(
        "pact.duplicate.not_duplicate",
        flag.organisation or flag.partnership,
        actor,
        {"flag": flag.pk},
    )


def settle_merged(duplicate: Organisation, kept: Organisation, actor: User) -> int:
    """Close the open flags a merge settles: all those of the merged organisation."""
    return (
        _open()
        .filter(Q(organisation=duplicate) | Q(similar_organisation=duplicate))
        .update(
            resolution=DuplicateFlag.Resolution.MERGED,
            resolved_at=timezone.now(),
            resolved_by=actor,
        )
    )
