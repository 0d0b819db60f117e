"""An organisation's profile, kept by its admins: edits compare-and-set on ``lock_version``,
the logo checked by content, the directory's search vector refreshed. Audited."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from members.common import (
    ConcurrentEdit,
    duplicate_name_error,
    name_taken,
    refresh_search_vectors,
    save_logo,
)
from members.duplicates.services import flag_organisation
from members.models import (
    DuplicateFlag,
    Organisation,
)
from pact import access
from pact.kernel.audit import log_action
from pact.kernel.uploads import CheckedFile
from pact.models import User

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
        raise duplicate_name_error()
    # Ecosystems and the preferred language are set on the profile (not in the application).
    fields = [*PROFILE_FIELDS, *(f for f in ("ecosystems", "preferred_language") if f in data)]
    changed = [f for f in fields if _comparable(getattr(current, f)) != _comparable(data.get(f))]
    for f in fields:
        value = data.get(f)
        setattr(current, f, value if value is not None or f == "nuts_region" else "")
    if save_logo(current, logo, remove_logo):
        changed.append("logo")
    current.lock_version = F("lock_version") + 1
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError:
        raise duplicate_name_error() from None
    current.refresh_from_db()
    refresh_search_vectors([current.pk])
    if "name" in changed:
        flag_organisation(current, DuplicateFlag.Source.PROFILE)
    log_action("pact.organisation.updated", current, actor, {"fields": changed})
    return current


def _comparable(value) -> str:
    if value is None:
        return ""
    return str(getattr(value, "pk", None) or getattr(value, "code", None) or value)
