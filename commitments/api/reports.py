"""Reporting cycles and progress reports: read through ``access.reports_visible_to``, written
only by the responsible organisation's people (or a coordinator it delegated to), naming the
version they read."""

from __future__ import annotations

from django import forms
from django.db.models import Subquery
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commitments.api.commitments import WalksIndexMixin, _unfiltered
from commitments.models import ProgressReport, ReportingCycle, ReportStatus, Target
from commitments.reporting import selectors as reporting_selectors
from commitments.reporting import services
from commitments.reporting.api_fields import (
    NOT_REPORTED_ON,
    ReportedTargetField,
    ReportingOrganisationField,
    Unknown,
)
from members.models import Organisation
from pact import access
from pact.kernel.api.plumbing import (
    Conflict,
    ETagMixin,
    IdempotentCreateMixin,
    check_if_match,
    etag_for,
)


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
    WalksIndexMixin,
    ETagMixin,
    IdempotentCreateMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Progress reports: public once validated; drafts and submissions only for those concerned.

    Write (POST, PATCH, ``/submit/``) as the responsible organisation, or as a coordinator of a
    partnership it delegated its reporting to (that partnership's targets only); PATCH and submit
    need ``If-Match`` with the report's ETag (or ``lock_version`` in the body).
    """

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    serializer_class = ReportSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_class = ReportFilter
    ordering_fields = ["id", "submitted_at"]
    ordering = ["id"]

    def get_queryset(self):
        # A known status narrows what is looked at (drafts are only ever one's own); any other
        # value is refused by the filters.
        status = self.request.query_params.get("status", "")
        return access.reports_visible_to(
            self.request.user, status=status if status in ReportStatus.values else ""
        ).select_related("organisation", "cycle", "target")

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

    def _writable(self, report: ProgressReport) -> None:
        # The web's rule (``access.may_report``): its own people, or a coordinator it delegated to
        # on that partnership's targets; anyone else is told nothing more than "not found".
        if not access.may_report(
            self.request.user, report.organisation, report.target.commitment.partnership_id
        ):
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
        if not reporting_selectors.is_due_from(organisation, target):
            raise exceptions.ValidationError({"target": [NOT_REPORTED_ON]})
        if not access.may_report(self.request.user, organisation, target.commitment.partnership_id):
            raise exceptions.NotFound()
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
