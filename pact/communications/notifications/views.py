"""The notification centre: a person's own notifications and their email preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pact.communications.notifications import selectors
from pact.communications.notifications import services as notifications
from pact.communications.notifications.forms import NotificationPreferencesForm

PAGE_SIZE = 25


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(
        selectors.notifications_for(request.user, unread_only=unread_only), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/notifications.html",
        {
            "page": page,
            "unread_only": unread_only,
            "query": "show=unread" if unread_only else "",
        },
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link; opening it marks it read."""
    notification = selectors.get_notification_or_404(request.user, pk)
    notifications.mark_read(request.user, notification.pk)
    link = notification.link
    if link and (
        link.startswith("/")
        or url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()})
    ):
        return redirect(link)
    if link:
        # Outside the portal: show it on the list rather than redirecting blindly.
        messages.info(request, _("This notification points to %(link)s") % {"link": link})
    return redirect("communications:notifications")


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors.get_notification_or_404(request.user, pk)
    notifications.mark_read(request.user, notification.pk)
    if getattr(request, "htmx", None):
        notification.refresh_from_db()
        return render(request, "communications/_notification.html", {"notification": notification})
    return redirect(_back(request))


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications.mark_all_read(request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return "communications:notifications"


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    form = NotificationPreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        notifications.set_preferences(request.user, form.by_email())
        messages.success(request, _("Your notification settings were saved."))
        return redirect("communications:notification_settings")
    return render(request, "communications/notification_settings.html", {"form": form})
