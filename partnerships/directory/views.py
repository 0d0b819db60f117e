"""The public side of partnerships: the searchable directory, the map of Europe, a partnership's
page, and the NUTS regions lookup. Anonymous answers are served from the page cache."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django_htmx.http import push_url

from pact import access
from pact.access import Perm
from pact.kernel.cache.page_cache import public_page
from pact.kernel.language import language_links, requested_language
from partnerships.directory import forms, selectors
from partnerships.directory.map import VIEWS, map_page
from partnerships.web import is_partial

# --- public --------------------------------------------------------------------------------------


@public_page(scope=("directory",))
def directory(request: HttpRequest) -> HttpResponse:
    filters = selectors.DirectoryFilters.from_query(request.GET)
    context = selectors.directory_page(
        filters, request.GET.get("page"), reverse("partnerships:directory")
    )
    context["can_create_partnership"] = bool(access.organisation_ids(request.user, Perm.ORG_CHANGE))
    context["partial"] = is_partial(request)
    template = (
        "partnerships/_directory_results.html"
        if context["partial"]
        else "partnerships/directory.html"
    )
    response = render(request, template, context)
    if context["partial"]:
        # The address bar shows the filters in use, not every empty field of the form.
        page = context["page"].number
        query = filters.query_string(**({"page": str(page)} if page > 1 else {}))
        push_url(response, reverse("partnerships:directory") + (f"?{query}" if query else ""))
    patch_vary_headers(response, ("HX-Request",))
    return response


@public_page(scope=("directory",))
def map_view(request: HttpRequest) -> HttpResponse:
    """Europe shaded by partnerships (the directory's filters apply) or by active members."""
    view = request.GET.get("view", "")
    view = view if view in VIEWS else VIEWS[0]
    filters = selectors.DirectoryFilters.from_query(request.GET)
    return render(request, "partnerships/map.html", map_page(view, filters))


def _partnership_scope(kwargs: dict) -> tuple[str, ...]:
    return (f"partnership:{kwargs['slug']}",)


@public_page(scope=_partnership_scope)
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = (
        access.partnerships_visible_to(request.user)
        .select_related("coordinator", "parent")
        .annotate(region_pairs=selectors.REGION_PAIRS, **selectors.PAGE_FLAGS)
        .filter(slug=slug)
        .first()
    )
    if partnership is None:
        raise Http404
    context = selectors.detail_context(partnership, request.user)
    summary = partnership.summary_text
    if summary is not None and summary.translations:
        # The page in each language of its summary has its own URL (?lang=), listed in its head.
        shown = summary.get(*filter(None, [requested_language(request)]))
        context["language_alternates"] = language_links(
            request, summary.languages, current=shown.language, original=summary.language
        )
    return render(request, "partnerships/detail.html", context)


@public_page(scope=())
def regions(request: HttpRequest) -> HttpResponse:
    """NUTS 2024 codes per country, to help fill in the regions a partnership covers."""
    form = forms.RegionLookupForm(request.GET or None)
    rows = []
    if form.is_valid() and form.cleaned_data["country"]:
        rows = selectors.regions_of_countries([form.cleaned_data["country"]])
    return render(request, "partnerships/regions.html", {"form": form, "regions": rows})
