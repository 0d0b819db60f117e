"""A partnership waiting for its next coordinator: its coordinating organisation left, was
suspended, withdrew from the Pact or was merged, and staff appoint the next one among its members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VacancyReason(models.TextChoices):
    LEFT = "left", _("The coordinating organisation left the partnership")
    SUSPENDED = "suspended", _("The coordinating organisation was suspended")
    WITHDRAWN = "withdrawn", _("The coordinating organisation withdrew from the Pact")
    MERGED = "merged", _("The coordinating organisation was merged into another")


class CoordinatorVacancy(models.Model):
    """Open until staff appoint a coordinator (or the coordinator is reinstated). While open the
    partnership stays public with a notice, its figures stay in the totals, and no new declaration
    version can be submitted."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="coordinator_vacancies"
    )
    reason = models.CharField(max_length=16, choices=VacancyReason.choices)
    previous = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("previous coordinator"),
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointed = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("appointed coordinator"),
    )

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_coordinator_vacancy",
            )
        ]

    def __str__(self) -> str:
        return f"coordinator vacancy #{self.pk}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return None, self.partnership_id

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
