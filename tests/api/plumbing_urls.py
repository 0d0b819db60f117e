"""A small API over real models that uses the shared plumbing the way app endpoints should:
ETag + If-Match compare-and-set on change, X-Idempotency-Key on create, access module for 404."""

from __future__ import annotations

import django_filters
from django.urls import include, path
from rest_framework import mixins, routers, serializers, viewsets

from pact import access
from pact.kernel.api.plumbing import (
    ETagMixin,
    IdempotentCreateMixin,
    check_if_match,
    save_if_version,
)
from partnerships.models import InternalNote, Partnership


class SummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Partnership
        fields = ["slug", "summary", "lock_version"]
        read_only_fields = ["slug", "lock_version"]


class SummaryViewSet(
    ETagMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    serializer_class = SummarySerializer
    lookup_field = "slug"

    def get_queryset(self):
        return access.partnerships_visible_to(self.request.user)

    def perform_update(self, serializer):
        partnership = serializer.instance
        access.require(self.request.user, access.Perm.PS_COORDINATE, partnership)
        version = check_if_match(self.request, partnership)
        save_if_version(partnership, version, {"summary": serializer.validated_data["summary"]})


class NoteSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(
        slug_field="slug", queryset=Partnership.objects.all()
    )

    class Meta:
        model = InternalNote
        fields = ["id", "partnership", "body"]


class NoteFilter(django_filters.FilterSet):
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = InternalNote
        fields = ["created_after", "audience"]


class NoteViewSet(
    IdempotentCreateMixin, mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    serializer_class = NoteSerializer
    filterset_class = NoteFilter

    def get_queryset(self):
        return InternalNote.objects.filter(
            partnership__in=access.partnerships_visible_to(self.request.user)
        )

    def perform_create(self, serializer):
        partnership = serializer.validated_data["partnership"]
        access.require(self.request.user, access.Perm.PS_CONTRIBUTE, partnership)
        serializer.save(author=self.request.user)


router = routers.SimpleRouter()
router.register("summaries", SummaryViewSet, basename="summary")
router.register("notes", NoteViewSet, basename="note")

urlpatterns = [path("api/v1/", include(router.urls))]
