"""The one formula for a target's progress and the share of it reached (pages, PDF and API use it).

- A *flow* indicator's yearly values add up: progress is the sum of the validated yearly values
  since the target's start; share reached = progress / (target - baseline).
- A *level* indicator's latest value stands: progress is the latest validated value; share
  reached = (progress - baseline) / (target - baseline).
- Shares are never averaged across targets or organisations: a percentage reported by several
  organisations combines only from its counts (numerator and denominator).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from commitments.models import IndicatorKind

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Progress:
    value: Decimal | None  # progress: the flow's sum since the start, or the level's latest value
    share: Decimal | None  # share of the target reached, as a fraction (1 = reached; not capped)
    year: int | None  # the latest year counted
    first_year: int | None  # the first year counted
    series: list[tuple[int, Decimal]] = field(default_factory=list)  # the years counted

    @property
    def percent(self) -> int | None:
        """The share in whole percent, between 0 and 100 (for a bar)."""
        if self.share is None:
            return None
        return max(0, min(100, round(self.share * HUNDRED)))


def progress_of(
    kind: str,
    baseline: Decimal,
    target_value: Decimal,
    series: Iterable[tuple[int, Decimal | None]],
    *,
    start_year: int | None = None,
) -> Progress:
    """Progress and share reached of one target from its validated yearly values.

    ``series`` gives one value per year (the year's validated values of the target already
    combined, see ``year_value``); years before ``start_year`` and years without a value are left
    out.
    """
    counted = sorted(
        (year, Decimal(value))
        for year, value in series
        if value is not None and (start_year is None or year >= start_year)
    )
    if not counted:
        return Progress(None, None, None, None, [])
    baseline, target_value = Decimal(baseline or 0), Decimal(target_value)
    if kind == IndicatorKind.LEVEL:
        value = counted[-1][1]
        reached = value - baseline
    else:
        value = sum((v for _year, v in counted), Decimal(0))
        reached = value
    span = target_value - baseline
    # Nothing to move (target at or below the baseline): reached once the target value is.
    full = Decimal(1) if value >= target_value else Decimal(0)
    share = reached / span if span > 0 else full
    return Progress(value, share, counted[-1][0], counted[0][0], counted)


def year_value(
    values: list[Decimal | None],
    *,
    is_percent: bool,
    numerators: list[Decimal | None] | None = None,
    denominators: list[Decimal | None] | None = None,
) -> Decimal | None:
    """One year's value of one target from the validated values its organisations reported.

    Counts and amounts add up. A percentage is never averaged: a single report stands; several
    combine from their counts (sum of numerators / sum of denominators) when all gave them, else
    the year has no combined value.
    """
    present = [Decimal(v) for v in values if v is not None]
    if not present:
        return None
    if not is_percent:
        return sum(present, Decimal(0))
    if len(present) == 1:
        return present[0]
    num, den = numerators or [], denominators or []
    if len(num) == len(values) == len(den) and all(
        n is not None and d for n, d in zip(num, den, strict=True)
    ):
        total = sum((Decimal(d) for d in den if d), Decimal(0))
        return (
            HUNDRED * sum((Decimal(n) for n in num if n is not None), Decimal(0)) / total
        ).quantize(Decimal("0.01"))
    return None


@dataclass(frozen=True)
class Standing:
    """Where a target stands: its baseline, its target value and what is achieved, all on the
    indicator's own scale (a flow's sum since the start is added to the baseline; a level's latest
    value stands as it is), so a bar can mark the target and a text can say what moved."""

    baseline: Decimal
    target: Decimal
    achieved: Decimal | None
    share: Decimal | None

    @property
    def gain(self) -> Decimal | None:
        return None if self.achieved is None else self.achieved - self.baseline

    @property
    def reached(self) -> bool:
        return self.share is not None and self.share >= 1

    @property
    def percent(self) -> int | None:
        if self.share is None:
            return None
        return max(0, min(100, round(self.share * HUNDRED)))


def standing(kind: str, baseline, target_value, progress: Progress) -> Standing:
    """The target's standing from ``progress_of``'s result (the same formula, read as positions)."""
    baseline, target_value = Decimal(baseline or 0), Decimal(target_value)
    if progress.value is None:
        achieved = None
    elif kind == IndicatorKind.LEVEL:
        achieved = progress.value
    else:
        achieved = baseline + progress.value
    return Standing(baseline, target_value, achieved, progress.share)


def combined_value(
    *,
    is_percent: bool,
    reports: int,
    valued: int,
    value_sum: Decimal,
    complete: int,
    numerator_sum: Decimal,
    denominator_sum: Decimal,
) -> Decimal | None:
    """``year_value`` from the counters of the summary tables (``commitments.summaries``): the
    same figure for the same reports, computed from sums instead of the list of values."""
    if not valued:
        return None
    if not is_percent:
        return Decimal(value_sum)
    if valued == 1:
        return Decimal(value_sum)
    if complete == reports and denominator_sum:
        return (HUNDRED * Decimal(numerator_sum) / Decimal(denominator_sum)).quantize(
            Decimal("0.01")
        )
    return None
