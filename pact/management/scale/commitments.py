"""The synthetic commitments (of partnerships and individual pledges), their targets and the
organisations responsible for reporting on them."""

from __future__ import annotations

import math
import uuid
from datetime import date
from decimal import Decimal

from commitments.models import Commitment, Target
from pact.management.scale.base import GeneratorBase
from pact.management.scale.bulk import Copier, reserve_ids, spread
from pact.management.scale.words import COMMITMENT_TITLES


class CommitmentsStep(GeneratorBase):
    # --- commitments and targets -------------------------------------------------------------------

    def make_commitments(self) -> None:
        """Commitments with one to three targets each.

        Partnership commitments name their responsible organisations (the coordinator and some
        members): those are the ones that owe a report on each target, as the reporting duties
        say. Enough of them are named for ``reports / cycles`` (target, organisation) pairs.
        """
        total = self.sizes["commitments"]
        rng = self.rng
        n_ps = len(self.ps_ids)
        n_pledges = min(total // 5, len(self.active_orgs))
        per_ps = spread(total - n_pledges, n_ps, rng, low=1, sigma=0.5)
        start = reserve_ids(self.cursor, Commitment._meta.db_table, total)
        # (partnership index or None, owner organisation for pledges, number of targets)
        plan: list[tuple[int | None, int | None, int]] = []
        for i in range(n_ps):
            plan.extend((i, None, rng.choice((1, 1, 2, 2, 2, 3))) for _ in range(per_ps[i]))
        pledgers = rng.sample(self.active_orgs, n_pledges) if n_pledges else []
        plan.extend((None, org, rng.choice((1, 1, 2, 2, 2, 3))) for org in pledgers)
        # How many responsible organisations each partnership commitment names.
        needed = math.ceil(self.sizes["reports"] / self.sizes["cycles"])
        dutiful = [
            k
            for k, (i, _, _) in enumerate(plan)
            if i is not None and self.decl_status[i] == "approved" and self.ps_status[i] == "active"
        ]
        responsible_count = [1] * len(plan)
        pairs = sum(n for i, _, n in plan if i is None)
        pairs += sum(plan[k][2] for k in dutiful)
        grew = True
        while pairs < needed and grew:
            grew = False
            for k in rng.sample(dutiful, len(dutiful)):
                ps_index = plan[k][0]
                assert ps_index is not None
                if responsible_count[k] < len(self.ps_members[ps_index]):
                    responsible_count[k] += 1
                    pairs += plan[k][2]
                    grew = True
                    if pairs >= needed:
                        break
        rows: list[tuple] = []
        responsible: list[tuple[int, int]] = []
        # (commitment id, number of targets, responsible organisations, reported on)
        commitment_plan: list[tuple[int, int, list[int], bool]] = []
        position_in_ps: dict[int, int] = {}
        for k, (index, owner, n_targets) in enumerate(plan):
            cid = start + k
            uid = uuid.UUID(int=rng.getrandbits(128), version=4)
            if index is not None:
                i = index
                current = self.decl_status[i] == "approved"
                eco, place = self.ps_eco[i].lower(), self.ps_place[i]
                title = rng.choice(COMMITMENT_TITLES).format(eco=eco, place=place)[:300]
                position = position_in_ps.get(i, 0)
                position_in_ps[i] = position + 1
                members = self.ps_members[i]
                orgs = [members[0], *rng.sample(members[1:], responsible_count[k] - 1)]
                rows.append(
                    (
                        cid,
                        uid,
                        self.ps_ids[i],
                        self.decl_ids[i],
                        None,
                        title,
                        f"{title}: actions run by the members of the partnership, with yearly "
                        f"milestones.",
                        position,
                        current,
                        "approved",
                    )
                )
                responsible.extend((cid, org) for org in orgs)
                reports = current and self.ps_status[i] in ("active", "closed")
                commitment_plan.append((cid, n_targets, orgs, reports))
            else:
                assert owner is not None
                title = "Pledge: " + rng.choice(COMMITMENT_TITLES).format(
                    eco="our sector", place="our region"
                )
                rows.append(
                    (
                        cid,
                        uid,
                        None,
                        None,
                        owner,
                        title[:300],
                        "An individual pledge of the organisation under the Pact for Skills.",
                        0,
                        True,
                        "approved",  # synthetic pledges stand for reviewed, public ones
                    )
                )
                commitment_plan.append((cid, n_targets, [owner], True))
        n_commitments = Copier(
            Commitment,
            [
                "id",
                "uid",
                "partnership_id",
                "declaration_version_id",
                "organisation_id",
                "title",
                "description",
                "position",
                "is_current",
                "review",
            ],
        ).copy(self.cursor, rows)
        self.counts["commitments"] = n_commitments
        through = Commitment.responsible_organisations.through
        rstart = reserve_ids(self.cursor, through._meta.db_table, len(responsible))
        Copier(through, ["id", "commitment_id", "organisation_id"]).copy(
            self.cursor, ((rstart + k, c, o) for k, (c, o) in enumerate(responsible))
        )
        n_targets = sum(n for _, n, _, _ in commitment_plan)
        tstart = reserve_ids(self.cursor, Target._meta.db_table, n_targets)
        self.targets = []
        target_rows = []
        tid = tstart
        for commitment_id, k, orgs, reported in commitment_plan:
            for position in range(k):
                indicator, unit, code = rng.choice(self.indicators)
                value = self.target_value(unit)
                target_rows.append(
                    (
                        tid,
                        uuid.UUID(int=rng.getrandbits(128), version=4),
                        commitment_id,
                        indicator,
                        unit,
                        Decimal(0),
                        value,
                        date(rng.choice((2026, 2027, 2030)), 12, 31),
                        code.replace("-", " ")[:300],
                        position,
                    )
                )
                self.targets.append((tid, unit, value, orgs, reported))
                tid += 1
        self.counts["targets"] = Copier(
            Target,
            [
                "id",
                "uid",
                "commitment_id",
                "indicator_id",
                "unit",
                "baseline",
                "target_value",
                "target_date",
                "description",
                "position",
            ],
        ).copy(self.cursor, target_rows)
        self.timer.step(
            f"commitments {n_commitments:,} (+ {n_targets:,} targets, "
            f"{len(responsible):,} responsible organisations)"
        )

    def target_value(self, unit: str) -> Decimal:
        rng = self.rng
        if unit == "percent":
            return Decimal(rng.randrange(5, 60))
        if unit == "eur":
            return Decimal(rng.randrange(10, 2000) * 1000)
        if unit == "persons":
            return Decimal(rng.randrange(50, 5000))
        return Decimal(rng.randrange(5, 200))
