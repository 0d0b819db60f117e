"""Reads for the workspace: its page, invitations, organisations one may invite or hand over to,
the dashboard and staff overviews. Every function runs a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import (
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Now
from django.utils import timezone

from members.models import Organisation, OrganisationStatus
from pact import access
from pact.access import Perm
from partnerships.models import (
    CoordinatorVacancy,
    DeclarationStatus,
    DeclarationVersion,
    InternalNote,
    JoinRequest,
    Partnership,
    PartnershipInvitation,
    PartnershipKind,
    PartnershipMembership,
    PartnershipRole,
    PartnershipStatus,
    Signature,
    SignatureStatus,
    Stage,
    StageChange,
)

# --- the public page and the workspace -----------------------------------------------------------


def admin_organisations(user) -> QuerySet:
    """Active organisations the user administers: those they may act for in partnerships."""
    return access.user_organisations(user, Perm.ORG_CHANGE).filter(status=OrganisationStatus.ACTIVE)


def joinable_organisations(
    user, partnership: Partnership
) -> tuple[list[Organisation], list[Organisation]]:
    """The user's organisations that may ask to join (not members, nothing pending), and those
    whose request is waiting for the coordinator."""
    if partnership.status != PartnershipStatus.ACTIVE or not user.is_authenticated:
        return [], []
    members = PartnershipMembership.objects.filter(
        partnership=partnership, organisation=OuterRef("pk")
    )
    pending = JoinRequest.objects.filter(
        partnership=partnership, organisation=OuterRef("pk"), status=JoinRequest.Status.OPEN
    )
    candidates = admin_organisations(user).filter(~Exists(members)).order_by("name")
    return (
        list(candidates.filter(~Exists(pending))),
        list(candidates.filter(Exists(pending))),
    )


def workspace_context(partnership: Partnership, user, notes_page=None) -> dict:
    members = list(
        PartnershipMembership.objects.filter(partnership=partnership)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )
    invitations = open_invitations(partnership)
    join_requests = list(
        JoinRequest.objects.filter(partnership=partnership, status=JoinRequest.Status.OPEN)
        .select_related("organisation", "requested_by")
        .order_by("created_at")
    )
    notes = Paginator(
        InternalNote.objects.filter(
            partnership=partnership, audience=InternalNote.Audience.WORKSPACE
        ).select_related("author"),
        20,
    ).get_page(notes_page)
    can_support_notes = access.can(user, Perm.PS_SUPPORT_NOTES, partnership)
    support_notes = (
        list(
            InternalNote.objects.filter(
                partnership=partnership, audience=InternalNote.Audience.SUPPORT
            ).select_related("author")[:50]
        )
        if can_support_notes
        else []
    )
    history = list(
        StageChange.objects.filter(partnership=partnership)
        .select_related("changed_by")
        .order_by("-changed_at", "-pk")
    )
    my_orgs = set(access.organisation_ids(user, Perm.ORG_CHANGE))
    return {
        "partnership": partnership,
        "now": timezone.now(),
        "members": members,
        "invitations": invitations,
        "join_requests": join_requests,
        "notes": notes,
        "support_notes": support_notes,
        "stage_history": history,
        "can_coordinate": access.can(user, Perm.PS_COORDINATE, partnership),
        "can_contribute": access.can(user, Perm.PS_CONTRIBUTE, partnership),
        "can_read_support_notes": can_support_notes,
        "can_write_support_notes": access.can(user, Perm.STAFF_SUPPORT),
        "can_change_stage": access.can(user, Perm.STAFF_SUPPORT),
        "can_close": access.can(user, Perm.STAFF_REVIEW)
        and partnership.status != PartnershipStatus.CLOSED,
        "leavable_memberships": [
            m for m in members if m.organisation_id in my_orgs and m.role == PartnershipRole.MEMBER
        ],
    }


def open_invitations(partnership: Partnership) -> list[PartnershipInvitation]:
    """Invitations waiting for an answer, each with its ``expires_at``."""
    validity = timedelta(days=settings.INVITATION_VALIDITY_DAYS)
    return list(
        PartnershipInvitation.objects.filter(
            partnership=partnership, status=PartnershipInvitation.Status.OPEN
        )
        .annotate(
            expires_at=ExpressionWrapper(F("created_at") + validity, output_field=DateTimeField())
        )
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


def invitable_organisations(partnership: Partnership, text: str, limit: int = 20) -> list:
    """Active organisations whose name or acronym contains ``text``, flagged when already in."""
    text = text.strip()
    if len(text) < 2:
        return []
    members = PartnershipMembership.objects.filter(
        partnership=partnership, organisation=OuterRef("pk")
    )
    invited = PartnershipInvitation.objects.filter(
        partnership=partnership,
        organisation=OuterRef("pk"),
        status=PartnershipInvitation.Status.OPEN,
    )
    return list(
        access.public_organisations()
        .filter(Q(name__icontains=text) | Q(acronym__icontains=text))
        .annotate(is_member=Exists(members), is_invited=Exists(invited))
        .order_by("name")[:limit]
    )


def handover_candidates(partnership: Partnership) -> QuerySet:
    return Organisation.objects.filter(
        partnership_memberships__partnership=partnership,
        partnership_memberships__role=PartnershipRole.MEMBER,
        status=OrganisationStatus.ACTIVE,
    ).order_by("name")


def membership_of(partnership: Partnership, organisation_id: int) -> PartnershipMembership | None:
    return (
        PartnershipMembership.objects.filter(
            partnership=partnership, organisation_id=organisation_id
        )
        .select_related("organisation")
        .first()
    )


def open_invitation_by_token(token: str) -> PartnershipInvitation | None:
    return (
        PartnershipInvitation.objects.filter(token=token)
        .select_related("partnership", "partnership__coordinator", "organisation", "invited_by")
        .first()
    )


def lsp_choices(user, exclude: Partnership | None = None) -> QuerySet:
    qs = access.partnerships_visible_to(user).filter(kind=PartnershipKind.LARGE_SCALE)
    if exclude is not None and exclude.pk:
        qs = qs.exclude(pk=exclude.pk)
    return qs.order_by("name")


# --- the dashboard -------------------------------------------------------------------------------


def dashboard_context(user) -> dict:
    """My partnerships with my organisation's role, invitations to answer, requests to answer."""
    organisation_ids = access.organisation_ids(user)
    admin_ids = access.organisation_ids(user, Perm.ORG_CHANGE)
    memberships = list(
        PartnershipMembership.objects.filter(organisation_id__in=organisation_ids)
        .select_related("partnership", "organisation")
        .order_by("partnership__name", "organisation__name")
    )
    cutoff = timezone.now() - timedelta(days=settings.INVITATION_VALIDITY_DAYS)
    addressed = Q(organisation_id__in=admin_ids)
    if user.is_authenticated and user.email:
        addressed |= Q(organisation__isnull=True, email__iexact=user.email)
    invitations = list(
        PartnershipInvitation.objects.filter(
            addressed, status=PartnershipInvitation.Status.OPEN, created_at__gt=cutoff
        )
        .select_related("partnership", "organisation", "invited_by")
        .order_by("-created_at")
    )
    join_requests = list(
        JoinRequest.objects.filter(
            partnership_id__in=access.partnership_ids(user, Perm.PS_COORDINATE),
            status=JoinRequest.Status.OPEN,
        )
        .select_related("partnership", "organisation")
        .order_by("created_at")
    )
    to_sign = list(
        Signature.objects.filter(
            organisation_id__in=access.organisation_ids(user, Perm.ORG_SIGN),
            status=SignatureStatus.REQUESTED,
            version__status=DeclarationStatus.DRAFT,
        )
        .select_related("version__partnership", "organisation")
        .order_by("requested_at")
    )
    return {
        "partnership_memberships": memberships,
        "partnership_invitations": invitations,
        "signatures_to_give": to_sign,
        "join_requests_to_answer": join_requests,
        "can_create_partnership": bool(admin_ids),
    }


