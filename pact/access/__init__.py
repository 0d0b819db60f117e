"""Who may see and change what: the one policy package. Views, the API and services ask it.

- ``roles``: named permissions and the roles that grant them (organisation, partnership, staff),
  ``can`` / ``require``;
- ``querysets``: "visible to this person" filters;
- ``fetch``: fetch-or-404 helpers, so an outsider cannot tell a private object from a missing one;
- ``decorators``: view decorators (staff pages).

``from pact import access`` then ``access.can(user, access.Perm.PS_COORDINATE, partnership)``.

It may import the apps' models and the kernel, never the apps' services, selectors, forms, views,
API or tasks, nor the site (the import contracts in ``pyproject.toml``).
"""

from pact.access.fetch import get_organisation_or_404, get_partnership_or_404
from pact.access.querysets import (
    commitments_visible_to,
    count_commitments_visible_to,
    count_reports_visible_to,
    count_targets_visible_to,
    organisations_visible_to,
    partnerships_visible_to,
    public_organisations,
    public_partnerships,
    reports_visible_to,
    user_organisations,
)
from pact.access.roles import (
    ORGANISATION_ROLE_PERMS,
    PARTNERSHIP_ROLE_PERMS,
    STAFF_ORGANISATION_PERMS,
    STAFF_PARTNERSHIP_PERMS,
    STAFF_ROLE_PERMS,
    SYSTEM,
    Perm,
    Refused,
    any_of,
    can,
    forget,
    has_mfa,
    is_staff,
    is_staff_without_mfa,
    organisation_ids,
    organisation_perms,
    partnership_ids,
    partnership_perms,
    require,
    require_to_act,
    staff_perms,
)

__all__ = [
    "ORGANISATION_ROLE_PERMS",
    "PARTNERSHIP_ROLE_PERMS",
    "STAFF_ORGANISATION_PERMS",
    "STAFF_PARTNERSHIP_PERMS",
    "STAFF_ROLE_PERMS",
    "SYSTEM",
    "Perm",
    "Refused",
    "any_of",
    "can",
    "commitments_visible_to",
    "count_commitments_visible_to",
    "count_reports_visible_to",
    "count_targets_visible_to",
    "forget",
    "get_organisation_or_404",
    "get_partnership_or_404",
    "has_mfa",
    "is_staff",
    "is_staff_without_mfa",
    "organisation_ids",
    "organisation_perms",
    "organisations_visible_to",
    "partnership_ids",
    "partnership_perms",
    "partnerships_visible_to",
    "public_organisations",
    "public_partnerships",
    "reports_visible_to",
    "require",
    "require_to_act",
    "staff_perms",
    "user_organisations",
]
