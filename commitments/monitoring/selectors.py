"""Reads for commitments and monitoring: totals come from public, validated reports only.

Who must report what ("duties") is defined once, in SQL, by ``duties_sql``: an organisation owes a
report on every target of the current commitments it is responsible for (the responsible
organisations of a published partnership commitment; the coordinator when a commitment names
nobody; the pledging organisation of a pledge). Pages, monitoring and reminders all read it, so
they cannot disagree, and it scales to many organisations because nothing is computed in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from commitments.models import (
    Aggregation,
    Commitment,
    ExportJob,
    Indicator,
    ProgressReport,
    ReportingCycle,
    ReportStatus,
    Target,
)
from pact import access
from pact.kernel.cache.data_version import remembered

DONE_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.VALIDATED)


# --- duties: who must report on which target ----------------------------------------------------


def duties_sql() -> str:
    """SQL yielding ``(organisation_id, target_id, partnership_id)`` for every report owed."""
    from members.models import Organisation
    from partnerships.models import Partnership, PartnershipMembership

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


def is_due_from(organisation, target) -> bool:
    return targets_due_from(organisation).filter(pk=target.pk).exists()


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
    """One row per target the organisation owes in ``cycle``, with its report if one exists."""
    targets = list(targets_due_from(organisation))
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
    from pact.models import OutboundEmail

    if not getattr(user, "is_authenticated", False):
        return {}
    cycle = open_cycle()
    org_ids = access.organisation_ids(user, access.Perm.ORG_REPORT)
    sheets = []
    if cycle is not None and org_ids:
        stats = organisation_stats(cycle, organisation_ids=org_ids)
        from members.models import Organisation

        names = Organisation.objects.in_bulk(org_ids)
        for org_id in org_ids:
            if org_id in stats:
                sheets.append({"organisation": names[org_id], **stats[org_id]})
        sheets.sort(key=lambda s: s["organisation"].name)
    coordinated = []
    if cycle is not None:
        from partnerships.models import Partnership

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
    return {row[0]: _stat_dict(row[1:]) for row in rows}


def _stat_dict(values) -> dict:
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


MONITORING_STATES = ("missing", "partial", "complete", "late")


def monitoring_summary(cycle: ReportingCycle) -> dict:
    """Shares of organisations and partnerships that have reported in ``cycle`` (all expected reports submitted).

    Kept until a report, or anything deciding who must report, changes (``remembered``): the
    sums read every duty and report of the cycle, seconds at full scale.
    """
    return remembered(
        f"monitoring-summary:{cycle.pk}", lambda: _monitoring_summary(cycle), reporting=True
    )


def _monitoring_summary(cycle: ReportingCycle) -> dict:
    r = ProgressReport._meta.db_table
    sql = f"""
        WITH due AS ({duties_sql()}),
        per_pair AS (
            SELECT due.organisation_id, due.partnership_id,
                   bool_and(r.status IN ('submitted', 'validated')) IS TRUE AS done,
                   bool_or(r.status IN ('submitted', 'validated')) IS TRUE AS started,
                   bool_or(r.is_late) IS TRUE AS late
              FROM due LEFT JOIN {r} r ON r.organisation_id = due.organisation_id
                   AND r.target_id = due.target_id AND r.cycle_id = %s
             GROUP BY due.organisation_id, due.partnership_id
        ),
        per_org AS (
            SELECT organisation_id, bool_and(done) AS done, bool_or(started) AS started,
                   bool_or(late) AS late
              FROM per_pair GROUP BY organisation_id
        ),
        per_ps AS (
            SELECT partnership_id, bool_and(done) AS done, bool_or(started) AS started
              FROM per_pair WHERE partnership_id IS NOT NULL GROUP BY partnership_id
        )
        SELECT (SELECT count(*) FROM per_org), (SELECT count(*) FROM per_org WHERE done),
               (SELECT count(*) FROM per_org WHERE started AND NOT done),
               (SELECT count(*) FROM per_org WHERE late),
               (SELECT count(*) FROM per_ps), (SELECT count(*) FROM per_ps WHERE done),
               (SELECT count(*) FROM per_ps WHERE started AND NOT done)
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [cycle.pk])
        orgs, orgs_done, orgs_partial, orgs_late, ps, ps_done, ps_partial = cursor.fetchone()

    def share(part: int, whole: int) -> int:
        return round(100 * part / whole) if whole else 0

    return {
        "organisations": orgs,
        "organisations_done": orgs_done,
        "organisations_partial": orgs_partial,
        "organisations_missing": orgs - orgs_done - orgs_partial,
        "organisations_late": orgs_late,
        "organisations_share": share(orgs_done, orgs),
        "partnerships": ps,
        "partnerships_done": ps_done,
        "partnerships_partial": ps_partial,
        "partnerships_missing": ps - ps_done - ps_partial,
        "partnerships_share": share(ps_done, ps),
    }


