"""What the support services' topics share: their errors, links, who the support staff are,
searching, and who may publish content (funding calls, library resources, events)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pact import access
from pact.access import Perm
from pact.models import StaffRole, User
from pact.support.models import (
    Event,
    FundingCall,
    Resource,
)
from partnerships.common import organisation_admins as admins
from partnerships.models import Partnership


class SupportError(Exception):
    """A refused operation; the message is meant for the person who asked, in their language."""

    def __init__(
        self,
        message: str,
        field: str | None = None,
        problems: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # Every broken rule as (field, message), for a form to show each on its field.
        self.problems = problems or [(field or "", message)]


class ConcurrentEdit(SupportError):
    pass


def concurrent_edit_error(what: str) -> ConcurrentEdit:
    return ConcurrentEdit(
        _(
            "Someone else saved this %(what)s while you were editing it. Your text is kept below: "
            "review the current version and save again."
        )
        % {"what": what}
    )


def site_url(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def support_staff() -> list[User]:
    """The people who triage expressions of interest: support services and staff administrators."""
    return list(
        User.objects.filter(
            staff_role__in=[StaffRole.SUPPORT, StaffRole.ADMIN],
            is_active=True,
            deleted_at__isnull=True,
        ).order_by("pk")
    )


def organisation_admins(organisation_ids: Iterable[int]) -> list[User]:
    return admins(organisation_ids)


SEARCH_CONFIG = "english"


def search_query(text: str) -> SearchQuery | None:
    """Every word must match, as a prefix (the same rule as the partnership directory)."""
    words = re.findall(r"\w+", text)[:12]
    if not words:
        return None
    return SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config=SEARCH_CONFIG
    )


# Path segments that sit beside the slugs in the URLs.
RESERVED_SLUGS = frozenset({"new"})


def _unique_slug(model, text: str) -> str:
    base = slugify(text)[:100] or "item"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _vector(*weighted: tuple[str, str]):
    vector: Any = None
    for field, weight in weighted:
        part = SearchVector(field, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    assert vector is not None
    return vector


def refresh_search_vectors() -> None:
    """Recompute every stored vector (after a bulk load such as the demo)."""
    FundingCall.objects.update(search_vector=CALL_VECTOR)
    Resource.objects.update(search_vector=RESOURCE_VECTOR)
    Event.objects.update(search_vector=EVENT_VECTOR)


CALL_VECTOR = _vector(
    ("title", "A"), ("programme", "A"), ("institution", "B"), ("summary", "C"), ("eligibility", "D")
)
RESOURCE_VECTOR = _vector(("title", "A"), ("summary", "B"), ("body", "C"))
EVENT_VECTOR = _vector(("title", "A"), ("summary", "B"), ("location", "B"), ("description", "C"))


def _check_dates(opens_on, deadline) -> None:
    if opens_on and deadline and deadline < opens_on:
        raise SupportError(_("The deadline comes after the opening date."), field="deadline")


# --- library and events: who publishes ------------------------------------------------------------


def _require_publisher(actor, partnership: Partnership | None) -> None:
    if not access.can_publish(actor, partnership):
        raise SupportError(
            _("You can publish only for a partnership you coordinate."), field="publisher"
        )


def publishable_partnerships(user) -> list[Partnership]:
    """Partnerships the user may publish library resources and events for."""
    return coordinated_partnerships(user)


def coordinated_partnerships(user) -> list[Partnership]:
    """Partnerships the user's organisations coordinate: those they bookmark calls for."""
    return list(
        Partnership.objects.filter(pk__in=access.partnership_ids(user, Perm.PS_COORDINATE))
        .exclude(status="closed")
        .order_by("name")
    )
