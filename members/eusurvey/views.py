"""Staff pages for the EU Survey import: upload and list, preview and confirm, claims."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.common import MembershipError
from members.eusurvey import checks, services
from members.eusurvey.forms import EuSurveyUploadForm
from members.models import (
    EuSurveyImport,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    OrganisationRole,
)
from pact.access import Perm
from pact.access.decorators import staff_required


@staff_required(Perm.STAFF_REVIEW)
def imports(request: HttpRequest) -> HttpResponse:
    form = EuSurveyUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = services.check_upload(
                request.user,  # type: ignore[arg-type]
                name=upload.name,
                content=upload.read(checks.MAX_BYTES + 1),
            )
        except checks.EuSurveyFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("members:eusurvey_import", checked.pk)
    return render(
        request,
        "members/eusurvey_imports.html",
        {
            "form": form,
            "recent": EuSurveyImport.objects.select_related("uploaded_by")[:10],
            "columns": [(c, checks.COLUMN_LABELS[c], c in checks.REQUIRED) for c in checks.COLUMNS],
        },
        status=400 if form.errors else 200,
    )


@staff_required(Perm.STAFF_REVIEW)
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    checked = get_object_or_404(EuSurveyImport.objects.select_related("uploaded_by"), pk=pk)
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            services.discard(checked, request.user)  # type: ignore[arg-type]
            messages.info(request, _("The file is discarded; nothing was imported."))
            return redirect("members:eusurvey_imports")
        decisions = {
            row["line"]: request.POST.get(f"row-{row['line']}", services.SKIP)
            for row in checked.rows
            if row["state"] == "doubtful"
        }
        try:
            counts = services.confirm(checked, request.user, decisions)  # type: ignore[arg-type]
        except MembershipError as exc:
            messages.error(request, exc.message)
            return redirect("members:eusurvey_import", checked.pk)
        messages.success(
            request,
            _(
                "Imported: %(created)s organisations registered (their contacts are invited to "
                "claim them), %(linked)s linked to an existing organisation, %(matched)s already "
                "imported, %(skipped)s skipped."
            )
            % counts,
        )
        return redirect("members:eusurvey_claims")
    rows = checked.rows
    return render(
        request,
        "members/eusurvey_preview.html",
        {
            "checked": checked,
            "new": [r for r in rows if r["state"] == "new"],
            "doubtful": [r for r in rows if r["state"] == "doubtful"],
            "matched": [r for r in rows if r["state"] == "matched"],
            "problems": [
                {**p, "label": checks.COLUMN_LABELS.get(p["column"], p["column"])}
                for p in checked.errors
            ],
            "pending": checked.status == EuSurveyImport.Status.CHECKED,
        },
    )


@staff_required(Perm.STAFF_REVIEW)
def claims(request: HttpRequest) -> HttpResponse:
    """Organisations brought in from EU Survey: claimed or not, found by name or contribution ID."""
    query = (request.GET.get("q") or "").strip()[:100]
    admins = OrganisationMembership.objects.filter(
        organisation=OuterRef("pk"), role=OrganisationRole.ADMIN
    )
    found = (
        Organisation.objects.exclude(contribution_id="")
        .annotate(claimed=Exists(admins))
        .order_by("claimed", "name")
    )
    if query:
        found = found.filter(
            Q(contribution_id__iexact=query) | Q(name__icontains=query) | Q(acronym__iexact=query)
        )
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    invitations = {
        i.organisation_id: i
        for i in OrganisationInvitation.objects.filter(
            organisation__in=[o.pk for o in page], role=OrganisationRole.ADMIN
        ).order_by("created_at")
    }
    for organisation in page:
        organisation.invitation = invitations.get(organisation.pk)  # type: ignore[attr-defined]
    return render(request, "members/eusurvey_claims.html", {"page": page, "query": query})


@staff_required(Perm.STAFF_REVIEW)
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.exclude(contribution_id=""), pk=pk)
    try:
        services.invite_to_claim(organisation, request.user)  # type: ignore[arg-type]
    except MembershipError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("A new invitation to claim %(name)s is on its way to %(email)s.")
            % {"name": organisation.name, "email": organisation.contact_email},
        )
    return redirect("members:eusurvey_claims")
