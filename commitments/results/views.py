"""Public pages: the KPI catalogue and the Pact-wide results, with the reports behind every total."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from commitments.models import Aggregation, Indicator
from commitments.results import comparison, selectors
from pact.kernel.cache.page_cache import public_page
from partnerships.models import Ecosystem, PartnershipKind


@public_page(params=(), scope=("figures",))
def kpis(request: HttpRequest) -> HttpResponse:
    return render(
        request, "commitments/kpis.html", {"indicators": list(selectors.catalogue_with_uses())}
    )


def group_label(by: str, key: str) -> str:
    if by == "kind":
        return str(dict(PartnershipKind.choices).get(key, "")) if key else _("Individual pledges")
    if by == "ecosystem":
        return (
            str(dict(Ecosystem.choices).get(key, key))
            if key
            else _("No single ecosystem (pledges, cross-sector partnerships)")
        )
    return str(countries.name(key) or key)


BREAKDOWN_TITLES = {
    "kind": gettext_lazy("By kind of partnership"),
    "ecosystem": gettext_lazy("By industrial ecosystem"),
    "country": gettext_lazy("By country of the reporting organisation"),
}


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@public_page(scope=("figures",))
def results(request: HttpRequest) -> HttpResponse:
    """Totals per year of the summable indicators, broken down, each linking to its reports."""
    from pact.kernel.charts import series_chart

    facts = selectors.year_facts()
    years = sorted(facts["years"])
    provisional = facts["provisional"]
    requested = _int(request.GET.get("year"))
    # By default the last closed cycle: an open cycle's figures are provisional.
    default = (selectors.last_closed_year(facts) or years[-1]) if years else None
    year = requested if requested in years else default
    indicators = list(Indicator.objects.order_by("position", "code"))
    totals = selectors.totals_by_year()
    summable = [i for i in indicators if i.is_summable and any((i.pk, y) in totals for y in years)]
    table = [
        {"indicator": i, "cells": [(y, totals.get((i.pk, y))) for y in years]} for i in summable
    ]
    code = request.GET.get("indicator")
    selected = next((i for i in summable if i.code == code), None) or next(
        (i for i in summable if i.headline), summable[0] if summable else None
    )
    breakdowns, chart, chart_title = [], None, ""
    if selected is not None and year is not None:
        for by, title in BREAKDOWN_TITLES.items():
            rows = selectors.breakdown(selected, year, by)
            for row in rows:
                row["label"] = group_label(by, row["key"])
            breakdowns.append({"by": by, "title": title, "rows": rows})
        points = [(y, totals[(selected.pk, y)]) for y in years if (selected.pk, y) in totals]
        chart_title = (
            _("%(indicator)s per year, %(first)s–%(last)s")
            % {"indicator": selected.name, "first": points[0][0], "last": points[-1][0]}
            if points
            else _("%(indicator)s per year") % {"indicator": selected.name}
        )
        chart = series_chart(
            points,
            title=chart_title,
            unit=selected.get_unit_display(),
            chart_id="results-chart",
        )
    percent = []
    if year is not None:
        percent = list(selectors.percent_results(year)[:100])
    return render(
        request,
        "commitments/results.html",
        {
            "years": years,
            "year": year,
            "provisional": provisional,
            "chart_title": chart_title if chart is not None else "",
            "table": table,
            "selected": selected,
            "summable": summable,
            "breakdowns": breakdowns,
            "chart": chart,
            "chart_points": [
                (y, totals[(selected.pk, y)])
                for y in years
                if selected and (selected.pk, y) in totals
            ],
            "percent_reports": percent,
            "comparison": comparison.year_on_year(table, year, years),
            "pledged": comparison.pledged_rows(summable, totals, years),
        },
    )


@public_page(scope=("figures",))
def result_reports(request: HttpRequest) -> HttpResponse:
    """The public, validated reports behind a total on the results page."""
    filters: dict = {}
    year = _int(request.GET.get("year"))
    if year:
        filters["year"] = year
    indicator = None
    code = request.GET.get("indicator", "")
    if code:
        indicator = Indicator.objects.filter(code=code).first()
        filters["indicator"] = code
    for key in ("kind", "ecosystem"):
        if key in request.GET:
            filters[key] = request.GET[key]
    for key in ("country", "partnership"):
        if request.GET.get(key):
            filters[key] = request.GET[key]
    reports = selectors.drilldown(filters)
    total = None
    if indicator is not None and indicator.aggregation == Aggregation.SUM:
        total = reports.aggregate(total=Sum("value"))["total"]
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    described = []
    if year:
        described.append(str(year))
    if indicator is not None:
        described.append(indicator.name)
    for by in ("kind", "ecosystem"):
        if by in filters:
            described.append(group_label(by, filters[by]))
    if filters.get("country"):
        described.append(group_label("country", filters["country"]))
    return render(
        request,
        "commitments/result_reports.html",
        {
            "page": page,
            "indicator": indicator,
            "total": total,
            "described": described,
            "query": query.urlencode(),
        },
    )


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@public_page(scope=("figures",))
def results_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The public validated reports as CSV or XLSX (all years, or ``?year=``), for reporting
    upwards: ecosystem, country, narrative and evidence links with every value."""
    from commitments.monitoring.exports import write_table

    if fmt not in EXPORT_TYPES:
        raise Http404
    year = _int(request.GET.get("year"))
    content = write_table(
        selectors.EXPORT_HEADER, selectors.export_rows(year), fmt, sheet_title="Results"
    )
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    name = f"pact-results-{year}" if year else "pact-results"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
