"""Writes for members: applications, decisions, profiles, colleagues, supporters and CSV imports.

Every state change writes an audit row in the same transaction; mail is recorded in the outbox
through ``pact.mail.queue_email`` and sent after commit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members import imports
from members.models import (
    MemberImport,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    OrganisationRole,
    OrganisationStatus,
)
from pact import access
from pact.audit import log_action
from pact.mail import queue_email
from pact.models import User
from pact.uploads import CheckedFile

# Paths under /members/ that are pages, not organisations.
RESERVED_SLUGS = frozenset(
    {"join", "supporter", "applications", "invitations", "regions", "new", "search"}
)
PROFILE_FIELDS = (
    "name",
    "acronym",
    "type",
    "country",
    "nuts_region",
    "website",
    "description",
    "contact_name",
    "contact_email",
)
CHARTER_PRINCIPLES = (1, 2, 3, 4)

SEARCH_VECTOR_SQL = """
UPDATE members_organisation AS o SET search_vector =
    setweight(to_tsvector('simple', coalesce(o.name, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(o.acronym, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(
        (SELECT r.name FROM pact_region AS r WHERE r.code = o.nuts_region_id), '')), 'C')
    || setweight(to_tsvector('simple', coalesce(o.description, '')), 'D')
"""


class MembershipError(Exception):
    """A request that cannot be honoured; the message is shown to the person as it is."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConcurrentEdit(MembershipError):
    """Someone else saved the profile since it was read."""


# --- helpers -----------------------------------------------------------------------------------


def refresh_search_vectors(organisation_ids: Iterable[int] | None = None) -> None:
    """Recompute the stored full-text vector (name, acronym, region, description) in one UPDATE."""
    with connection.cursor() as cursor:
        if organisation_ids is None:
            cursor.execute(SEARCH_VECTOR_SQL)
        else:
            ids = list(organisation_ids)
            if ids:
                cursor.execute(SEARCH_VECTOR_SQL + " WHERE o.id = ANY(%s)", [ids])


def unique_slug(name: str) -> str:
    base = slugify(name)[:100].strip("-") or "organisation"
    if base in RESERVED_SLUGS:
        base = f"{base}-organisation"
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def name_taken(name: str, country: str, exclude_pk: int | None = None) -> bool:
    qs = Organisation.objects.filter(name__iexact=name.strip(), country=country)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def _duplicate_name_error() -> MembershipError:
    return MembershipError(
        _("An organisation with this name is already registered in this country."), field="name"
    )


def _save_logo(organisation: Organisation, logo: CheckedFile | None, remove: bool) -> bool:
    if logo is not None:
        if organisation.logo:
            organisation.logo.delete(save=False)
        organisation.logo.save(logo.name, logo.as_content_file(), save=False)
        return True
    if remove and organisation.logo:
        organisation.logo.delete(save=False)
        organisation.logo = ""  # type: ignore[assignment]
        return True
    return False


def people_of(organisation: Organisation) -> list[User]:
    return [
        m.user
        for m in organisation.memberships.select_related("user").filter(
            user__is_active=True, user__deleted_at__isnull=True
        )
    ]


def _absolute(url: str) -> str:
    return settings.SITE_URL + url


# --- applications --------------------------------------------------------------------------------


@transaction.atomic
def apply(
    user: User,
    data: dict,
    *,
    principles: Iterable[int],
    logo: CheckedFile | None = None,
) -> Organisation:
    """Register an organisation as an application waiting for staff approval.

    The applicant becomes its admin; the four Charter principles must all be accepted and are
    stored with the Charter version, the time and the applicant.
    """
    accepted = sorted(set(principles))
    if accepted != list(CHARTER_PRINCIPLES):
        raise MembershipError(_("All four principles of the Pact Charter must be accepted."))
    if name_taken(data["name"], str(data["country"])):
        raise _duplicate_name_error()
    now = timezone.now()
    organisation = Organisation(
        slug=unique_slug(data["name"]),
        status=OrganisationStatus.APPLIED,
        applied_at=now,
        applied_by=user,
        charter_version=settings.CHARTER_VERSION,
        charter_accepted_at=now,
        charter_accepted_by=user,
        charter_principles=accepted,
        **{f: data.get(f) or ("" if f != "nuts_region" else None) for f in PROFILE_FIELDS},
    )
    _save_logo(organisation, logo, remove=False)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise _duplicate_name_error() from None
    OrganisationMembership.objects.create(
        organisation=organisation, user=user, role=OrganisationRole.ADMIN
    )
    access.forget(user)
    refresh_search_vectors([organisation.pk])
    log_action(
        "pact.organisation.applied",
        organisation,
        user,
        {"charter_version": settings.CHARTER_VERSION, "principles": accepted},
    )
    queue_email(
        to=user,
        template="members_application_received",
        context={
            "organisation": organisation,
            "manage_url": _absolute(reverse("members:manage", args=[organisation.slug])),
        },
        kind="members.application_received",
        dedupe_key=f"members.application_received.{organisation.pk}",
    )
    return organisation


@transaction.atomic
def decide(organisation: Organisation, actor: User, *, approve: bool, reason: str = "") -> None:
    """Approve or reject a waiting application (a reason is required to reject) and tell its people.

    Decided by compare-and-set on the status, so two reviewers cannot both decide.
    """
    reason = reason.strip()
    if not approve and not reason:
        raise MembershipError(_("Give a reason for the rejection."), field="reason")
    new_status = OrganisationStatus.ACTIVE if approve else OrganisationStatus.REJECTED
    now = timezone.now()
    changed = Organisation.objects.filter(
        pk=organisation.pk, status=OrganisationStatus.APPLIED
    ).update(
        status=new_status,
        decided_at=now,
        decided_by=actor,
        decision_reason=reason,
        updated_at=now,
    )
    if not changed:
        raise MembershipError(_("This application has already been decided."))
    organisation.refresh_from_db()
    log_action(
        "pact.organisation.approved" if approve else "pact.organisation.rejected",
        organisation,
        actor,
        {"reason": reason},
    )
    _tell_decision(organisation, approve=approve, reason=reason)


def _tell_decision(organisation: Organisation, *, approve: bool, reason: str) -> None:
    template = "members_application_approved" if approve else "members_application_rejected"
    kind = f"members.application_{'approved' if approve else 'rejected'}"
    context = {
        "organisation": organisation,
        "reason": reason,
        "manage_url": _absolute(reverse("members:manage", args=[organisation.slug])),
        "profile_url": _absolute(reverse("members:profile", args=[organisation.slug])),
    }
    people = people_of(organisation)
    for person in people:
        queue_email(
            to=person,
            template=template,
            context=context,
            kind=kind,
            dedupe_key=f"{kind}.{organisation.pk}.{person.pk}",
        )
    if people:
        return
    # Brought in by an umbrella: nobody acts for it yet. Tell the umbrella's applicant, and on
    # approval invite the main contact to become the organisation's admin.
    if organisation.applied_by_id and organisation.applied_by:
        queue_email(
            to=organisation.applied_by,
            template=template,
            context=context,
            kind=kind,
            dedupe_key=f"{kind}.{organisation.pk}.{organisation.applied_by_id}",
        )
    if approve and organisation.contact_email:
        # An open invitation to the contact may exist already; then there is nothing to add.
        with contextlib.suppress(MembershipError):
            invite(
                organisation,
                organisation.applied_by,
                organisation.contact_email,
                OrganisationRole.ADMIN,
                check_permission=False,
            )


# --- profile ---------------------------------------------------------------------------------------


@transaction.atomic
def update_profile(
    organisation: Organisation,
    actor: User,
    data: dict,
    *,
    expected_version: int,
    logo: CheckedFile | None = None,
    remove_logo: bool = False,
) -> Organisation:
    """Save the profile if nobody saved it since ``expected_version`` was read; else ConcurrentEdit."""
    access.require(actor, access.Perm.ORG_CHANGE, organisation)
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if current.lock_version != expected_version:
        raise ConcurrentEdit(
            _(
                "Someone else saved this profile while you were editing it. Your text is kept "
                "below: check the current profile, then save again."
            )
        )
    if name_taken(data["name"], str(data["country"]), exclude_pk=organisation.pk):
        raise _duplicate_name_error()
    changed = [
        f for f in PROFILE_FIELDS if _comparable(getattr(current, f)) != _comparable(data.get(f))
    ]
    for f in PROFILE_FIELDS:
        value = data.get(f)
        setattr(current, f, value if value is not None or f == "nuts_region" else "")
    if _save_logo(current, logo, remove_logo):
        changed.append("logo")
    current.lock_version = F("lock_version") + 1
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError:
        raise _duplicate_name_error() from None
    current.refresh_from_db()
    refresh_search_vectors([current.pk])
    log_action("pact.organisation.updated", current, actor, {"fields": changed})
    return current


def _comparable(value) -> str:
    if value is None:
        return ""
    return str(getattr(value, "pk", None) or getattr(value, "code", None) or value)


# --- colleagues ------------------------------------------------------------------------------------


def invitation_is_open(invitation: OrganisationInvitation) -> bool:
    if invitation.accepted_at or invitation.revoked_at:
        return False
    return invitation.created_at >= timezone.now() - timedelta(
        days=settings.INVITATION_VALIDITY_DAYS
    )


def _users_with_email(email: str):
    verified = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    return User.objects.filter(email__iexact=email) | User.objects.filter(pk__in=verified)


@transaction.atomic
def invite(
    organisation: Organisation,
    actor: User | None,
    email: str,
    role: str,
    *,
    check_permission: bool = True,
) -> OrganisationInvitation:
    """Invite a colleague by email with a role. Refused if the address is a member already or an
    open invitation to it exists. The invitation mail carries a one-time token link."""
    if check_permission:
        access.require(actor, access.Perm.ORG_CHANGE, organisation)
    email = email.strip().lower()
    if role not in OrganisationRole.values:
        raise MembershipError(_("Choose a role."), field="role")
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if organisation.memberships.filter(user__in=_users_with_email(email)).exists():
        raise MembershipError(
            _("%(email)s is already a member of this organisation.") % {"email": email},
            field="email",
        )
    existing = OrganisationInvitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).first()
    if existing and invitation_is_open(existing):
        raise MembershipError(
            _(
                "An invitation to %(email)s is already open (sent on %(date)s). Revoke it "
                "first if you want to send a new one."
            )
            % {"email": email, "date": existing.created_at.date().isoformat()},
            field="email",
        )
    if existing:  # expired: make room for the new one
        existing.revoked_at = timezone.now()
        existing.save(update_fields=["revoked_at"])
    invitation = OrganisationInvitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=actor
    )
    log_action(
        "pact.organisation_member.invited",
        invitation,
        actor,
        {"email": email, "role": role},
    )
    recipient = User.objects.filter(email__iexact=email).first()
    queue_email(
        to=recipient or email,
        template="members_invitation",
        context={
            "organisation": organisation,
            "invitation": invitation,
            "inviter": actor,
            "role_label": invitation.get_role_display(),
            "accept_url": _absolute(reverse("members:invitation", args=[invitation.token])),
            "valid_days": settings.INVITATION_VALIDITY_DAYS,
        },
        kind="members.invitation",
        dedupe_key=f"members.invitation.{invitation.pk}",
    )
    return invitation


