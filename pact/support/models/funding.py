"""Funding opportunities and partnerships' bookmarks of them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pact.kernel.texts import content_language_choices, validate_content_language
from pact.kernel.vocabulary import Ecosystem


class CallStatus(models.TextChoices):
    FORTHCOMING = "forthcoming", _("Forthcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FundingCall(models.Model):
    """A funding opportunity published by support services."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    programme = models.CharField(
        _("programme"), max_length=200, help_text=_("For example Erasmus+, ESF+ or Interreg.")
    )
    institution = models.CharField(
        _("institution"), max_length=200, help_text=_("Who runs the call.")
    )
    ecosystem = models.CharField(
        _("industrial ecosystem"), max_length=32, choices=Ecosystem.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.FORTHCOMING
    )
    opens_on = models.DateField(_("opening date"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    funding = models.CharField(
        _("funding size"),
        max_length=200,
        blank=True,
        help_text=_("For example “up to EUR 400,000 per project”."),
    )
    summary = models.TextField(_("summary"))
    eligibility = models.TextField(_("who may apply"))
    # The original's language; translations are FundingCallTranslation rows.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=content_language_choices,
        validators=[validate_content_language],
        default="en",
    )
    link = models.URLField(_("link to the call"), max_length=500)
    members_only = models.BooleanField(
        _("for Pact members only"),
        default=False,
        help_text=_("Only people of active member organisations see it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(default=1)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = [models.F("deadline").asc(nulls_last=True), "title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="funding_call_search_idx"),
            models.Index(fields=["status", "deadline"]),
        ]
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")

    def __str__(self) -> str:
        return self.title


class CallBookmark(models.Model):
    """A call a partnership is preparing an application for."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="call_bookmarks"
    )
    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="bookmarks")
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "call"], name="one_bookmark_per_call")
        ]
