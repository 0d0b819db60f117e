"""API: published news (public) and the signed-in person's own notifications."""

from __future__ import annotations

import django_filters
from django.urls import include, path
from rest_framework import permissions, routers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pact.communications.models import NewsItem, NewsTranslation, Notification
from pact.communications.news import selectors
from pact.communications.notifications import selectors as notification_selectors
from pact.communications.notifications import services as notifications
from pact.kernel import markup
from pact.kernel.api.auth import ReadOnlyTokenScope


class NewsTranslationSerializer(serializers.ModelSerializer):
    class Meta:
        model = NewsTranslation
        fields = ["language", "title", "summary", "body"]


class NewsItemSerializer(serializers.ModelSerializer):
    partnership: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    related_partnerships: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    # Codes of partnerships.models.Ecosystem (a plain list: one enum per choice set in the schema).
    ecosystems = serializers.ListField(child=serializers.CharField(), read_only=True)
    body_html = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    translations = NewsTranslationSerializer(
        many=True,
        read_only=True,
        help_text="The item in other content languages; the fields above are the original's, "
        "in `language`.",
    )

    class Meta:
        model = NewsItem
        fields = [
            "slug",
            "title",
            "summary",
            "body",
            "body_html",
            "language",
            "published_on",
            "partnership",
            "related_partnerships",
            "ecosystems",
            "url",
            "translations",
        ]

    def get_body_html(self, item: NewsItem) -> str:
        return markup.render(item.body)

    def get_url(self, item: NewsItem) -> str:
        request = self.context.get("request")
        path = item.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class NewsFilter(django_filters.FilterSet):
    ecosystem = django_filters.CharFilter(
        method="filter_ecosystem", label="Industrial ecosystem (code, e.g. tourism)"
    )
    partnership = django_filters.CharFilter(
        field_name="related_partnerships__slug", label="Partnership (slug)"
    )
    language = django_filters.CharFilter(field_name="language")

    class Meta:
        model = NewsItem
        fields = ["ecosystem", "partnership", "language"]

    def filter_ecosystem(self, queryset, name, value):
        return queryset.filter(ecosystems__contains=[value])


class NewsItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Published news of the Pact and of public partnerships, newest first."""

    public_page = True  # anonymous answers are stored whole (pact.kernel.cache.page_cache)

    serializer_class = NewsItemSerializer
    lookup_field = "slug"
    filterset_class = NewsFilter
    ordering_fields = ["published_on", "id"]
    ordering = ["-published_on", "-id"]

    def get_queryset(self):
        return (
            selectors.published_news()
            .select_related("partnership")
            .prefetch_related("related_partnerships", "translations")
        )


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "category", "kind", "title", "link", "created_at", "read_at"]
        read_only_fields = fields


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Your own notifications (``?unread=true`` for the unread ones). Nobody else's, ever."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated, ReadOnlyTokenScope]
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-id"]
    query_parameters = ("unread",)  # read below (pact.kernel.api.parameters)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no person
            return Notification.objects.none()
        unread = self.request.query_params.get("unread", "").lower() in {"1", "true", "yes"}
        return notification_selectors.notifications_for(self.request.user, unread_only=unread)

    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk=None) -> Response:
        """Mark the notification read (a write: needs a session or a read-write token)."""
        notification = self.get_object()
        notifications.mark_read(request.user, notification.pk)
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)


router = routers.SimpleRouter()
router.register("news", NewsItemViewSet, basename="news")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [path("", include(router.urls))]
