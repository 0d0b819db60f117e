"""The summary tables: what the figures add up, kept by PostgreSQL triggers (``triggers``).

Each row holds counters that add up (reports, reports with a value, the sum of values, reports
with a numerator and a non-zero denominator, the sums of numerators and denominators), so a
change of one report changes each row it belongs to by a delta, and any figure of the progress
formula (``commitments.progress.combined_value``) follows from them without reading a report.
Rows whose ``reports`` fall to zero are deleted. Keys are references without a database
constraint: rows are derived data, never a reason to refuse or cascade a delete.
"""

from __future__ import annotations

from django.db import models


def _reference(model: str) -> models.ForeignKey:
    return models.ForeignKey(
        model, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )


class Counters(models.Model):
    reports = models.IntegerField(default=0)
    valued = models.IntegerField(default=0)  # reports with a value
    value_sum = models.DecimalField(max_digits=24, decimal_places=2, default=0)
    complete = models.IntegerField(default=0)  # reports with a numerator and a denominator > 0
    numerator_sum = models.DecimalField(max_digits=24, decimal_places=2, default=0)
    denominator_sum = models.DecimalField(max_digits=24, decimal_places=2, default=0)

    class Meta:
        abstract = True


class TargetTotal(Counters):
    """Validated reports of one target in one cycle (whatever the partnership's status: readers
    keep only counted ones, ``ProgressReport.objects.counted()``)."""

    target = _reference("commitments.Target")
    cycle = _reference("commitments.ReportingCycle")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["target", "cycle"], name="target_total_key")]
        indexes = [
            models.Index(
                fields=["reports"], name="target_total_empty", condition=models.Q(reports=0)
            )
        ]


class ResultTotal(Counters):
    """Counted reports (``ProgressReport.objects.counted()``) of one cycle and indicator, by
    partnership kind, ecosystem (both "" for pledges) and the reporting organisation's country."""

    cycle = _reference("commitments.ReportingCycle")
    indicator = _reference("commitments.Indicator")
    kind = models.CharField(max_length=8)
    ecosystem = models.CharField(max_length=32)
    country = models.CharField(max_length=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "indicator", "kind", "ecosystem", "country"],
                name="result_total_key",
            )
        ]
        indexes = [
            models.Index(
                fields=["reports"], name="result_total_empty", condition=models.Q(reports=0)
            )
        ]


class ResultRollup(Counters):
    """``ResultTotal`` added up per cycle and indicator: overall (``dimension`` and ``key`` "")
    and per kind, ecosystem or country (``dimension`` names it, ``key`` is its value). A few
    thousand rows, so a page or API answer reads its totals without grouping many."""

    cycle = _reference("commitments.ReportingCycle")
    indicator = _reference("commitments.Indicator")
    dimension = models.CharField(max_length=16)
    key = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "indicator", "dimension", "key"], name="result_rollup_key"
            )
        ]
        indexes = [
            models.Index(
                fields=["reports"], name="result_rollup_empty", condition=models.Q(reports=0)
            )
        ]


def _optional_reference(model: str) -> models.ForeignKey:
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        null=True,
    )


class DutyTotal(models.Model):
    """Reports owed in every cycle (``commitments.reporting.selectors.duties_sql``: the current
    targets of active partnerships and pledges, active organisations) per organisation and
    partnership (null: the organisation's pledges). Kept by ``status_triggers``."""

    organisation = _reference("members.Organisation")
    partnership = _optional_reference("partnerships.Partnership")
    expected = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "partnership"],
                name="duty_total_key",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["partnership"], name="duty_total_partnership")]


class CycleStatusTotal(models.Model):
    """Reports of one cycle on what is owed (``DutyTotal``), per organisation and partnership
    (null: pledges), counted per state: what staff monitoring and a partnership's status read.
    Kept by ``status_triggers``; rows whose ``reports`` fall to zero are deleted."""

    cycle = _reference("commitments.ReportingCycle")
    organisation = _reference("members.Organisation")
    partnership = _optional_reference("partnerships.Partnership")
    reports = models.IntegerField(default=0)
    drafts = models.IntegerField(default=0)
    submitted = models.IntegerField(default=0)
    validated = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    late = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation", "partnership"],
                name="cycle_status_total_key",
                nulls_distinct=False,
            )
        ]
        indexes = [
            models.Index(fields=["organisation"], name="cycle_status_organisation"),
            # A partnership's organisations (a coordinator's status page, an LSP's oversight).
            models.Index(fields=["partnership", "cycle"], name="cycle_status_partnership"),
            models.Index(
                fields=["reports"], name="cycle_status_empty", condition=models.Q(reports=0)
            ),
        ]


class CycleOrganisationStatus(models.Model):
    """One row per cycle and organisation owing reports (``DutyTotal``), its reports in every
    state added up over its partnerships and pledges: the staff's list of who has reported,
    ordered by name, and the shares of organisations, read without grouping. Kept by
    ``status_rollups`` from the two tables above."""

    cycle = _reference("commitments.ReportingCycle")
    organisation = _reference("members.Organisation")
    name = models.CharField(max_length=255)  # the organisation's, for the list's order
    expected = models.IntegerField(default=0)
    done = models.IntegerField(default=0)  # submitted or validated
    validated = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    drafts = models.IntegerField(default=0)
    late = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation"], name="cycle_organisation_status_key"
            )
        ]
        indexes = [
            models.Index(fields=["cycle", "name", "organisation"], name="cycle_organisation_order"),
            models.Index(fields=["organisation"], name="cycle_organisation_org"),
        ]


class CyclePartnershipStatus(models.Model):
    """One row per cycle and partnership whose members owe reports: of its (organisation,
    partnership) duties, how many have all their reports submitted, how many some."""

    cycle = _reference("commitments.ReportingCycle")
    partnership = _reference("partnerships.Partnership")
    pairs = models.IntegerField(default=0)
    pairs_done = models.IntegerField(default=0)
    pairs_started = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "partnership"], name="cycle_partnership_status_key"
            )
        ]
        indexes = [models.Index(fields=["partnership"], name="cycle_partnership_ps")]
