"""What the members' services share: their errors, slugs and the duplicate-name rule, the search
vector of the directory, logos, the people of an organisation, absolute links."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.models import (
    Organisation,
)
from pact.kernel.uploads import CheckedFile
from pact.models import User

# Paths under /members/ that are pages, not organisations.
RESERVED_SLUGS = frozenset(
    {"join", "supporter", "applications", "invitations", "regions", "new", "search"}
)

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


def _slug_base(name: str) -> str:
    base = slugify(name)[:100].strip("-") or "organisation"
    return f"{base}-organisation" if base in RESERVED_SLUGS else base


def unique_slug(name: str) -> str:
    """The slug of an organisation registered by staff (public at once): the name's, numbered
    when taken."""
    base = _slug_base(name)
    taken = set(Organisation.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def private_slug(name: str) -> str:
    """The slug of an application: the name's with a random ending, whatever else exists, so it
    never tells the applicant that another organisation (a private one) holds the plain one."""
    base = _slug_base(name)[:90]
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not Organisation.objects.filter(slug=slug).exists():
            return slug


def name_taken(name: str, country: str, exclude_pk: int | None = None) -> bool:
    """The name is a public (active) organisation's in this country: a pending or private one's
    is accepted and flagged to staff instead (members.duplicates, DESIGN §9)."""
    qs = Organisation.objects.public().filter(name__iexact=name.strip(), country=country)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def duplicate_name_error() -> MembershipError:
    return MembershipError(
        _("An organisation with this name is already registered in this country."), field="name"
    )


def save_logo(organisation: Organisation, logo: CheckedFile | None, remove: bool) -> bool:
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
