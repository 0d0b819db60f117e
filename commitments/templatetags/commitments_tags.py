"""Template helpers for figures and the progress part of the public partnership page."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

from commitments.models import Unit
from commitments.progress import Progress, Standing, standing
from commitments.results import selectors
from pact.kernel.target_bar import target_bar_svg

register = template.Library()

NO_PROGRESS = Progress(None, None, None, None, [])


def _number(value) -> Decimal | None:
    """Template values may be missing ("") or None: both read as "no figure"."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def format_figure(value: Decimal | None) -> str:
    """Grouped thousands, and only the decimals the figure has (at most two): 1,250 · 10.1 · 0.25."""
    if value is None:
        return "–"
    exponent = value.normalize().as_tuple().exponent
    places = min(2, max(0, -exponent)) if isinstance(exponent, int) else 0
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


@register.filter
def figure(value) -> str:
    """A figure as people read it (grouped thousands, no needless decimals), or a dash."""
    return format_figure(_number(value))


@register.filter
def with_unit(value, unit: str) -> str:
    """``1,200 persons``, ``45 %``, ``€ 12,000`` (with no-break spaces)."""
    value = _number(value)
    text = format_figure(value)
    if value is None:
        return text
    if unit == Unit.PERCENT:
        return f"{text}\u00a0%"
    if unit == Unit.EUR:
        return f"€\u00a0{text}"
    if unit == Unit.PERSONS:
        return f"{text}\u00a0{Unit.PERSONS.label}"
    return text


@register.simple_tag
def target_bar(position: Standing):
    """The target's bar on its own scale, the target marked (see ``pact.kernel.target_bar``)."""
    return target_bar_svg(
        position.baseline, position.target, position.achieved, reached=position.reached
    )


@register.filter
def signed(value) -> str:
    """``+12``, ``−3``, ``±0``: what moved since the baseline."""
    value = _number(value)
    if value is None:
        return "–"
    if value == 0:
        return "±0"
    return ("+" if value > 0 else "−") + format_figure(abs(value))


@register.filter
def plural_count(value) -> int:
    """A whole number for choosing a plural form (figures may have decimals)."""
    value = _number(value)
    return 0 if value is None else abs(int(value))


@register.simple_tag
def partnership_progress_rows(partnership) -> list[dict]:
    """For each current target: latest validated value vs target, share reached, yearly series, chart."""
    from pact.kernel.charts import series_chart

    progress = selectors.partnership_progress(partnership)
    rows = []
    for target in selectors.current_targets(partnership):
        entry = progress.get(target.pk, {})
        series = entry.get("series", [])
        reached = entry.get("progress") or NO_PROGRESS
        rows.append(
            {
                "target": target,
                "latest": entry.get("latest"),
                "year": entry.get("year"),
                # The one formula (commitments.progress): flows add up, levels' latest stands.
                "progress": reached.value,
                "is_flow": target.indicator.is_flow,
                "share": reached.percent,
                "standing": standing(
                    target.indicator.kind, target.baseline, target.target_value, reached
                ),
                "series": series,
                "first_year": reached.first_year,
                # Years of a cycle still open among those counted: labelled provisional.
                "provisional": entry.get("provisional", []),
                "progress_provisional": any(
                    y in dict(reached.series) for y in entry.get("provisional", [])
                ),
                "chart": series_chart(
                    series,
                    title=target.indicator.name,
                    unit=target.get_unit_display(),
                    target=target.target_value,
                    chart_id=f"progress-chart-{target.pk}",
                )
                if series
                else None,
            }
        )
    return rows
