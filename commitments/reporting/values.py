"""The rules a reported value meets: within bounds, counts that add up for shares, far above
the target only when confirmed, evidence links cleaned."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from commitments.models import Target, Unit

# A yearly value this many times the whole target is almost always a typing error: ask, do not refuse.
FAR_ABOVE_FACTOR = Decimal(3)
MAX_VALUE = Decimal("99999999999999.99")
MAX_EVIDENCE_LINKS = 10
NARRATIVE_MAX = 2000


@dataclass
class ValueCheck:
    errors: list[str] = field(default_factory=list)
    far_above: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def check_value(unit: str, value: Decimal | None, target_value: Decimal | None) -> ValueCheck:
    """The rules every way of entering a value shares (form, import, API).

    No negative values; counts and persons are whole numbers; percentages are 0-100; euro amounts
    have at most two decimals. A value above ``FAR_ABOVE_FACTOR`` times the target is not an error
    but is flagged so the person confirms it.
    """
    check = ValueCheck()
    if value is None:
        return check
    if not value.is_finite():
        check.errors.append(_("Enter a number."))
        return check
    if value < 0:
        check.errors.append(_("The value cannot be negative."))
    if value > MAX_VALUE:
        check.errors.append(_("The value is too large."))
    if unit in (Unit.COUNT, Unit.PERSONS) and value != value.to_integral_value():
        check.errors.append(_("Counts of people or things must be whole numbers."))
    if unit == Unit.PERCENT and not (0 <= value <= 100):
        check.errors.append(_("A percentage must be between 0 and 100."))
    exponent = value.normalize().as_tuple().exponent
    if unit == Unit.EUR and isinstance(exponent, int) and exponent < -2:
        check.errors.append(_("Amounts in euro have at most two decimals."))
    if (
        not check.errors
        and target_value
        and target_value > 0
        and value > target_value * FAR_ABOVE_FACTOR
    ):
        check.far_above = True
    return check


def check_counts(
    unit: str, value: Decimal | None, numerator: Decimal | None, denominator: Decimal | None
) -> tuple[Decimal | None, dict[str, list[str]]]:
    """The counts behind a percentage (so shares across organisations come from sums, never an
    average): both or neither, whole numbers, numerator within the denominator; a value given
    with them must be their share. Returns the share they make and the errors by field."""
    if numerator is None and denominator is None:
        return None, {}
    if unit != Unit.PERCENT:
        return None, {"numerator": [_("Only percentage targets take a numerator and denominator.")]}
    if numerator is None or denominator is None:
        return None, {"denominator": [_("Give both the numerator and the denominator.")]}
    whole = all(n == n.to_integral_value() and n >= 0 for n in (numerator, denominator))
    if not whole or denominator == 0:
        return None, {"denominator": [_("Give whole numbers, the denominator above zero.")]}
    if numerator > denominator:
        return None, {"numerator": [_("The numerator cannot be larger than the denominator.")]}
    share = (Decimal(100) * numerator / denominator).quantize(Decimal("0.01"))
    if value is not None and abs(value - share) > Decimal("0.5"):
        return share, {
            "value": [
                _("The value (%(value)s %%) is not the share the counts make (%(share)s %%).")
                % {"value": plain_number(value), "share": plain_number(share)}
            ]
        }
    return share, {}


def far_above_message(target: Target) -> str:
    return _(
        "This value is more than %(factor)s times the whole target (%(target)s). If it is right, "
        "tick the confirmation box and save again."
    ) % {"factor": FAR_ABOVE_FACTOR, "target": plain_number(target.target_value)}


def plain_number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def clean_links(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip()]
