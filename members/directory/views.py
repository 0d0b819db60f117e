"""The public member directory, an organisation's public profile, and the regions of a country."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from commitments.pledges import selectors as pledge_selectors
from members.directory import selectors
from members.directory.facets import directory_facets
from members.directory.forms import DirectoryFilterForm
from members.forms import region_choices
from pact import access
from pact.access import Perm
from pact.kernel.cache.page_cache import public_page

DIRECTORY_PAGE_SIZE = 20
RESULTS_TARGET = "directory-results"

# --- public -----------------------------------------------------------------------------------------


@require_GET
@public_page(scope=("directory",))
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    filters = form.filters()
    # One query for every filter's counts and the number of results, one for the page's rows.
    facets = directory_facets(filters)
    form.show_counts(facets)
    paginator = Paginator(selectors.directory(filters), DIRECTORY_PAGE_SIZE)
    # The number of results was counted with the facets: no COUNT(*) of its own.
    paginator.count = facets.total  # type: ignore[misc]
    page = paginator.get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    context = {
        "form": form,
        "page": page,
        "query": query,
        "filtered": any(filters.values()),
        "results_target": RESULTS_TARGET,
    }
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == RESULTS_TARGET:
        return render(request, "members/_directory_results.html", {**context, "oob": True})
    return render(request, "members/directory.html", context)


def _organisation_scope(kwargs: dict) -> tuple[str, ...]:
    # The directory too: the profile lists the organisation's partnerships by name.
    return (f"organisation:{kwargs['slug']}", "directory")


@require_GET
@public_page(scope=_organisation_scope)
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.visible_organisation(request.user, slug)
    if organisation is None:
        raise Http404
    return render(
        request,
        "members/profile.html",
        {
            "organisation": organisation,
            "partnerships": selectors.public_partnerships_of(organisation),
            "can_view_private": access.can(request.user, Perm.ORG_VIEW, organisation),
            "may_change_status": access.can(request.user, Perm.STAFF_REVIEW),
            "pledges": pledge_selectors.public_pledges_of(organisation),
        },
    )


@require_GET
@public_page(scope=())
def region_options(request: HttpRequest) -> HttpResponse:
    """The NUTS regions of a country as <option>s, for the country field's htmx enhancement."""
    country = request.GET.get("country", "").upper()[:2]
    return render(
        request,
        "members/_region_options.html",
        {"choices": region_choices(country if country.isalpha() else None)},
    )