# --- staff ---------------------------------------------------------------------------------------


def staff_context() -> dict:
    return {
        "declarations_waiting": DeclarationVersion.objects.filter(
            status__in=[DeclarationStatus.SUBMITTED, DeclarationStatus.IN_REVIEW]
        ).count(),
        # Partnerships whose coordinator left, was suspended, withdrew or was merged.
        "coordinator_vacancies": list(
            CoordinatorVacancy.objects.filter(closed_at__isnull=True)
            .select_related("partnership", "previous")
            .order_by("opened_at")[:50]
        ),
    }


def stage_suggestions(kind: str = "") -> list[Partnership]:
    """Tasks for support services: partnerships whose declaration is approved (active) but that
    are still in the design stage. Moving them to set-up is suggested, never done for them."""
    qs = (
        Partnership.objects.filter(status=PartnershipStatus.ACTIVE, stage=Stage.DESIGN)
        .select_related("coordinator")
        .order_by("launched_on", "name")
    )
    if kind in PartnershipKind.values:
        qs = qs.filter(kind=kind)
    return list(qs)


def stage_overview(kind: str = "", include_closed: bool = False) -> list[dict]:
    """Partnerships per life-cycle stage, longest in their stage first, with the time spent."""
    qs = (
        Partnership.objects.select_related("coordinator")
        .annotate(
            time_in_stage=ExpressionWrapper(Now() - F("stage_since"), output_field=DurationField())
        )
        .order_by("stage_since", "name")
    )
    if not include_closed:
        qs = qs.exclude(status=PartnershipStatus.CLOSED)
    if kind in PartnershipKind.values:
        qs = qs.filter(kind=kind)
    groups: dict[str, list[Partnership]] = {stage.value: [] for stage in Stage}
    for partnership in qs:
        groups.setdefault(partnership.stage, []).append(partnership)
    return [
        {"stage": stage.value, "label": stage.label, "partnerships": groups[stage.value]}
        for stage in Stage
    ]
