"""Matchmaking: a member organisation asking another to get in touch."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContactRequest(models.Model):
    """A member organisation asks another, through the portal, to get in touch.

    The other organisation's administrators decide whether to share their contact details.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        SHARED = "shared", _("Contact details shared")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    from_organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="contact_requests_sent"
    )
    to_organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="contact_requests_received"
    )
    message = models.TextField(_("message"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_organisation", "to_organisation"],
                condition=models.Q(status="open"),
                name="one_open_contact_request_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_organisation=models.F("to_organisation")),
                name="contact_request_to_another_organisation",
            ),
        ]
        indexes = [models.Index(fields=["from_organisation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.from_organisation} -> {self.to_organisation}"

    @property
    def organisation_id(self) -> int:
        return self.to_organisation_id
