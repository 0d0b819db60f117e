"""Who may see and change what: the one policy package. Views, the API and services ask it.

- ``roles``: named permissions and the roles that grant them (organisation, partnership, staff),
  ``can`` / ``require``;
- ``querysets``: "visible to this person" filters;
- ``objects``: who may do what to one object whose state matters (a declaration version, a news
  item, an event, a proposal);
- ``fetch``: fetch-or-404 helpers, so an outsider cannot tell a private object from a missing one;
- ``staff``: who governs staff roles (grant, revoke, review, second-factor reset);
- ``reporting``: who reports for an organisation, its delegation to coordinators included;
- ``decorators``: view decorators (staff pages).
- ``decorators``: view decorators (staff pages);
- ``lifecycle``: suspension, withdrawal, reinstatement, appointing coordinators and administrators,
  pledge review; which organisations act; profiles visible while suspended or withdrawn.

``from pact import access`` then ``access.can(user, access.Perm.PS_COORDINATE, partnership)``.

It may import the apps' models and the kernel, never the apps' services, selectors, forms, views,
API or tasks, nor the site (the import contracts in ``pyproject.toml``).
"""

from pact.access import lifecycle
from pact.access.fetch import get_organisation_or_404, get_partnership_or_404
from pact.access.objects import (
    active_organisations,
    belongs_to_active,
    can_edit_call,
    can_edit_eoi,
    can_edit_news,
    can_edit_resource,
    can_organise,
    can_preview_draft,
    can_publish,
    can_read_version,
    can_view_news,
    can_write_news,
    can_write_pact_news,
    can_write_partnership_news,
    news_partnerships,
)
from pact.access.querysets import (
    calls_visible_to,
    commitments_visible_to,
    count_commitments_visible_to,
    count_reports_visible_to,
    count_targets_visible_to,
    eois_visible_to,
    events_visible_to,
    is_pact_member,
    organisation_profiles_visible_to,
    organisations_visible_to,
    partnerships_visible_to,
    public_organisations,
    public_partnerships,
    reports_visible_to,
    resources_visible_to,
    user_organisations,
)
from pact.access.reporting import (
    ReportingScope,
    delegated_partnership_ids,
    get_reporting_organisation_or_404,
    may_report,
    may_report_for,
    reporting_scope,
    require_to_report,
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
    can_translate_declaration,
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
from pact.access.staff import may_change_staff_member, may_govern_staff

__all__ = [
    "ORGANISATION_ROLE_PERMS",
    "PARTNERSHIP_ROLE_PERMS",
    "STAFF_ORGANISATION_PERMS",
    "STAFF_PARTNERSHIP_PERMS",
    "STAFF_ROLE_PERMS",
    "SYSTEM",
    "Perm",
    "Refused",
    "ReportingScope",
    "active_organisations",
    "any_of",
    "belongs_to_active",
    "calls_visible_to",
    "can",
    "can_edit_call",
    "can_edit_eoi",
    "can_edit_news",
    "can_edit_resource",
    "can_organise",
    "can_preview_draft",
    "can_publish",
    "can_read_version",
    "can_translate_declaration",
    "can_view_news",
    "can_write_news",
    "can_write_pact_news",
    "can_write_partnership_news",
    "commitments_visible_to",
    "count_commitments_visible_to",
    "count_reports_visible_to",
    "count_targets_visible_to",
    "delegated_partnership_ids",
    "eois_visible_to",
    "events_visible_to",
    "forget",
    "get_organisation_or_404",
    "get_partnership_or_404",
    "get_reporting_organisation_or_404",
    "has_mfa",
    "is_pact_member",
    "is_staff",
    "is_staff_without_mfa",
    "lifecycle",
    "may_change_staff_member",
    "may_govern_staff",
    "may_report",
    "may_report_for",
    "news_partnerships",
    "organisation_ids",
    "organisation_perms",
    "organisation_profiles_visible_to",
    "organisations_visible_to",
    "partnership_ids",
    "partnership_perms",
    "partnerships_visible_to",
    "public_organisations",
    "public_partnerships",
    "reporting_scope",
    "reports_visible_to",
    "require",
    "require_to_act",
    "require_to_report",
    "resources_visible_to",
    "staff_perms",
    "user_organisations",
]
