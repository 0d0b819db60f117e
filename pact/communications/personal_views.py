"""A person's data (download, delete the account) and the member badge of their organisations."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from members.models import Organisation
from pact import access, personal_data
from pact.communications.forms import DeleteAccountForm
from pact.models import User


def _person(request: HttpRequest) -> User:
    """The signed-in person (the views below are all behind ``login_required``)."""
    assert isinstance(request.user, User)
    return request.user


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "communications/my_data.html",
        {"blockers": personal_data.sole_admin_organisations(_person(request))},
    )


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    body = personal_data.export_json(_person(request))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"pact-portal-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    blockers = personal_data.sole_admin_organisations(_person(request))
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            personal_data.delete_account(_person(request))
        except personal_data.DeletionRefused as exc:
            form.add_error(None, str(exc))
        else:
            logout(request)
            messages.success(request, _("Your account was deleted. Thank you for taking part."))
            return redirect("home")
    return render(
        request, "communications/delete_account.html", {"form": form, "blockers": blockers}
    )


# --- member badge -----------------------------------------------------------------------------


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
