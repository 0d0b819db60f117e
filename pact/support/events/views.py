"""Events: the public list and event pages, publishing, registration, the registration list and
cancelling."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pact import access
from pact.access import Perm
from pact.kernel import tables
from pact.kernel.cache.page_cache import public_page
from pact.support import common, translating
from pact.support.common import SupportError
from pact.support.events import selectors as events_selectors
from pact.support.events import services
from pact.support.events.forms import CancelEventForm, EventForm, EventSearchForm, RegistrationForm
from pact.support.models import Event
from pact.support.web import PAGE_SIZE, form_error, is_partial, publisher_context, status_for


@public_page
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventSearchForm(request.GET or None)
    filters = events_selectors.EventFilters.from_form(form.cleaned_data if form.is_valid() else {})
    page = Paginator(events_selectors.event_results(filters, request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_publish = request.user.is_authenticated and (
        access.can(request.user, Perm.STAFF_SUPPORT)
        or bool(common.publishable_partnerships(request.user))
    )
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "query": filters.query_string(),
        "can_publish": can_publish,
        "my_registrations": events_selectors.my_registrations(request.user),
    }
    template = "support/_event_results.html" if is_partial(request) else "support/event_list.html"
    return render(request, template, context)


def _event_page(request, event: Event, form=None, status: int = 200) -> HttpResponse:
    registration = events_selectors.registration_of(event, request.user)
    registered = events_selectors.registered_count(event)
    organisations = (
        list(access.active_organisations(request.user)) if request.user.is_authenticated else []
    )
    if form is None and request.user.is_authenticated and registration is None:
        form = RegistrationForm(organisations=organisations)
    return render(
        request,
        "support/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "registered": registered,
            "places_left": None if event.capacity is None else max(event.capacity - registered, 0),
            "form": form,
            "can_organise": access.can_organise(request.user, event),
            **translating.language_context(request, event),
        },
        status=status,
    )


@public_page
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _event_page(request, events_selectors.get_event_or_404(request.user, slug))


@login_required
@require_http_methods(["GET", "POST"])  # the form, and saving it
def event_translation(request: HttpRequest, slug: str, language: str | None = None) -> HttpResponse:
    """Add or edit a translation of an event, beside its original (its organiser only)."""
    event = events_selectors.get_event_or_404(request.user, slug)
    return translating.translation_page(request, event, language)


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    publishers = publisher_context(request.user)
    form = EventForm(request.POST or None, user=request.user, **publishers)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(
                actor=request.user, partnership=form.publisher_partnership(), data=form.event_data()
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The event is published."))
            return redirect("support:event_detail", event.slug)
    return render(request, "support/event_form.html", {"form": form}, status=status_for(form))


def _organised_event_or_404(request: HttpRequest, slug: str) -> Event:
    event = events_selectors.get_event_or_404(request.user, slug)
    if not access.can_organise(request.user, event):
        raise Http404
    return event


@login_required
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organised_event_or_404(request, slug)
    form = EventForm(
        request.POST or None,
        instance=event,
        user=request.user,
        partnerships=[],
        can_publish_for_pact=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(
                event,
                actor=request.user,
                data=form.event_data(),
                lock_version=form.cleaned_data.get("lock_version") or 0,
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("support:event_detail", event.slug)
    return render(
        request, "support/event_form.html", {"form": form, "event": event}, status=status_for(form)
    )


@login_required
@require_POST
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = events_selectors.get_event_or_404(request.user, slug)
    form = RegistrationForm(
        request.POST, organisations=list(access.active_organisations(request.user))
    )
    if form.is_valid():
        try:
            services.register(
                event, user=request.user, organisation=form.cleaned_data["organisation"]
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(request, _("You are registered. A confirmation is on its way."))
            return redirect("support:event_detail", event.slug)
    return _event_page(request, event, form, status=400)


@login_required
@require_POST
def event_unregister(request: HttpRequest, slug: str) -> HttpResponse:
    event = events_selectors.get_event_or_404(request.user, slug)
    try:
        services.cancel_registration(event, user=request.user)
    except SupportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("support:event_detail", event.slug)


@login_required
def event_registrations(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organised_event_or_404(request, slug)
    registrations = events_selectors.registration_list(event)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="registrations-{event.slug}.csv"'
        response.write("\ufeff")
        writer = tables.csv_writer(response)
        writer.writerow(
            ["name", "email", "organisation", "status", "registered_at", "cancelled_at"]
        )
        for r in registrations:
            writer.writerow(
                [
                    r.user.display_name,
                    r.user.email,
                    r.organisation.name if r.organisation else "",
                    r.status,
                    r.created_at.isoformat(),
                    r.cancelled_at.isoformat() if r.cancelled_at else "",
                ]
            )
        return response
    return render(
        request,
        "support/event_registrations.html",
        {
            "event": event,
            "registrations": registrations,
            "registered": sum(1 for r in registrations if r.status == "registered"),
        },
    )


@login_required
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = _organised_event_or_404(request, slug)
    form = CancelEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_event(event, actor=request.user, reason=form.cleaned_data["reason"])
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("The event is cancelled; registered participants are told.")
            )
            return redirect("support:event_detail", event.slug)
    return render(
        request,
        "support/event_cancel.html",
        {"event": event, "form": form, "registered": events_selectors.registered_count(event)},
        status=status_for(form),
    )
