"""The public commitment search: filters, facets with counts, and the filtered list to download."""

from __future__ import annotations

import json

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment, Indicator, Target
from commitments.monitoring.exports import CONTENT_TYPES, write_table
from commitments.search import selectors
from commitments.search.filters import SearchFilters
from commitments.search.status import STATUS_CHOICES, target_statuses
from pact import access
from pact.kernel.cache.page_cache import public_page
from pact.kernel.map import country_name
from pact.kernel.vocabulary import Ecosystem
from partnerships.models import PartnershipKind

PAGE_SIZE = 25
FORMATS = ("csv", "xlsx", "json")
COLUMNS = [
    "commitment",
    "title",
    "partnership",
    "organisation",
    "ecosystem",
    "countries",
    "indicator",
    "unit",
    "baseline",
    "target_value",
    "target_date",
    "status",
]


def _filtered(request: HttpRequest) -> tuple[SearchFilters, QuerySet[Commitment]]:
    base = access.commitments_visible_to(request.user).filter(is_current=True)
    filterset = SearchFilters(request.GET or None, queryset=base)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, base.none()
    return filterset, filterset.qs


def _query(filterset: SearchFilters, **changed) -> str:
    data = {}
    if filterset.is_bound and filterset.is_valid():
        data = {k: v for k, v in filterset.form.cleaned_data.items() if v not in (None, "")}
    data.update(changed)
    return urlencode({k: v for k, v in data.items() if v not in (None, "")})


def _facets(filterset: SearchFilters, commitments: QuerySet[Commitment]) -> list[dict]:
    counts = selectors.facets(commitments)
    indicators = {
        i.code: i.name for i in Indicator.objects.filter(code__in=list(counts["indicator"]))
    }
    labels = {
        "ecosystem": (_("Industrial ecosystem"), dict(Ecosystem.choices)),
        "partnership_kind": (_("Partnership kind"), dict(PartnershipKind.choices)),
        "status": (_("Status"), dict(STATUS_CHOICES)),
        "country": (_("Country"), None),
        "target_year": (_("Target year"), None),
        "indicator": (_("Indicator"), indicators),
    }
    chosen = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
    facets = []
    for name, (title, names) in labels.items():
        values = []
        for value, count in sorted(counts[name].items(), key=lambda item: (-item[1], str(item[0]))):
            if names is not None:
                label = names.get(value, value)
            elif name == "country":
                label = country_name(value)
            else:
                label = str(value)
            values.append(
                {
                    "label": label,
                    "count": count,
                    "query": _query(filterset, **{name: value, "page": None}),
                    "selected": str(chosen.get(name) or "") == str(value),
                }
            )
        facets.append({"name": name, "title": title, "values": values[:12]})
    return facets


@public_page
def search(request: HttpRequest) -> HttpResponse:
    filterset, commitments = _filtered(request)
    listed = commitments.select_related("partnership", "organisation").prefetch_related(
        Prefetch("targets", queryset=Target.objects.select_related("indicator"))
    )
    page = Paginator(listed.order_by("title", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "query": _query(filterset),
        "facets": _facets(filterset, commitments),
        "formats": FORMATS,
    }
    return render(request, "commitments/search.html", context)


def _rows(filterset: SearchFilters, commitments: QuerySet[Commitment]) -> list[dict]:
    """One row per target of the commitments found; the target filters narrow the targets too."""
    targets = Target.objects.filter(commitment__in=commitments.values("pk")).select_related(
        "indicator", "commitment__partnership", "commitment__organisation"
    )
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    for name in selectors.TARGET_FILTERS:
        if chosen.get(name) not in (None, ""):
            targets = selectors.target_condition(targets, name, chosen[name])
    statuses = target_statuses(targets)
    rows = []
    for target in targets.order_by("commitment__title", "commitment_id", "position", "pk"):
        commitment = target.commitment
        partnership, organisation = commitment.partnership, commitment.organisation
        if partnership is not None:
            ecosystem, countries = partnership.ecosystem, " ".join(partnership.countries)
        else:
            ecosystem = " ".join(organisation.ecosystems) if organisation else ""
            countries = str(organisation.country) if organisation else ""
        rows.append(
            {
                "commitment": str(commitment.uid),
                "title": commitment.title,
                "partnership": partnership.name if partnership else "",
                "organisation": organisation.name if organisation else "",
                "ecosystem": ecosystem,
                "countries": countries,
                "indicator": target.indicator.code,
                "unit": target.unit,
                "baseline": target.baseline,
                "target_value": target.target_value,
                "target_date": target.target_date,
                "status": statuses.get(target.pk, ""),
            }
        )
    return rows


@public_page
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered list, one row per target, as CSV, XLSX or JSON."""
    if fmt not in FORMATS:
        raise Http404
    filterset, commitments = _filtered(request)
    if filterset.is_bound and not filterset.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in filterset.errors.items()}
        return HttpResponse(
            json.dumps({"errors": errors}), status=400, content_type="application/json"
        )
    rows = _rows(filterset, commitments)
    if fmt == "json":
        body = json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json")
    else:
        table = ([row[c] for c in COLUMNS] for row in rows)
        content = write_table(COLUMNS, [table], fmt, sheet_title="Commitments")
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="pact-commitments.{fmt}"'
    return response
