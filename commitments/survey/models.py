"""The annual members' survey: a survey per year, its questions, and each organisation's answers.

Every active member organisation answers once a year on the Pact's headline indicators (from the
KPI catalogue, with optional breakdowns) and on staff's own questions, whether or not it has
commitments. Past years whose totals the Commission published before the portal existed are
surveys too (``source = published``), with their totals and the source named, and no answers.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Unit
from pact.kernel.schedule import DeadlineExtension, ReminderRecord, ScheduledWindow
from pact.kernel.texts import Localised, LocalisedTextField


class SurveySource(models.TextChoices):
    COLLECTED = "collected", _("Answered on the portal")
    PUBLISHED = "published", _("Published totals")


class Survey(ScheduledWindow):
    """One year's survey: prepared by staff, open on its dates, its validated answers summed."""

    year = models.PositiveSmallIntegerField(_("year covered"), unique=True)
    source = models.CharField(
        max_length=16, choices=SurveySource.choices, default=SurveySource.COLLECTED
    )
    title = LocalisedTextField(_("title"), max_length=200)
    introduction = LocalisedTextField(
        _("introduction"), null=True, blank=True, multiline=True, max_length=4000
    )
    # Where published figures come from, or a note on the figures (e.g. illustrative ones).
    source_note = LocalisedTextField(
        _("source of the figures"), null=True, blank=True, multiline=True, max_length=1000
    )
    source_url = models.URLField(_("web address of the source"), blank=True)
    published_respondents = models.PositiveIntegerField(
        _("respondents (published)"), null=True, blank=True
    )
    lock_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(ScheduledWindow.Meta):
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_published_source(self) -> bool:
        return self.source == SurveySource.PUBLISHED

    @property
    def is_provisional(self) -> bool:
        """Its figures may still change: answered on the portal and not closed yet."""
        return not self.is_published_source and not self.is_closed


class FigureStatus(models.TextChoices):
    """How final a year's total is (results, API, open data)."""

    PUBLISHED = "published", _("Published by the Commission")
    PROVISIONAL = "provisional", _("Provisional: the survey is open")
    FINAL = "final", _("Final: the survey is closed")


class QuestionKind(models.TextChoices):
    HEADLINE = "headline", _("Headline figure (KPI catalogue)")
    NUMBER = "number", _("Number")
    CHOICE = "choice", _("Choice")
    TEXT = "text", _("Text")


class Breakdown(models.TextChoices):
    WOMEN = "women", _("Women")
    FEWER_OPPORTUNITIES = "fewer_opportunities", _("People with fewer opportunities")
    ECOSYSTEM = "ecosystem", _("By industrial ecosystem")
    COUNTRY = "country", _("By country")


# Breakdowns that count people: only for questions in persons.
PEOPLE_BREAKDOWNS = (Breakdown.WOMEN, Breakdown.FEWER_OPPORTUNITIES)


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind of question"), max_length=16, choices=QuestionKind.choices)
    indicator = models.ForeignKey(
        "commitments.Indicator",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("indicator"),
    )
    text = LocalisedTextField(_("question"), max_length=500)
    help = LocalisedTextField(
        _("help text"), null=True, blank=True, multiline=True, max_length=2000
    )
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, blank=True)
    # A choice question's options, one per line, in the original and each translation.
    options = LocalisedTextField(_("options"), null=True, blank=True, multiline=True)
    breakdowns = ArrayField(
        models.CharField(max_length=24, choices=Breakdown.choices),
        default=list,
        blank=True,
        verbose_name=_("breakdowns asked for"),
    )
    required = models.BooleanField(_("an answer is required"), default=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "indicator"],
                condition=models.Q(indicator__isnull=False),
                name="survey_one_question_per_indicator",
            )
        ]

    def __str__(self) -> str:
        return str(self.text)

    @property
    def is_number(self) -> bool:
        return self.kind in (QuestionKind.HEADLINE, QuestionKind.NUMBER)

    def option_lines(self, *languages: str) -> list[Localised]:
        """The options in the first of ``languages`` the options have (else the original)."""
        if not self.options:
            return []
        found = self.options.get(*languages) if languages else self.options.get()
        return [
            Localised(line.strip(), found.language)
            for line in found.text.splitlines()
            if line.strip()
        ]

    def option_keys(self) -> list[str]:
        """Options are numbered from 1 in every language (the lines match across translations)."""
        if not self.options:
            return []
        return [str(n) for n in range(1, len(self.option_lines(self.options.language)) + 1)]

    def has_breakdown(self, breakdown: str) -> bool:
        return breakdown in self.breakdowns

    @property
    def number_unit(self) -> str:
        """The unit a number answer is in: the indicator's for a headline question."""
        if self.kind == QuestionKind.HEADLINE and self.indicator_id:
            return self.indicator.unit  # type: ignore[union-attr]
        return self.unit or Unit.COUNT

    def get_number_unit_display(self) -> str:
        return str(dict(Unit.choices).get(self.number_unit, self.number_unit))

    def choice_label(self, key: str) -> Localised | None:
        lines = self.option_lines()
        if key.isdigit() and 0 < int(key) <= len(lines):
            return lines[int(key) - 1]
        return None


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    VALIDATED = "validated", _("Validated")


