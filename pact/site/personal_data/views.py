"""A person's own data: what the portal holds about them (download) and deleting the account.

The pages keep their URL names in the ``communications`` namespace (see ``pact.urls``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pact.models import User
from pact.site.personal_data import services as personal_data
from pact.site.personal_data.forms import DeleteAccountForm


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