@transaction.atomic
def revoke_invitation(invitation: OrganisationInvitation, actor: User) -> None:
    access.require(actor, access.Perm.ORG_CHANGE, invitation.organisation)
    changed = OrganisationInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if changed:
        log_action(
            "pact.organisation_member.invitation_revoked",
            invitation,
            actor,
            {"email": invitation.email},
        )


def user_may_accept(invitation: OrganisationInvitation, user: User) -> bool:
    """Only the person the invitation was sent to, signed in with that (verified) address."""
    if not user.is_authenticated:
        return False
    if user.email.lower() == invitation.email.lower():
        return True
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


@transaction.atomic
def accept_invitation(invitation: OrganisationInvitation, user: User) -> OrganisationMembership:
    """Join the organisation with the invited role. One use only; expired invitations are refused."""
    if not user_may_accept(invitation, user):
        raise MembershipError(_("This invitation was sent to another email address."))
    current = OrganisationInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation_is_open(current):
        raise MembershipError(_("This invitation has expired or was already used."))
    membership, created = OrganisationMembership.objects.get_or_create(
        organisation=current.organisation, user=user, defaults={"role": current.role}
    )
    current.accepted_at = timezone.now()
    current.save(update_fields=["accepted_at"])
    access.forget(user)
    if created:
        log_action(
            "pact.organisation_member.joined",
            membership,
            user,
            {"role": membership.role, "invitation": current.pk},
        )
    return membership


