"""The staff roles pages: the review list with the grant form, revoking, resetting a second factor.
404 to everyone but staff administrators signed in with a second factor (``staff_admin_only``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pact.access.decorators import staff_admin_only
from pact.kernel import assurance
from pact.models import User
from pact.site.staff import services
from pact.site.staff.forms import GrantForm, SecondFactorResetForm


def _person(pk: int) -> User:
    return get_object_or_404(User, pk=pk, deleted_at__isnull=True)


def _actor(request: HttpRequest) -> User:
    """The signed-in staff administrator (``staff_admin_only`` lets nobody else in)."""
    assert isinstance(request.user, User)
    return request.user


@staff_admin_only
def staff_roles(request: HttpRequest) -> HttpResponse:
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(
            email__iexact=form.cleaned_data["email"], deleted_at__isnull=True
        ).first()
        if person is None:
            form.add_error("email", _("No account has this address."))
        else:
            try:
                services.grant_role(
                    _actor(request),
                    person,
                    form.cleaned_data["role"],
                    sign_in=assurance.of(request),
                )
            except services.StaffChangeRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("%(name)s is now %(role)s.")
                    % {"name": person.display_name, "role": person.get_staff_role_display()},
                )
                return redirect("staff_roles")
    return render(
        request,
        "pact/staff_roles.html",
        {
            "form": form,
            "staff": services.review_list(),
            "changes": services.recent_changes(),
        },
    )


@staff_admin_only
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    try:
        services.revoke_role(_actor(request), person, sign_in=assurance.of(request))
    except services.StaffChangeRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("%(name)s no longer has a staff role.") % {"name": person.display_name}
        )
    return redirect("staff_roles")


@staff_admin_only
def reset_second_factor(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(pk)
    form = SecondFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reset_second_factor(
                _actor(request),
                person,
                check=form.cleaned_data["check_note"],
                sign_in=assurance.of(request),
            )
        except services.StaffChangeRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "The second factor of %(name)s was removed; they set up a new one at their next sign-in."
                )
                % {"name": person.display_name},
            )
            return redirect("staff_roles")
    return render(request, "pact/staff_second_factor_reset.html", {"form": form, "person": person})
