from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date

from commitments.monitoring.selectors import staff_context as commitments_staff
from commitments.pledges.selectors import review_queue as pledge_review_queue
from commitments.reporting.selectors import dashboard_context as commitments_context
from commitments.results.selectors import headline_totals
from members.colleagues.selectors import dashboard_context as members_context
from members.duplicates.selectors import staff_context as duplicates_staff
from members.joining.selectors import staff_context as members_staff
from members.joining.selectors import supporter_count
from members.merging import services as merging
from members.models import Organisation
from pact import access
from pact.access.decorators import staff_required
from pact.kernel.cache.page_cache import public_page
from pact.models import AuditEntry, OutboundEmail, User
from partnerships.directory.selectors import home_figures, recently_launched
from partnerships.workspace.selectors import dashboard_context as partnerships_context
from partnerships.workspace.selectors import staff_context as partnerships_staff


@public_page(scope=("figures", "directory", "supporters"))
def home(request):
    return render(
        request,
        "pact/home.html",
        {
            "figures": home_figures(),
            "recent": recently_launched(6),
            "headline": headline_totals(),
            "supporters": supporter_count(),
        },
    )


@login_required
def dashboard(request):
    context = {
        **members_context(request.user),
        **partnerships_context(request.user),
        **commitments_context(request.user),
        "recent_emails": OutboundEmail.objects.filter(recipient=request.user).only(
            "subject", "kind", "created_at", "status", "sent_at"
        )[:10],
    }
    return render(request, "pact/dashboard.html", context)


@staff_required()
def staff_home(request):
    context = {
        **members_staff(),
        **duplicates_staff(),
        **partnerships_staff(),
        **commitments_staff(),
        "pledges_waiting": pledge_review_queue().count(),
        # Only the links this person may open (a reviewer has no audit log, support no queues).
        "may_review": access.can(request.user, access.Perm.STAFF_REVIEW),
        "may_audit": access.can(request.user, access.Perm.STAFF_ADMIN),
    }
    return render(request, "pact/staff_home.html", context)


@staff_required(access.Perm.STAFF_ADMIN)
def audit_log(request):
    entries = AuditEntry.objects.select_related("actor")
    kind = request.GET.get("kind", "").strip()
    actor = request.GET.get("actor", "").strip()
    target = request.GET.get("target", "").strip()
    organisation = request.GET.get("organisation", "").strip()
    since = parse_date(request.GET.get("since", "") or "")
    until = parse_date(request.GET.get("until", "") or "")
    if kind:
        entries = entries.filter(kind__startswith=kind)
    if actor:
        entries = entries.filter(actor__email__icontains=actor)
    if target:
        entries = entries.filter(target_label__icontains=target)
    if organisation:
        # An organisation's entries and those of the duplicates merged into it (their old keys).
        found = Organisation.objects.filter(slug=organisation).first()
        keys = merging.aliases(found) if found else []
        entries = entries.filter(
            Q(organisation_id__in=keys)
            | Q(target_type="members.organisation", target_id__in=[str(k) for k in keys])
        )
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    _resolve_people(page.object_list)
    kinds = AuditEntry.objects.order_by("kind").values_list("kind", flat=True).distinct()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pact/audit_log.html",
        {"page": page, "kinds": kinds, "filters": request.GET, "query": query.urlencode()},
    )


def _resolve_people(entries) -> None:
    """Rows name people by key: show the person's name as it is now ("erased person" after an
    erasure), in one query for the page."""
    entries = list(entries)
    ids = {int(e.target_id) for e in entries if e.target_type == "pact.user" and e.target_id}
    people = User.objects.in_bulk(ids) if ids else {}
    for entry in entries:
        person = people.get(int(entry.target_id)) if entry.target_type == "pact.user" else None
        entry.target_display = person.display_name if person else entry.target_label


@public_page
def privacy(request):
    return render(request, "pact/privacy.html")


@public_page
def charter(request):
    return render(request, "pact/charter.html")


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _is_api(request):  # API clients get the API's error body, not an HTML page
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _is_api(request):
        return JsonResponse(
            {"detail": "Server error; it was logged. Please retry later.", "code": "error"},
            status=500,
        )
    return render(request, "500.html", status=500)
