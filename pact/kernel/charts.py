"""The one chart path: small, accessible SVG charts drawn in pure Python.

The same drawing feeds the web pages and the declaration PDF, so a chart looks the same
everywhere (a target's own bar, for the progress section and the PDF, is ``target_bar``). Every
chart carries ``role="img"``, an ``aria-label``, a ``<title>`` and a ``<desc>``; templates also
show the same figures as a table.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

INK = "#171a22"
GREY = "#505766"
TRACK = "#e3e7ef"
BLUE = "#0e47cb"
GREEN = "#1a6b2f"
FONT = "Arial, Helvetica, sans-serif"
_ids = itertools.count(1)


@dataclass(frozen=True)
class TargetBar:
    """One target on a targets chart: what it counts, where it should get, where it is."""

    label: str
    target: Decimal
    unit: str = ""
    baseline: Decimal = Decimal(0)
    latest: Decimal | None = None
    year: int | None = None
    due: str = ""
    is_percent: bool = False
    # The share reached as the caller computed it (0..1+); without it, latest against the baseline.
    share: Decimal | None = None


def number(value: Decimal | float | int | None) -> str:
    """A figure as people read it: grouped thousands, no needless decimals."""
    if value is None:
        return "–"
    value = Decimal(str(value))
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = 13,
    anchor: str = "start",
    fill: str = INK,
    bold: bool = False,
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'fill="{fill}" text-anchor="{anchor}"{weight}>{escape(content)}</text>'
    )


def _svg(
    width: int, height: int, title: str, desc: str, body: Iterable[str], chart_id: str
) -> SafeString:
    tid, did = f"{chart_id}-title", f"{chart_id}-desc"
    return mark_safe(  # noqa: S308 - every piece of text inside is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'aria-labelledby="{tid} {did}" class="chart-svg">'
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _share(bar: TargetBar) -> float | None:
    """Progress from the baseline towards the target, 0..1+ (None before the first report)."""
    if bar.latest is None:
        return None
    if bar.share is not None:
        return max(0.0, float(bar.share))
    span = Decimal(bar.target) - Decimal(bar.baseline or 0)
    if span <= 0:
        return 1.0 if bar.latest >= bar.target else 0.0
    return max(0.0, float((Decimal(bar.latest) - Decimal(bar.baseline or 0)) / span))


def describe_bar(bar: TargetBar) -> str:
    unit = f" {bar.unit}" if bar.unit else ""
    if bar.latest is None:
        text = _("target %(target)s%(unit)s") % {"target": number(bar.target), "unit": unit}
        if bar.due:
            text += " " + _("by %(date)s") % {"date": bar.due}
        return text + " — " + _("no progress reported yet")
    share = _share(bar) or 0.0
    return _("%(latest)s of %(target)s%(unit)s (%(share)s%%) in %(year)s") % {
        "latest": number(bar.latest),
        "target": number(bar.target),
        "unit": unit,
        "share": round(share * 100),
        "year": bar.year or "",
    }


def targets_chart(
    rows: Sequence[TargetBar], *, title: str | None = None, chart_id: str | None = None
) -> SafeString:
    """Horizontal bars for a partnership's targets.

    Once any progress is reported, each bar's full length is 100 % of the way from baseline to
    target and the filled part is the share reached, so mixed units (persons, EUR, percent) can
    share one chart. Before that, bars compare the target values themselves within each unit.
    """
    if any(bar.latest is not None for bar in rows):
        return _progress_chart(rows, title=title, chart_id=chart_id)
    return _plain_targets_chart(rows, title=title, chart_id=chart_id)


def _label(body: list[str], y: int, label: str, left: int) -> int:
    for line in textwrap.wrap(label, 86)[:2] or [""]:
        y += 16
        body.append(_text(left, y, line, size=13, bold=True))
    return y


def _progress_chart(rows: Sequence[TargetBar], *, title, chart_id) -> SafeString:
    chart_id = chart_id or f"chart-targets-{next(_ids)}"
    title = title or _("Targets and latest progress")
    width, left, bar_width = 700, 12, 600
    y = 14
    body: list[str] = []
    lines_desc: list[str] = []
    for bar in rows:
        y = _label(body, y, bar.label, left) + 8
        share = _share(bar)
        body.append(
            f'<rect x="{left}" y="{y}" width="{bar_width}" height="16" rx="3" fill="{TRACK}"/>'
        )
        if share is not None:
            filled = min(share, 1.0) * bar_width
            colour = GREEN if share >= 1 else BLUE
            body.append(
                f'<rect x="{left}" y="{y}" width="{filled:.1f}" height="16" rx="3" fill="{colour}"/>'
            )
        body.append(
            f'<line x1="{left + bar_width}" y1="{y - 3}" x2="{left + bar_width}" y2="{y + 19}" '
            f'stroke="{INK}" stroke-width="2"/>'
        )
        summary = describe_bar(bar)
        share_text = f"{round(share * 100)} %" if share is not None else "–"
        body.append(_text(left + bar_width + 12, y + 13, share_text, size=14, bold=True))
        y += 36
        body.append(_text(left, y, summary, size=12, fill=GREY))
        y += 14
        lines_desc.append(f"{bar.label}: {summary}")
    desc = "; ".join(lines_desc)
    return _svg(width, y + 6, title, desc, body, chart_id)


def _plain_targets_chart(rows: Sequence[TargetBar], *, title, chart_id) -> SafeString:
    chart_id = chart_id or f"chart-targets-{next(_ids)}"
    title = title or _("Targets")
    width, left, bar_width = 700, 12, 520
    # Within one unit the bars compare; percentages are drawn against 100.
    largest: dict[str, float] = {}
    for bar in rows:
        largest[bar.unit] = max(largest.get(bar.unit, 0.0), float(bar.target or 0))
    y = 14
    body: list[str] = []
    lines_desc: list[str] = []
    for bar in rows:
        y = _label(body, y, bar.label, left) + 8
        scale = 100.0 if bar.is_percent else largest.get(bar.unit) or 1.0
        length = max(4.0, min(1.0, float(bar.target or 0) / scale) * bar_width)
        body.append(
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="16" rx="3" fill="{BLUE}"/>'
        )
        unit = f" {bar.unit}" if bar.unit else ""
        value = f"{number(bar.target)}{unit}"
        if bar.due:
            value += " " + _("by %(date)s") % {"date": bar.due}
        body.append(_text(left + length + 8, y + 13, value, size=13, bold=True))
        y += 34
        lines_desc.append(f"{bar.label}: {value}")
    if not rows:
        y += 20
        body.append(_text(left, y, _("No targets yet."), size=13))
        y += 10
    desc = "; ".join(lines_desc) or _("No targets yet.")
    return _svg(width, y, title, desc, body, chart_id)


def series_chart(
    points: Sequence[tuple[int, Decimal | float | int]],
    *,
    title: str | None = None,
    unit: str = "",
    target: Decimal | float | int | None = None,
    chart_id: str | None = None,
) -> SafeString:
    """A small line chart of yearly values, with the target as a dashed line when given."""
    chart_id = chart_id or f"chart-series-{next(_ids)}"
    title = title or _("Progress over the years")
    width, height = 480, 220
    left, right, top, bottom = 64, 16, 18, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for _year, v in points]
    top_value = max([*values, float(target or 0), 1.0])
    top_value *= 1.1
    years = [year for year, _v in points]

    def x_of(index: int) -> float:
        if len(points) <= 1:
            return left + plot_w / 2
        return left + plot_w * index / (len(points) - 1)

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * value / top_value

    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{GREY}"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{GREY}"/>',
    ]
    for fraction in (0, 0.5, 1):
        value = top_value / 1.1 * fraction
        body.append(_text(left - 6, y_of(value) + 4, number(round(value)), size=11, anchor="end"))
    for index, year in enumerate(years):
        body.append(_text(x_of(index), top + plot_h + 18, str(year), size=11, anchor="middle"))
    if target is not None:
        ty = y_of(float(target))
        body.append(
            f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" stroke="{GREEN}" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        body.append(
            _text(
                left + plot_w,
                ty - 5,
                _("target %(value)s") % {"value": number(target)},
                size=11,
                anchor="end",
            )
        )
    if points:
        path = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in enumerate(values))
        body.append(f'<polyline points="{path}" fill="none" stroke="{BLUE}" stroke-width="3"/>')
        for i, v in enumerate(values):
            body.append(f'<circle cx="{x_of(i):.1f}" cy="{y_of(v):.1f}" r="4" fill="{BLUE}"/>')
    suffix = f" {unit}" if unit else ""
    desc = "; ".join(f"{year}: {number(v)}{suffix}" for year, v in points) or _("No values yet.")
    if target is not None:
        desc += "; " + _("target %(value)s") % {"value": number(target)} + suffix
    return _svg(width, height, title, desc, body, chart_id)


def bar_chart(
    rows: Sequence[tuple[str, Decimal | float | int | None]],
    *,
    title: str,
    maximum: Decimal | float | int | None = None,
    value_text: Callable[[Decimal | float | int], str] | None = None,
    chart_id: str | None = None,
) -> SafeString:
    """Horizontal bars of plain values (counts, 1-5 scores), each label written above its bar.

    ``maximum`` fixes the full length (5 for a 1-5 scale); by default it is the largest value.
    A row without a value shows an empty track and "no answer". The bars leave room on the right
    for the longest value text, so "3 – Neither agree nor disagree" is never cut off.
    """
    chart_id = chart_id or f"chart-bars-{next(_ids)}"
    width, left = 700, 12
    values = [float(v) for _label, v in rows if v is not None]
    top = float(maximum) if maximum is not None else max([*values, 1.0])
    show = value_text or number
    shown = [_("no answer") if v is None else show(v) for _label, v in rows]
    # About 8 units per character of 14-unit bold text, plus a gap.
    gutter = max(48, 16 + 8 * max((len(text) for text in shown), default=0))
    bar_width = width - left - gutter
    y = 8
    body: list[str] = []
    described: list[str] = []
    for (label, value), text in zip(rows, shown, strict=True):
        for line in textwrap.wrap(label, 86) or [""]:
            y += 18
            body.append(_text(left, y, line, size=14))
        y += 7
        body.append(
            f'<rect x="{left}" y="{y}" width="{bar_width}" height="18" rx="3" fill="{TRACK}"/>'
        )
        if value is not None and top:
            filled = min(float(value) / top, 1.0) * bar_width
            body.append(
                f'<rect x="{left}" y="{y}" width="{filled:.1f}" height="18" rx="3" fill="{BLUE}"/>'
            )
        body.append(_text(left + bar_width + 10, y + 14, text, size=14, bold=True))
        described.append(f"{label}: {text}")
        y += 30
    if not rows:
        y += 20
        body.append(_text(left, y, _("Nothing to show yet."), size=13))
        y += 10
    desc = "; ".join(described) or _("Nothing to show yet.")
    return _svg(width, y + 4, title, desc, body, chart_id)


def grid_chart(
    cells: Sequence[Sequence[int]],
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    title: str,
    row_title: str = "",
    column_title: str = "",
    dividers: tuple[int, int] | None = None,
    corner_labels: tuple[str, str, str, str] | None = None,
    chart_id: str | None = None,
) -> SafeString:
    """A grid of counts (``cells[row][column]``), darker where there are more, the count written
    in each cell: a power/interest or influence/power matrix of stakeholders.

    The first row is drawn at the top. ``dividers`` (row, column) draws the quadrant lines before
    that row and column, and ``corner_labels`` names the quadrants (top left, top right, bottom
    left, bottom right).
    """
    chart_id = chart_id or f"chart-grid-{next(_ids)}"
    cell_w, cell_h = 88, 56
    left, top = 190, 40 if corner_labels else 16
    n_rows, n_cols = len(row_labels), len(column_labels)
    width = left + n_cols * cell_w + 20
    height = top + n_rows * cell_h + 64 + (24 if corner_labels else 0)
    peak = max([count for row in cells for count in row] + [1])
    body: list[str] = []
    described: list[str] = []
    for r, label in enumerate(row_labels):
        y = top + r * cell_h
        body.append(_text(left - 10, y + cell_h / 2 + 5, label, size=13, anchor="end"))
        for c, column in enumerate(column_labels):
            count = cells[r][c]
            x = left + c * cell_w
            share = count / peak
            # From the track grey to the portal blue, so the darkest cell holds the most.
            fill = TRACK if not count else _mix(share)
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" fill="{fill}" '
                'stroke="#ffffff" stroke-width="2"/>'
            )
            if count:
                colour = "#ffffff" if share > 0.45 else INK
                body.append(
                    _text(
                        x + cell_w / 2,
                        y + cell_h / 2 + 6,
                        number(count),
                        size=17,
                        anchor="middle",
                        fill=colour,
                        bold=True,
                    )
                )
                described.append(f"{label}, {column}: {number(count)}")
    grid_bottom = top + n_rows * cell_h
    for c, column in enumerate(column_labels):
        body.append(
            _text(
                left + c * cell_w + cell_w / 2, grid_bottom + 18, column, size=13, anchor="middle"
            )
        )
    if column_title:
        body.append(
            _text(
                left + n_cols * cell_w / 2,
                grid_bottom + 42,
                column_title,
                size=13,
                anchor="middle",
                bold=True,
            )
        )
    if row_title:
        body.append(_text(12, top - 4 if not corner_labels else 16, row_title, size=13, bold=True))
    if dividers:
        dr, dc = dividers
        x = left + dc * cell_w
        y = top + dr * cell_h
        body.append(
            f'<line x1="{x}" y1="{top}" x2="{x}" y2="{grid_bottom}" stroke="{INK}" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        body.append(
            f'<line x1="{left}" y1="{y}" x2="{left + n_cols * cell_w}" y2="{y}" stroke="{INK}" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
        )
    if corner_labels:
        top_left, top_right, bottom_left, bottom_right = corner_labels
        right = left + n_cols * cell_w
        body.append(_text(left, top - 10, top_left, size=12, fill=GREY))
        body.append(_text(right, top - 10, top_right, size=12, fill=GREY, anchor="end"))
        body.append(_text(left, height - 8, bottom_left, size=12, fill=GREY))
        body.append(_text(right, height - 8, bottom_right, size=12, fill=GREY, anchor="end"))
    desc = "; ".join(described) or _("Nothing to show yet.")
    return _svg(width, height, title, desc, body, chart_id)


def _mix(share: float) -> str:
    """A colour between a light blue (few) and the portal blue (most)."""
    low, high = (0xC9, 0xD6, 0xF2), (0x0E, 0x47, 0xCB)
    share = max(0.0, min(share, 1.0))
    return "#" + "".join(
        f"{round(a + (b - a) * share):02x}" for a, b in zip(low, high, strict=True)
    )
