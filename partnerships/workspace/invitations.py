"""Writes for partnerships: creation, membership, invitations, join requests, notes, stage, status.

Every operation checks its own preconditions (so the API and the views share them), writes an
audit row, queues its notifications after commit, and keeps the denormalised ``coordinator`` and
``member_count`` of the partnership in step with its memberships.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.models import Organisation, OrganisationRole
from pact import access
from pact.access import Perm
from pact.kernel.audit import log_action
from pact.kernel.map import TILES, country_name
from pact.kernel.outbox.queue import queue_email
from pact.models import User
from partnerships.models import (
    InternalNote,
    JoinRequest,
    Partnership,
    PartnershipInvitation,
    PartnershipMembership,
    PartnershipRole,
    PartnershipStatus,
    Stage,
    StageChange,
)

SEARCH_CONFIG = "english"


class PartnershipError(Exception):
    """A refused operation; the message is meant for the person who asked, in their language."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConcurrentEdit(PartnershipError):
    pass


# --- helpers -------------------------------------------------------------------------------------


def _url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def organisation_admins(organisation_ids: Iterable[int]) -> list[User]:
    """Active people who administer any of the organisations: they receive its notifications."""
    return list(
        User.objects.filter(
            organisation_memberships__organisation_id__in=list(organisation_ids),
            organisation_memberships__role=OrganisationRole.ADMIN,
            is_active=True,
            deleted_at__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )


def _notify_organisations(
    organisation_ids: Iterable[int], template: str, context: dict, kind: str, key: str
) -> None:
    for user in organisation_admins(organisation_ids):
        queue_email(
            to=user,
            template=template,
            context=context,
            kind=kind,
            dedupe_key=f"{key}:{user.pk}",
        )


def _lock(partnership: Partnership) -> Partnership:
    """Re-read the partnership under a row lock: membership changes of one partnership queue up."""
    return (
        Partnership.objects.select_for_update(of=("self",))
        .select_related("coordinator")
        .get(pk=partnership.pk)
    )


def _sync_members(partnership: Partnership) -> None:
    """Recompute the denormalised coordinator and member count from the memberships."""
    rows = list(
        PartnershipMembership.objects.filter(partnership=partnership).values_list(
            "organisation_id", "role"
        )
    )
    coordinator_id = next((oid for oid, role in rows if role == PartnershipRole.COORDINATOR), None)
    Partnership.objects.filter(pk=partnership.pk).update(
        member_count=len(rows), coordinator_id=coordinator_id
    )
    partnership.member_count = len(rows)
    partnership.coordinator_id = coordinator_id


def _require_org_admin(actor, organisation: Organisation) -> None:
    if not access.can(actor, Perm.ORG_CHANGE, organisation):
        raise PartnershipError(
            _("Only an administrator of %(org)s can do this.") % {"org": organisation}
        )
    if not organisation.is_active:
        raise PartnershipError(
            _("%(org)s is not an active Pact member yet: its application must be approved first.")
            % {"org": organisation}
        )


def invitation_expires_at(invitation: PartnershipInvitation):
    return invitation.created_at + timedelta(days=settings.INVITATION_VALIDITY_DAYS)


def invitation_is_expired(invitation: PartnershipInvitation) -> bool:
    return timezone.now() >= invitation_expires_at(invitation)


# Path segments of /partnerships/ that a partnership's slug must not take.
RESERVED_SLUGS = frozenset({"new", "stages", "regions", "invitations"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "partnership"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Partnership.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- creation and profile --------------------------------------------------------------------------


PROFILE_FIELDS = (
    "acronym",
    "ecosystem",
    "shape",
    "countries",
    "parent",
    "summary",
    "website",
    "looking_for_members",
    "looking_for",
)


@transaction.atomic
def create_partnership(*, organisation: Organisation, actor, data: dict, regions=()) -> Partnership:
    """Create a draft partnership coordinated by ``organisation``, in the design stage.

    The actor must administer the organisation and the organisation must be an active member.
    """
    _require_org_admin(actor, organisation)
    name = data["name"].strip()
    if Partnership.objects.filter(name__iexact=name).exists():
        raise PartnershipError(_("A partnership with this name already exists."), field="name")
    fields = {key: data[key] for key in ("kind", *PROFILE_FIELDS) if key in data}
    partnership = Partnership.objects.create(
        name=name,
        slug=_unique_slug(name),
        status=PartnershipStatus.DRAFT,
        stage=Stage.DESIGN,
        stage_since=timezone.now(),
        created_by=actor,
        coordinator=organisation,
        member_count=1,
        **fields,
    )
    partnership.regions.set(list(regions))
    PartnershipMembership.objects.create(
        partnership=partnership, organisation=organisation, role=PartnershipRole.COORDINATOR
    )
    StageChange.objects.create(
        partnership=partnership,
        stage=Stage.DESIGN,
        changed_by=actor,
        changed_at=partnership.stage_since,
        note=_("Partnership created."),
    )
    log_action(
        "pact.partnership.created",
        partnership,
        actor,
        {"kind": partnership.kind, "coordinator": organisation.slug},
    )
    refresh_search_vector([partnership.pk])
    access.forget(actor)
    return partnership


@transaction.atomic
def update_profile(
    partnership: Partnership, *, actor, data: dict, regions=(), lock_version: int
) -> Partnership:
    """Save the coordinator's edit unless someone else saved since ``lock_version`` was read."""
    fields = {key: data[key] for key in PROFILE_FIELDS if key in data}
    changed = Partnership.objects.filter(pk=partnership.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1, **fields
    )
    if not changed:
        raise ConcurrentEdit(
            _(
                "Someone else saved this partnership while you were editing it. Your text is kept "
                "below: review the current version and save again."
            )
        )
    partnership.refresh_from_db()
    partnership.regions.set(list(regions))
    log_action(
        "pact.partnership.updated",
        partnership,
        actor,
        {"fields": sorted(fields), "lock_version": partnership.lock_version},
    )
    refresh_search_vector([partnership.pk])
    return partnership


# --- invitations ---------------------------------------------------------------------------------


def _check_open_for_members(partnership: Partnership) -> None:
    if partnership.status == PartnershipStatus.CLOSED:
        raise PartnershipError(_("This partnership is closed: it does not take new members."))


def _expire_stale_invitations(partnership: Partnership, **lookup) -> None:
    cutoff = timezone.now() - timedelta(days=settings.INVITATION_VALIDITY_DAYS)
    PartnershipInvitation.objects.filter(
        partnership=partnership,
        status=PartnershipInvitation.Status.OPEN,
        created_at__lte=cutoff,
        **lookup,
    ).update(status=PartnershipInvitation.Status.REVOKED, answered_at=timezone.now())


@transaction.atomic
def invite_organisation(
    partnership: Partnership, organisation: Organisation, *, actor, message: str = ""
) -> PartnershipInvitation:
    """Invite an active member organisation; refused if it is already a member or invited."""
    partnership = _lock(partnership)
    _check_open_for_members(partnership)
    if not organisation.is_active:
        raise PartnershipError(
            _("%(org)s is not an active Pact member and cannot be invited.") % {"org": organisation}
        )
    if PartnershipMembership.objects.filter(
        partnership=partnership, organisation=organisation
    ).exists():
        raise PartnershipError(
            _("%(org)s is already a member of this partnership.") % {"org": organisation}
        )
    _expire_stale_invitations(partnership, organisation=organisation)
    if PartnershipInvitation.objects.filter(
        partnership=partnership, organisation=organisation, status=PartnershipInvitation.Status.OPEN
    ).exists():
        raise PartnershipError(
            _("%(org)s has already been invited and has not answered yet.") % {"org": organisation}
        )
    try:
        with transaction.atomic():
            invitation = PartnershipInvitation.objects.create(
                partnership=partnership,
                organisation=organisation,
                message=message.strip(),
                invited_by=actor,
            )
    except IntegrityError:
        raise PartnershipError(
            _("%(org)s has already been invited and has not answered yet.") % {"org": organisation}
        ) from None
    log_action(
        "pact.partnership.invitation_sent",
        partnership,
        actor,
        {"invitation": invitation.pk, "organisation": organisation.slug},
    )
    _notify_organisations(
        [organisation.pk],
        "partnerships_invitation",
        {
            "partnership": partnership,
            "organisation": organisation,
            "invitation": invitation,
            "inviter": actor,
            "url": _url("partnerships:invitation", invitation.token),
        },
        kind="partnership.invitation",
        key=f"partnership-invitation:{invitation.pk}",
    )
    return invitation


@transaction.atomic
def invite_by_email(
    partnership: Partnership, email: str, *, actor, message: str = ""
) -> PartnershipInvitation:
    """Invite someone whose organisation is not registered yet: they register, then accept."""
    partnership = _lock(partnership)
    _check_open_for_members(partnership)
    email = email.strip()
    _expire_stale_invitations(partnership, email__iexact=email)
    if PartnershipInvitation.objects.filter(
        partnership=partnership, email__iexact=email, status=PartnershipInvitation.Status.OPEN
    ).exists():
        raise PartnershipError(
            _("%(email)s has already been invited and has not answered yet.") % {"email": email},
            field="email",
        )
    try:
        with transaction.atomic():
            invitation = PartnershipInvitation.objects.create(
                partnership=partnership, email=email, message=message.strip(), invited_by=actor
            )
    except IntegrityError:
        raise PartnershipError(
            _("%(email)s has already been invited and has not answered yet.") % {"email": email},
            field="email",
        ) from None
    log_action(
        "pact.partnership.invitation_sent",
        partnership,
        actor,
        {"invitation": invitation.pk, "email": email},
    )
    recipient = User.objects.filter(email__iexact=email, is_active=True).first() or email
    queue_email(
        to=recipient,
        template="partnerships_invitation_email",
        context={
            "partnership": partnership,
            "invitation": invitation,
            "inviter": actor,
            "url": _url("partnerships:invitation", invitation.token),
            "expires_at": invitation_expires_at(invitation),
        },
        kind="partnership.invitation",
        dedupe_key=f"partnership-invitation:{invitation.pk}:email",
    )
    return invitation


@transaction.atomic
def revoke_invitation(invitation: PartnershipInvitation, *, actor) -> None:
    changed = PartnershipInvitation.objects.filter(
        pk=invitation.pk, status=PartnershipInvitation.Status.OPEN
    ).update(status=PartnershipInvitation.Status.REVOKED, answered_at=timezone.now())
    if not changed:
        raise PartnershipError(_("This invitation has already been answered or withdrawn."))
    log_action(
        "pact.partnership.invitation_revoked",
        invitation.partnership,
        actor,
        {"invitation": invitation.pk},
    )


def _add_member(partnership: Partnership, organisation: Organisation) -> PartnershipMembership:
    membership, _created = PartnershipMembership.objects.get_or_create(
        partnership=partnership,
        organisation=organisation,
        defaults={"role": PartnershipRole.MEMBER},
    )
    _sync_members(partnership)
    return membership


def _claim_invitation(invitation: PartnershipInvitation, status: str, **extra) -> None:
    """Compare-and-set: only one answer to an open invitation counts."""
    if invitation_is_expired(invitation):
        raise PartnershipError(
            _("This invitation has expired. Ask the coordinator to send a new one.")
        )
    changed = PartnershipInvitation.objects.filter(
        pk=invitation.pk, status=PartnershipInvitation.Status.OPEN
    ).update(status=status, answered_at=timezone.now(), **extra)
    if not changed:
        raise PartnershipError(_("This invitation has already been answered or withdrawn."))
    invitation.status = status


def _coordinator_ids(partnership: Partnership) -> list[int]:
    return [partnership.coordinator_id] if partnership.coordinator_id else []


@transaction.atomic
def accept_invitation(
    invitation: PartnershipInvitation, *, actor, organisation: Organisation | None = None
) -> PartnershipMembership:
    """The invited organisation's administrator accepts: the organisation becomes a member.

    An invitation sent to an address is accepted on behalf of one of the actor's active
    organisations, named by ``organisation``.
    """
    partnership = _lock(invitation.partnership)
    _check_open_for_members(partnership)
    organisation = invitation.organisation or organisation
    if organisation is None:
        raise PartnershipError(_("Choose the organisation that joins."), field="organisation")
    _require_org_admin(actor, organisation)
    if PartnershipMembership.objects.filter(
        partnership=partnership, organisation=organisation
    ).exists():
        raise PartnershipError(
            _("%(org)s is already a member of this partnership.") % {"org": organisation},
            field="organisation",
        )
    _claim_invitation(invitation, PartnershipInvitation.Status.ACCEPTED, organisation=organisation)
    membership = _add_member(partnership, organisation)
    # A pending join request of the same organisation is answered by the invitation.
    JoinRequest.objects.filter(
        partnership=partnership, organisation=organisation, status=JoinRequest.Status.OPEN
    ).update(status=JoinRequest.Status.ACCEPTED, answered_at=timezone.now())
    log_action(
        "pact.partnership.invitation_accepted",
        partnership,
        actor,
        {"invitation": invitation.pk, "organisation": organisation.slug},
    )
    _notify_organisations(
        _coordinator_ids(partnership),
        "partnerships_invitation_answered",
        {
            "partnership": partnership,
            "organisation": organisation,
            "accepted": True,
            "url": _url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.invitation_answered",
        key=f"partnership-invitation-answered:{invitation.pk}",
    )
    access.forget(actor)
    refresh_search_vector([partnership.pk])
    return membership


@transaction.atomic
def decline_invitation(
    invitation: PartnershipInvitation, *, actor, organisation: Organisation | None = None
) -> None:
    """Decline on behalf of the invited organisation (or, for an address, of the recipient)."""
    partnership = invitation.partnership
    if invitation.organisation is not None and not access.can(
        actor, Perm.ORG_CHANGE, invitation.organisation
    ):
        raise PartnershipError(
            _("Only an administrator of %(org)s can do this.") % {"org": invitation.organisation}
        )
    _claim_invitation(invitation, PartnershipInvitation.Status.DECLINED)
    organisation = invitation.organisation or organisation
    log_action(
        "pact.partnership.invitation_declined",
        partnership,
        actor,
        {
            "invitation": invitation.pk,
            "organisation": organisation.slug if organisation else None,
            "email": invitation.email or None,
        },
    )
    _notify_organisations(
        _coordinator_ids(partnership),
        "partnerships_invitation_answered",
        {
            "partnership": partnership,
            "organisation": organisation,
            "email": invitation.email,
            "accepted": False,
            "url": _url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.invitation_answered",
        key=f"partnership-invitation-answered:{invitation.pk}",
    )


# --- join requests -------------------------------------------------------------------------------


@transaction.atomic
def request_to_join(
    partnership: Partnership, organisation: Organisation, *, actor, message: str = ""
) -> JoinRequest:
    """An active member organisation asks to join an active partnership."""
    _require_org_admin(actor, organisation)
    partnership = _lock(partnership)
    if partnership.status != PartnershipStatus.ACTIVE:
        raise PartnershipError(_("Only active partnerships take requests to join."))
    if PartnershipMembership.objects.filter(
        partnership=partnership, organisation=organisation
    ).exists():
        raise PartnershipError(
            _("%(org)s is already a member of this partnership.") % {"org": organisation},
            field="organisation",
        )
    if JoinRequest.objects.filter(
        partnership=partnership, organisation=organisation, status=JoinRequest.Status.OPEN
    ).exists():
        raise PartnershipError(
            _("%(org)s has already asked to join; the coordinator has not answered yet.")
            % {"org": organisation},
            field="organisation",
        )
    join_request = JoinRequest.objects.create(
        partnership=partnership,
        organisation=organisation,
        message=message.strip(),
        requested_by=actor,
    )
    log_action(
        "pact.partnership.join_requested",
        partnership,
        actor,
        {"join_request": join_request.pk, "organisation": organisation.slug},
    )
    _notify_organisations(
        _coordinator_ids(partnership),
        "partnerships_join_request",
        {
            "partnership": partnership,
            "organisation": organisation,
            "join_request": join_request,
            "url": _url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.join_request",
        key=f"partnership-join-request:{join_request.pk}",
    )
    return join_request


def _claim_join_request(join_request: JoinRequest, status: str) -> None:
    changed = JoinRequest.objects.filter(pk=join_request.pk, status=JoinRequest.Status.OPEN).update(
        status=status, answered_at=timezone.now()
    )
    if not changed:
        raise PartnershipError(_("This request has already been answered."))
    join_request.status = status


@transaction.atomic
def accept_join_request(join_request: JoinRequest, *, actor) -> PartnershipMembership:
    partnership = _lock(join_request.partnership)
    _check_open_for_members(partnership)
    organisation = join_request.organisation
    if not organisation.is_active:
        raise PartnershipError(
            _("%(org)s is no longer an active Pact member.") % {"org": organisation}
        )
    _claim_join_request(join_request, JoinRequest.Status.ACCEPTED)
    membership = _add_member(partnership, organisation)
    PartnershipInvitation.objects.filter(
        partnership=partnership,
        organisation=organisation,
        status=PartnershipInvitation.Status.OPEN,
    ).update(status=PartnershipInvitation.Status.ACCEPTED, answered_at=timezone.now())
    log_action(
        "pact.partnership.join_accepted",
        partnership,
        actor,
        {"join_request": join_request.pk, "organisation": organisation.slug},
    )
    _notify_organisations(
        [organisation.pk],
        "partnerships_join_answered",
        {
            "partnership": partnership,
            "organisation": organisation,
            "accepted": True,
            "url": _url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.join_answered",
        key=f"partnership-join-answered:{join_request.pk}",
    )
    refresh_search_vector([partnership.pk])
    return membership


@transaction.atomic
def decline_join_request(join_request: JoinRequest, *, actor) -> None:
    partnership = join_request.partnership
    _claim_join_request(join_request, JoinRequest.Status.DECLINED)
    log_action(
        "pact.partnership.join_declined",
        partnership,
        actor,
        {"join_request": join_request.pk, "organisation": join_request.organisation.slug},
    )
    _notify_organisations(
        [join_request.organisation_id],
        "partnerships_join_answered",
        {
            "partnership": partnership,
            "organisation": join_request.organisation,
            "accepted": False,
            "url": _url("partnerships:detail", partnership.slug),
        },
        kind="partnership.join_answered",
        key=f"partnership-join-answered:{join_request.pk}",
    )


# --- members and coordination --------------------------------------------------------------------


@transaction.atomic
def remove_member(partnership: Partnership, organisation: Organisation, *, actor) -> None:
    """Remove a member organisation. The coordinating organisation can never be removed:
    coordination is handed over first, so a partnership always keeps exactly one coordinator."""
    partnership = _lock(partnership)
    membership = PartnershipMembership.objects.filter(
        partnership=partnership, organisation=organisation
    ).first()
    if membership is None:
        raise PartnershipError(
            _("%(org)s is not a member of this partnership.") % {"org": organisation}
        )
    if membership.role == PartnershipRole.COORDINATOR:
        raise PartnershipError(
            _(
                "%(org)s coordinates this partnership and cannot be removed. Hand coordination "
                "over to another member organisation first."
            )
            % {"org": organisation}
        )
    membership.delete()
    _sync_members(partnership)
    entry = log_action(
        "pact.partnership.member_removed",
        partnership,
        actor,
        {"organisation": organisation.slug},
    )
    _notify_organisations(
        [organisation.pk],
        "partnerships_member_removed",
        {"partnership": partnership, "organisation": organisation},
        kind="partnership.member_removed",
        key=f"partnership-member-removed:{entry.pk}",
    )
    refresh_search_vector([partnership.pk])


@transaction.atomic
def hand_over_coordination(partnership: Partnership, organisation: Organisation, *, actor) -> None:
    """Make another member organisation the coordinator; the old one stays as a member."""
    partnership = _lock(partnership)
    memberships = {
        m.organisation_id: m
        for m in PartnershipMembership.objects.select_for_update().filter(partnership=partnership)
    }
    new = memberships.get(organisation.pk)
    if new is None:
        raise PartnershipError(
            _("%(org)s is not a member of this partnership.") % {"org": organisation},
            field="organisation",
        )
    if new.role == PartnershipRole.COORDINATOR:
        raise PartnershipError(
            _("%(org)s already coordinates this partnership.") % {"org": organisation},
            field="organisation",
        )
    if not organisation.is_active:
        raise PartnershipError(
            _("%(org)s is not an active Pact member.") % {"org": organisation},
            field="organisation",
        )
    old = next((m for m in memberships.values() if m.role == PartnershipRole.COORDINATOR), None)
    # Demote first: the database allows one coordinator per partnership at any moment.
    if old is not None:
        old.role = PartnershipRole.MEMBER
        old.save(update_fields=["role"])
    new.role = PartnershipRole.COORDINATOR
    new.save(update_fields=["role"])
    _sync_members(partnership)
    entry = log_action(
        "pact.partnership.coordination_handed_over",
        partnership,
        actor,
        {
            "from": old.organisation.slug if old else None,
            "to": organisation.slug,
        },
    )
    _notify_organisations(
        [organisation.pk, *([old.organisation_id] if old else [])],
        "partnerships_coordination",
        {
            "partnership": partnership,
            "organisation": organisation,
            "previous": old.organisation if old else None,
            "url": _url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.coordination",
        key=f"partnership-coordination:{entry.pk}",
    )
    access.forget(actor)
    refresh_search_vector([partnership.pk])


@transaction.atomic
def leave_partnership(partnership: Partnership, organisation: Organisation, *, actor) -> None:
    """A member organisation's administrator takes it out of the partnership."""
    if not access.can(actor, Perm.ORG_CHANGE, organisation):
        raise PartnershipError(
            _("Only an administrator of %(org)s can do this.") % {"org": organisation}
        )
    partnership = _lock(partnership)
    membership = PartnershipMembership.objects.filter(
        partnership=partnership, organisation=organisation
    ).first()
    if membership is None:
        raise PartnershipError(
            _("%(org)s is not a member of this partnership.") % {"org": organisation}
        )
    if membership.role == PartnershipRole.COORDINATOR:
        raise PartnershipError(
            _(
                "%(org)s coordinates this partnership. Hand coordination over to another member "
                "organisation before leaving."
            )
            % {"org": organisation}
        )
    membership.delete()
    _sync_members(partnership)
    entry = log_action(
        "pact.partnership.member_left", partnership, actor, {"organisation": organisation.slug}
    )
    _notify_organisations(
        _coordinator_ids(partnership),
        "partnerships_member_left",
        {
            "partnership": partnership,
            "organisation": organisation,
            "url": _url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.member_left",
        key=f"partnership-member-left:{entry.pk}",
    )
    access.forget(actor)
    refresh_search_vector([partnership.pk])


# --- notes ---------------------------------------------------------------------------------------


@transaction.atomic
def add_note(
    partnership: Partnership, *, actor, body: str, audience: str = InternalNote.Audience.WORKSPACE
) -> InternalNote:
    """Members write workspace notes; support services write support notes for the coordinator."""
    body = body.strip()
    if not body:
        raise PartnershipError(_("Write the note before posting it."), field="body")
    if audience == InternalNote.Audience.SUPPORT:
        allowed = access.can(actor, Perm.STAFF_SUPPORT)
    else:
        allowed = access.can(actor, Perm.PS_CONTRIBUTE, partnership)
    if not allowed:
        raise PartnershipError(_("You cannot post this kind of note here."))
    note = InternalNote.objects.create(
        partnership=partnership, audience=audience, author=actor, body=body
    )
    log_action(
        "pact.partnership.note_added",
        partnership,
        actor,
        {"note": note.pk, "audience": audience},
    )
    if audience == InternalNote.Audience.SUPPORT:
        _notify_organisations(
            _coordinator_ids(partnership),
            "partnerships_support_note",
            {
                "partnership": partnership,
                "note": note,
                "url": _url("partnerships:workspace", partnership.slug),
            },
            kind="partnership.support_note",
            key=f"partnership-support-note:{note.pk}",
        )
    return note


# --- life-cycle stage and status -----------------------------------------------------------------


@transaction.atomic
def change_stage(partnership: Partnership, stage: str, *, actor, note: str) -> StageChange:
    """Support services move a partnership to another life-cycle stage, with a dated note."""
    if not access.can(actor, Perm.STAFF_SUPPORT):
        raise PartnershipError(_("Only support services change the life-cycle stage."))
    if stage not in Stage.values:
        raise PartnershipError(_("Choose a life-cycle stage."), field="stage")
    note = note.strip()
    if not note:
        raise PartnershipError(_("Explain the change in a short note."), field="note")
    partnership = _lock(partnership)
    if partnership.stage == stage:
        raise PartnershipError(
            _("The partnership is already in the %(stage)s stage.") % {"stage": Stage(stage).label},
            field="stage",
        )
    now = timezone.now()
    previous = partnership.stage
    Partnership.objects.filter(pk=partnership.pk).update(stage=stage, stage_since=now)
    change = StageChange.objects.create(
        partnership=partnership, stage=stage, changed_at=now, changed_by=actor, note=note
    )
    log_action(
        "pact.partnership.stage_changed",
        partnership,
        actor,
        {"from": previous, "to": stage, "note": note},
    )
    _notify_organisations(
        _coordinator_ids(partnership),
        "partnerships_stage_changed",
        {
            "partnership": partnership,
            "stage": Stage(stage).label,
            "note": note,
            "url": _url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.stage_changed",
        key=f"partnership-stage:{change.pk}",
    )
    return change


def _set_status(partnership: Partnership, status: str, actor, note: str = "") -> bool:
    partnership = _lock(partnership)
    previous = partnership.status
    if previous == status:
        return False
    update: dict = {"status": status}
    if status == PartnershipStatus.ACTIVE and partnership.launched_on is None:
        update["launched_on"] = timezone.localdate()
    Partnership.objects.filter(pk=partnership.pk).update(**update)
    log_action(
        "pact.partnership.status_changed",
        partnership,
        actor,
        {"from": previous, "to": status, **({"note": note} if note else {})},
    )
    return True


@transaction.atomic
def set_status_from_declaration(partnership: Partnership, status: str, actor) -> bool:
    """Follow the declaration: draft, under review, active (approved), closed.

    Called by the declarations workflow. The first activation sets the launch date. Returns
    whether the status changed.
    """
    if status not in PartnershipStatus.values:
        raise ValueError(f"Unknown partnership status {status!r}")
    current = Partnership.objects.only("status").get(pk=partnership.pk).status
    if current == PartnershipStatus.CLOSED and status != PartnershipStatus.CLOSED:
        # A closed partnership stays closed; a later declaration event does not reopen it.
        return False
    changed = _set_status(partnership, status, actor)
    if changed:
        partnership.refresh_from_db(fields=["status", "launched_on"])
    return changed


@transaction.atomic
def close_partnership(partnership: Partnership, *, actor, note: str) -> None:
    """Staff close a partnership: it stays public and readable, but takes no new members."""
    if not access.can(actor, Perm.STAFF_REVIEW):
        raise PartnershipError(_("Only Commission staff can close a partnership."))
    note = note.strip()
    if not note:
        raise PartnershipError(_("Give the reason for closing in a short note."), field="note")
    if not _set_status(partnership, PartnershipStatus.CLOSED, actor, note):
        raise PartnershipError(_("This partnership is already closed."))
    PartnershipInvitation.objects.filter(
        partnership=partnership, status=PartnershipInvitation.Status.OPEN
    ).update(status=PartnershipInvitation.Status.REVOKED, answered_at=timezone.now())
    JoinRequest.objects.filter(partnership=partnership, status=JoinRequest.Status.OPEN).update(
        status=JoinRequest.Status.DECLINED, answered_at=timezone.now()
    )
    partnership.refresh_from_db(fields=["status"])
    _notify_organisations(
        _coordinator_ids(partnership),
        "partnerships_closed",
        {"partnership": partnership, "note": note},
        kind="partnership.closed",
        key=f"partnership-closed:{partnership.pk}",
    )


# --- search --------------------------------------------------------------------------------------


def _country_search_names() -> tuple[list[str], list[str]]:
    """Every map country's code with its name in each portal language, for the search text."""
    codes = sorted(TILES)
    names: dict[str, set[str]] = {code: set() for code in codes}
    for language, _label in settings.LANGUAGES:
        with translation.override(language):
            for code in codes:
                names[code].add(country_name(code))
    return codes, [" ".join(sorted(names[code])) for code in codes]


def refresh_search_vector(partnership_ids: Iterable[int] | None = None) -> None:
    """Recompute the stored full-text vector of the given partnerships (all when ``None``).

    One UPDATE: name and acronym weigh most, then the coordinator, countries and regions, then the
    summary, then the published declaration's challenges, objectives and commitment titles.
    """
    from commitments.models import Commitment
    from members.models import Organisation as Org
    from pact.models import Region
    from partnerships.models import DeclarationStatus, DeclarationVersion

    codes, names = _country_search_names()
    params: list = [codes, names, DeclarationStatus.APPROVED]
    where = ""
    if partnership_ids is not None:
        ids = [int(pk) for pk in partnership_ids]
        if not ids:
            return
        where = "AND p.id = ANY(%s)"
        params.append(ids)
    ps = Partnership._meta.db_table
    regions_m2m = Partnership.regions.through._meta.db_table
    sql = f"""
        WITH country_names(code, names) AS (SELECT * FROM unnest(%s::text[], %s::text[]))
        UPDATE {ps} AS p SET search_vector =
            setweight(to_tsvector('{SEARCH_CONFIG}', concat_ws(' ', p.name, p.acronym)), 'A')
            || setweight(to_tsvector('{SEARCH_CONFIG}', concat_ws(' ', o.name, o.acronym)), 'B')
            || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
                SELECT string_agg(cn.names, ' ') FROM country_names cn
                WHERE cn.code = ANY(p.countries)), '')), 'B')
            || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce((
                SELECT string_agg(r.name, ' ') FROM {regions_m2m} pr
                JOIN {Region._meta.db_table} r ON r.code = pr.region_id
                WHERE pr.partnership_id = p.id), '')), 'B')
            || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(p.summary, '')), 'C')
            || setweight(to_tsvector('{SEARCH_CONFIG}', coalesce(d.text, '')), 'D')
        FROM {ps} AS p0
        LEFT JOIN {Org._meta.db_table} AS o ON o.id = p0.coordinator_id
        LEFT JOIN LATERAL (
            SELECT concat_ws(' ', v.challenges, v.objectives, v.ambition, (
                SELECT string_agg(c.title, ' ') FROM {Commitment._meta.db_table} c
                WHERE c.declaration_version_id = v.id)) AS text
            FROM {DeclarationVersion._meta.db_table} v
            WHERE v.partnership_id = p0.id AND v.status = %s
            ORDER BY v.number DESC LIMIT 1
        ) AS d ON true
        WHERE p.id = p0.id {where}
    """  # noqa: S608 - table names come from model metadata, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
