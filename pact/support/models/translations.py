"""Events, funding calls and library resources in more than one language: each has an original
(its ``language``) and at most one translation per other content language, written by whoever
may edit the original (``pact.support.translations``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from pact.kernel.texts import content_language_choices, validate_content_language
from pact.support.models.events import Event
from pact.support.models.funding import FundingCall
from pact.support.models.library import Resource


class ContentTranslation(models.Model):
    """What every translation has: its language, a title and a summary, and a version column
    (a concurrent save is refused, never overwritten)."""

    language = models.CharField(
        _("language of the translation"),
        max_length=8,
        choices=content_language_choices,
        validators=[validate_content_language],
    )
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), max_length=600)
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["language"]


class EventTranslation(ContentTranslation):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="translations")
    description = models.TextField(_("programme"), blank=True)

    class Meta(ContentTranslation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="one_event_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.language})"


class FundingCallTranslation(ContentTranslation):
    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="translations")
    eligibility = models.TextField(_("who may apply"))

    class Meta(ContentTranslation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["call", "language"], name="one_call_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call} ({self.language})"


class ResourceTranslation(ContentTranslation):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="translations")
    body = models.TextField(_("text"), blank=True)

    class Meta(ContentTranslation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "language"], name="one_resource_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} ({self.language})"
