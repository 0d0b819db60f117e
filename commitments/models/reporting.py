"""Yearly reporting: cycles on the kernel's schedule, extensions, progress reports and their
states, delegations to coordinators, notice texts and reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models.commitments import Commitment, PledgeReview, Target
from members.models import Organisation
from pact.kernel.schedule import DeadlineExtension, ScheduledWindow, WindowStatus
from pact.kernel.texts import LocalisedTextField
from partnerships.models import Partnership


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
        return self.filter(self._public_condition())

    def not_public(self) -> ProgressReportQuerySet:
        """The rest: what ``public()`` leaves out, tested on each row itself (a person's few own
        rows are checked one by one instead of being matched against every public report)."""
        return self.exclude(self._public_condition())

    @staticmethod
    def _public_condition() -> Q:
        pledges = Commitment.objects.filter(partnership__isnull=True).public()
        public_partnership = Partnership.objects.public().filter(
            pk=OuterRef("target__commitment__partnership_id")
        )
        return Q(status=ReportStatus.VALIDATED) & (
            Q(Exists(public_partnership))
            | Q(Exists(pledges.filter(pk=OuterRef("target__commitment_id"))))
        )

    def counted(self) -> ProgressReportQuerySet:
        """What the Pact-wide totals sum (results, KPIs, open data, each total's reports): validated
        reports of public partnerships, and of pledges staff approved, whatever the organisation's
        later status or the pledge's withdrawal (figures once published stay). A pending or
        rejected pledge's reports count nowhere: staff have not accepted what they count. Not a
        second "public": a superset of ``public()`` that only totals read; the summary triggers
        (``commitments.summaries.triggers.COUNTED``) say the same."""
        public_partnership = Partnership.objects.public().filter(
            pk=OuterRef("target__commitment__partnership_id")
        )
        return self.filter(status=ReportStatus.VALIDATED).filter(
            Q(
                target__commitment__partnership__isnull=True,
                target__commitment__review=PledgeReview.APPROVED,
            )
            | Q(Exists(public_partnership))
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
