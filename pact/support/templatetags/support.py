"""Panels of support services shown on other apps' pages: the dashboard, a partnership's
workspace and the staff home. Each reads what it shows itself, in a fixed number of queries."""

from __future__ import annotations

from django import template

from pact import access
from pact.access import Perm
from pact.support.eoi import selectors as eoi_selectors
from pact.support.events import selectors as events_selectors
from pact.support.funding import selectors as funding_selectors
from pact.support.mapping import selectors as mapping_selectors
from pact.support.matchmaking import selectors
from pact.support.models import AgreementSurvey, ExpressionOfInterest
from pact.support.translations import shown

register = template.Library()


@register.inclusion_tag("support/_dashboard.html", takes_context=True)
def support_dashboard(context) -> dict:
    user = context["request"].user
    return {
        "eois": eoi_selectors.my_eois(user)[:5],
        "contact_requests_waiting": selectors.open_request_count(user),
        "registrations": events_selectors.my_registrations(user)[:5],
        "is_member": access.is_pact_member(user),
    }


@register.inclusion_tag("support/_workspace.html", takes_context=True)
def support_workspace(context, partnership) -> dict:
    user = context["request"].user
    return {
        "partnership": partnership,
        "stakeholder_count": mapping_selectors.stakeholder_counts_by_partnership(
            [partnership.pk]
        ).get(partnership.pk, 0),
        "survey_count": AgreementSurvey.objects.filter(partnership=partnership).count(),
        "bookmarks": funding_selectors.partnership_bookmarks(partnership, user)[:5],
        "eoi": ExpressionOfInterest.objects.filter(partnership=partnership)
        .only("pk", "submitted_at")
        .first()
        if access.can(user, Perm.PS_COORDINATE, partnership) or access.can(user, Perm.STAFF_SUPPORT)
        else None,
        "can_coordinate": access.can(user, Perm.PS_COORDINATE, partnership),
    }


@register.inclusion_tag("support/_staff_home.html", takes_context=True)
def support_staff(context) -> dict:
    user = context["request"].user
    return {
        "can_support": access.can(user, Perm.STAFF_SUPPORT),
        "eois_waiting": eoi_selectors.waiting_eoi_count(),
    }


@register.simple_tag(takes_context=True)
def shown_in(context, original):
    """``{% shown_in event as texts %}``: an event's, call's or resource's title, summary and text
    in the page's ``?lang=`` (else the page's language) when translated, else its original's
    (``texts.language`` for the ``lang`` attribute)."""
    request = context.get("request")
    return shown(original, getattr(request, "content_language", None))
