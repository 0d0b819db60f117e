"""One target's bar, for the web pages and the declaration PDF alike.

Each bar has its own scale, from zero to the larger of the target and what is achieved, so a
target of 2,000 persons and one of 20 % are each read against themselves. The baseline is drawn
grey, what was achieved since in blue (green once the target is reached), and the target is a
black mark that stays where it is when the bar passes it. Before any progress the bar shows only
the baseline and the mark, never a full bar. The SVG has no text and no style attribute (the
Content-Security-Policy allows no inline style); it is ``aria-hidden``: the text next to it
carries every figure.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

WIDTH = 1000  # units across; the SVG stretches to its box (preserveAspectRatio="none")
HEIGHT = 24
TRACK = "#e3e7ef"
BASELINE = "#8a93a3"
GAIN = "#0e47cb"
REACHED = "#1a6b2f"
MARK = "#171a22"


def positions(
    baseline: Decimal, target: Decimal, achieved: Decimal | None
) -> tuple[float, float, float | None]:
    """Where the baseline, the target and the achieved figure fall, 0..WIDTH."""
    top = max(Decimal(target), Decimal(baseline), Decimal(achieved or 0))
    if top <= 0:
        top = Decimal(1)

    def at(value: Decimal) -> float:
        return round(float(max(Decimal(0), Decimal(value)) / top) * WIDTH, 1)

    return at(baseline), at(target), None if achieved is None else at(achieved)


def target_bar_svg(
    baseline: Decimal, target: Decimal, achieved: Decimal | None, *, reached: bool = False
) -> SafeString:
    at_baseline, at_target, at_achieved = positions(baseline, target, achieved)
    parts = [f'<rect class="bar-track" x="0" y="6" width="{WIDTH}" height="12" fill="{TRACK}"/>']
    start = at_baseline
    if at_baseline > 0:
        parts.append(
            f'<rect class="bar-baseline" x="0" y="6" width="{at_baseline}" height="12" '
            f'fill="{BASELINE}"/>'
        )
    if at_achieved is not None and at_achieved > start:
        parts.append(
            f'<rect class="bar-gain" x="{start}" y="6" width="{round(at_achieved - start, 1)}" '
            f'height="12" fill="{REACHED if reached else GAIN}"/>'
        )
    mark_x = round(min(max(at_target - 3, 0), WIDTH - 6), 1)
    parts.append(
        f'<rect class="bar-target" x="{mark_x}" y="0" width="6" height="{HEIGHT}" fill="{MARK}"/>'
    )
    return mark_safe(  # noqa: S308 - numbers and fixed colours only
        f'<svg xmlns="http://www.w3.org/2000/svg" class="target-bar-svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none" width="100%" '
        f'height="{HEIGHT}" aria-hidden="true" focusable="false" '
        f'data-target-at="{at_target}">' + "".join(parts) + "</svg>"
    )