def _lock_memberships(organisation: Organisation) -> list[OrganisationMembership]:
    return list(
        OrganisationMembership.objects.select_for_update()
        .filter(organisation=organisation)
        .order_by("pk")
    )


def _refuse_last_admin(
    memberships: list[OrganisationMembership], leaving: OrganisationMembership, message: str
) -> None:
    admins = [m for m in memberships if m.role == OrganisationRole.ADMIN]
    if leaving.role == OrganisationRole.ADMIN and len(admins) <= 1:
        raise MembershipError(message)


@transaction.atomic
def remove_member(membership: OrganisationMembership, actor: User) -> None:
    """An admin removes a colleague; the last admin cannot be removed."""
    organisation = membership.organisation
    access.require(actor, access.Perm.ORG_CHANGE, organisation)
    memberships = _lock_memberships(organisation)
    target = next((m for m in memberships if m.pk == membership.pk), None)
    if target is None:
        return
    _refuse_last_admin(
        memberships,
        target,
        _(
            "%(name)s is the organisation's only admin and cannot be removed. Make someone "
            "else admin first."
        )
        % {"name": target.user.display_name},
    )
    target.delete()
    access.forget(target.user)
    log_action(
        "pact.organisation_member.removed",
        organisation,
        actor,
        {"user": target.user_id, "email": target.user.email, "role": target.role},
    )


