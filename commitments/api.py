"""REST API: the KPI catalogue, commitments and targets, reporting cycles, progress reports, results.

Reports are read through ``access.reports_visible_to`` (outsiders get 404 on unvalidated ones) and
written only by the responsible organisation's people, naming the version they read (``If-Match``
or ``lock_version``); a retried POST with the same ``X-Idempotency-Key`` is not applied twice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Prefetch, Subquery
from django.urls import include, path
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, routers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commitments.models import (
    Commitment,
    Indicator,
    ProgressReport,
    ReportingCycle,
    Target,
)
from commitments.reporting import selectors as reporting_selectors
from commitments.reporting import services
from commitments.reporting.api_fields import (
    NOT_REPORTED_ON,
    ReportedTargetField,
    ReportingOrganisationField,
    Unknown,
)
from commitments.results import api as results_api
from commitments.results import selectors
from commitments.search.filters import CommitmentSearch, TargetSearch
from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel.api.plumbing import Conflict, IdempotentCreateMixin, check_if_match, etag_for


class IndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    definition = serializers.CharField(read_only=True)
    uses = serializers.IntegerField(
        read_only=True, help_text="Current targets (published declarations, pledges) using it."
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "definition",
            "unit",
            "aggregation",
            "kind",
            "ecosystems",
            "headline",
            "uses",
        ]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The KPI catalogue: shared indicators so figures add up across the Pact."""

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    queryset = selectors.catalogue_with_uses()
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    filterset_fields = ["unit", "aggregation", "kind", "headline"]
    ordering_fields = ["position", "code"]
    ordering = ["position"]


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


class YearFilter(filters.NumberFilter):
    field_class = forms.IntegerField


class ReportFilter(filters.FilterSet):
    cycle = YearFilter(method="in_cycle", help_text="Year the reporting cycle covers.")
    organisation = filters.CharFilter(
        field_name="organisation__slug", help_text="Reporting organisation slug."
    )
    partnership = filters.CharFilter(
        field_name="target__commitment__partnership__slug", help_text="Partnership slug."
    )

    class Meta:
        model = ProgressReport
        fields = ["status", "cycle", "organisation", "partnership"]

    def in_cycle(self, queryset, name, value):
        # The cycle's id as a value, not a join on its year: the (cycle, id) index then gives a
        # cycle's reports in list order.
        cycle = ReportingCycle.objects.filter(year=value).values("pk")[:1]
        return queryset.filter(cycle_id=Subquery(cycle))


# Parameters that never change how many rows a list holds.
PAGING = frozenset({"page", "page_size", "ordering", "format", "cursor"})


def _unfiltered(request, *allowed: str) -> bool:
    return set(request.query_params) <= PAGING | set(allowed)


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


class CommitmentViewSet(ProgressOfPageMixin, viewsets.ReadOnlyModelViewSet):
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


class TargetViewSet(ProgressOfPageMixin, viewsets.ReadOnlyModelViewSet):
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


class CycleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingCycle
        fields = [
            "year",
            "opens_on",
            "deadline",
            "closes_on",
            "reminder_days",
            "status",
            "opened_at",
            "closed_at",
        ]


class ReportingCycleViewSet(viewsets.ReadOnlyModelViewSet):
    """Yearly reporting windows: scheduled -> open -> closed."""

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    queryset = ReportingCycle.objects.all()
    serializer_class = CycleSerializer
    lookup_field = "year"
    pagination_class = None


class ReportSerializer(serializers.ModelSerializer):
    organisation = ReportingOrganisationField(
        slug_field="slug", queryset=Organisation.objects.all()
    )
    cycle = serializers.SlugRelatedField(slug_field="year", queryset=ReportingCycle.objects.all())
    target = ReportedTargetField(queryset=Target.objects.all())
    evidence_links = serializers.ListField(
        child=serializers.URLField(max_length=500), required=False, max_length=10
    )
    confirm_far_above = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Confirm a value more than 3 times the target.",
    )
    submit = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Submit instead of saving a draft.",
    )
    value = serializers.DecimalField(
        max_digits=20, decimal_places=6, required=False, allow_null=True, coerce_to_string=True
    )
    numerator = serializers.DecimalField(
        max_digits=16,
        decimal_places=0,
        required=False,
        allow_null=True,
        min_value=0,
        help_text="Percentage targets: the count the share is of (optional; with ``denominator``, "
        "``value`` is computed when left out). Shares across reports are summed from the counts.",
    )
    denominator = serializers.DecimalField(
        max_digits=16,
        decimal_places=0,
        required=False,
        allow_null=True,
        min_value=0,
        help_text="Percentage targets: the count out of which ``numerator`` is counted (optional).",
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "organisation",
            "cycle",
            "target",
            "value",
            "numerator",
            "denominator",
            "narrative",
            "evidence_links",
            "status",
            "is_late",
            "far_above_confirmed",
            "confirm_far_above",
            "submit",
            "return_reason",
            "lock_version",
            "submitted_at",
            "validated_at",
        ]
        # Uniqueness is the service's business: a second report on the same target is a conflict
        # (409), and outsiders must learn nothing (404) before any other check.
        validators: list = []
        read_only_fields = [
            "status",
            "is_late",
            "far_above_confirmed",
            "return_reason",
            "lock_version",
            "submitted_at",
            "validated_at",
        ]

    def validate(self, attrs):
        target, organisation = attrs.get("target"), attrs.get("organisation")
        if isinstance(target, Unknown) or (
            target is not None
            and organisation is not None
            and not reporting_selectors.is_due_from(organisation, target)
        ):
            raise serializers.ValidationError({"target": [NOT_REPORTED_ON]})
        return attrs


