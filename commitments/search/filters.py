"""The commitment and target filter sets: one definition for the API and the search page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from commitments.models import Commitment, Target
from commitments.search import selectors
from commitments.search.status import STATUS_CHOICES
from pact.kernel.vocabulary import Ecosystem
from partnerships.models import PartnershipKind


class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class SearchFilters(filters.FilterSet):
    """The eight search filters, on commitments (the public search page uses exactly these)."""

    q = filters.CharFilter(
        label=_("Search"),
        method="apply",
        max_length=200,
        help_text="Words in the title, description, partnership or organisation name.",
    )
    ecosystem = filters.ChoiceFilter(
        label=_("Industrial ecosystem"),
        choices=Ecosystem.choices,
        method="apply",
        help_text="The partnership's ecosystem, or the organisation's for individual pledges.",
    )
    indicator = filters.CharFilter(
        label=_("Indicator"), method="apply", max_length=60, help_text="KPI code of a target."
    )
    country = filters.CharFilter(
        label=_("Country"),
        method="apply",
        max_length=2,
        help_text="ISO 3166 code: the partnership's countries, or the pledging organisation's.",
    )
    region = filters.CharFilter(
        label=_("NUTS region"),
        method="apply",
        max_length=8,
        help_text="NUTS 2024 code; matches the regions inside it too.",
    )
    partnership_kind = filters.ChoiceFilter(
        label=_("Partnership kind"), choices=PartnershipKind.choices, method="apply"
    )
    target_year = YearFilter(
        label=_("Target year"),
        method="apply",
        min_value=1990,
        max_value=2100,
        help_text="Year of a target's date (1990-2100).",
    )
    status = filters.ChoiceFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        method="apply",
        help_text="A target reached, on track (share reached at least the share of time elapsed) or behind.",
    )

    class Meta:
        model = Commitment
        fields: list[str] = []

    def apply(self, queryset, name, value):
        return selectors.filter_commitments(queryset, name, value)


class CommitmentSearch(SearchFilters):
    partnership = filters.CharFilter(field_name="partnership__slug", help_text="Partnership slug.")
    organisation = filters.CharFilter(
        field_name="organisation__slug", help_text="Pledging organisation slug."
    )

    class Meta:
        model = Commitment
        fields = ["is_current", "partnership", "organisation"]


class TargetSearch(SearchFilters):
    commitment = filters.NumberFilter(field_name="commitment_id", help_text="Commitment id.")

    class Meta:
        model = Target
        fields = ["commitment"]

    def apply(self, queryset, name, value):
        return selectors.filter_targets(queryset, name, value)
