"""Commitments and their targets, with the progress of the targets on a page in one query."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from commitments.models import Commitment, Target
from commitments.results import selectors
from commitments.search.filters import CommitmentSearch, TargetSearch
from pact import access


class TargetSerializer(serializers.ModelSerializer):
    indicator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    progress = serializers.SerializerMethodField(
        help_text="From public validated reports: the sum of yearly values since the target's "
        "start (flow indicators) or the latest value (level indicators); null before any."
    )
    share = serializers.SerializerMethodField(
        help_text="Share of the target reached (1 = reached): progress / (target - baseline) for "
        "flows, (progress - baseline) / (target - baseline) for levels; never averaged."
    )

    class Meta:
        model = Target
        fields = [
            "id",
            "uid",
            "commitment",
            "indicator",
            "unit",
            "baseline",
            "target_value",
            "target_date",
            "description",
            "start_year",
            "progress",
            "share",
        ]

    def _reached(self, obj: Target):
        known = self.context.get("progress")
        if known is None:  # one target or commitment, not a page: its own reports
            cache = self._progress_one = getattr(self, "_progress_one", {})
            if obj.pk not in cache:
                cache.update(selectors.progress_of_targets([obj.pk]))
                cache.setdefault(obj.pk, None)
            entry = cache[obj.pk]
        else:
            entry = known.get(obj.pk)
        return entry["progress"] if entry else None

    def get_progress(self, obj: Target) -> str | None:
        reached = self._reached(obj)
        return None if reached is None or reached.value is None else str(reached.value)

    def get_share(self, obj: Target) -> str | None:
        reached = self._reached(obj)
        if reached is None or reached.share is None:
            return None
        return str(reached.share.quantize(Decimal("0.0001")))


class CommitmentSerializer(serializers.ModelSerializer):
    partnership: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    responsible_organisations: Any = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    targets = TargetSerializer(many=True, read_only=True)
    kind = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "uid",
            "kind",
            "title",
            "description",
            "partnership",
            "organisation",
            "responsible_organisations",
            "is_current",
            "targets",
        ]

    def get_kind(self, obj: Commitment) -> str:
        return "pledge" if obj.partnership_id is None else "partnership"


# Parameters that never change how many rows a list holds.
PAGING = frozenset({"page", "page_size", "ordering", "format", "cursor"})


def _unfiltered(request, *allowed: str) -> bool:
    return set(request.query_params) <= PAGING | set(allowed)


class WalksIndexMixin:
    """Unfiltered and in key order, the list is nearly every row along the key's index: a deep
    page walks it (``Pagination``)."""

    def walks_index(self, request) -> bool:
        return _unfiltered(request) and request.query_params.get("ordering", "id") in ("id", "-id")


class ProgressOfPageMixin:
    """Computes the progress of the targets on the page in one query for ``TargetSerializer``."""

    def targets_of(self, objects) -> list[int]:
        return [obj.pk for obj in objects]

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)  # type: ignore[misc]
        objects = page if page is not None else list(queryset)
        # The one formula (commitments.progress) over the page's targets' maintained totals.
        self._progress = selectors.progress_of_targets(self.targets_of(objects))
        return page

    def get_serializer_context(self):
        context = super().get_serializer_context()  # type: ignore[misc]
        context["progress"] = getattr(self, "_progress", None)
        return context


class CommitmentViewSet(WalksIndexMixin, ProgressOfPageMixin, viewsets.ReadOnlyModelViewSet):
    """Commitments with their targets: current public ones, plus your own organisations' and partnerships'.

    Search them by words, ecosystem, indicator, country, NUTS region, partnership kind, target
    year and status (a commitment matches when one of its targets does).
    """

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    serializer_class = CommitmentSerializer
    filterset_class = CommitmentSearch
    ordering_fields = ["id", "position"]
    ordering = ["id"]

    def targets_of(self, objects) -> list[int]:
        return [t.pk for c in objects for t in c.targets.all()]

    def known_count(self, request) -> int | None:
        """Unfiltered, the count comes from the public counts (``Pagination``)."""
        return access.count_commitments_visible_to(request.user) if _unfiltered(request) else None

    def get_queryset(self):
        qs = access.commitments_visible_to(self.request.user)
        return qs.select_related("partnership", "organisation").prefetch_related(
            "responsible_organisations",
            Prefetch("targets", queryset=Target.objects.select_related("indicator")),
        )


class TargetViewSet(WalksIndexMixin, ProgressOfPageMixin, viewsets.ReadOnlyModelViewSet):
    """Targets of the commitments you may see, with the same filters as the commitments."""

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    serializer_class = TargetSerializer
    filterset_class = TargetSearch
    ordering_fields = ["id"]
    ordering = ["id"]

    def get_queryset(self):
        return Target.objects.filter(
            commitment__in=access.commitments_visible_to(self.request.user)
        ).select_related("indicator")

    def known_count(self, request) -> int | None:
        return access.count_targets_visible_to(request.user) if _unfiltered(request) else None
