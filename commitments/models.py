"""The KPI catalogue, commitments with targets, reporting cycles and progress reports."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organisation
from pact.kernel.schedule import DeadlineExtension, ScheduledWindow, WindowStatus
from pact.kernel.texts import LocalisedTextField
from partnerships.models import Partnership


class Unit(models.TextChoices):
    PERSONS = "persons", _("persons")
    COUNT = "count", _("count")
    EUR = "eur", _("EUR")
    PERCENT = "percent", _("percent")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum across reports")
    NONE = "none", _("Not summable (shown per target)")


class IndicatorKind(models.TextChoices):
    """How an indicator's values add up over the years (the progress formula depends on it)."""

    FLOW = "flow", _("Flow: yearly values add up")
    LEVEL = "level", _("Level: the latest value stands")


class Indicator(models.Model):
    """A shared indicator so figures add up across the Pact."""

    code = models.SlugField(max_length=60, unique=True)
    # Texts per language (pact.kernel.texts): English originals with their translations.
    names = LocalisedTextField(_("name"), max_length=200)
    definitions = LocalisedTextField(_("definition"), null=True, blank=True, multiline=True)
    unit = models.CharField(max_length=16, choices=Unit.choices)
    aggregation = models.CharField(
        max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    kind = models.CharField(
        _("how values add up"),
        max_length=8,
        choices=IndicatorKind.choices,
        default=IndicatorKind.FLOW,
    )
    ecosystems = ArrayField(models.CharField(max_length=32), default=list, blank=True)
    headline = models.BooleanField(
        default=False, help_text="One of the Pact's yearly headline figures."
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Retired indicators are offered for no new target; their targets and reports stay.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (else the original English one)."""
        return str(self.names) if self.names else self.code

    @property
    def definition(self) -> str:
        return str(self.definitions) if self.definitions else ""

    @property
    def is_summable(self) -> bool:
        return self.aggregation == Aggregation.SUM

    @property
    def is_percent(self) -> bool:
        return self.unit == Unit.PERCENT

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def is_flow(self) -> bool:
        return self.kind == IndicatorKind.FLOW


class PledgeReview(models.TextChoices):
    """Staff review an individual pledge before it becomes public. Read for pledges only: a
    partnership's commitments are reviewed with its declaration."""

    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not accepted")


class CommitmentQuerySet(models.QuerySet):
    def public(self) -> CommitmentQuerySet:
        """What the public sees (a pledge's page, the commitments and targets of the API): current
        commitments of public partnerships, and current pledges that staff approved, of active
        organisations.

        Written as correlated EXISTS (not ``IN (subquery)``) so PostgreSQL looks the owner up by
        its primary key for a few rows instead of hashing every public partnership and
        organisation first."""
        public_partnership = Partnership.objects.public().filter(pk=OuterRef("partnership_id"))
        active_organisation = Organisation.objects.public().filter(pk=OuterRef("organisation_id"))
        return self.filter(is_current=True).filter(
            Q(Exists(public_partnership))
            | Q(partnership__isnull=True, review=PledgeReview.APPROVED)
            & Q(Exists(active_organisation))
        )


class Commitment(models.Model):
    """A concrete action with targets.

    Partnership commitments belong to one declaration version (``uid`` follows a commitment across
    versions); an organisation's individual pledge has no partnership and no version.
    """

    uid = models.UUIDField(default=uuid.uuid4, db_index=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    declaration_version = models.ForeignKey(
        "partnerships.DeclarationVersion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pledges",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible_organisations = models.ManyToManyField(
        "members.Organisation",
        blank=True,
        related_name="responsible_for",
        verbose_name=_("responsible organisations"),
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_current = models.BooleanField(
        default=False,
        help_text="Part of the published declaration or an active pledge: reported on.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(default=1)
    # Pledges only: staff's review (a new or changed pledge waits), with their note.
    review = models.CharField(
        _("review"), max_length=16, choices=PledgeReview.choices, default=PledgeReview.PENDING
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(partnership__isnull=False)
                | models.Q(organisation__isnull=False),
                name="commitment_has_owner",
            )
        ]
        indexes = [models.Index(fields=["partnership", "is_current"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_pledge(self) -> bool:
        return self.partnership_id is None


class Target(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, db_index=True)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, default=0)
    target_value = models.DecimalField(_("target value"), max_digits=16, decimal_places=2)
    target_date = models.DateField(_("target date"))
    description = models.CharField(_("what is counted"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("first year counted"),
        null=True,
        blank=True,
        help_text=_("Progress counts validated values from this year on (empty: all years)."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.target_value} {self.get_unit_display()} — {self.indicator}"


class ReportingCycle(ScheduledWindow):
    """A year's reporting window on the kernel schedule (``pact.kernel.schedule``, DESIGN §9):
    open from its opening day; after the deadline (an organisation's own when extended) a report
    is late but accepted; after the closing day nothing more is accepted."""

    Status = WindowStatus

    year = models.PositiveSmallIntegerField(_("year covered"), unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(ScheduledWindow.Meta):
        ordering = ["-year"]
        constraints = [
            *ScheduledWindow.Meta.constraints,
            # One window at a time, so "the open cycle" is never ambiguous for reporters.
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="open"), name="one_open_cycle"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def save(self, *args, **kwargs):
        # A cycle given only its closing day has its deadline on that day (no late period).
        if self.deadline is None and self.closes_on is not None:
            self.deadline = self.closes_on
        super().save(*args, **kwargs)


class CycleExtension(DeadlineExtension):
    """One organisation's later deadline in a reporting cycle (audited and mailed when given)."""

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="extensions")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="cycle_extensions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation"], name="cycle_one_extension_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.organisation_id} {self.deadline}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated")
    RETURNED = "returned", _("Returned")


class ProgressReportQuerySet(models.QuerySet):
    def public(self) -> ProgressReportQuerySet:
        """Reports whose page is public (the API's reports, a pledge's results): validated reports
        of public partnerships, and of pledges only while the pledge is public (current, its
        organisation active). Correlated EXISTS, as ``CommitmentQuerySet.public``."""
        pledges = Commitment.objects.filter(partnership__isnull=True).public()
        public_partnership = Partnership.objects.public().filter(
            pk=OuterRef("target__commitment__partnership_id")
        )
        return self.filter(status=ReportStatus.VALIDATED).filter(
            Q(Exists(public_partnership))
            | Q(Exists(pledges.filter(pk=OuterRef("target__commitment_id"))))
        )

    def counted(self) -> ProgressReportQuerySet:
        """What the Pact-wide totals sum (results, KPIs, open data, each total's reports): validated
        reports of public partnerships, and of every pledge whatever its organisation's later
        status. Not a second "public": a superset of ``public()`` that only totals read."""
        public_partnership = Partnership.objects.public().filter(
            pk=OuterRef("target__commitment__partnership_id")
        )
        return self.filter(status=ReportStatus.VALIDATED).filter(
            Q(target__commitment__partnership__isnull=True) | Q(Exists(public_partnership))
        )


class ProgressReport(models.Model):
    """What one organisation achieved on one target in the year a cycle covers."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="reports")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="reports"
    )
    cycle = models.ForeignKey(ReportingCycle, on_delete=models.PROTECT, related_name="reports")
    value = models.DecimalField(
        _("value achieved"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    # Percentage indicators: the counts behind the share (value = 100 * numerator / denominator),
    # so shares across organisations are computed from the sums, never averaged.
    numerator = models.DecimalField(
        _("numerator"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    narrative = models.TextField(_("narrative"), blank=True)
    evidence_links = ArrayField(
        models.URLField(max_length=500), default=list, blank=True, verbose_name=_("evidence links")
    )
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    is_late = models.BooleanField(default=False)
    far_above_confirmed = models.BooleanField(default=False)
    return_reason = models.TextField(blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Last saved by this partnership's coordinator, for the organisation that delegated it.
    entered_by_coordinator_of = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["target", "organisation", "cycle"], name="one_report_per_target_org_cycle"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0) | models.Q(value__isnull=True),
                name="report_value_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["cycle", "status"]),
            models.Index(fields=["organisation", "cycle"]),
            # A cycle's reports in list order (the API's ?cycle=), without walking other cycles.
            models.Index(fields=["cycle", "id"], name="report_cycle_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} / {self.target_id} / {self.cycle}"

    @property
    def is_editable_status(self) -> bool:
        """Drafts and returned reports can be changed; submitted and validated ones cannot."""
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ReminderKind(models.TextChoices):
    OPENING = "opening", _("Opening notice")
    BEFORE = "before", _("Reminder before closing")
    CLOSING_DAY = "closing_day", _("Closing-day reminder")
    OVERDUE = "overdue", _("Overdue notice")


class NoticeKind(models.TextChoices):
    """The reporting mails whose text staff may write: the reminders, and two notices."""

    OPENING = "opening", _("Opening notice")
    BEFORE = "before", _("Reminder before closing")
    CLOSING_DAY = "closing_day", _("Closing-day reminder")
    OVERDUE = "overdue", _("Overdue notice")
    EXTENDED = "extended", _("Deadline extended")
    RETURNED = "returned", _("Report returned")


class ReportingDelegation(models.Model):
    """An organisation lets a partnership's coordinators enter and import its figures on the
    partnership's targets (granted and revoked by the organisation's admins, audited)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "partnership"], name="one_delegation_per_partnership"
            )
        ]


class NoticeText(models.Model):
    """Staff's own text of a reporting reminder or notice, per language; the built-in one else."""

    kind = models.CharField(max_length=16, choices=NoticeKind.choices, unique=True)
    subject = LocalisedTextField(_("subject"), max_length=200)
    body = LocalisedTextField(_("message"), max_length=4000, multiline=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)


class ReminderDispatch(models.Model):
    """One reminder of a cycle (e.g. "14 days before closing"): its outbox rows were recorded once.

    ``key`` is the reminder's identity within the cycle (``opening``, ``before-14``,
    ``closing_day``, ``overdue``); the outbox's dedupe keys make each mail unique per person.
    """

    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=32)
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    days_before = models.PositiveSmallIntegerField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "key"], name="one_dispatch_per_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.key}"


class ReportImport(models.Model):
    """An organisation's CSV/XLSX upload for a cycle, checked row by row and confirmed before saving."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="report_imports"
    )
    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CHECKED)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.organisation})"

    @property
    def rows_to_save(self) -> list[dict]:
        return [row for row in self.rows if not row.get("unchanged")]

    @property
    def rows_unchanged(self) -> list[dict]:
        """Rows of reports already submitted, sent back as they were: reported, not saved."""
        return [row for row in self.rows if row.get("unchanged")]


class ExportJob(models.Model):
    """A monitoring export built by a worker; the file is kept in the row for its requester only."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Dataset(models.TextChoices):
        STATUS = "status", _("Reporting status per organisation")
        REPORTS = "reports", _("All reports of the cycle")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    cycle = models.ForeignKey(ReportingCycle, on_delete=models.CASCADE, related_name="exports")
    dataset = models.CharField(max_length=16, choices=Dataset.choices, default=Dataset.STATUS)
    format = models.CharField(max_length=8, choices=Format.choices, default=Format.CSV)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done.")
    rows_written = models.PositiveIntegerField(default=0)
    content = models.BinaryField(null=True, blank=True, editable=False)
    filename = models.CharField(max_length=120, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="export_pending_idx",
                condition=models.Q(status__in=["pending", "running"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_dataset_display()} {self.cycle} ({self.format})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class PublicCount(models.Model):
    """How many rows of a kind are public (``reports`` per reporting cycle; ``commitments`` and
    ``targets`` under cycle 0): what the API's lists count instead of counting a million rows.

    Kept by database triggers (migration ``0012_public_counts``) on reports, targets,
    commitments, partnerships and organisations, so no write path can forget them; a test checks
    them against ``public()`` after every change that moves a row in or out of it.
    """

    kind = models.CharField(max_length=16)
    cycle_id = models.BigIntegerField(default=0)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "cycle_id"], name="one_public_count_per_kind")
        ]


# The summary tables live in their own package; imported here so Django counts them in this app.
from commitments.summaries.models import ResultRollup, ResultTotal, TargetTotal  # noqa: E402, F401
