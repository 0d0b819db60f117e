"""What a partnership of each kind must have: the kind and area rules, in one place.

- A Large-Scale Partnership (LSP) belongs to one industrial ecosystem and sits under nobody.
- A Regional Skills Partnership (RSP) has a shape and countries that fit it: a single region or a
  local area lies within one country, a macro-region spans at least two (a country alone is fine,
  as candidate countries have no NUTS codes for every area).
- A Local Ecosystem Partnership (LEP) sits under a Large-Scale Partnership, in a country.
- NUTS regions, when given, lie in the chosen countries.

Each rule answers with ``(field, message)`` pairs, empty when all is well. The services enforce
them (``partnerships.workspace.setup`` on creating a partnership and saving its profile,
``pact.support.eoi.services`` on proposing one and on accepting the proposal), so every path (the
portal's forms, the API, tasks, an expression of interest accepted) gets the same answer; forms
only parse, and show the service's refusal on its fields. The Django admin, which saves without
the services, asks ``partnership_problems`` in its form.

Imports the apps' models and the kernel only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pact.kernel.map import country_name
from pact.models import Region
from partnerships.models import PartnershipKind, RegionalShape

Problem = tuple[str, str]  # (field, message in the language of the request)


def parse_region_codes(raw: str) -> list[Region]:
    """NUTS 2024 codes separated by commas or spaces, each checked against the loaded regions."""
    codes = list(dict.fromkeys(c.upper() for c in re.split(r"[\s,;]+", raw or "") if c))
    if not codes:
        return []
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in regions]
    if unknown:
        raise ValidationError(
            _("Not NUTS 2024 codes: %(codes)s. Check the list of regions.")
            % {"codes": ", ".join(unknown)}
        )
    return [regions[c] for c in codes]


def regional_area_problems(shape: str, countries: Sequence[str]) -> list[Problem]:
    """The countries of a Regional Skills Partnership against its shape."""
    if not countries:
        return [("countries", _("Choose at least one country."))]
    if shape in (RegionalShape.SINGLE_REGION, RegionalShape.LOCAL_AREA) and len(countries) > 1:
        return [
            (
                "countries",
                _(
                    "A single region or a local area lies within one country: choose one "
                    "country, or choose the macro-region or network shape."
                ),
            )
        ]
    if shape == RegionalShape.MACRO_REGION and len(countries) < 2:
        return [
            (
                "countries",
                _(
                    "A macro-region or cross-border area spans several countries: choose at least two."
                ),
            )
        ]
    return []


def regions_outside_problems(regions: Sequence[Region], countries: Sequence[str]) -> list[Problem]:
    """NUTS regions that lie outside the chosen countries."""
    outside = [r for r in regions if r.country not in countries]
    if not outside:
        return []
    return [
        (
            "region_codes",
            _("These regions are not in the chosen countries: %(regions)s.")
            % {
                "regions": "; ".join(
                    f"{r.code} {r.name} ({country_name(r.country)})" for r in outside
                )
            },
        )
    ]


def kind_problems(
    kind: str, *, ecosystem: str, parent, shape: str, countries: Sequence[str]
) -> list[Problem]:
    """What a partnership of ``kind`` lacks (or must not have), field by field."""
    problems: list[Problem] = []
    if kind == PartnershipKind.LARGE_SCALE:
        if not ecosystem:
            problems.append(
                (
                    "ecosystem",
                    _("A Large-Scale Partnership belongs to one industrial ecosystem: choose it."),
                )
            )
        if parent:
            problems.append(
                ("parent", _("A Large-Scale Partnership cannot sit under another partnership."))
            )
    if kind == PartnershipKind.REGIONAL:
        if not shape:
            problems.append(("shape", _("Choose the shape of the Regional Skills Partnership.")))
        problems += regional_area_problems(shape, countries)
    if kind == PartnershipKind.LOCAL:
        if not parent:
            problems.append(
                (
                    "parent",
                    _(
                        "A Local Ecosystem Partnership is set up under a Large-Scale Partnership: "
                        "choose its parent."
                    ),
                )
            )
        if not countries:
            problems.append(("countries", _("Choose the country of the local ecosystem.")))
    return problems


def partnership_problems(
    kind: str,
    *,
    ecosystem: str,
    parent,
    shape: str,
    countries: Sequence[str],
    regions: Sequence[Region] = (),
) -> list[Problem]:
    """Every rule a partnership of ``kind`` with this area must keep: what services enforce."""
    problems = kind_problems(
        kind, ecosystem=ecosystem, parent=parent, shape=shape, countries=countries
    )
    if regions:
        problems += regions_outside_problems(regions, countries)
    return problems


def regional_proposal_problems(
    shape: str, countries: Sequence[str], regions: Sequence[Region] = ()
) -> list[Problem]:
    """The area of a proposed Regional Skills Partnership (an expression of interest)."""
    problems = regional_area_problems(shape, countries)
    if regions:
        problems += regions_outside_problems(regions, countries)
    return problems
