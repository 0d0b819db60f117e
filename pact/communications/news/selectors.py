"""Reads for news: who may write or see what, the public list, a partnership's news."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from pact import access
from pact.communications.models import NewsItem, NewsTranslation
from partnerships.models import Partnership, PartnershipStatus


def get_news_or_404(user, slug: str) -> NewsItem:
    try:
        item = NewsItem.objects.select_related("partnership", "author").get(slug=slug)
    except NewsItem.DoesNotExist:
        raise Http404 from None
    if not access.can_view_news(user, item):
        raise Http404
    return item


def get_editable_news_or_404(user, slug: str) -> NewsItem:
    item = get_news_or_404(user, slug)
    if not access.can_edit_news(user, item):
        raise Http404
    return item


# --- public news ---------------------------------------------------------------------------------


def published_news() -> QuerySet[NewsItem]:
    """Published items, never those of a partnership that is not (or no longer) public."""
    return NewsItem.objects.public()


def news_list(
    *, ecosystem: str = "", partnership: Partnership | None = None, language: str = ""
) -> QuerySet[NewsItem]:
    items = published_news()
    if ecosystem:
        items = items.filter(ecosystems__contains=[ecosystem])
    if partnership is not None:
        items = items.filter(related_partnerships=partnership)
    if language:
        # Written in it, or translated into it.
        translated = NewsTranslation.objects.filter(language=language).values("item_id")
        items = items.filter(Q(language=language) | Q(pk__in=translated))
    return (
        items.select_related("partnership")
        .prefetch_related("translations")
        .order_by("-published_on", "-id")
    )


def public_partnership_or_404(slug: str) -> Partnership:
    try:
        return access.public_partnerships().get(slug=slug)
    except Partnership.DoesNotExist:
        raise Http404 from None


def partnership_news(partnership: Partnership, limit: int | None = 5) -> QuerySet[NewsItem]:
    """The latest published news of a partnership, for its public page."""
    items = news_list(partnership=partnership)
    return items[:limit] if limit else items


def news_filter_partnerships() -> QuerySet[Partnership]:
    """Public partnerships that have published news (the partnership filter's choices)."""
    return (
        access.public_partnerships()
        .filter(news_items__in=NewsItem.objects.public())
        .distinct()
        .order_by("name")
        .only("name", "slug")
    )


def editable_news(user) -> QuerySet[NewsItem]:
    """The items the person may edit (drafts included), newest first."""
    items = NewsItem.objects.select_related("partnership", "author")
    if access.can_write_pact_news(user):
        return items.order_by("-updated_at")
    return items.filter(partnership__in=access.news_partnerships(user)).order_by("-updated_at")


def recently_launched_partnerships(limit: int = 30) -> QuerySet[Partnership]:
    return (
        Partnership.objects.filter(status=PartnershipStatus.ACTIVE, launched_on__isnull=False)
        .select_related("coordinator")
        .order_by("-launched_on", "-id")[:limit]
    )
