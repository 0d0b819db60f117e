from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from pact import access


def staff_required(perm: str = access.Perm.STAFF):
    """Staff pages: staff without MFA are sent to set it up; everyone else gets 404."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if access.is_staff_without_mfa(request.user):
                messages.warning(
                    request,
                    _("Staff pages need two-factor authentication. Please set it up first."),
                )
                return redirect("mfa_activate_totp")
            if not access.can(request.user, perm):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
