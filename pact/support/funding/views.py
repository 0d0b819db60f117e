"""Funding opportunities: the searchable list, call pages, staff publishing, partnership bookmarks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pact import access
from pact.access import Perm
from pact.access.decorators import staff_required
from pact.kernel.cache.page_cache import public_page
from pact.support import common, translating
from pact.support.common import SupportError
from pact.support.funding import selectors, services
from pact.support.funding.forms import BookmarkForm, CallSearchForm, FundingCallForm
from pact.support.models import CallBookmark
from pact.support.web import form_error, is_partial, status_for

PAGE_SIZE = 20


@public_page
def funding_list(request: HttpRequest) -> HttpResponse:
    member = access.is_pact_member(request.user) or access.is_staff(request.user)
    form = CallSearchForm(
        request.GET or None,
        programmes=selectors.programme_choices(request.user),
        show_members_only=member,
    )
    filters = selectors.CallFilters.from_form(form.cleaned_data if form.is_valid() else {})
    page = Paginator(selectors.call_results(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "query": filters.query_string(),
        "is_member": member,
        "can_publish": access.can(request.user, Perm.STAFF_SUPPORT),
    }
    template = (
        "support/_funding_results.html" if is_partial(request) else "support/funding_list.html"
    )
    return render(request, template, context)


def _detail(request: HttpRequest, call, bookmark_form=None, status: int = 200) -> HttpResponse:
    partnerships = (
        common.coordinated_partnerships(request.user) if request.user.is_authenticated else []
    )
    if bookmark_form is None and partnerships:
        bookmark_form = BookmarkForm(partnerships=partnerships)
    return render(
        request,
        "support/funding_detail.html",
        {
            "call": call,
            "bookmark_form": bookmark_form,
            "bookmarks": selectors.bookmarks_of_call(call, partnerships),
            "can_edit": access.can(request.user, Perm.STAFF_SUPPORT),
            **translating.language_context(request, call),
        },
        status=status,
    )


@public_page
def funding_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, selectors.get_call_or_404(request.user, slug))


@staff_required(Perm.STAFF_SUPPORT)
@require_http_methods(["GET", "POST"])  # the form, and saving it
def funding_translation(
    request: HttpRequest, slug: str, language: str | None = None
) -> HttpResponse:
    """Add or edit a translation of a call, beside its original (support services only)."""
    call = selectors.get_call_or_404(request.user, slug)
    return translating.translation_page(request, call, language)


@staff_required(Perm.STAFF_SUPPORT)
def funding_create(request: HttpRequest) -> HttpResponse:
    form = FundingCallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(actor=request.user, data=form.call_data())
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The call is published."))
            return redirect("support:funding_detail", call.slug)
    return render(request, "support/funding_form.html", {"form": form}, status=status_for(form))


@staff_required(Perm.STAFF_SUPPORT)
def funding_edit(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.get_call_or_404(request.user, slug)
    form = FundingCallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_call(
                call,
                actor=request.user,
                data=form.call_data(),
                lock_version=form.cleaned_data.get("lock_version") or 0,
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The call is saved."))
            return redirect("support:funding_detail", call.slug)
    return render(
        request, "support/funding_form.html", {"form": form, "call": call}, status=status_for(form)
    )


@login_required
@require_POST
def funding_bookmark(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.get_call_or_404(request.user, slug)
    partnerships = common.coordinated_partnerships(request.user)
    if not partnerships:
        raise Http404
    form = BookmarkForm(request.POST, partnerships=partnerships)
    if form.is_valid():
        partnership = form.cleaned_data["partnership"]
        try:
            services.bookmark_call(
                call, partnership, actor=request.user, note=form.cleaned_data["note"]
            )
        except SupportError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("%(partnership)s now follows this call; its members see it in the workspace.")
                % {"partnership": partnership},
            )
            return redirect("support:funding_detail", call.slug)
    return _detail(request, call, form, status=400)


@login_required
def partnership_funding(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_VIEW, slug=slug)
    return render(
        request,
        "support/partnership_funding.html",
        {
            "partnership": partnership,
            "bookmarks": selectors.partnership_bookmarks(partnership, request.user),
            "can_coordinate": access.can(request.user, Perm.PS_COORDINATE, partnership),
        },
    )


@login_required
@require_POST
def funding_unbookmark(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_COORDINATE, slug=slug)
    bookmark = get_object_or_404(
        CallBookmark.objects.select_related("call", "partnership"), pk=pk, partnership=partnership
    )
    try:
        services.remove_bookmark(bookmark, actor=request.user)
    except SupportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The call is no longer on the list."))
    return redirect("support:partnership_funding", partnership.slug)