def monitoring_rows_sql(state: str | None = None, partnership_id: int | None = None) -> str:
    """Per-organisation status rows of cycle ``%s``, ordered by name; ``state`` filters them."""
    from members.models import Organisation

    r, o = ProgressReport._meta.db_table, Organisation._meta.db_table
    having = {
        "missing": "HAVING count(r.id) FILTER (WHERE r.status IN ('submitted', 'validated')) = 0",
        "partial": "HAVING count(r.id) FILTER (WHERE r.status IN ('submitted', 'validated')) "
        "BETWEEN 1 AND count(*) - 1",
        "complete": "HAVING count(r.id) FILTER (WHERE r.status IN ('submitted', 'validated')) "
        ">= count(*)",
        "late": "HAVING count(r.id) FILTER (WHERE r.is_late) > 0",
    }.get(state or "", "")
    where = "WHERE due.partnership_id = %s" if partnership_id is not None else ""
    return f"""
        SELECT due.organisation_id, o.name, o.slug, o.country, count(*),
               count(r.id) FILTER (WHERE r.status IN ('submitted', 'validated')),
               count(r.id) FILTER (WHERE r.status = 'validated'),
               count(r.id) FILTER (WHERE r.status = 'returned'),
               count(r.id) FILTER (WHERE r.status = 'draft'),
               count(r.id) FILTER (WHERE r.is_late)
          FROM ({duties_sql()}) due
          JOIN {o} o ON o.id = due.organisation_id
          LEFT JOIN {r} r ON r.organisation_id = due.organisation_id
                         AND r.target_id = due.target_id AND r.cycle_id = %s
         {where}
         GROUP BY due.organisation_id, o.name, o.slug, o.country
         {having}
         ORDER BY o.name, due.organisation_id
    """  # noqa: S608


class MonitoringRows:
    """A lazily counted, sliceable list of status rows, so Django's Paginator can page through it."""

    def __init__(self, cycle: ReportingCycle, state: str | None = None, partnership_id=None):
        self.cycle, self.state, self.partnership_id = cycle, state, partnership_id
        self._count: int | None = None

    def _params(self) -> list:
        params: list = [self.cycle.pk]
        if self.partnership_id is not None:
            params.append(self.partnership_id)
        return params

    def count(self) -> int:
        if self._count is None:
            sql = f"SELECT count(*) FROM ({monitoring_rows_sql(self.state, self.partnership_id)}) x"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.execute(sql, self._params())
                self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop = item.start or 0, item.stop
        sql = monitoring_rows_sql(self.state, self.partnership_id)
        params = self._params()
        if stop is not None:
            sql += " LIMIT %s"
            params.append(stop - start)
        sql += " OFFSET %s"
        params.append(start)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [_row_dict(row) for row in cursor.fetchall()]

    def iterate(self, chunk: int = 2000):
        """All rows, by keyset-free chunks (the export worker reports progress between chunks)."""
        total = self.count()
        for start in range(0, total, chunk):
            yield self[start : start + chunk]


def _row_dict(row) -> dict:
    organisation_id, name, slug, country = row[:4]
    return {
        "organisation_id": organisation_id,
        "name": name,
        "slug": slug,
        "country": country,
        **_stat_dict(row[4:]),
    }


def partnership_member_status(partnership, cycle: ReportingCycle) -> list[dict]:
    """For a coordinator: each organisation owing reports on the partnership's targets, with status."""
    return list(MonitoringRows(cycle, partnership_id=partnership.pk)[0:10000])


def partnership_reports(partnership, cycle: ReportingCycle) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(cycle=cycle, target__commitment__partnership=partnership)
        .select_related("organisation", "target__indicator", "target__commitment")
        .order_by("target__commitment__position", "target__position", "organisation__name")
    )


