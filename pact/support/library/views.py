"""The resource library: the public list and resource pages, publishing and editing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pact import access
from pact.access import Perm
from pact.kernel.cache.page_cache import public_page
from pact.support import common, translating
from pact.support.common import SupportError
from pact.support.library import selectors, services
from pact.support.library.forms import LibrarySearchForm, ResourceForm
from pact.support.web import PAGE_SIZE, form_error, is_partial, publisher_context, status_for


@public_page
def library(request: HttpRequest) -> HttpResponse:
    form = LibrarySearchForm(request.GET or None)
    filters = selectors.LibraryFilters.from_form(form.cleaned_data if form.is_valid() else {})
    page = Paginator(selectors.library_results(request.user, filters), PAGE_SIZE).get_page(
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
        "kinds": selectors.library_kind_counts(request.user, filters),
        "can_publish": can_publish,
    }
    template = "support/_library_results.html" if is_partial(request) else "support/library.html"
    return render(request, template, context)


@public_page
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_or_404(request.user, slug)
    return render(
        request,
        "support/resource_detail.html",
        {
            "resource": resource,
            "indicator_uses": selectors.indicator_uses(resource.indicator),
            "events": list(
                access.events_visible_to(request.user).filter(report=resource).order_by("starts_at")
            ),
            "can_edit": request.user.is_authenticated
            and access.can_publish(request.user, resource.partnership),
            **translating.language_context(request, resource),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])  # the form, and saving it
def resource_translation(
    request: HttpRequest, slug: str, language: str | None = None
) -> HttpResponse:
    """Add or edit a translation of a resource, beside its original (its publisher only)."""
    resource = selectors.get_resource_or_404(request.user, slug)
    return translating.translation_page(request, resource, language)


@login_required
def resource_create(request: HttpRequest) -> HttpResponse:
    publishers = publisher_context(request.user)
    form = ResourceForm(
        request.POST or None, request.FILES or None, user=request.user, **publishers
    )
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.create_resource(
                actor=request.user,
                partnership=form.publisher_partnership(),
                data=form.resource_data(),
                file=form.cleaned_data.get("upload"),
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("The resource is published.")
                if resource.is_published
                else _("The resource is saved as a draft."),
            )
            return redirect("support:resource_detail", resource.slug)
    return render(request, "support/resource_form.html", {"form": form}, status=status_for(form))


@login_required
def resource_edit(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_or_404(request.user, slug)
    if not access.can_publish(request.user, resource.partnership):
        raise Http404
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        instance=resource,
        user=request.user,
        partnerships=[],
        can_publish_for_pact=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_resource(
                resource,
                actor=request.user,
                data=form.resource_data(),
                lock_version=form.cleaned_data.get("lock_version") or 0,
                file=form.cleaned_data.get("upload"),
                remove_file=bool(form.cleaned_data.get("remove_file")),
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The resource is saved."))
            return redirect("support:resource_detail", resource.slug)
    return render(
        request,
        "support/resource_form.html",
        {"form": form, "resource": resource},
        status=status_for(form),
    )
