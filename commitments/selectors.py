"""Reads for commitments and monitoring: totals come from validated reports only."""

from __future__ import annotations

from django.db.models import Sum

from commitments.models import Aggregation, Indicator, ProgressReport, ReportStatus


def validated_reports():
    return ProgressReport.objects.filter(status=ReportStatus.VALIDATED)


def headline_totals() -> list[dict]:
    """Latest year's totals of the headline summable indicators."""
    latest = (
        validated_reports().order_by("-cycle__year").values_list("cycle__year", flat=True).first()
    )
    if latest is None:
        return []
    rows = (
        validated_reports()
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


def dashboard_context(user) -> dict:
    return {}


def staff_context() -> dict:
    return {"reports_waiting": ProgressReport.objects.filter(status=ReportStatus.SUBMITTED).count()}


def open_data_results():
    columns = ["year", "indicator", "unit", "total"]
    rows = (
        validated_reports()
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


def partnership_progress(partnership) -> dict[int, dict]:
    """Per target of the partnership's current commitments: validated values per year and the latest.

    Returns ``{target_id: {"series": [(year, value), ...], "latest": value, "year": year}}``; values
    of several organisations reporting on the same target are summed for summable indicators.
    """
    rows = (
        validated_reports()
        .filter(target__commitment__partnership=partnership, target__commitment__is_current=True)
        .values("target_id", "cycle__year")
        .annotate(total=Sum("value"))
        .order_by("target_id", "cycle__year")
    )
    progress: dict[int, dict] = {}
    for row in rows:
        entry = progress.setdefault(row["target_id"], {"series": []})
        entry["series"].append((row["cycle__year"], row["total"]))
        entry["latest"], entry["year"] = row["total"], row["cycle__year"]
    return progress
