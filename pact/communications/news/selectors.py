"""Reads for news, notifications and the newsletter: scoped querysets and who may see or edit what."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from pact import access
from pact.communications.models import (
    NewsItem,
    NewsletterDelivery,
    NewsletterSubscription,
    NewsStatus,
    Notification,
    SubscriptionStatus,
)
from partnerships.models import Partnership, PartnershipStatus

# --- who may write what -------------------------------------------------------------------------


def can_write_pact_news(user) -> bool:
    """Pact news (not tied to a partnership) is written by Commission staff."""
    return access.can(user, access.Perm.STAFF)


def can_write_partnership_news(user, partnership: Partnership) -> bool:
    """A coordinator writes their partnership's news once the partnership is active (approved)."""
    return partnership.status == PartnershipStatus.ACTIVE and access.can(
        user, access.Perm.PS_COORDINATE, partnership
    )


def writable_partnerships(user) -> QuerySet[Partnership]:
    """Active partnerships whose news the person may write as their coordinator."""
    return Partnership.objects.filter(
        pk__in=access.partnership_ids(user, access.Perm.PS_COORDINATE),
        status=PartnershipStatus.ACTIVE,
    ).order_by("name")


def can_write_news(user) -> bool:
    return can_write_pact_news(user) or writable_partnerships(user).exists()


def can_edit_news(user, item: NewsItem) -> bool:
    if can_write_pact_news(user):
        return True
    return item.partnership is not None and can_write_partnership_news(user, item.partnership)


def can_view_news(user, item: NewsItem) -> bool:
    """Published items are public (if their partnership is); drafts only to those who can edit them."""
    if item.is_published and (item.partnership is None or item.partnership.is_public):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if item.author_id == user.pk and not user.deleted_at:
        return True
    return can_edit_news(user, item) or (
        item.partnership is not None
        and access.can(user, access.Perm.PS_COORDINATE, item.partnership)
    )


def get_news_or_404(user, slug: str) -> NewsItem:
    try:
        item = NewsItem.objects.select_related("partnership", "author").get(slug=slug)
    except NewsItem.DoesNotExist:
        raise Http404 from None
    if not can_view_news(user, item):
        raise Http404
    return item


def get_editable_news_or_404(user, slug: str) -> NewsItem:
    item = get_news_or_404(user, slug)
    if not can_edit_news(user, item):
        raise Http404
    return item


# --- public news ---------------------------------------------------------------------------------


def published_news() -> QuerySet[NewsItem]:
    """Published items, never those of a partnership that is not (or no longer) public."""
    return NewsItem.objects.filter(status=NewsStatus.PUBLISHED).filter(
        Q(partnership__isnull=True)
        | Q(partnership__status__in=[PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED])
    )


def news_list(
    *, ecosystem: str = "", partnership: Partnership | None = None, language: str = ""
) -> QuerySet[NewsItem]:
    items = published_news()
    if ecosystem:
        items = items.filter(ecosystems__contains=[ecosystem])
    if partnership is not None:
        items = items.filter(related_partnerships=partnership)
    if language:
        items = items.filter(language=language)
    return items.select_related("partnership").order_by("-published_on", "-id")


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
        .filter(news_items__status=NewsStatus.PUBLISHED)
        .distinct()
        .order_by("name")
        .only("name", "slug")
    )


def editable_news(user) -> QuerySet[NewsItem]:
    """The items the person may edit (drafts included), newest first."""
    items = NewsItem.objects.select_related("partnership", "author")
    if can_write_pact_news(user):
        return items.order_by("-updated_at")
    return items.filter(partnership__in=writable_partnerships(user)).order_by("-updated_at")


def recent_news_for_newsletter(days: int = 120) -> QuerySet[NewsItem]:
    since = timezone.localdate() - timedelta(days=days)
    return (
        published_news()
        .filter(published_on__gte=since)
        .select_related("partnership")
        .order_by("-published_on", "-id")
    )


def recently_launched_partnerships(limit: int = 30) -> QuerySet[Partnership]:
    return (
        Partnership.objects.filter(status=PartnershipStatus.ACTIVE, launched_on__isnull=False)
        .select_related("coordinator")
        .order_by("-launched_on", "-id")[:limit]
    )


# --- notifications -----------------------------------------------------------------------------------


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at=None).count()


def notifications_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    items = Notification.objects.filter(user=user)
    if unread_only:
        items = items.filter(read_at=None)
    return items.order_by("-created_at", "-id")


def get_notification_or_404(user, pk: int) -> Notification:
    try:
        return Notification.objects.get(pk=pk, user=user)
    except Notification.DoesNotExist:
        raise Http404 from None


# --- newsletter ---------------------------------------------------------------------------------------


def subscriber_counts() -> dict[str, int]:
    rows = NewsletterSubscription.objects.values_list("status").annotate(n=Count("id"))
    counts = {status: 0 for status in SubscriptionStatus.values}
    counts.update(dict(rows))
    return counts


def subscription_for(user) -> NewsletterSubscription | None:
    """The person's own subscription: linked to the account or to its email address."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        NewsletterSubscription.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .order_by("-requested_at")
        .first()
    )


def newsletter_progress(newsletter) -> dict:
    """Recipients snapshotted, mails queued, mails delivered and failed: one query."""
    stats = NewsletterDelivery.objects.filter(newsletter=newsletter).aggregate(
        total=Count("id"),
        queued=Count("id", filter=Q(queued_at__isnull=False)),
        delivered=Count("id", filter=Q(email__status="sent")),
        failed=Count("id", filter=Q(email__status="failed")),
    )
    total = stats["total"] or 0
    stats["percent"] = round(100 * stats["delivered"] / total) if total else 0
    stats["queued_percent"] = round(100 * stats["queued"] / total) if total else 0
    return stats
