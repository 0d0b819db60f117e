"""The coordinator's declaration editor: the workspace overview, starting a draft, its sections,
commitments with targets, and submitting it.

Views are thin: access through ``pact.access`` (outsiders get 404), reads through
``declarations.selectors``, every change through the declaration services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commitments.models import Commitment, Indicator
from pact import access
from pact.access import Perm
from pact.kernel import assurance
from partnerships.declarations import common, drafting, forms, selectors
from partnerships.declarations import review as declarations_review
from partnerships.declarations import signatures as signing
from partnerships.declarations.views.common import (
    EDITOR_SECTIONS,
    draft_or_redirect,
    editor_context,
    is_htmx,
    member_organisations,
    overview_url,
    workspace_or_404,
)
from partnerships.declarations.views.signing import signatories_page
from partnerships.models import (
    DeclarationStatus,
    Partnership,
    Section,
)

S = DeclarationStatus


# --- workspace overview ---------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, slug: str, missing=None, unsigned=None) -> HttpResponse:
    partnership = workspace_or_404(request, slug)
    version = selectors.current_version(partnership)
    user = request.user
    context: dict = {
        "partnership": partnership,
        "version": version,
        "is_coordinator": access.can(user, Perm.PS_COORDINATE, partnership),
        "is_reviewer": access.can(user, Perm.STAFF_REVIEW),
        "versions": selectors.versions_of(partnership),
        "sections": EDITOR_SECTIONS,
        "submit_missing": missing,
        "submit_unsigned": unsigned,
    }
    if version is not None:
        version.partnership = partnership
        signatures = selectors.signatures_of(version)
        sign_orgs = set(access.organisation_ids(user, Perm.ORG_SIGN))
        context.update(
            {
                "commitments": selectors.commitments_of(version),
                "signatures": signatures,
                "my_signatures": [s for s in signatures if s.organisation_id in sign_orgs],
                "valid_signature_ids": {
                    s.pk for s in signatures if signing.valid_signature(s, version)
                },
                "missing": declarations_review.missing_items(version)
                if version.is_editable
                else [],
                "language_name": selectors.language_name(version.language),
                "can_preview": access.can_preview_draft(user, partnership),
                "comments": selectors.comments_by_section(version.previous)
                if version.previous is not None and version.is_editable
                else {},
                # The reason alone (a change request without section comments) is shown too.
                "previous_reason": version.previous.decision_reason
                if version.previous is not None and version.is_editable
                else "",
            }
        )
        context["can_start"] = context["is_coordinator"] and version.status not in (
            S.DRAFT,
            S.SUBMITTED,
            S.IN_REVIEW,
        )
    else:
        context["can_start"] = context["is_coordinator"]
    return render(request, "declarations/overview.html", context, status=400 if missing else 200)


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = workspace_or_404(request, slug, Perm.PS_COORDINATE)
    version = drafting.start_draft(partnership, request.user, sign_in=assurance.of(request))
    messages.success(
        request, _("Version %(number)s is open for editing.") % {"number": version.number}
    )
    return redirect("partnerships:declaration_edit", partnership.slug, Section.CHALLENGES)


# --- editing --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    partnership = workspace_or_404(request, slug, Perm.PS_COORDINATE)
    if section == Section.COMMITMENTS:
        return _commitments(request, partnership)
    if section == Section.SIGNATORIES:
        return signatories_page(request, partnership)
    if section not in forms.SECTION_FORMS:
        raise Http404
    version, response = draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    form_class = forms.SECTION_FORMS[section]
    status = 200
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                drafting.save_section(
                    version,
                    section,
                    form.cleaned_data,
                    lock_version=form.cleaned_data["lock_version"],
                    actor=request.user,
                    sign_in=assurance.of(request),
                )
            except common.DeclarationError as exc:
                conflict = exc.message
                status = 409
                version.refresh_from_db()
                # The typed text stays; the form now names the saved version so a second,
                # deliberate save replaces it.
                data = request.POST.copy()
                data["lock_version"] = str(version.lock_version)
                form = form_class(data)
                form.is_valid()
            else:
                if is_htmx(request):
                    return render(
                        request, "declarations/_autosave_status.html", {"version": version}
                    )
                messages.success(request, _("Saved."))
                if "save_next" in request.POST:
                    index = [str(s) for s, _label in EDITOR_SECTIONS].index(section)
                    next_section = EDITOR_SECTIONS[min(index + 1, len(EDITOR_SECTIONS) - 1)][0]
                    return redirect("partnerships:declaration_edit", partnership.slug, next_section)
                return redirect("partnerships:declaration_edit", partnership.slug, section)
        else:
            status = 400
        if is_htmx(request):
            return render(
                request,
                "declarations/_autosave_status.html",
                {"version": version, "conflict": conflict, "invalid": status == 400},
                status=200,
            )
    else:
        initial = {name: getattr(version, name) for name in form_class.base_fields}
        initial["lock_version"] = version.lock_version
        form = form_class(initial=initial)
    context = editor_context(partnership, version, section)
    context.update({"form": form, "conflict": conflict, "saved_version": version})
    return render(request, "declarations/edit_section.html", context, status=status)


def _commitments(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    version, response = draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    context = editor_context(partnership, version, Section.COMMITMENTS)
    context["commitments"] = selectors.commitments_of(version)
    return render(request, "declarations/commitments.html", context)


def _target_initial(commitment: Commitment | None) -> list[dict]:
    if commitment is None:
        return [{}]
    return [
        {
            "uid": t.uid,
            "indicator": t.indicator_id,
            "description": t.description,
            "baseline": t.baseline,
            "target_value": t.target_value,
            "target_date": t.target_date,
        }
        for t in commitment.targets.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def commitment(request: HttpRequest, slug: str, uid=None) -> HttpResponse:
    partnership = workspace_or_404(request, slug, Perm.PS_COORDINATE)
    version, response = draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    instance = None
    if uid is not None:
        instance = get_object_or_404(
            Commitment.objects.prefetch_related("targets", "responsible_organisations"),
            declaration_version=version,
            uid=uid,
        )
    organisations = member_organisations(partnership)
    conflict = None
    status = 200
    if request.method == "POST":
        data = request.POST.copy()
        if "add_target" in data:
            # Without JavaScript: one more empty target row, nothing saved yet.
            total = int(data.get("targets-TOTAL_FORMS", "0") or 0)
            data["targets-TOTAL_FORMS"] = str(min(total + 1, 20))
        form = forms.CommitmentForm(data, organisations=organisations)
        formset = forms.TargetFormSet(data, prefix="targets")
        if "add_target" not in data and form.is_valid() and formset.is_valid():
            targets = [
                f.cleaned_data
                for f in formset.forms
                if f.has_changed() and not f.cleaned_data.get("DELETE")
            ]
            try:
                saved = drafting.save_commitment(
                    version,
                    instance,
                    data=form.cleaned_data,
                    targets=targets,
                    lock_version=form.cleaned_data["lock_version"],
                    actor=request.user,
                    sign_in=assurance.of(request),
                )
            except common.DeclarationError as exc:
                conflict = exc.message
                status = 409
                version.refresh_from_db()
                data["lock_version"] = str(version.lock_version)
                form = forms.CommitmentForm(data, organisations=organisations)
                form.is_valid()
            else:
                messages.success(
                    request, _("Commitment “%(title)s” saved.") % {"title": saved.title}
                )
                return redirect(
                    "partnerships:declaration_edit", partnership.slug, Section.COMMITMENTS
                )
        elif "add_target" not in data:
            status = 400
    else:
        initial = {"lock_version": version.lock_version}
        if instance is not None:
            initial.update(
                {
                    "title": instance.title,
                    "description": instance.description,
                    "responsible_organisations": list(instance.responsible_organisations.all()),
                }
            )
        form = forms.CommitmentForm(initial=initial, organisations=organisations)
        formset = forms.TargetFormSet(initial=_target_initial(instance), prefix="targets")
    context = editor_context(partnership, version, Section.COMMITMENTS)
    context.update(
        {
            "form": form,
            "formset": formset,
            "commitment": instance,
            "conflict": conflict,
            "indicators": Indicator.objects.all(),
        }
    )
    return render(request, "declarations/commitment_form.html", context, status=status)


def _lock_version_from(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("lock_version", ""))
    except ValueError:
        return -1


@login_required
@require_POST
def commitment_delete(request: HttpRequest, slug: str, uid) -> HttpResponse:
    partnership = workspace_or_404(request, slug, Perm.PS_COORDINATE)
    version, response = draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    instance = get_object_or_404(Commitment, declaration_version=version, uid=uid)
    try:
        drafting.delete_commitment(
            version,
            instance,
            lock_version=_lock_version_from(request),
            actor=request.user,
            sign_in=assurance.of(request),
        )
    except common.DeclarationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Commitment removed."))
    return redirect("partnerships:declaration_edit", partnership.slug, Section.COMMITMENTS)


@login_required
@require_POST
def commitment_move(request: HttpRequest, slug: str, uid) -> HttpResponse:
    partnership = workspace_or_404(request, slug, Perm.PS_COORDINATE)
    version, response = draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    instance = get_object_or_404(Commitment, declaration_version=version, uid=uid)
    try:
        drafting.move_commitment(
            version,
            instance,
            up=request.POST.get("direction") == "up",
            lock_version=_lock_version_from(request),
            actor=request.user,
            sign_in=assurance.of(request),
        )
    except common.DeclarationError as exc:
        messages.error(request, exc.message)
    return redirect("partnerships:declaration_edit", partnership.slug, Section.COMMITMENTS)


# --- submission --------------------------------------------------------------------------------------


@login_required
@require_POST
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    # Members without the coordinator role get 404 here, like outsiders.
    partnership = workspace_or_404(request, slug, Perm.PS_COORDINATE)
    version, response = draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    form = forms.SubmitForm(request.POST)
    lock_version = form.cleaned_data["lock_version"] if form.is_valid() else -1
    # Submitting without every signature is allowed, once the coordinator has seen who is missing.
    unsigned = [
        s for s in selectors.signatures_of(version) if not signing.valid_signature(s, version)
    ]
    confirmed = request.POST.get("without_signatures") == "yes"
    if unsigned and not confirmed and not declarations_review.missing_items(version):
        return overview(request, slug, unsigned=unsigned)
    try:
        declarations_review.submit(
            version, lock_version=lock_version, actor=request.user, sign_in=assurance.of(request)
        )
    except common.Incomplete as exc:
        return overview(request, slug, missing=exc.missing)
    except common.DeclarationError as exc:
        messages.error(request, exc.message)
        return redirect(overview_url(partnership))
    messages.success(
        request,
        _(
            "Version %(number)s was submitted to the European Commission. It can no longer "
            "change; you will be told when the review is done."
        )
        % {"number": version.number},
    )
    return redirect(overview_url(partnership))
