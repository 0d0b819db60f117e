"""The Django admin sits behind the portal's own sign-in: allauth (rate limits, MFA) and staff.admin.

Django's admin has its own login form, which would skip allauth's rate limits and second factor.
``protect`` replaces it: signed-out people are sent to the portal's sign-in, staff whose sign-in is
not multi-factor to raise it (or to set up MFA), and everybody else who is not a staff administrator gets a plain 404.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from pact import access
from pact.kernel.assurance import ask_for_second_factor


def _refusal(request: HttpRequest) -> HttpResponse | None:
    """Why this request may not enter the admin, as a response; None when it may."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
    if access.is_staff_without_mfa(user):
        return ask_for_second_factor(request)
    if not access.can(user, access.Perm.STAFF_ADMIN):
        raise Http404
    return None


def protect(site: AdminSite) -> None:
    """Route every admin view, and the admin login, through ``_refusal``."""
    original_admin_view = site.admin_view

    def admin_view(view, cacheable=False):
        wrapped = original_admin_view(view, cacheable)

        @wraps(wrapped)
        def gate(request, *args, **kwargs):
            return _refusal(request) or wrapped(request, *args, **kwargs)

        return gate

    def login(request: HttpRequest, extra_context=None) -> HttpResponse:
        refusal = _refusal(request)
        if refusal is not None:
            return refusal
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=site.name)
        return redirect(next_url)

    site.admin_view = admin_view  # type: ignore[method-assign]
    site.login = login  # type: ignore[method-assign]
    site.has_permission = lambda request: access.can(  # type: ignore[method-assign]
        request.user, access.Perm.STAFF_ADMIN
    )