@transaction.atomic
def leave(organisation: Organisation, user: User) -> None:
    """Stop acting for the organisation; the last admin cannot leave."""
    memberships = _lock_memberships(organisation)
    own = next((m for m in memberships if m.user_id == user.pk), None)
    if own is None:
        raise MembershipError(_("You are not a member of this organisation."))
    _refuse_last_admin(
        memberships,
        own,
        _(
            "You are the organisation's only admin, so you cannot leave. Hand over the admin "
            "role to a colleague first."
        ),
    )
    own.delete()
    access.forget(user)
    log_action(
        "pact.organisation_member.removed",
        organisation,
        user,
        {"user": user.pk, "email": user.email, "role": own.role, "left": True},
    )


@transaction.atomic
def change_role(membership: OrganisationMembership, actor: User, role: str) -> None:
    """An admin changes a colleague's role; the last admin cannot be downgraded."""
    organisation = membership.organisation
    access.require(actor, access.Perm.ORG_CHANGE, organisation)
    if role not in OrganisationRole.values:
        raise MembershipError(_("Choose a role."))
    memberships = _lock_memberships(organisation)
    target = next((m for m in memberships if m.pk == membership.pk), None)
    if target is None or target.role == role:
        return
    if role != OrganisationRole.ADMIN:
        _refuse_last_admin(
            memberships,
            target,
            _(
                "%(name)s is the organisation's only admin. Make someone else admin before "
                "changing this role."
            )
            % {"name": target.user.display_name},
        )
    old = target.role
    target.role = role
    target.save(update_fields=["role"])
    access.forget(target.user)
    log_action(
        "pact.organisation_member.role_changed",
        target,
        actor,
        {"user": target.user_id, "from": old, "to": role},
    )


@transaction.atomic
def hand_over_admin(membership: OrganisationMembership, actor: User) -> None:
    """The acting admin makes a colleague admin and becomes a contributor, in one step."""
    organisation = membership.organisation
    access.require(actor, access.Perm.ORG_CHANGE, organisation)
    memberships = _lock_memberships(organisation)
    target = next((m for m in memberships if m.pk == membership.pk), None)
    own = next((m for m in memberships if m.user_id == actor.pk), None)
    if target is None or own is None or target.pk == own.pk:
        raise MembershipError(_("Choose a colleague to hand the admin role over to."))
    if target.role != OrganisationRole.ADMIN:
        target.role = OrganisationRole.ADMIN
        target.save(update_fields=["role"])
        log_action(
            "pact.organisation_member.role_changed",
            target,
            actor,
            {"user": target.user_id, "from": OrganisationRole.CONTRIBUTOR, "to": "admin"},
        )
    own.role = OrganisationRole.CONTRIBUTOR
    own.save(update_fields=["role"])
    log_action(
        "pact.organisation_member.role_changed",
        own,
        actor,
        {"user": actor.pk, "from": "admin", "to": OrganisationRole.CONTRIBUTOR, "handover": True},
    )
    access.forget(actor)
    access.forget(target.user)


# --- supporters ----------------------------------------------------------------------------------


@transaction.atomic
def become_supporter(user: User) -> bool:
    """Follow the Pact's news as a supporter. Returns False if the person already was one."""
    changed = User.objects.filter(pk=user.pk, is_supporter=False).update(
        is_supporter=True, supporter_since=timezone.now()
    )
    user.refresh_from_db(fields=["is_supporter", "supporter_since"])
    if changed:
        log_action("pact.supporter.joined", user, user)
    return bool(changed)