def review_queue(cycle: ReportingCycle | None = None) -> QuerySet[ProgressReport]:
    qs = ProgressReport.objects.filter(status=ReportStatus.SUBMITTED)
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    return qs.select_related(
        "organisation", "cycle", "target__indicator", "target__commitment__partnership"
    ).order_by("submitted_at", "pk")


def exports_of(user) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(requester=user).select_related("cycle").defer("content")


def export_reports_rows(cycle: ReportingCycle) -> QuerySet:
    return (
        ProgressReport.objects.filter(cycle=cycle)
        .order_by("organisation__name", "target_id")
        .values_list(
            "organisation__name",
            "organisation__country",
            "target__commitment__partnership__name",
            "target__commitment__title",
            "target__indicator__code",
            "target__unit",
            "target__target_value",
            "value",
            "status",
            "is_late",
            "submitted_at",
            "validated_at",
        )
    )


def staff_context() -> dict:
    cycle = open_cycle()
    return {
        "reports_waiting": ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).count(),
        "reporting_cycle": cycle,
    }


# --- public results --------------------------------------------------------------------------------


def public_reports() -> QuerySet[ProgressReport]:
    """Validated reports of public partnerships and pledges: what the world may see and sum."""
    return access.reports_visible_to(AnonymousUser()).filter(status=ReportStatus.VALIDATED)


def validated_reports() -> QuerySet[ProgressReport]:
    return public_reports()


def result_years() -> list[int]:
    return remembered("result-years", _result_years)


def _result_years() -> list[int]:
    return list(
        public_reports().order_by("-cycle__year").values_list("cycle__year", flat=True).distinct()
    )


def headline_totals() -> list[dict]:
    """Latest year's totals of the headline summable indicators (kept until public data changes)."""
    return remembered("headline-totals", _headline_totals)


def _headline_totals() -> list[dict]:
    latest = public_reports().order_by("-cycle__year").values_list("cycle__year", flat=True).first()
    if latest is None:
        return []
    rows = (
        public_reports()
        .filter(
            cycle__year=latest,
            target__indicator__headline=True,
            target__indicator__aggregation=Aggregation.SUM,
        )
        .values("target__indicator")
        .annotate(total=Sum("value"))
    )
    totals = {row["target__indicator"]: row["total"] for row in rows}
    indicators = Indicator.objects.filter(pk__in=totals)
    return [{"indicator": i, "total": totals[i.pk], "year": latest} for i in indicators]


def totals_by_year() -> dict[tuple[int, int], Decimal]:
    """``{(indicator_id, year): total}`` over public validated reports of summable indicators.

    Sums every public report: kept until the public data changes (``remembered``).
    """
    return remembered("totals-by-year", _totals_by_year)


def _totals_by_year() -> dict[tuple[int, int], Decimal]:
    rows = (
        public_reports()
        .filter(target__indicator__aggregation=Aggregation.SUM)
        .values("target__indicator", "cycle__year")
        .annotate(total=Sum("value"))
    )
    return {(r["target__indicator"], r["cycle__year"]): r["total"] for r in rows}


BREAKDOWNS = {
    "kind": "target__commitment__partnership__kind",
    "ecosystem": "target__commitment__partnership__ecosystem",
    "country": "organisation__country",
}


def breakdown(indicator: Indicator, year: int, by: str) -> list[dict]:
    """Totals of one summable indicator in one year, grouped (kept until public data changes)."""
    return remembered(
        f"breakdown:{indicator.pk}:{year}:{by}", lambda: _breakdown(indicator, year, by)
    )


def _breakdown(indicator: Indicator, year: int, by: str) -> list[dict]:
    """Totals of one summable indicator in one year, grouped by partnership kind, ecosystem or country."""
    if not indicator.is_summable:
        return []
    # Pledges have no partnership: their kind and ecosystem read as "" like a partnership's blank.
    rows = (
        public_reports()
        .filter(target__indicator=indicator, cycle__year=year)
        .annotate(group=Coalesce(BREAKDOWNS[by], Value("")))
        .values("group")
        .annotate(total=Sum("value"), reports=Count("id"))
        .order_by("-total", "group")
    )
    return [{"key": r["group"], "total": r["total"], "reports": r["reports"]} for r in rows]


