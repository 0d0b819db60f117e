"""Reads for staff monitoring: who has reported in a cycle, per organisation and partnership, the
validation queue and the exports. Figures are remembered until the reports change."""

from __future__ import annotations

from django.db import connection
from django.db.models import F, QuerySet

from commitments.models import (
    ExportJob,
    ProgressReport,
    ReportingCycle,
    ReportStatus,
    Target,
)
from commitments.reporting.selectors import duties_sql, open_cycle, stat_dict
from members.models import Organisation
from pact.kernel.cache.data_version import remembered

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
        **stat_dict(row[4:]),
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


QUEUE_SORTS = {
    "submitted": ("submitted_at", "pk"),
    "organisation": ("organisation__name", "pk"),
    "indicator": ("target__indicator__position", "target__indicator__code", "pk"),
    "value": ("-value", "pk"),
}


def filtered_queue(params) -> tuple[QuerySet[ProgressReport], dict]:
    """The staff queue with filters (cycle year, partnership, indicator, state, country) and a
    sort; submitted reports unless another state is asked for. Returns the reports and the
    filters applied (unknown values are ignored, not an error)."""
    applied: dict = {}
    state = params.get("state") or ReportStatus.SUBMITTED
    if state not in ReportStatus.values:
        state = ReportStatus.SUBMITTED
    applied["state"] = state
    qs = ProgressReport.objects.filter(status=state)
    year = params.get("cycle", "")
    if year.isdigit():
        qs, applied["cycle"] = qs.filter(cycle__year=int(year)), year
    for key, lookup in (
        ("partnership", "target__commitment__partnership__slug"),
        ("indicator", "target__indicator__code"),
        ("country", "organisation__country"),
    ):
        value = (params.get(key) or "").strip()[:100]
        if value:
            qs, applied[key] = qs.filter(**{lookup: value}), value
    sort = params.get("sort") if params.get("sort") in QUEUE_SORTS else "submitted"
    applied["sort"] = sort
    qs = qs.select_related(
        "organisation", "cycle", "target__indicator", "target__commitment__partnership"
    ).order_by(*QUEUE_SORTS[sort])
    return qs, applied


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


def unit_mismatches(limit: int = 200) -> list[Target]:
    """Current targets whose unit is not their indicator's: listed for staff to fix, not converted
    (figures are summed per indicator, so euros must never be added to persons)."""
    return list(
        Target.objects.filter(commitment__is_current=True)
        .exclude(unit=F("indicator__unit"))
        .select_related("indicator", "commitment__partnership", "commitment__organisation")
        .order_by("commitment__partnership__name", "commitment_id", "position", "id")[:limit]
    )