def _write(call):
    """Run a service write, turning its refusals into API errors."""
    try:
        return call()
    except services.ValueRejected as exc:
        raise exceptions.ValidationError(exc.errors) from None
    except services.ReportingError as exc:
        if exc.errors:
            raise exceptions.ValidationError(exc.errors) from None
        raise Conflict(exc.message) from None


class ReportViewSet(
    IdempotentCreateMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Progress reports: public once validated; drafts and submissions only for those concerned.

    Write (POST, PATCH, ``/submit/``) as the responsible organisation; PATCH and submit need
    ``If-Match`` with the report's ETag (or ``lock_version`` in the body).
    """

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    serializer_class = ReportSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_class = ReportFilter
    ordering_fields = ["id", "submitted_at"]
    ordering = ["id"]

    def get_queryset(self):
        qs = access.reports_visible_to(self.request.user).select_related(
            "organisation", "cycle", "target"
        )
        return qs

    def known_count(self, request) -> int | None:
        """Unfiltered or by cycle and status (already validated by the filters), the count comes
        from the public counts plus one's own other reports (``Pagination``)."""
        if not _unfiltered(request, "cycle", "status"):
            return None
        cycle_id = None
        if request.query_params.get("cycle"):
            cycle_id = (
                ReportingCycle.objects.filter(year=int(request.query_params["cycle"]))
                .values_list("pk", flat=True)
                .first()
            )
            if cycle_id is None:
                return 0
        return access.count_reports_visible_to(
            request.user, cycle_id=cycle_id, status=request.query_params.get("status", "")
        )

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        response = Response(self.get_serializer(report).data)
        response["ETag"] = etag_for(report)
        return response

    def _writable(self, report: ProgressReport) -> None:
        if not access.can(self.request.user, Perm.ORG_REPORT, report.organisation):
            raise exceptions.NotFound()

    def create(self, request, *args, **kwargs):
        # IdempotentCreateMixin replays a retried POST; CreateModelMixin calls perform_create.
        response = super().create(request, *args, **kwargs)
        if response.status_code == status.HTTP_201_CREATED and isinstance(response.data, dict):
            response["ETag"] = f'"{response.data.get("id")}-{response.data.get("lock_version")}"'
        return response

    def perform_create(self, serializer) -> None:
        data = serializer.validated_data
        organisation, target, cycle = data["organisation"], data["target"], data["cycle"]
        if not access.can(self.request.user, Perm.ORG_REPORT, organisation):
            raise exceptions.NotFound()
        if not reporting_selectors.is_due_from(organisation, target):
            raise exceptions.ValidationError({"target": [NOT_REPORTED_ON]})
        serializer.instance = _write(
            lambda: services.save_report(
                organisation=organisation,
                target=target,
                cycle=cycle,
                actor=self.request.user,
                lock_version=0,
                value=data.get("value"),
                narrative=data.get("narrative", ""),
                evidence_links=data.get("evidence_links", []),
                far_above_confirmed=data.get("confirm_far_above", False),
                submit=data.get("submit", False),
                numerator=data.get("numerator"),
                denominator=data.get("denominator"),
            )
        )

    def update(self, request, *args, **kwargs):
        report = self.get_object()
        self._writable(report)
        version = check_if_match(request, report)
        serializer = self.get_serializer(report, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        for fixed in ("organisation", "target", "cycle"):
            if fixed in data and data[fixed] != getattr(report, fixed):
                raise exceptions.ValidationError({fixed: ["Cannot be changed."]})
        saved = _write(
            lambda: services.save_report(
                organisation=report.organisation,
                target=report.target,
                cycle=report.cycle,
                actor=request.user,
                lock_version=version,
                value=data.get("value", report.value),
                narrative=data.get("narrative", report.narrative),
                evidence_links=data.get("evidence_links", report.evidence_links),
                far_above_confirmed=data.get("confirm_far_above", report.far_above_confirmed),
                submit=data.get("submit", False),
                numerator=data.get("numerator", report.numerator),
                denominator=data.get("denominator", report.denominator),
            )
        )
        response = Response(self.get_serializer(saved).data)
        response["ETag"] = etag_for(saved)
        return response

    @extend_schema(request=None, responses=ReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft or returned report (needs If-Match)."""
        report = self.get_object()
        self._writable(report)
        version = check_if_match(request, report)
        saved = _write(
            lambda: services.save_report(
                organisation=report.organisation,
                target=report.target,
                cycle=report.cycle,
                actor=request.user,
                lock_version=version,
                value=report.value,
                narrative=report.narrative,
                evidence_links=report.evidence_links,
                far_above_confirmed=report.far_above_confirmed,
                submit=True,
                numerator=report.numerator,
                denominator=report.denominator,
            )
        )
        response = Response(self.get_serializer(saved).data)
        response["ETag"] = etag_for(saved)
        return response


router = routers.SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("targets", TargetViewSet, basename="target")
router.register("reporting-cycles", ReportingCycleViewSet, basename="reporting-cycle")
router.register("reports", ReportViewSet, basename="report")

urlpatterns = [
    path("results/", results_api.ResultsView.as_view(), name="api_results"),
    path("", include(router.urls)),
]
