"""Reads for the Pact-wide results: totals come from public, validated reports only, each traceable
to the reports behind it; and a partnership's progress on its page.

Totals and progress are read from the maintained summaries (``commitments.summaries``), never by
summing reports; the reports behind a figure (``drilldown``) are listed from the reports."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from commitments.models import (
    Aggregation,
    Indicator,
    ProgressReport,
    ReportingCycle,
    Target,
    Unit,
)
from commitments.progress import progress_of, year_value
from commitments.summaries import reads as summaries
from pact.kernel.cache.data_version import remembered

# What the sums read: stale only when a counted row (or an unclassified table) changes.
FIGURES = ("figures",)

# --- public results --------------------------------------------------------------------------------


def public_reports() -> QuerySet[ProgressReport]:
    """What the Pact-wide totals sum: ``ProgressReport.objects.counted()`` (validated reports of
    public partnerships and of pledges staff approved, whatever the organisation's later
    status)."""
    return ProgressReport.objects.counted()


def validated_reports() -> QuerySet[ProgressReport]:
    return public_reports()


def result_years() -> list[int]:
    return year_facts()["years"]


def year_facts() -> dict:
    """The years with public figures (latest first), and which of them are provisional (their
    cycle is not closed: figures may still grow), in one remembered read."""
    return remembered("result-years", _year_facts, scope=FIGURES)


def _year_facts() -> dict:
    rows = summaries.years_and_statuses()  # from the maintained totals, not the reports
    years = sorted({year for year, _status in rows}, reverse=True)
    provisional = frozenset(year for year, status in rows if status != ReportingCycle.Status.CLOSED)
    return {"years": years, "provisional": provisional}


def provisional_years() -> frozenset[int]:
    """Years whose cycle is not closed: their validated figures are provisional."""
    return year_facts()["provisional"]


def last_closed_year(facts: dict | None = None) -> int | None:
    """The latest year with public figures whose cycle has closed: what headline figures show."""
    facts = facts or year_facts()
    years = [y for y in facts["years"] if y not in facts["provisional"]]
    return max(years) if years else None


def headline_totals() -> list[dict]:
    """The last closed cycle's totals of the headline summable indicators (never an open cycle's
    provisional figures; kept until public data changes)."""
    return remembered("headline-totals", _headline_totals, scope=FIGURES)


def _headline_totals() -> list[dict]:
    latest = last_closed_year()
    if latest is None:
        return []
    totals = summaries.headline_totals(latest)
    indicators = Indicator.objects.filter(pk__in=totals)
    return [{"indicator": i, "total": totals[i.pk], "year": latest} for i in indicators]


def totals_by_year() -> dict[tuple[int, int], Decimal]:
    """``{(indicator_id, year): total}`` over public validated reports of summable indicators,
    from the maintained totals (``commitments.summaries``); remembered until public data changes."""
    return remembered("totals-by-year", summaries.totals_by_year, scope=FIGURES)


# Results page and API dimensions (the summary columns; ``drilldown`` filters the reports so).
BREAKDOWNS = {
    "kind": "target__commitment__partnership__kind",
    "ecosystem": "target__commitment__partnership__ecosystem",
    "country": "organisation__country",
}


def breakdown(indicator: Indicator, year: int, by: str) -> list[dict]:
    """Totals of one summable indicator in one year, grouped by partnership kind, ecosystem or
    country (pledges' kind and ecosystem read as ""); kept until public data changes."""
    if not indicator.is_summable:
        return []
    return remembered(
        f"breakdown:{indicator.pk}:{year}:{by}",
        lambda: summaries.breakdown(indicator.pk, year, by),
        scope=FIGURES,
    )


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
    rows = summaries.api_rows(year=None, code=None, by=None)
    return columns, (
        {
            "year": r["cycle__year"],
            "indicator": r["indicator__code"],
            "unit": r["indicator__unit"],
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
    """Per target of the partnership's current commitments: validated values per year, progress.

    Returns ``{target_id: {"series": [(year, value), ...], "latest": value, "year": year,
    "progress": Progress}}``: each year's value combines the organisations' values (added up,
    percentages never averaged) and ``progress`` is the one formula of ``commitments.progress``.
    """
    known = getattr(partnership, "_validated_progress", None)
    if known is not None:  # the page asks from several places: compute once per request
        return known
    targets = Target.objects.filter(
        commitment__partnership=partnership, commitment__is_current=True
    ).values("pk")
    progress = progress_of_targets(targets)
    partnership._validated_progress = progress
    return progress


def progress_of_targets(targets) -> dict[int, dict]:
    """Progress of each target (ids, or a queryset of ids) with counted validated values, from
    the maintained totals per target and year (``commitments.summaries``)."""
    return summaries.progress_of_targets(targets, provisional_years)


def progress_by_target(reports: QuerySet[ProgressReport]) -> dict[int, dict]:
    """Progress of every target the (validated) ``reports`` are on, summing the reports
    themselves: the reference the maintained totals are tested against."""
    rows = reports.values_list(
        "target_id",
        "cycle__year",
        "value",
        "numerator",
        "denominator",
        "target__indicator__unit",
        "target__indicator__kind",
        "target__baseline",
        "target__target_value",
        "target__start_year",
        "cycle__status",
    ).order_by("target_id", "cycle__year")
    years: dict[int, dict[int, list]] = {}
    about: dict[int, tuple] = {}
    # A year of the series is provisional while its cycle is not closed (what provisional_years()
    # says of years with figures), read from the same rows: no query over every report.
    provisional: set[int] = set()
    for target_id, year, value, num, den, unit, kind, baseline, goal, start, status in rows:
        years.setdefault(target_id, {}).setdefault(year, []).append((value, num, den))
        about[target_id] = (unit, kind, baseline, goal, start)
        if status != ReportingCycle.Status.CLOSED:
            provisional.add(year)
    result: dict[int, dict] = {}
    for target_id, by_year in years.items():
        unit, kind, baseline, goal, start = about[target_id]
        series = []
        for year, entries in sorted(by_year.items()):
            value = year_value(
                [e[0] for e in entries],
                is_percent=unit == Unit.PERCENT,
                numerators=[e[1] for e in entries],
                denominators=[e[2] for e in entries],
            )
            if value is not None:
                series.append((year, value))
        reached = progress_of(kind, baseline, goal, series, start_year=start)
        result[target_id] = {
            "series": series,
            "provisional": sorted(y for y, _v in series if y in provisional),
            "latest": series[-1][1] if series else None,
            "year": series[-1][0] if series else None,
            "progress": reached,
        }
    return result


def current_targets(partnership) -> list[Target]:
    """The targets of the partnership's current commitments (its approved declaration's), in the
    declaration's order; the page that already read them with the declaration hands them over
    as ``partnership._current_targets``."""
    known = getattr(partnership, "_current_targets", None)
    if known is not None:
        return known
    return list(
        Target.objects.filter(commitment__partnership=partnership, commitment__is_current=True)
        .select_related("indicator", "commitment")
        .order_by("commitment__position", "commitment_id", "position", "id")
    )


EXPORT_HEADER = [
    "year",
    "provisional",
    "indicator",
    "unit",
    "value",
    "numerator",
    "denominator",
    "partnership",
    "kind",
    "ecosystem",
    "organisation",
    "country",
    "narrative",
    "evidence_links",
]


def export_rows(year: int | None = None):
    """The public validated reports behind the results, for reporting upwards (CSV/XLSX): each
    with its ecosystem, country, narrative and evidence links; by chunks of rows."""
    provisional = provisional_years()
    qs = public_reports()
    if year:
        qs = qs.filter(cycle__year=year)
    rows = qs.order_by("cycle__year", "target__indicator__position", "organisation__name", "pk")
    values = rows.values_list(
        "cycle__year",
        "target__indicator__code",
        "target__indicator__unit",
        "value",
        "numerator",
        "denominator",
        "target__commitment__partnership__name",
        "target__commitment__partnership__kind",
        "target__commitment__partnership__ecosystem",
        "organisation__name",
        "organisation__country",
        "narrative",
        "evidence_links",
    )
    chunk: list[list] = []
    for y, code, unit, value, num, den, ps, kind, eco, org, country, text, links in values.iterator(
        chunk_size=2000
    ):
        chunk.append(
            [
                y,
                "yes" if y in provisional else "",
                code,
                unit,
                value,
                num,
                den,
                ps or "",
                kind or "",
                eco or "",
                org,
                country,
                text,
                " ".join(links or []),
            ]
        )
        if len(chunk) >= 2000:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
