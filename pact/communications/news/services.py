"""News: written as drafts, published by staff (Pact news) or by a partnership's coordinator.

Every change is audited (``pact.news.*``); concurrent edits are refused through ``lock_version``.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pact import access
from pact.communications.models import NewsItem, NewsStatus
from pact.kernel.audit import log_action
from partnerships.models import Partnership

# Paths under news/ that a news item's slug must not take.
RESERVED_SLUGS = frozenset({"write", "mine", "partnerships", "feeds"})


class NewsError(Exception):
    """A refused news operation; the message is shown to the person."""


class StaleVersion(NewsError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this item while you were editing it. Your text is kept "
                "below: copy what you need, reload the page and apply your change again."
            )
        )


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "news"
    slug = base
    n = 2
    while slug in RESERVED_SLUGS or NewsItem.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _check_may_write(actor, partnership: Partnership | None) -> None:
    """Staff write Pact news and may correct any item; coordinators write their partnership's."""
    if access.can_write_pact_news(actor):
        return
    if partnership is None:
        raise NewsError(_("Only Commission staff can publish Pact news."))
    if not access.can_write_partnership_news(actor, partnership):
        raise NewsError(_("Only the coordinator of an active partnership can write its news."))


@transaction.atomic
def create_news(
    *,
    actor,
    partnership: Partnership | None,
    title: str,
    summary: str,
    body: str,
    language: str,
    published_on: date | None = None,
    ecosystems: list[str] | None = None,
    related_partnerships: list[Partnership] | None = None,
) -> NewsItem:
    """Create a draft. A partnership's item is always related to that partnership."""
    _check_may_write(actor, partnership)
    item = NewsItem.objects.create(
        title=title.strip(),
        slug=_unique_slug(title),
        summary=summary.strip(),
        body=body,
        language=language,
        published_on=published_on,
        ecosystems=list(ecosystems or []),
        partnership=partnership,
        author=actor,
    )
    related = set(related_partnerships or [])
    if partnership is not None:
        related.add(partnership)
    item.related_partnerships.set(related)
    log_action(
        "pact.news.created",
        item,
        actor,
        {"title": item.title},
        partnership_id=partnership.pk if partnership else None,
    )
    return item


@transaction.atomic
def update_news(
    item: NewsItem,
    *,
    actor,
    lock_version: int,
    title: str,
    summary: str,
    body: str,
    language: str,
    published_on: date | None,
    ecosystems: list[str],
    related_partnerships: list[Partnership],
) -> NewsItem:
    """Save an edit made on ``lock_version``; refuse it if someone saved in between."""
    _check_may_write(actor, item.partnership)
    fields = {
        "title": title.strip(),
        "summary": summary.strip(),
        "body": body,
        "language": language,
        "published_on": published_on,
        "ecosystems": list(ecosystems),
    }
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    updated = NewsItem.objects.filter(pk=item.pk, lock_version=lock_version).update(
        **fields, lock_version=F("lock_version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleVersion()
    related = set(related_partnerships)
    if item.partnership is not None:
        related.add(item.partnership)
    before = set(item.related_partnerships.values_list("pk", flat=True))
    if before != {p.pk for p in related}:
        item.related_partnerships.set(related)
        changed.append("related_partnerships")
    item.refresh_from_db()
    log_action(
        "pact.news.updated",
        item,
        actor,
        {"fields": changed},
        partnership_id=item.partnership_id,
    )
    return item


@transaction.atomic
def publish_news(item: NewsItem, *, actor) -> NewsItem:
    """Publish a draft. The date defaults to today; publishing twice changes nothing."""
    _check_may_write(actor, item.partnership)
    now = timezone.now()
    updated = NewsItem.objects.filter(pk=item.pk, status=NewsStatus.DRAFT).update(
        status=NewsStatus.PUBLISHED,
        published_at=now,
        published_on=item.published_on or timezone.localdate(),
        lock_version=F("lock_version") + 1,
        updated_at=now,
    )
    item.refresh_from_db()
    if updated:
        log_action(
            "pact.news.published",
            item,
            actor,
            {"title": item.title},
            partnership_id=item.partnership_id,
        )
    return item


@transaction.atomic
def unpublish_news(item: NewsItem, *, actor) -> NewsItem:
    """Take a published item back to draft: it disappears from pages and feeds."""
    _check_may_write(actor, item.partnership)
    updated = NewsItem.objects.filter(pk=item.pk, status=NewsStatus.PUBLISHED).update(
        status=NewsStatus.DRAFT, lock_version=F("lock_version") + 1, updated_at=timezone.now()
    )
    item.refresh_from_db()
    if updated:
        log_action(
            "pact.news.unpublished",
            item,
            actor,
            {"title": item.title},
            partnership_id=item.partnership_id,
        )
    return item


@transaction.atomic
def delete_news(item: NewsItem, *, actor) -> None:
    """Delete a draft. Published items must be unpublished first, so nothing vanishes by accident."""
    _check_may_write(actor, item.partnership)
    if item.is_published:
        raise NewsError(_("Unpublish the item before deleting it."))
    log_action(
        "pact.news.deleted",
        item,
        actor,
        {"title": item.title},
        partnership_id=item.partnership_id,
    )
    item.delete()
