"""Reads for reporting: who must report on which target (the duties), the open cycle, an
organisation's sheet of targets to report on, and the dashboard's reporting panel."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from commitments.models import (
    Commitment,
    ProgressReport,
    ReportingCycle,
    ReportStatus,
    Target,
)
from members.models import Organisation
from pact import access
from pact.models import OutboundEmail
from partnerships.models import Partnership, PartnershipMembership

DONE_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.VALIDATED)


# --- duties: who must report on which target ----------------------------------------------------


@cache
def duties_sql() -> str:
    """SQL yielding ``(organisation_id, target_id, partnership_id)`` for every report owed."""
    t, c = Target._meta.db_table, Commitment._meta.db_table
    cro = Commitment.responsible_organisations.through._meta.db_table
    p, pm = Partnership._meta.db_table, PartnershipMembership._meta.db_table
    o = Organisation._meta.db_table
    # Only table names from the models' metadata are interpolated; values are always parameters.
    return f"""
        SELECT d.organisation_id, d.target_id, d.partnership_id FROM (
            SELECT cro.organisation_id, t.id AS target_id, c.partnership_id
              FROM {t} t JOIN {c} c ON c.id = t.commitment_id
              JOIN {p} p ON p.id = c.partnership_id AND p.status = 'active'
              JOIN {cro} cro ON cro.commitment_id = c.id
             WHERE c.is_current
            UNION ALL
            SELECT pm.organisation_id, t.id, c.partnership_id
              FROM {t} t JOIN {c} c ON c.id = t.commitment_id
              JOIN {p} p ON p.id = c.partnership_id AND p.status = 'active'
              JOIN {pm} pm ON pm.partnership_id = c.partnership_id AND pm.role = 'coordinator'
             WHERE c.is_current
               AND NOT EXISTS (SELECT 1 FROM {cro} x WHERE x.commitment_id = c.id)
            UNION ALL
            SELECT c.organisation_id, t.id, NULL
              FROM {t} t JOIN {c} c ON c.id = t.commitment_id
             WHERE c.is_current AND c.partnership_id IS NULL
        ) d JOIN {o} o ON o.id = d.organisation_id AND o.status = 'active'
    """  # noqa: S608


def targets_due_from(organisation) -> QuerySet[Target]:
    """The current targets ``organisation`` must report on, with what pages show about them."""
    return (
        Target.objects.filter(
            pk__in=RawSQL(  # noqa: S611 - fixed SQL, the organisation is a parameter
                f"SELECT target_id FROM ({duties_sql()}) due WHERE due.organisation_id = %s",  # noqa: S608
                [organisation.pk],
            )
        )
        .select_related("indicator", "commitment", "commitment__partnership")
        .order_by(
            "commitment__partnership__name",
            "commitment__position",
            "commitment_id",
            "position",
            "id",
        )
    )


@cache
def due_from_sql() -> str:
    """``duties_sql``'s three kinds of duty for one ``%(organisation)s`` and ``%(target)s``:
    PostgreSQL plans this in about a third of the time it plans the union over every duty
    (tests/commitments/test_duties.py checks the two agree)."""
    t, c = Target._meta.db_table, Commitment._meta.db_table
    cro = Commitment.responsible_organisations.through._meta.db_table
    p, pm = Partnership._meta.db_table, PartnershipMembership._meta.db_table
    o = Organisation._meta.db_table
    return f"""
        SELECT EXISTS (
            SELECT 1 FROM {t} t
              JOIN {c} c ON c.id = t.commitment_id AND c.is_current
              JOIN {o} o ON o.id = %(organisation)s AND o.status = 'active'
             WHERE t.id = %(target)s
               AND ((c.partnership_id IS NULL AND c.organisation_id = o.id)
                 OR EXISTS (
                    SELECT 1 FROM {p} p
                     WHERE p.id = c.partnership_id AND p.status = 'active'
                       AND (EXISTS (SELECT 1 FROM {cro} cro
                                     WHERE cro.commitment_id = c.id AND cro.organisation_id = o.id)
                         OR (NOT EXISTS (SELECT 1 FROM {cro} x WHERE x.commitment_id = c.id)
                             AND EXISTS (SELECT 1 FROM {pm} pm
                                          WHERE pm.partnership_id = c.partnership_id
                                            AND pm.organisation_id = o.id
                                            AND pm.role = 'coordinator')))))
        )
    """  # noqa: S608


def is_due_from(organisation, target) -> bool:
    """Whether ``organisation`` must report on ``target`` (one fixed statement: the report form
    asks it on every first save, and building it through the ORM cost more than running it)."""
    with connection.cursor() as cursor:
        cursor.execute(due_from_sql(), {"organisation": organisation.pk, "target": target.pk})
        return bool(cursor.fetchone()[0])


def duty_organisation_ids_sql() -> str:
    return f"SELECT DISTINCT due.organisation_id FROM ({duties_sql()}) due"  # noqa: S608


def outstanding_organisation_ids_sql() -> str:
    """Organisations owing at least one report not yet submitted in cycle ``%s``."""
    r = ProgressReport._meta.db_table
    return f"""
        SELECT DISTINCT due.organisation_id FROM ({duties_sql()}) due
         WHERE NOT EXISTS (
            SELECT 1 FROM {r} r
             WHERE r.organisation_id = due.organisation_id AND r.target_id = due.target_id
               AND r.cycle_id = %s AND r.status IN ('submitted', 'validated'))
    """  # noqa: S608


# --- cycles -------------------------------------------------------------------------------------


def open_cycle() -> ReportingCycle | None:
    return ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN).first()


def get_cycle(year: int) -> ReportingCycle | None:
    return ReportingCycle.objects.filter(year=year).first()


# --- what an organisation must report -----------------------------------------------------------


@dataclass
class SheetRow:
    target: Target
    report: ProgressReport | None


def report_sheet(organisation, cycle: ReportingCycle) -> list[SheetRow]:
    """One row per target the organisation owes in ``cycle``, with its report if one exists
    (without the indicators' definitions: no sheet shows them, and each row parsed them)."""
    targets = list(targets_due_from(organisation).defer("indicator__definitions"))
    reports = {
        r.target_id: r
        for r in ProgressReport.objects.filter(
            organisation=organisation, cycle=cycle, target__in=[t.pk for t in targets]
        )
    }
    return [SheetRow(target=t, report=reports.get(t.pk)) for t in targets]


def sheet_counts(rows: list[SheetRow]) -> dict[str, int]:
    counts = {"expected": len(rows), "missing": 0}
    for status in ReportStatus.values:
        counts[status] = 0
    for row in rows:
        if row.report is None:
            counts["missing"] += 1
        else:
            counts[row.report.status] += 1
    counts["done"] = counts[ReportStatus.SUBMITTED] + counts[ReportStatus.VALIDATED]
    return counts


def dashboard_context(user) -> dict:
    """The "what I must report" part of a person's dashboard: a constant number of queries."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cycle = open_cycle()
    org_ids = access.organisation_ids(user, access.Perm.ORG_REPORT)
    sheets = []
    if cycle is not None and org_ids:
        stats = organisation_stats(cycle, organisation_ids=org_ids)

        names = Organisation.objects.in_bulk(org_ids)
        for org_id in org_ids:
            if org_id in stats:
                sheets.append({"organisation": names[org_id], **stats[org_id]})
        sheets.sort(key=lambda s: s["organisation"].name)
    coordinated = []
    if cycle is not None:
        coordinated = list(
            Partnership.objects.filter(
                pk__in=access.partnership_ids(user, access.Perm.PS_COORDINATE)
            ).order_by("name")
        )
    reminders = list(
        OutboundEmail.objects.filter(recipient=user, kind__startswith="reminder.").only(
            "subject", "kind", "created_at", "status", "sent_at"
        )[:5]
    )
    return {
        "reporting_cycle": cycle,
        "reporting_sheets": sheets,
        "reporting_partnerships": coordinated,
        "can_pledge": bool(org_ids),
        "reporting_reminders": reminders,
    }


# --- monitoring ----------------------------------------------------------------------------------


def organisation_stats(
    cycle: ReportingCycle, *, organisation_ids: list[int] | None = None, partnership_id=None
) -> dict[int, dict]:
    """Per organisation owing reports: expected, submitted, validated, returned, drafts, late."""
    r = ProgressReport._meta.db_table
    where: list[str] = []
    params: list = [cycle.pk]
    if organisation_ids is not None:
        if not organisation_ids:
            return {}
        where.append("due.organisation_id = ANY(%s)")
        params.append(list(organisation_ids))
    if partnership_id is not None:
        where.append("due.partnership_id = %s")
        params.append(partnership_id)
    sql = f"""
        SELECT due.organisation_id, count(*),
               count(r.id) FILTER (WHERE r.status IN ('submitted', 'validated')),
               count(r.id) FILTER (WHERE r.status = 'validated'),
               count(r.id) FILTER (WHERE r.status = 'returned'),
               count(r.id) FILTER (WHERE r.status = 'draft'),
               count(r.id) FILTER (WHERE r.is_late)
          FROM ({duties_sql()}) due
          LEFT JOIN {r} r ON r.organisation_id = due.organisation_id
                         AND r.target_id = due.target_id AND r.cycle_id = %s
         {"WHERE " + " AND ".join(where) if where else ""}
         GROUP BY due.organisation_id
    """  # noqa: S608
    # The cycle parameter belongs to the JOIN, which comes before WHERE in the statement.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {row[0]: stat_dict(row[1:]) for row in rows}


def stat_dict(values) -> dict:
    expected, done, validated, returned, drafts, late = values
    state = "complete" if done >= expected else ("partial" if done else "missing")
    return {
        "expected": expected,
        "done": done,
        "validated": validated,
        "returned": returned,
        "drafts": drafts,
        "late": late,
        "state": state,
    }
