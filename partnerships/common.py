"""What the partnership services share: their errors, links, the admins of organisations, row
locks, the member count, the coordinators, and the search vector of the directory."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from commitments.models import Commitment
from members.models import Organisation, OrganisationRole
from members.models import Organisation as Org
from pact import access
from pact.access import Perm
from pact.kernel.assurance import Assurance
from pact.kernel.map import COUNTRIES, country_name
from pact.kernel.outbox.queue import queue_email
from pact.models import Region, User
from partnerships.models import (
    DeclarationStatus,
    DeclarationVersion,
    Partnership,
    PartnershipMembership,
    PartnershipRole,
)

SEARCH_CONFIG = "english"


class PartnershipError(Exception):
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


class ConcurrentEdit(PartnershipError):
    pass


def refuse_broken_rules(problems: list[tuple[str, str]]) -> None:
    """Refuse with every broken kind or area rule (``partnerships.rules``), the first as the message."""
    if problems:
        field, message = problems[0]
        raise PartnershipError(message, field=field, problems=problems)


def absolute_url(name: str, *args) -> str:
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


def notify_organisations(
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


def lock_partnership(partnership: Partnership) -> Partnership:
    """Re-read the partnership under a row lock: membership changes of one partnership queue up."""
    return (
        Partnership.objects.select_for_update(of=("self",))
        .select_related("coordinator")
        .get(pk=partnership.pk)
    )


def sync_members(partnership: Partnership) -> None:
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


def require_coordinator(partnership: Partnership, actor, sign_in: Assurance | None = None) -> None:
    """What only the coordinator does (profile, invitations, members, the declaration), whoever
    calls the service: ``access.Refused`` for anyone else."""
    access.require_to_act(actor, Perm.PS_COORDINATE, partnership, sign_in=sign_in)


def require_org_admin(actor, organisation: Organisation) -> None:
    if not access.can(actor, Perm.ORG_CHANGE, organisation):
        raise PartnershipError(
            _("Only an administrator of %(org)s can do this.") % {"org": organisation}
        )
    if not organisation.is_active:
        raise PartnershipError(
            _("%(org)s is not an active Pact member yet: its application must be approved first.")
            % {"org": organisation}
        )


def coordinator_ids(partnership: Partnership) -> list[int]:
    return [partnership.coordinator_id] if partnership.coordinator_id else []


# --- search --------------------------------------------------------------------------------------


def _country_search_names() -> tuple[list[str], list[str]]:
    """Every map country's code with its name in each portal language, for the search text."""
    codes = sorted(COUNTRIES)
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
