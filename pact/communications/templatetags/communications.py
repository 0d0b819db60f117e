"""``{% unread_notifications as n %}`` for the header, and the retention periods for the privacy page."""

from __future__ import annotations

from django import template
from django.conf import settings

from pact import access
from pact.communications.news import selectors
from pact.communications.news import translations as news_translations
from pact.communications.newsletter import services as newsletter
from pact.communications.notifications import selectors as notification_selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in person's unread count: one query per request, however often it is asked."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    if request is not None:
        cached = getattr(request, "_pact_unread_notifications", None)
        if cached is None:
            cached = notification_selectors.unread_count(user)
            request._pact_unread_notifications = cached
        return cached
    return notification_selectors.unread_count(user)


@register.simple_tag
def retention_periods() -> dict[str, int]:
    """The periods the privacy notice states, read from the settings that enforce them."""
    return {
        "unverified_accounts": settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS,
        "invitations": settings.INVITATION_VALIDITY_DAYS,
        "newsletter_confirmation": newsletter.CONFIRMATION_DAYS,
        "newsletter_pending": newsletter.PENDING_RETENTION_DAYS,
        "mail_bodies": settings.OUTBOX_BODY_RETENTION_DAYS,
    }


@register.simple_tag
def partnership_news_items(partnership, limit: int = 5):
    """The latest published news of a partnership (for its public page); no query when the page
    already knows it has none (``has_news``, read with the partnership)."""
    if getattr(partnership, "has_news", True) is False:
        return []
    return list(selectors.partnership_news(partnership, limit=limit))


@register.filter
def administers_active(memberships) -> bool:
    """Whether any of these organisation memberships is an admin role in an active organisation."""
    return any(m.role == "admin" and m.organisation.status == "active" for m in memberships or ())


@register.simple_tag(takes_context=True)
def can_write_partnership_news(context, partnership) -> bool:
    """Whether the signed-in person may write this partnership's news (its active coordinator)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return access.can_write_partnership_news(user, partnership)


@register.simple_tag(takes_context=True)
def news_in(context, item, language: str = ""):
    """``{% news_in item as shown %}``: the item's title, summary and text in ``language``, else
    the page's ``?lang=``, else the page's language, when translated; else its original
    (``shown.language`` for the ``lang`` attribute)."""
    request = context.get("request")
    asked = language or getattr(request, "content_language", None)
    return news_translations.shown(item, asked)