def drilldown(filters: dict) -> QuerySet[ProgressReport]:
    """The public validated reports behind a total; ``filters`` use the results page's parameters."""
    qs = public_reports()
    if filters.get("year"):
        qs = qs.filter(cycle__year=filters["year"])
    if filters.get("indicator"):
        qs = qs.filter(target__indicator__code=filters["indicator"])
    if "kind" in filters:
        kind = filters["kind"]
        qs = qs.filter(
            Q(target__commitment__partnership__isnull=True)
            if kind == ""
            else Q(target__commitment__partnership__kind=kind)
        )
    if "ecosystem" in filters:
        eco = filters["ecosystem"]
        qs = qs.filter(
            Q(target__commitment__partnership__isnull=True)
            | Q(target__commitment__partnership__ecosystem="")
            if eco == ""
            else Q(target__commitment__partnership__ecosystem=eco)
        )
    if filters.get("country"):
        qs = qs.filter(organisation__country=filters["country"])
    if filters.get("partnership"):
        qs = qs.filter(target__commitment__partnership__slug=filters["partnership"])
    return qs.select_related(
        "organisation", "cycle", "target__indicator", "target__commitment__partnership"
    ).order_by("-cycle__year", "organisation__name", "pk")


def percent_results(year: int) -> QuerySet[ProgressReport]:
    """Non-summable (percentage) indicators are shown per target, never added up."""
    return drilldown({"year": year}).filter(target__indicator__aggregation=Aggregation.NONE)


def open_data_results():
    columns = ["year", "indicator", "unit", "total"]
    rows = (
        public_reports()
        .filter(target__indicator__aggregation=Aggregation.SUM)
        .values("cycle__year", "target__indicator__code", "target__indicator__unit")
        .annotate(total=Sum("value"))
        .order_by("cycle__year", "target__indicator__code")
    )
    return columns, (
        {
            "year": r["cycle__year"],
            "indicator": r["target__indicator__code"],
            "unit": r["target__indicator__unit"],
            "total": r["total"],
        }
        for r in rows
    )


def catalogue_with_uses() -> QuerySet[Indicator]:
    """The KPI catalogue with how many current targets (published declarations, pledges) use each."""
    return Indicator.objects.annotate(
        uses=Count("targets", filter=Q(targets__commitment__is_current=True))
    ).order_by("position", "code")


# --- the public partnership page -------------------------------------------------------------------


def partnership_progress(partnership) -> dict[int, dict]:
    """Per target of the partnership's current commitments: validated values per year and the latest.

    Returns ``{target_id: {"series": [(year, value), ...], "latest": value, "year": year}}``; values
    of several organisations reporting on the same target are summed for summable indicators and
    averaged for percentages, which are never added up.
    """
    known = getattr(partnership, "_validated_progress", None)
    if known is not None:  # the page asks from several places: sum once per request
        return known
    rows = (
        validated_reports()
        .filter(target__commitment__partnership=partnership, target__commitment__is_current=True)
        .values("target_id", "cycle__year", "target__indicator__aggregation")
        .annotate(total=Sum("value"), mean=Avg("value"))
        .order_by("target_id", "cycle__year")
    )
    progress: dict[int, dict] = {}
    for row in rows:
        value = row["total"]
        if row["target__indicator__aggregation"] != Aggregation.SUM and row["mean"] is not None:
            value = Decimal(row["mean"]).quantize(Decimal("0.01"))
        entry = progress.setdefault(row["target_id"], {"series": []})
        entry["series"].append((row["cycle__year"], value))
        entry["latest"], entry["year"] = value, row["cycle__year"]
    partnership._validated_progress = progress
    return progress


def current_targets(partnership) -> list[Target]:
    return list(
        Target.objects.filter(commitment__partnership=partnership, commitment__is_current=True)
        .select_related("indicator", "commitment")
        .order_by("commitment__position", "commitment_id", "position", "id")
    )


# --- pledges ----------------------------------------------------------------------------------------


def pledges_of(organisation) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(organisation=organisation, partnership__isnull=True)
        .prefetch_related(Prefetch("targets", queryset=Target.objects.select_related("indicator")))
        .order_by("-is_current", "position", "-created_at")
    )


def public_commitments(user) -> QuerySet[Commitment]:
    """Current commitments of public partnerships and active organisations' pledges, plus one's own."""
    public = Q(is_current=True) & (
        Q(partnership__status__in=["active", "closed"])
        | Q(partnership__isnull=True, organisation__status="active")
    )
    if access.is_staff(user):
        return Commitment.objects.all()
    own = Q(organisation_id__in=access.organisation_ids(user)) | Q(
        partnership_id__in=access.partnership_ids(user)
    )
    return Commitment.objects.filter(public | own)
