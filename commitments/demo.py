"""Demo KPI catalogue, individual pledges, reporting cycles and plausible progress reports.

Three closed cycles (2022-2024) hold validated reports for every current target the seeded
partnerships and pledges owe, from the year the partnership started; the 2025 cycle is open with a
mix of drafts, submissions, a returned report and targets not started. Values are derived from a
hash of (target, organisation, year), so running the seed again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from commitments.catalogue import sync_catalogue
from commitments.models import (
    Commitment,
    Indicator,
    ProgressReport,
    ReportingCycle,
    ReportStatus,
    Target,
    Unit,
)
from commitments.reporting import selectors

CLOSED_YEARS = (2022, 2023, 2024)
OPEN_YEAR = 2025

PLEDGES: list[dict[str, Any]] = [
    {
        "organisation": "catalunya-fp",
        "title": "Train 400 VET teachers in digital and green skills by 2027",
        "description": "Yearly teacher-training programme of the Catalan VET system, with new "
        "course modules on digital tools and the green transition.",
        "since": 2023,
        "targets": [
            ("people-upskilled", "400", dt.date(2027, 12, 31), "VET teachers trained"),
            ("programmes-developed", "12", dt.date(2027, 12, 31), "New or updated course modules"),
        ],
    },
    {
        "organisation": "creative-region",
        "title": "Creative skills bootcamps for 300 professionals",
        "description": "Short bootcamps on digital production and entrepreneurship for "
        "professionals of Upper Austria's creative industries.",
        "since": 2023,
        "targets": [
            ("people-upskilled", "300", dt.date(2026, 12, 31), "Bootcamp graduates"),
            ("events-held", "20", dt.date(2026, 12, 31), "Bootcamps and showcases"),
        ],
    },
]

NARRATIVES = {
    "people-upskilled": "Participants completed courses, workshops and on-the-job training during the year.",
    "programmes-developed": "New modules were designed with employers and piloted with the first groups.",
    "stakeholders-joined": "New companies, training providers and public bodies joined the network.",
    "investment-eur": "Own funds and co-financing invested in training actions during the year.",
    "people-reached": "Campaigns, newsletters and events promoting up- and reskilling.",
    "events-held": "Webinars, workshops and matchmaking events organised with members.",
    "organisations-participating": "Organisations active in the partnership's working groups.",
    "projects-funded": "Proposals supported to apply for EU and national funding.",
    "skills-analyses": "Skills-needs analyses carried out with regional employers.",
    "training-actions": "Training actions delivered by the partnership's providers.",
    "training-participants": "Learners who took part in the partnership's training actions.",
}
DEFAULT_NARRATIVE = "Progress made during the year on this commitment."


def _fraction(*parts) -> Decimal:
    """A stable number in [0, 1) from the given parts."""
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()
    return Decimal(int(digest[:8], 16)) / Decimal(16**8)


def _value(target: Target, organisation_id: int, year: int, start: int, sharers: int) -> Decimal:
    value_to_reach = Decimal(target.target_value)
    baseline = Decimal(target.baseline or 0)
    span_years = max(1, target.target_date.year - start + 1)
    noise = Decimal("0.6") + _fraction(target.uid, organisation_id, year) * Decimal("0.7")
    if target.unit == Unit.PERCENT:
        progress = min(Decimal(1), Decimal(year - start + 1) / span_years) * noise
        value = baseline + (value_to_reach - baseline) * min(progress, Decimal(1))
        return min(Decimal(100), value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    yearly = (value_to_reach - baseline) / span_years / max(1, sharers) * noise
    if target.unit == Unit.EUR:
        return max(Decimal(0), yearly).quantize(Decimal("100"), rounding=ROUND_HALF_UP)
    # Small targets (2 events, 1 observatory) still move: at least one a year, most years.
    floor = Decimal(1) if value_to_reach >= 1 and noise > Decimal("0.8") else Decimal(0)
    return max(floor, yearly).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _seed_pledges(organisations: dict) -> None:
    for spec in PLEDGES:
        organisation = organisations.get(spec["organisation"])
        if organisation is None:
            continue
        pledge, _created = Commitment.objects.get_or_create(
            organisation=organisation,
            partnership=None,
            title=spec["title"],
            defaults={
                "description": spec["description"],
                "is_current": True,
                "created_at": timezone.make_aware(dt.datetime(spec["since"], 3, 1)),
            },
        )
        for position, (code, value, due, what) in enumerate(spec["targets"]):
            indicator = Indicator.objects.get(code=code)
            Target.objects.get_or_create(
                commitment=pledge,
                indicator=indicator,
                defaults={
                    "unit": indicator.unit,
                    "target_value": Decimal(value),
                    "target_date": due,
                    "description": what,
                    "position": position,
                },
            )


def _seed_cycles(creator) -> dict[int, ReportingCycle]:
    cycles: dict[int, ReportingCycle] = {}
    for year in CLOSED_YEARS:
        cycle, _created = ReportingCycle.objects.get_or_create(
            year=year,
            defaults={
                "opens_on": dt.date(year + 1, 2, 1),
                "closes_on": dt.date(year + 1, 3, 31),
                "reminder_days": [14, 3],
                "status": ReportingCycle.Status.CLOSED,
                "opened_at": timezone.make_aware(dt.datetime(year + 1, 2, 1, 9)),
                "closed_at": timezone.make_aware(dt.datetime(year + 1, 4, 15, 9)),
                "created_by": creator,
            },
        )
        cycles[year] = cycle
    today = timezone.localdate()
    another_open = (
        ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN)
        .exclude(year=OPEN_YEAR)
        .exists()
    )
    cycle, _created = ReportingCycle.objects.get_or_create(
        year=OPEN_YEAR,
        defaults={
            "opens_on": today - dt.timedelta(days=20),
            "closes_on": today + dt.timedelta(days=25),
            "reminder_days": [14, 3],
            "status": ReportingCycle.Status.SCHEDULED
            if another_open
            else ReportingCycle.Status.OPEN,
            "opened_at": None if another_open else timezone.now() - dt.timedelta(days=20),
            "created_by": creator,
        },
    )
    cycles[OPEN_YEAR] = cycle
    return cycles


def _duties() -> list[tuple[int, int, int | None]]:
    with connection.cursor() as cursor:
        cursor.execute(selectors.duties_sql())
        return list(cursor.fetchall())


def _start_year(target: Target) -> int:
    partnership = target.commitment.partnership
    if partnership is not None and partnership.launched_on:
        return partnership.launched_on.year
    return target.commitment.created_at.year


def _seed_reports(cycles: dict[int, ReportingCycle], users: dict) -> int:
    from members.models import OrganisationMembership

    reviewer = users.get("reviewer@pact-portal.example")
    duties = _duties()
    targets = Target.objects.select_related("commitment__partnership").in_bulk(
        {target_id for _org, target_id, _ps in duties}
    )
    sharers: dict[int, int] = {}
    for _org, target_id, _ps in duties:
        sharers[target_id] = sharers.get(target_id, 0) + 1
    reporters = dict(
        OrganisationMembership.objects.order_by("-role", "pk").values_list(
            "organisation_id", "user_id"
        )
    )
    existing = set(
        ProgressReport.objects.filter(cycle__in=cycles.values()).values_list(
            "organisation_id", "target_id", "cycle_id"
        )
    )
    created = []
    for organisation_id, target_id, _ps in duties:
        target = targets[target_id]
        start = _start_year(target)
        for year, cycle in cycles.items():
            if year < start or (organisation_id, target_id, cycle.pk) in existing:
                continue
            value = _value(target, organisation_id, year, start, sharers[target_id])
            narrative = NARRATIVES.get(target.indicator.code, DEFAULT_NARRATIVE)
            report = ProgressReport(
                target=target,
                organisation_id=organisation_id,
                cycle=cycle,
                value=value,
                narrative=narrative,
                created_at=timezone.make_aware(dt.datetime(year + 1, 2, 10)),
                updated_at=timezone.make_aware(dt.datetime(year + 1, 2, 10)),
                updated_by_id=reporters.get(organisation_id),
            )
            if year in CLOSED_YEARS:
                submitted = timezone.make_aware(dt.datetime(year + 1, 3, 20))
                report.status = ReportStatus.VALIDATED
                report.submitted_at, report.submitted_by_id = (
                    submitted,
                    reporters.get(organisation_id),
                )
                report.validated_at = submitted + dt.timedelta(days=14)
                report.validated_by = reviewer
                report.is_late = _fraction("late", target_id, organisation_id, year) < Decimal(
                    "0.08"
                )
            else:
                roll = _fraction("open", target_id, organisation_id)
                if roll < Decimal("0.35"):
                    continue  # not started yet: something for the demo people to do
                report.updated_at = timezone.now() - dt.timedelta(days=3)
                if roll < Decimal("0.55"):
                    report.status = ReportStatus.DRAFT
                elif roll < Decimal("0.62"):
                    report.status = ReportStatus.RETURNED
                    report.submitted_at = timezone.now() - dt.timedelta(days=10)
                    report.submitted_by_id = reporters.get(organisation_id)
                    report.return_reason = (
                        "Please add a link to the evidence (attendance lists or the "
                        "course page) and say how participants were counted."
                    )
                else:
                    report.status = ReportStatus.SUBMITTED
                    report.submitted_at = timezone.now() - dt.timedelta(days=5)
                    report.submitted_by_id = reporters.get(organisation_id)
            created.append(report)
    ProgressReport.objects.bulk_create(created, ignore_conflicts=True)
    return len(created)


def seed(users: dict, organisations: dict, partnerships: dict) -> None:
    sync_catalogue(Indicator)
    _seed_pledges(organisations)
    cycles = _seed_cycles(users.get("reviewer@pact-portal.example"))
    _seed_reports(cycles, users)
