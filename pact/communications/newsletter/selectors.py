"""Reads for the newsletter: subscribers, a person's subscription, sending progress, news to pick."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from pact.communications.models import (
    NewsItem,
    NewsletterDelivery,
    NewsletterSubscription,
    SubscriptionStatus,
)
from pact.communications.news.selectors import published_news


def recent_news_for_newsletter(days: int = 120) -> QuerySet[NewsItem]:
    since = timezone.localdate() - timedelta(days=days)
    return (
        published_news()
        .filter(published_on__gte=since)
        .select_related("partnership")
        .order_by("-published_on", "-id")
    )


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
