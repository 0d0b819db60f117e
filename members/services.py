"""Writes for members: applications, decisions, profiles and supporters (colleagues live in
``members.colleagues``, umbrella imports in ``members.umbrella``).

Every state change writes an audit row in the same transaction; mail is recorded in the outbox
through ``pact.mail.queue_email`` and sent after commit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.models import (
    Organisation,
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


def absolute_url(url: str) -> str:
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
            "manage_url": absolute_url(reverse("members:manage", args=[organisation.slug])),
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
        "manage_url": absolute_url(reverse("members:manage", args=[organisation.slug])),
        "profile_url": absolute_url(reverse("members:profile", args=[organisation.slug])),
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
        from members.colleagues import invite

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
    # Ecosystems and the preferred language are set on the profile (not in the application).
    fields = [*PROFILE_FIELDS, *(f for f in ("ecosystems", "preferred_language") if f in data)]
    changed = [f for f in fields if _comparable(getattr(current, f)) != _comparable(data.get(f))]
    for f in fields:
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
