"""Events and registrations for them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pact.kernel.texts import content_language_choices, validate_content_language
from pact.kernel.vocabulary import Ecosystem
from pact.support.models.library import Resource, ResourceKind
from partnerships.models import Partnership


class EventKind(models.TextChoices):
    PEER_LEARNING = "peer_learning", _("Peer learning activity")
    WEBINAR = "webinar", _("Webinar")
    MATCHMAKING = "matchmaking", _("Matchmaking event")
    WORKSHOP = "workshop", _("Workshop")
    OTHER = "other", _("Other event")


class EventQuerySet(models.QuerySet):
    def public(self) -> EventQuerySet:
        """What the public sees (the calendar, event pages, the API): the Pact's events and those
        of public partnerships; a partnership still in its workspace shows its events only there."""
        return self.filter(
            models.Q(partnership__isnull=True)
            | models.Q(partnership__in=Partnership.objects.public())
        )


class Event(models.Model):
    """An event notice with registration: peer learning activities, webinars, matchmaking events."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(_("summary"), max_length=600)
    description = models.TextField(_("programme"), blank=True, help_text=_("Markdown."))
    # The original's language; translations are EventTranslation rows.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=content_language_choices,
        validators=[validate_content_language],
        default="en",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=250, help_text=_("An address, or “Online”."))
    online_link = models.URLField(
        _("online meeting link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to registered participants."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    ecosystem = models.CharField(
        _("industrial ecosystem"), max_length=32, choices=Ecosystem.choices, blank=True
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("organised by partnership"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    report = models.ForeignKey(
        Resource,
        verbose_name=_("report in the library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        limit_choices_to={"kind": ResourceKind.REPORT},
    )
    is_cancelled = models.BooleanField(default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(default=1)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="event_search_idx"),
            models.Index(fields=["starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    organisation = models.ForeignKey(
        "members.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REGISTERED)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(status="registered"),
                name="one_registration_per_person",
            )
        ]
