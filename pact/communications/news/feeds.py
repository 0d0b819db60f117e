"""Atom feeds: all news, a partnership's news, an ecosystem's news, recently launched partnerships."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from pact.communications.models import NewsItem
from pact.communications.news import selectors
from pact.kernel import markup
from partnerships.models import Ecosystem, Partnership

FEED_SIZE = 30


def _aware(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


class AtomFeedWithContent(Atom1Feed):
    """Atom entries carry the item's summary (``summary``) and its full text (``content``)."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class NewsFeed(Feed):
    feed_type = AtomFeedWithContent
    author_name = "Pact for Skills"

    def title(self, obj=None) -> str:
        return _("Pact for Skills news")

    def subtitle(self, obj=None) -> str:
        return _("News of the Pact for Skills and its partnerships.")

    def link(self, obj=None) -> str:
        return reverse("communications:news_list")

    def items(self, obj=None):
        return selectors.news_list()[:FEED_SIZE]

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return escape(item.summary)  # Atom's summary is typed "html"

    def item_link(self, item: NewsItem) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: NewsItem) -> str:
        return f"tag:pact-portal,2024:news:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: NewsItem) -> datetime:
        return item.published_at or _aware(item.published_on or item.created_at.date())

    def item_updateddate(self, item: NewsItem) -> datetime:
        return item.updated_at

    def item_author_name(self, item: NewsItem) -> str:
        return item.partnership.name if item.partnership else "Pact for Skills"

    def item_categories(self, item: NewsItem) -> list[str]:
        return item.get_ecosystems_display()

    def item_extra_kwargs(self, item: NewsItem) -> dict:
        return {"content": markup.render(item.body)}


class PartnershipNewsFeed(NewsFeed):
    def get_object(self, request, slug: str) -> Partnership:
        return selectors.public_partnership_or_404(slug)

    def title(self, obj=None) -> str:
        return _("News of %(name)s") % {"name": obj.name} if obj else super().title()

    def subtitle(self, obj=None) -> str:
        return _("News of the partnership %(name)s in the Pact for Skills.") % {"name": obj.name}

    def link(self, obj=None) -> str:
        return reverse("communications:partnership_news", args=[obj.slug])

    def items(self, obj=None):
        return selectors.news_list(partnership=obj)[:FEED_SIZE]


class EcosystemNewsFeed(NewsFeed):
    def get_object(self, request, ecosystem: str) -> str:
        if ecosystem not in Ecosystem.values:
            raise Http404
        return ecosystem

    def title(self, obj=None) -> str:
        return _("Pact for Skills news: %(ecosystem)s") % {
            "ecosystem": Ecosystem(obj).label if obj else ""
        }

    def subtitle(self, obj=None) -> str:
        return _("News about the %(ecosystem)s industrial ecosystem.") % {
            "ecosystem": Ecosystem(obj).label if obj else ""
        }

    def link(self, obj=None) -> str:
        return reverse("communications:news_list") + f"?ecosystem={obj}"

    def items(self, obj=None):
        return selectors.news_list(ecosystem=obj)[:FEED_SIZE]


class LaunchedPartnershipsFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Pact for Skills"

    def title(self) -> str:
        return _("Recently launched Pact for Skills partnerships")

    def subtitle(self) -> str:
        return _("Skills partnerships whose declaration was approved, newest first.")

    def link(self) -> str:
        return reverse("partnerships:directory")

    def items(self):
        return selectors.recently_launched_partnerships(FEED_SIZE)

    def item_title(self, item: Partnership) -> str:
        return item.name

    def item_description(self, item: Partnership) -> str:
        parts = [item.get_kind_display()]
        if item.coordinator:
            parts.append(_("Coordinated by %(name)s") % {"name": item.coordinator.name})
        if item.summary:
            parts.append(item.summary)
        return escape(" — ".join(str(p) for p in parts))

    def item_link(self, item: Partnership) -> str:
        return reverse("partnerships:detail", args=[item.slug])

    def item_guid(self, item: Partnership) -> str:
        return f"tag:pact-portal,2024:partnership:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Partnership) -> datetime:
        return _aware(item.launched_on)

    def item_updateddate(self, item: Partnership) -> datetime:
        return _aware(item.launched_on)

    def item_categories(self, item: Partnership) -> list[str]:
        return [str(item.get_ecosystem_display())] if item.ecosystem else []
