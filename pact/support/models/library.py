"""The resource library: guides, templates and reports, with their files."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pact.kernel.texts import content_language_choices, validate_content_language
from pact.kernel.vocabulary import Ecosystem
from partnerships.models import Partnership


class ResourceKind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", _("Good practice")
    KPI_EXAMPLE = "kpi_example", _("KPI example")
    TEMPLATE = "template", _("Template")
    REPORT = "report", _("Event report")


def resource_file_path(instance: Resource, filename: str) -> str:
    return f"library/{secrets.token_hex(8)}/{filename}"


class ResourceQuerySet(models.QuerySet):
    def public(self) -> ResourceQuerySet:
        """What the public sees (the library, its files, the API): published resources, never
        those of a partnership that is not (or no longer) public."""
        return self.filter(is_published=True).filter(
            models.Q(partnership__isnull=True)
            | models.Q(partnership__in=Partnership.objects.public())
        )


class Resource(models.Model):
    """A library resource: a good practice, a KPI example, a template or an event report."""

    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(_("summary"), max_length=600)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: paragraphs, lists, links.")
    )
    indicator = models.ForeignKey(
        "commitments.Indicator",
        verbose_name=_("indicator from the KPI catalogue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="library_examples",
    )
    file = models.FileField(_("file"), upload_to=resource_file_path, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    ecosystem = models.CharField(
        _("industrial ecosystem"), max_length=32, choices=Ecosystem.choices, blank=True
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=content_language_choices,
        validators=[validate_content_language],
        default="en",
    )
    # The partnership whose coordinator published it; empty for support services' resources.
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("published by partnership"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="library_resources",
    )
    is_published = models.BooleanField(_("published"), default=True)
    published_on = models.DateField(_("date"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(default=1)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="library_search_idx"),
            models.Index(fields=["is_published", "kind"]),
        ]
        verbose_name = _("library resource")
        verbose_name_plural = _("library resources")

    def __str__(self) -> str:
        return self.title
