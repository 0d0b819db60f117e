from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from pact import access
from pact.kernel.assurance import ask_for_second_factor


def staff_required(perm: str = access.Perm.STAFF):
    """Staff pages: staff whose sign-in is not multi-factor are sent to raise it (or to set up a
    second factor); everyone else gets 404."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if access.is_staff_without_mfa(request.user):
                return ask_for_second_factor(request)
            if not access.can(request.user, perm):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def staff_admin_only(view):
    """Pages that govern staff (roles, second factors): 404 to everyone but staff administrators
    signed in with a second factor, anonymous visitors and staff without one included."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.may_govern_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
