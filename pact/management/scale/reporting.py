"""The reporting cycles (the last closed years, one open) and the progress reports in them."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from commitments.models import ProgressReport, ReportingCycle
from pact.management.scale.base import GeneratorBase
from pact.management.scale.bulk import Copier, reserve_ids


class ReportingStep(GeneratorBase):
    # --- cycles and reports -----------------------------------------------------------------------

    def make_cycles(self) -> None:
        last_year = self.today.year - 1
        years = list(range(last_year - self.sizes["cycles"] + 1, last_year + 1))
        existing = {c.year: c for c in ReportingCycle.objects.filter(year__in=years)}
        any_open = ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN).exists()
        self.cycles: list[tuple[int, int, bool]] = []  # id, year, open
        for year in years:
            cycle = existing.get(year)
            if cycle is None:
                is_open = year == last_year and not any_open
                cycle = ReportingCycle.objects.create(
                    year=year,
                    opens_on=self.today - timedelta(days=30) if is_open else date(year + 1, 2, 1),
                    closes_on=self.today + timedelta(days=21) if is_open else date(year + 1, 3, 31),
                    reminder_days=[14, 7, 1],
                    status=ReportingCycle.Status.OPEN if is_open else ReportingCycle.Status.CLOSED,
                    opened_at=self.now - timedelta(days=30)
                    if is_open
                    else datetime(year + 1, 2, 1, 9, tzinfo=UTC),
                    closed_at=None if is_open else datetime(year + 1, 4, 1, 9, tzinfo=UTC),
                )
            self.cycles.append((cycle.pk, year, cycle.status == ReportingCycle.Status.OPEN))
        self.timer.step(f"reporting cycles {years[0]}-{years[-1]}")

    def make_reports(self) -> None:
        total = self.sizes["reports"]
        rng = self.rng
        cycles = self.cycles
        # Pairs (target, responsible organisation) report in every cycle: total / cycles pairs.
        needed = math.ceil(total / len(cycles))
        current = [t for t in self.targets if t[4]]
        if not current:
            self.counts["reports"] = 0
            return
        pairs = [(tid, unit, value, org) for tid, unit, value, orgs, _ in current for org in orgs][
            :needed
        ]
        first_user = {org: people[0] for org, people in self.org_people.items()}
        validator = None
        closed_mix = ["validated"] * 93 + ["submitted"] * 3 + ["returned"] * 2 + ["draft"] * 2
        open_mix = ["validated"] * 45 + ["submitted"] * 30 + ["draft"] * 20 + ["returned"] * 5
        count = min(total, len(pairs) * len(cycles))
        start = reserve_ids(self.cursor, ProgressReport._meta.db_table, count)

        def rows() -> Iterator[tuple]:
            k = 0
            for cycle_id, year, is_open in cycles:
                mix = open_mix if is_open else closed_mix
                base = datetime(year + 1, 2, 10, 10, tzinfo=UTC)
                for tid, unit, target, org in pairs:
                    if k >= count:
                        return
                    status = rng.choice(mix)
                    if unit == "percent":
                        value = Decimal(rng.randrange(1, 100))
                    else:
                        value = (target * Decimal(rng.randrange(5, 40)) / 100).quantize(
                            Decimal("1")
                        )
                    when = base + timedelta(hours=rng.randrange(0, 1200))
                    person = first_user.get(org)
                    sent = status != "draft"
                    yield (
                        start + k,
                        tid,
                        org,
                        cycle_id,
                        value,
                        "Activities delivered as planned; figures from our training records.",
                        status,
                        (not is_open) and rng.random() < 0.03,
                        "Please add the evidence link." if status == "returned" else "",
                        when,
                        when,
                        person,
                        when if sent else None,
                        person if sent else None,
                        when + timedelta(days=20) if status == "validated" else None,
                        validator,
                    )
                    k += 1

        self.counts["reports"] = Copier(
            ProgressReport,
            [
                "id",
                "target_id",
                "organisation_id",
                "cycle_id",
                "value",
                "narrative",
                "status",
                "is_late",
                "return_reason",
                "created_at",
                "updated_at",
                "updated_by_id",
                "submitted_at",
                "submitted_by_id",
                "validated_at",
                "validated_by_id",
            ],
        ).copy(self.cursor, rows())
        self.timer.step(f"progress reports {self.counts['reports']:,}")
