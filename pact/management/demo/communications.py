"""Demo news from the Pact's own documents, a newsletter draft, subscribers and a few
notifications (``data/communications.yaml``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from pact.management.demo.refs import (
    NewsItem,
    Newsletter,
    NewsletterSubscription,
    NewsStatus,
    Notification,
    Partnership,
    SubscriptionStatus,
)
from pact.management.demo.source import choice, day, read, text

FILE = "communications.yaml"


def _seed_news(users: dict, partnerships: dict) -> dict[str, NewsItem]:
    today = timezone.localdate()
    items: dict[str, NewsItem] = {}
    for row in read(FILE)["news"]:
        where = f"{FILE} {row['slug']}"
        owner = partnerships.get(row["partnership"]) if row.get("partnership") else None
        if row.get("partnership") and owner is None:
            continue
        status = choice(NewsItem, "status", row.get("status", NewsStatus.PUBLISHED), where)
        published_on = day(row["date"], today)
        published_at = (
            timezone.make_aware(dt.datetime.combine(published_on, dt.time(10)))
            if status == NewsStatus.PUBLISHED and published_on
            else None
        )
        for ecosystem in row.get("ecosystems", []):
            choice(Partnership, "ecosystem", ecosystem, where)
        item, created = NewsItem.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "title": row["title"],
                "summary": text(row["summary"]),
                "body": text(row["body"]),
                "language": "en",
                "published_on": published_on,
                "published_at": published_at,
                "status": status,
                "partnership": owner,
                "ecosystems": row.get("ecosystems", []),
                "author": users.get(row["author"]),
            },
        )
        if created:
            related = [partnerships[s] for s in row.get("related", []) if s in partnerships]
            item.related_partnerships.set([*related, *([owner] if owner else [])])
        items[row["slug"]] = item
    return items


def _seed_newsletter(users: dict, items: dict[str, NewsItem]) -> None:
    spec = read(FILE)["newsletter"]
    chosen = [items[slug] for slug in spec["news"] if slug in items]
    if chosen and not Newsletter.objects.exists():
        newsletter = Newsletter.objects.create(
            subject=spec["subject"],
            introduction=text(spec["introduction"]),
            created_by=users.get(spec["author"]),
        )
        newsletter.news_items.set(chosen)


def _seed_subscribers(users: dict, now) -> None:
    for email in read(FILE)["subscribers"]:
        user = users.get(email)
        defaults = {"status": SubscriptionStatus.CONFIRMED, "confirmed_at": now}
        if user is not None:
            defaults |= {"user": user, "language": user.language}
        NewsletterSubscription.objects.get_or_create(email=email, defaults=defaults)


def _seed_notifications(users: dict, now) -> None:
    for n, row in enumerate(read(FILE)["notifications"]):
        user = users.get(row["user"])
        if user is None:
            continue
        where = f"{FILE} notification {n}"
        Notification.objects.get_or_create(
            dedupe_key=f"demo:{n}:{user.pk}",
            defaults={
                "user": user,
                "category": choice(Notification, "category", row["category"], where),
                "kind": row["kind"],
                "title": row["title"],
                "link": row["link"],
                "created_at": now - dt.timedelta(hours=5 * (n + 1)),
                "read_at": now if row.get("read") else None,
            },
        )


@transaction.atomic
def seed(users: dict, organisations: dict, partnerships: dict) -> list[NewsItem]:
    """Create the demo news, newsletter, subscribers and notifications once."""
    items = _seed_news(users, partnerships)
    _seed_newsletter(users, items)
    now = timezone.now()
    _seed_subscribers(users, now)
    _seed_notifications(users, now)
    return list(items.values())
