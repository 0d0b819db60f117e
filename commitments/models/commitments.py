"""Commitments (a partnership's, or an organisation's own pledge, reviewed by staff) and their
measurable targets."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models.catalogue import Indicator, Unit
from members.models import Organisation
from partnerships.models import Partnership


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