@transaction.atomic
def stop_supporting(user: User) -> bool:
    changed = User.objects.filter(pk=user.pk, is_supporter=True).update(
        is_supporter=False, supporter_since=None
    )
    user.refresh_from_db(fields=["is_supporter", "supporter_since"])
    if changed:
        log_action("pact.supporter.left", user, user)
    return bool(changed)


# --- umbrella imports ----------------------------------------------------------------------------


def _require_umbrella(organisation: Organisation, actor: User) -> None:
    access.require(actor, access.Perm.ORG_CHANGE, organisation)
    if organisation.status != OrganisationStatus.ACTIVE:
        raise MembershipError(_("Only an active member organisation can bring in its own members."))


@transaction.atomic
def check_member_import(
    organisation: Organisation, actor: User, upload: UploadedFile
) -> MemberImport:
    """Check an uploaded CSV row by row and store the result for the preview. Creates no
    organisation; raises ``imports.ImportFileError`` if the file cannot be read at all."""
    _require_umbrella(organisation, actor)
    if (upload.size or 0) > imports.MAX_FILE_BYTES:
        raise imports.ImportFileError(
            _("The file is too large; the limit is %(limit)s KB.")
            % {"limit": imports.MAX_FILE_BYTES // 1024}
        )
    upload.seek(0)
    result = imports.check_csv(upload.read(imports.MAX_FILE_BYTES + 1))
    member_import = MemberImport.objects.create(
        organisation=organisation,
        uploaded_by=actor,
        filename=(upload.name or "members.csv")[-200:],
        rows=result.rows,
        errors=result.errors,
    )
    log_action(
        "pact.member_import.checked",
        member_import,
        actor,
        {
            "filename": member_import.filename,
            "rows": len(result.rows),
            "valid": len(result.valid_rows),
            "problems": len(result.errors),
        },
    )
    return member_import


@transaction.atomic
def confirm_member_import(member_import: MemberImport, actor: User) -> list[Organisation]:
    """Create the valid rows as applications brought in by the umbrella (status applied).

    Runs once (compare-and-set on the status). Names registered since the check are skipped and
    reported in the audit row rather than failing the whole import.
    """
    organisation = member_import.organisation
    _require_umbrella(organisation, actor)
    claimed = MemberImport.objects.filter(
        pk=member_import.pk, status=MemberImport.Status.CHECKED
    ).update(status=MemberImport.Status.CONFIRMED, confirmed_at=timezone.now())
    if not claimed:
        raise MembershipError(_("This import was already confirmed or discarded."))
    now = timezone.now()
    created: list[Organisation] = []
    skipped: list[int] = []
    for row in member_import.rows:
        if not row.get("ok"):
            continue
        values = row["values"]
        if name_taken(values["name"], values["country"]):
            skipped.append(row["line"])
            continue
        new = Organisation(
            slug=unique_slug(values["name"]),
            name=values["name"],
            acronym=values["acronym"],
            type=values["type"],
            country=values["country"],
            nuts_region_id=values["nuts_region"] or None,
            website=values["website"],
            contact_name=values["contact_name"],
            contact_email=values["contact_email"],
            status=OrganisationStatus.APPLIED,
            applied_at=now,
            applied_by=actor,
            umbrella=organisation,
            charter_version=settings.CHARTER_VERSION,
            charter_accepted_at=now,
            charter_accepted_by=actor,
            charter_principles=list(CHARTER_PRINCIPLES),
        )
        try:
            with transaction.atomic():
                new.save()
        except IntegrityError:
            skipped.append(row["line"])
            continue
        log_action(
            "pact.organisation.applied",
            new,
            actor,
            {
                "umbrella": organisation.pk,
                "member_import": member_import.pk,
                "line": row["line"],
                "charter_version": settings.CHARTER_VERSION,
            },
        )
        created.append(new)
    refresh_search_vectors(o.pk for o in created)
    member_import.refresh_from_db()
    log_action(
        "pact.member_import.confirmed",
        member_import,
        actor,
        {"created": len(created), "skipped_lines": skipped},
    )
    return created


@transaction.atomic
def discard_member_import(member_import: MemberImport, actor: User) -> None:
    access.require(actor, access.Perm.ORG_CHANGE, member_import.organisation)
    changed = MemberImport.objects.filter(
        pk=member_import.pk, status=MemberImport.Status.CHECKED
    ).update(status=MemberImport.Status.DISCARDED)
    if changed:
        log_action("pact.member_import.discarded", member_import, actor)
