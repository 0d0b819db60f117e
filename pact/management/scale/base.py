"""What every step of the generator shares: the sizes, the random source, the reference data
(regions, the KPI catalogue) and the rows made so far, which later steps build on."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone
from django_countries import countries

from commitments.models import Indicator
from pact.management.scale.bulk import Timer
from pact.management.scale.words import COUNTRY_WEIGHTS
from pact.models import Region


class GeneratorBase:
    """The state the steps share. Each step is a class of its own module (organisations,
    partnerships, commitments, reporting); ``Generator`` combines them and runs them in order."""

    cursor: Any  # a psycopg cursor, for COPY
    # Reference data (``load_reference``).
    regions: dict[str, list[tuple[str, str, int]]]
    regions_by_level: dict[tuple[str, int | None], list[tuple[str, str, int]]]
    indicators: list[tuple[int, str, str]]
    countries: list[str]
    country_weights: list[int]
    # Made by the organisations step.
    org_ids: list[int]
    active_orgs: list[int]
    org_people: dict[int, list[int]]  # organisation -> its people, the admin first
    # Made by the partnerships step (lists indexed like ``ps_ids``).
    ps_ids: list[int]
    ps_status: list[str]
    ps_eco: list[str]
    ps_place: list[str]
    ps_members: list[list[int]]  # the coordinator first
    decl_ids: list[int]
    decl_status: list[str]
    # Made by the commitments step: (target id, unit, target value, reporting organisations,
    # reported on).
    targets: list[tuple[int, str, Decimal, list[int], bool]]

    def __init__(self, sizes: dict[str, int], rng: random.Random, timer: Timer) -> None:
        self.sizes = sizes
        self.rng = rng
        self.timer = timer
        self.counts: dict[str, int] = {}
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()

    # --- helpers ---------------------------------------------------------------------------------

    def when(self, start: date, end: date) -> datetime:
        span = max(1, (end - start).days)
        day = start + timedelta(days=self.rng.randrange(span))
        return datetime(
            day.year,
            day.month,
            day.day,
            self.rng.randrange(8, 19),
            self.rng.randrange(60),
            tzinfo=UTC,
        )

    def pick_weighted(self, population: Sequence[Any], weights: Sequence[float], k: int) -> list:
        return self.rng.choices(population, weights=weights, k=k)

    def load_reference(self) -> None:
        self.regions = {}
        for code, name, level, country in Region.objects.values_list(
            "code", "name", "level", "country"
        ):
            self.regions.setdefault(country, []).append((code, name, level))
        self.regions_by_level = {}
        for country, rows in self.regions.items():
            for row in rows:
                self.regions_by_level.setdefault((country, row[2]), []).append(row)
        self.indicators = list(Indicator.objects.values_list("id", "unit", "code"))
        if not self.indicators:
            raise CommandError("The KPI catalogue is empty; run migrate first.")
        self.countries = list(COUNTRY_WEIGHTS)
        self.country_weights = [COUNTRY_WEIGHTS[c] for c in self.countries]

    def place_name(self, country: str, level: int | None = None) -> tuple[str | None, str]:
        """A NUTS region of the country (code, name), or the country's name when it has none."""
        regions = self.regions_by_level.get((country, level)) or self.regions.get(country) or []
        if not regions:
            return None, str(countries.name(country)) or country
        code, name, _ = self.rng.choice(regions)
        return code, name
