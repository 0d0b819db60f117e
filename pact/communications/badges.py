"""The member badge: an embeddable SVG for each active member organisation, and the page where
an organisation's admins copy it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control

from members.models import Organisation
from pact import access


def _active_organisation_or_404(slug: str) -> Organisation:
    try:
        return access.public_organisations().get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None


@cache_control(public=True, max_age=3600)
def badge_svg(request: HttpRequest, slug: str) -> HttpResponse:
    """The embeddable badge: only for an active member organisation."""
    organisation = _active_organisation_or_404(slug)
    body = render_to_string(
        "communications/badge.svg",
        {"organisation": organisation, "angles": range(0, 360, 30)},
    )
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    # Embedded on other sites: allow that, but the SVG itself may run nothing.
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@login_required
def badges(request: HttpRequest) -> HttpResponse:
    """Badges an organisation admin can copy: one per active organisation they administer."""
    organisations = access.public_organisations(
        access.user_organisations(request.user, access.Perm.ORG_CHANGE)
    ).order_by("name")
    rows = []
    for organisation in organisations:
        svg_url = settings.SITE_URL + reverse("communications:badge_svg", args=[organisation.slug])
        profile_url = settings.SITE_URL + reverse("members:profile", args=[organisation.slug])
        snippet = render_to_string(
            "communications/_badge_snippet.html",
            {"organisation": organisation, "svg_url": svg_url, "profile_url": profile_url},
        ).strip()
        rows.append(
            {
                "organisation": organisation,
                "svg_url": svg_url,
                "preview_url": reverse("communications:badge_svg", args=[organisation.slug]),
                "snippet": snippet,
            }
        )
    return render(request, "communications/badges.html", {"rows": rows})
