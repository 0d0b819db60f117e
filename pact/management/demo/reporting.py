"""Demo reporting (``data/reporting.yaml``): the KPI catalogue, individual pledges, reporting
cycles and progress reports.

Closed cycles hold validated reports for every current target the seeded partnerships and pledges
owe, from the year the partnership started; the open cycle has a mix of drafts, submissions, a
returned report and targets not started. Values are derived from a hash of (target, organisation,
year), so running the seed again changes nothing. Targets whose declaration states results already
reached get exactly those results instead, as validated reports of the year given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils import timezone

from pact.management.demo.refs import (
    Commitment,
    Indicator,
    IndicatorKind,
    OrganisationMembership,
    ProgressReport,
    ReportingCycle,
    ReportStatus,
    Target,
    Unit,
    commitment_selectors,
    sync_catalogue,
)
from pact.management.demo.source import decimal, keys, pick, read, read_folder, text

FILE = "reporting.yaml"


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
    if target.indicator.kind == IndicatorKind.LEVEL:
        # A level (organisations participating) grows towards the target; it does not add up.
        progress = min(Decimal(1), Decimal(year - start + 1) / span_years * noise)
        value = (baseline + (value_to_reach - baseline) * progress) / max(1, sharers)
        return max(Decimal(0), value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    yearly = (value_to_reach - baseline) / span_years / max(1, sharers) * noise
    if target.unit == Unit.EUR:
        return max(Decimal(0), yearly).quantize(Decimal("100"), rounding=ROUND_HALF_UP)
    # Small targets (2 events, 1 observatory) still move: at least one a year, most years.
    floor = Decimal(1) if value_to_reach >= 1 and noise > Decimal("0.8") else Decimal(0)
    return max(floor, yearly).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _seed_pledges(organisations: dict) -> None:
    indicators = {i.code: i for i in Indicator.objects.all()}
    for spec in read(FILE)["pledges"]:
        organisation = organisations.get(spec["organisation"])
        if organisation is None:
            continue
        pledge, _created = Commitment.objects.get_or_create(
            organisation=organisation,
            partnership=None,
            title=spec["title"],
            defaults={
                "description": text(spec["description"]),
                "is_current": True,
                # The demo's pledges are shown as reviewed and approved by staff (issue 21).
                "review": "approved",
                "created_at": timezone.make_aware(dt.datetime(spec["since"], 3, 1)),
            },
        )
        for position, target in enumerate(spec["targets"]):
            keys(target, {"indicator", "value", "by", "what"}, f"{FILE} {spec['title']}")
            indicator = pick(indicators, target["indicator"], f"{FILE} {spec['title']}")
            Target.objects.get_or_create(
                commitment=pledge,
                indicator=indicator,
                defaults={
                    "unit": indicator.unit,
                    "target_value": decimal(target["value"]),
                    "target_date": target["by"],
                    "description": text(target["what"]),
                    "position": position,
                },
            )


def _seed_cycles(creator) -> dict[int, ReportingCycle]:
    data = read(FILE)
    cycles: dict[int, ReportingCycle] = {}
    for year in data["closed_years"]:
        cycles[year], _created = ReportingCycle.objects.get_or_create(
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
    today, open_year = timezone.localdate(), data["open_year"]
    another_open = (
        ReportingCycle.objects.filter(status=ReportingCycle.Status.OPEN)
        .exclude(year=open_year)
        .exists()
    )
    cycles[open_year], _created = ReportingCycle.objects.get_or_create(
        year=open_year,
        defaults={
            "opens_on": today - dt.timedelta(days=20),
            "deadline": today + dt.timedelta(days=25),
            "closes_on": today + dt.timedelta(days=55),  # late reports accepted for 30 days
            "reminder_days": [14, 3],
            "status": ReportingCycle.Status.SCHEDULED
            if another_open
            else ReportingCycle.Status.OPEN,
            "opened_at": None if another_open else timezone.now() - dt.timedelta(days=20),
            "created_by": creator,
        },
    )
    return cycles


def _stated_results(partnerships: dict) -> dict[int, tuple[int, list[dict]]]:
    """Target id -> (reporting organisation id, results) for the results the declarations state.

    A result is reported by the first responsible organisation of its commitment.
    """
    stated: dict[int, tuple[int, list[dict]]] = {}
    for slug, row in read_folder("declarations").items():
        if slug not in partnerships:
            continue
        for commitment in row["commitments"]:
            for position, target in enumerate(commitment["targets"], start=1):
                if not target.get("results"):
                    continue
                found = Target.objects.select_related("commitment").get(
                    commitment__partnership=partnerships[slug],
                    commitment__is_current=True,
                    commitment__title=commitment["title"],
                    position=position,
                )
                reporter = found.commitment.responsible_organisations.order_by("pk").first()
                if reporter is not None:
                    stated[found.pk] = (reporter.pk, target["results"])
    return stated


def _duties() -> list[tuple[int, int, int | None]]:
    with connection.cursor() as cursor:
        cursor.execute(commitment_selectors.duties_sql())
        return list(cursor.fetchall())


def _start_year(target: Target) -> int:
    partnership = target.commitment.partnership
    if partnership is not None and partnership.launched_on:
        return partnership.launched_on.year
    return target.commitment.created_at.year


def _validated(report: ProgressReport, year: int, reporter_id, reviewer) -> ProgressReport:
    submitted = timezone.make_aware(dt.datetime(year + 1, 3, 20))
    report.status = ReportStatus.VALIDATED
    report.submitted_at, report.submitted_by_id = submitted, reporter_id
    report.validated_at = submitted + dt.timedelta(days=14)
    report.validated_by = reviewer
    return report


def _in_open_cycle(report: ProgressReport, roll: Decimal, reporter_id, return_reason: str):
    """A draft, a returned or a submitted report, or None: not started yet."""
    if roll < Decimal("0.35"):
        return None  # something for the demo people to do
    report.updated_at = timezone.now() - dt.timedelta(days=3)
    if roll < Decimal("0.55"):
        report.status = ReportStatus.DRAFT
    elif roll < Decimal("0.62"):
        report.status = ReportStatus.RETURNED
        report.submitted_at = timezone.now() - dt.timedelta(days=10)
        report.submitted_by_id = reporter_id
        report.return_reason = return_reason
    else:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now() - dt.timedelta(days=5)
        report.submitted_by_id = reporter_id
    return report


def _seed_reports(cycles: dict[int, ReportingCycle], users: dict, partnerships: dict) -> int:
    data = read(FILE)
    closed_years = set(data["closed_years"])
    reviewer = users.get("reviewer@pact-portal.example")
    stated = _stated_results(partnerships)
    duties = _duties()
    targets = Target.objects.select_related("commitment__partnership", "indicator").in_bulk(
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
    for target_id, (organisation_id, results) in stated.items():
        for result in results:
            cycle = cycles[result["year"]]
            if (organisation_id, target_id, cycle.pk) in existing:
                continue
            report = ProgressReport(
                target_id=target_id,
                organisation_id=organisation_id,
                cycle=cycle,
                value=decimal(result["value"]),
                narrative=text(result["narrative"]),
                created_at=timezone.make_aware(dt.datetime(result["year"] + 1, 2, 10)),
                updated_at=timezone.make_aware(dt.datetime(result["year"] + 1, 2, 10)),
                updated_by_id=reporters.get(organisation_id),
            )
            created.append(
                _validated(report, result["year"], reporters.get(organisation_id), reviewer)
            )
    for organisation_id, target_id, _ps in duties:
        if target_id in stated:
            continue
        target = targets[target_id]
        start = _start_year(target)
        for year, cycle in cycles.items():
            if year < start or (organisation_id, target_id, cycle.pk) in existing:
                continue
            reporter_id = reporters.get(organisation_id)
            report = ProgressReport(
                target=target,
                organisation_id=organisation_id,
                cycle=cycle,
                value=_value(target, organisation_id, year, start, sharers[target_id]),
                narrative=text(data["narratives"].get(target.indicator.code))
                or text(data["narratives"]["default"]),
                created_at=timezone.make_aware(dt.datetime(year + 1, 2, 10)),
                updated_at=timezone.make_aware(dt.datetime(year + 1, 2, 10)),
                updated_by_id=reporter_id,
            )
            if year in closed_years:
                _validated(report, year, reporter_id, reviewer)
                report.is_late = _fraction("late", target_id, organisation_id, year) < Decimal(
                    "0.08"
                )
            else:
                roll = _fraction("open", target_id, organisation_id)
                report = _in_open_cycle(report, roll, reporter_id, text(data["return_reason"]))
                if report is None:
                    continue
            created.append(report)
    ProgressReport.objects.bulk_create(created, ignore_conflicts=True)
    return len(created)


def seed(users: dict, organisations: dict, partnerships: dict) -> None:
    sync_catalogue(Indicator)
    _seed_pledges(organisations)
    cycles = _seed_cycles(users.get("reviewer@pact-portal.example"))
    _seed_reports(cycles, users, partnerships)
