"""Reads for staff monitoring: who has reported in a cycle, per organisation and partnership, the
validation queue and the exports. Who has reported is read from the totals the database keeps
(``commitments.summaries.status_triggers``), never summed over the reports."""

from __future__ import annotations

from django.db import connection
from django.db.models import F, QuerySet

from commitments.models import (
    CycleOrganisationStatus,
    CyclePartnershipStatus,
    CycleStatusTotal,
    DutyTotal,
    ExportJob,
    ProgressReport,
    ReportingCycle,
    ReportStatus,
    Target,
)
from commitments.reporting.selectors import open_cycle, stat_dict
from members.models import Organisation
from pact.kernel.cache.data_version import remembered

MONITORING_STATES = ("missing", "partial", "complete", "late")
DUTY_TOTAL = DutyTotal._meta.db_table
STATUS_TOTAL = CycleStatusTotal._meta.db_table
ORGANISATION_STATUS = CycleOrganisationStatus._meta.db_table
PARTNERSHIP_STATUS = CyclePartnershipStatus._meta.db_table


def monitoring_summary(cycle: ReportingCycle) -> dict:
    """Shares of organisations and partnerships that have reported in ``cycle`` (all expected
    reports submitted), from the maintained totals (``DutyTotal``, ``CycleStatusTotal``): one
    query over a row per organisation and partnership, not over the reports. Still remembered
    (``remembered``) when that is on."""
    return remembered(
        f"monitoring-summary:{cycle.pk}", lambda: _monitoring_summary(cycle), reporting=True
    )


def _monitoring_summary(cycle: ReportingCycle) -> dict:
    sql = f"""
        WITH o AS (
            SELECT count(*) AS n, count(*) FILTER (WHERE done >= expected) AS done,
                   count(*) FILTER (WHERE done > 0 AND done < expected) AS partial,
                   count(*) FILTER (WHERE late > 0) AS late
              FROM {ORGANISATION_STATUS} WHERE cycle_id = %s
        ),
        p AS (
            SELECT count(*) AS n, count(*) FILTER (WHERE pairs_done = pairs) AS done,
                   count(*) FILTER (WHERE pairs_started > 0 AND pairs_done < pairs) AS partial
              FROM {PARTNERSHIP_STATUS} WHERE cycle_id = %s
        )
        SELECT o.n, o.done, o.partial, o.late, p.n, p.done, p.partial FROM o, p
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [cycle.pk, cycle.pk])
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


STATE_CONDITIONS = {
    "missing": "done = 0",
    "partial": "done BETWEEN 1 AND expected - 1",
    "complete": "done >= expected",
    "late": "late > 0",
}


def monitoring_rows_sql(state: str | None = None, partnership_id: int | None = None) -> str:
    """Per-organisation status rows of cycle ``%s`` (then the partnership ``%s`` if given),
    ordered by name, from the maintained totals; ``state`` filters them. All organisations: a
    row each in ``CycleOrganisationStatus``, read in its index's order."""
    o = Organisation._meta.db_table
    if partnership_id is None:
        condition = f"AND s.{STATE_CONDITIONS[state]}" if state else ""
        return f"""
            SELECT s.organisation_id, s.name, o.slug, o.country, s.expected, s.done,
                   s.validated, s.returned, s.drafts, s.late
              FROM {ORGANISATION_STATUS} s JOIN {o} o ON o.id = s.organisation_id
             WHERE s.cycle_id = %s {condition}
             ORDER BY s.name, s.organisation_id
        """  # noqa: S608
    where = {
        "missing": "WHERE coalesce(st.done, 0) = 0",
        "partial": "WHERE st.done BETWEEN 1 AND due.expected - 1",
        "complete": "WHERE coalesce(st.done, 0) >= due.expected",
        "late": "WHERE st.late > 0",
    }.get(state or "", "")
    of_partnership = "AND partnership_id = %s" if partnership_id is not None else ""
    return f"""
        WITH st AS (
            SELECT organisation_id, sum(submitted + validated) AS done,
                   sum(validated) AS validated, sum(returned) AS returned,
                   sum(drafts) AS drafts, sum(late) AS late
              FROM {STATUS_TOTAL} WHERE cycle_id = %s {of_partnership}
             GROUP BY organisation_id
        ),
        due AS (
            SELECT organisation_id, sum(expected) AS expected FROM {DUTY_TOTAL}
             WHERE TRUE {of_partnership} GROUP BY organisation_id
        )
        SELECT due.organisation_id, o.name, o.slug, o.country, due.expected,
               coalesce(st.done, 0), coalesce(st.validated, 0), coalesce(st.returned, 0),
               coalesce(st.drafts, 0), coalesce(st.late, 0)
          FROM due
          JOIN {o} o ON o.id = due.organisation_id
          LEFT JOIN st ON st.organisation_id = due.organisation_id
         {where}
         ORDER BY o.name, due.organisation_id
    """  # noqa: S608


def organisations_in_state(summary: dict, state: str | None) -> int:
    """How many organisations ``MonitoringRows`` lists for ``state``, from ``monitoring_summary``
    (the same totals, the same rules): the page counts its rows without a second pass."""
    return summary[
        {
            None: "organisations",
            "missing": "organisations_missing",
            "partial": "organisations_partial",
            "complete": "organisations_done",
            "late": "organisations_late",
        }[state or None]
    ]


class MonitoringRows:
    """A lazily counted, sliceable list of status rows, so Django's Paginator can page through it;
    ``count`` when it is known already (``organisations_in_state``)."""

    def __init__(
        self,
        cycle: ReportingCycle,
        state: str | None = None,
        partnership_id=None,
        count: int | None = None,
    ):
        self.cycle, self.state, self.partnership_id = cycle, state, partnership_id
        self._count: int | None = count

    def _params(self) -> list:
        if self.partnership_id is None:
            return [self.cycle.pk]
        return [self.cycle.pk, self.partnership_id, self.partnership_id]

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
