"""Expressions of interest: a proposed Regional Skills Partnership, its partners, its history."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pact.kernel.vocabulary import Ecosystem, RegionalShape


class EoiStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, waiting for support services")
    INFO_REQUESTED = "info_requested", _("More information requested")
    ACCEPTED = "accepted", _("Accepted: draft partnership set up")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ExpressionOfInterest(models.Model):
    """A group's proposal for a new Regional Skills Partnership, before it has a declaration."""

    proposed_name = models.CharField(_("proposed name"), max_length=250)
    shape = models.CharField(_("shape"), max_length=20, choices=RegionalShape.choices)
    countries = ArrayField(
        models.CharField(max_length=2), default=list, blank=True, verbose_name=_("countries")
    )
    regions = models.ManyToManyField(
        "pact.Region", blank=True, related_name="+", verbose_name=_("regions")
    )
    ecosystem = models.CharField(
        _("industrial ecosystem"), max_length=32, choices=Ecosystem.choices, blank=True
    )
    lead_organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="expressions_of_interest",
    )
    challenges = models.TextField(_("main challenges"))
    intended_commitments = models.TextField(_("intended commitments"))
    status = models.CharField(
        _("status"), max_length=20, choices=EoiStatus.choices, default=EoiStatus.SUBMITTED
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The draft partnership made from it when support services accept it.
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expressions_of_interest",
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "submitted_at"])]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")

    def __str__(self) -> str:
        return self.proposed_name

    @property
    def is_open(self) -> bool:
        return self.status in (EoiStatus.SUBMITTED, EoiStatus.INFO_REQUESTED)

    @property
    def country_names(self) -> list[str]:
        from pact.kernel.map import country_name

        return [country_name(code) for code in self.countries]

    @property
    def organisation_id(self) -> int:
        """The audit log files the proposal under its lead organisation."""
        return self.lead_organisation_id


class ProposedPartner(models.Model):
    """A partner named in an expression of interest: an existing member, or a name and an address."""

    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "members.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | ~models.Q(email=""),
                name="proposed_partner_is_member_or_address",
            )
        ]

    def __str__(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return f"{self.name} <{self.email}>"

    def audit_label(self) -> str:
        return self.organisation.name if self.organisation is not None else f"partner #{self.pk}"


class EoiEvent(models.Model):
    """One step of an expression of interest's history, with the comment that came with it."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RESUBMITTED = "resubmitted", _("Resubmitted with more information")
        INFO_REQUESTED = "info_requested", _("More information requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    comment = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