class SurveyResponseQuerySet(models.QuerySet):
    def public(self) -> SurveyResponseQuerySet:
        """Validated responses: the only answers that count in totals and that visitors may see
        (the public data version's triggers say the same)."""
        return self.filter(status=ResponseStatus.VALIDATED)


class SurveyResponse(models.Model):
    """One organisation's answers to one survey: draft -> submitted -> validated | returned."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="survey_responses"
    )
    status = models.CharField(
        max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    is_late = models.BooleanField(default=False)
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

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="survey_one_response_per_organisation"
            )
        ]
        indexes = [models.Index(fields=["survey", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} / {self.survey}"

    @property
    def is_editable_status(self) -> bool:
        return self.status in (ResponseStatus.DRAFT, ResponseStatus.RETURNED)

    @property
    def has_submitted(self) -> bool:
        return self.status in (ResponseStatus.SUBMITTED, ResponseStatus.VALIDATED)


class SurveyAnswer(models.Model):
    """The answer to one question: a number (with its breakdowns), a choice or a text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    number = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    women = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    fewer_opportunities = models.DecimalField(
        max_digits=16, decimal_places=2, null=True, blank=True
    )
    # {"tourism": "120"}: amounts as text, so they stay exact; summed as numeric in SQL.
    by_ecosystem = models.JSONField(default=dict, blank=True)
    by_country = models.JSONField(default=dict, blank=True)
    choice = models.CharField(max_length=8, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="survey_one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=0) | models.Q(number__isnull=True),
                name="survey_answer_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response} / {self.question_id}"

    def part(self, breakdown: str) -> dict[str, Decimal]:
        values = self.by_ecosystem if breakdown == Breakdown.ECOSYSTEM else self.by_country
        return {key: Decimal(value) for key, value in (values or {}).items()}

    @property
    def is_empty(self) -> bool:
        return (
            self.number is None
            and self.women is None
            and self.fewer_opportunities is None
            and not self.by_ecosystem
            and not self.by_country
            and not self.choice
            and not self.text
        )


class SurveyInvitation(models.Model):
    """An organisation invited to answer: the survey's population (its response rate's base)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="survey_invitations"
    )
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="survey_one_invitation_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} -> {self.survey}"


class SurveyExtension(DeadlineExtension):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="extensions")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="survey_extensions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "organisation"], name="survey_one_extension_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.deadline}"


class SurveyReminder(ReminderRecord):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="reminders")

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "key", "deadline"], name="survey_one_reminder_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.key} ({self.deadline})"


class SurveyImport(models.Model):
    """An organisation's filled-in template (CSV/XLSX), checked line by line, saved on confirmation."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="survey_imports"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    answers = models.JSONField(default=dict)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CHECKED)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.organisation})"


class PublishedTotal(models.Model):
    """A total the Commission published for a past year, before the portal collected answers."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="published_totals")
    indicator = models.ForeignKey(
        "commitments.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "indicator"], name="survey_one_published_total_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} {self.indicator_id}: {self.value}"


class SurveyTotal(models.Model):
    """Validated answers of one survey on one indicator: how many gave a number and their sum.

    Kept by PostgreSQL triggers (``commitments.summaries.survey_triggers``) on answers, responses
    and questions, so the results read totals without summing answers."""

    survey = models.ForeignKey(
        Survey, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    indicator = models.ForeignKey(
        "commitments.Indicator",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    answers = models.IntegerField(default=0)
    number_sum = models.DecimalField(max_digits=24, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "indicator"], name="survey_total_key")
        ]
