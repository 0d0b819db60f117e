"""The KPI catalogue: indicators, their units and how their yearly values add up."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from pact.kernel.texts import LocalisedTextField


class Unit(models.TextChoices):
    PERSONS = "persons", _("persons")
    COUNT = "count", _("count")
    EUR = "eur", _("EUR")
    PERCENT = "percent", _("percent")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum across reports")
    NONE = "none", _("Not summable (shown per target)")


class IndicatorKind(models.TextChoices):
    """How an indicator's values add up over the years (the progress formula depends on it)."""

    FLOW = "flow", _("Flow: yearly values add up")
    LEVEL = "level", _("Level: the latest value stands")


class Indicator(models.Model):
    """A shared indicator so figures add up across the Pact."""

    code = models.SlugField(max_length=60, unique=True)
    # Texts per language (pact.kernel.texts): English originals with their translations.
    names = LocalisedTextField(_("name"), max_length=200)
    definitions = LocalisedTextField(_("definition"), null=True, blank=True, multiline=True)
    unit = models.CharField(max_length=16, choices=Unit.choices)
    aggregation = models.CharField(
        max_length=8, choices=Aggregation.choices, default=Aggregation.SUM
    )
    kind = models.CharField(
        _("how values add up"),
        max_length=8,
        choices=IndicatorKind.choices,
        default=IndicatorKind.FLOW,
    )
    ecosystems = ArrayField(models.CharField(max_length=32), default=list, blank=True)
    headline = models.BooleanField(
        default=False, help_text="One of the Pact's yearly headline figures."
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Retired indicators are offered for no new target; their targets and reports stay.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (else the original English one)."""
        return str(self.names) if self.names else self.code

    @property
    def definition(self) -> str:
        return str(self.definitions) if self.definitions else ""

    @property
    def is_summable(self) -> bool:
        return self.aggregation == Aggregation.SUM

    @property
    def is_percent(self) -> bool:
        return self.unit == Unit.PERCENT

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    @property
    def is_flow(self) -> bool:
        return self.kind == IndicatorKind.FLOW
