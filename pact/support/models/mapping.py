"""A partnership's stakeholder map and its agreement surveys."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StakeholderType(models.TextChoices):
    NETWORK = "network", _("Network organisation")
    TRAINING = "training", _("Training provider")
    VET = "vet", _("VET provider")
    HIGHER_EDUCATION = "higher_education", _("Higher education")
    ENTERPRISE = "enterprise", _("Enterprise")
    POLICYMAKER = "policymaker", _("Policymaker")
    OTHER = "other", _("Other")


class Influence(models.TextChoices):
    DIRECT = "direct", _("Direct influence")
    INDIRECT = "indirect", _("Indirect influence")
    SYSTEM = "system", _("System influence")


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Stakeholder(models.Model):
    """A key stakeholder of a partnership's area, as the LEP model maps them."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="stakeholders"
    )
    name = models.CharField(_("name"), max_length=250)
    type = models.CharField(_("type"), max_length=20, choices=StakeholderType.choices)
    influence = models.CharField(
        _("regional influence"),
        max_length=10,
        choices=Influence.choices,
        blank=True,
        help_text=_("Leave empty while it has not been assessed."),
    )
    power = models.PositiveSmallIntegerField(_("power (1-5)"), validators=SCORE_VALIDATORS)
    interest = models.PositiveSmallIntegerField(_("interest (1-5)"), validators=SCORE_VALIDATORS)
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("Pact member organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact = models.CharField(
        _("contact"),
        max_length=250,
        blank=True,
        help_text=_("Who to talk to there (visible to the partnership's members only)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["type", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(power__gte=1, power__lte=5, interest__gte=1, interest__lte=5),
                name="stakeholder_scores_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.name


class StakeholderImport(models.Model):
    """A stakeholder list (CSV) checked line by line, applied to the map on confirmation."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="stakeholder_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    # [{"line", "values", "action": "new" | "update" | "unchanged", "stakeholder": pk | None}]
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)  # [{"line", "column", "message"}]
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CHECKED)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class AgreementSurvey(models.Model):
    """A panel's agreement (1-5) with the skills statements, recorded by the coordinator."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="agreement_surveys"
    )
    panel = models.CharField(
        _("panel"),
        max_length=250,
        help_text=_("Who answered, for example “organising partner” or “kick-off workshop”."),
    )
    held_on = models.DateField(_("date"))
    # statement code -> level 1..5; statements the panel was not asked about are left out.
    answers = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.panel} ({self.held_on})"
