"""Declaration pages: the coordinator's editor, signing, reading versions, PDFs and the review.

Views are thin: access through ``pact.access`` (outsiders get 404), reads through
``declaration_selectors``, every change through ``declaration_services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from commitments.models import Commitment, Indicator
from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.access.decorators import staff_required
from partnerships.declarations import common, drafting, forms, publication, selectors
from partnerships.declarations import review as declarations_review
from partnerships.declarations import signatures as signing
from partnerships.models import (
    DeclarationPdf,
    DeclarationStatus,
    DeclarationVersion,
    Partnership,
    Section,
    Signature,
    SignatureStatus,
)

S = DeclarationStatus
EDITOR_SECTIONS = [
    (Section.CHALLENGES, _("Main challenges")),
    (Section.OBJECTIVES, _("Key objectives")),
    (Section.AMBITION, _("Ambition")),
    (Section.COMMITMENTS, _("Commitments")),
    (Section.GOVERNANCE, _("Governance")),
    (Section.SIGNATORIES, _("Signatories")),
]


# --- helpers -------------------------------------------------------------------------------------


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _workspace(request: HttpRequest, slug: str, perm: str = Perm.PS_VIEW) -> Partnership:
    return access.get_partnership_or_404(request.user, perm, slug=slug)


def _overview_url(partnership: Partnership) -> str:
    return reverse("partnerships:declaration", args=[partnership.slug])


def _draft_or_redirect(request: HttpRequest, partnership: Partnership):
    version = drafting.open_version(partnership)
    if version is None:
        messages.info(request, _("Start a draft of the declaration first."))
        return None, redirect(_overview_url(partnership))
    if version.status != S.DRAFT:
        messages.warning(
            request,
            _(
                "Version %(number)s was submitted to the Commission and can no longer change. "
                "You can amend it when the review asks for changes."
            )
            % {"number": version.number},
        )
        return None, redirect(_overview_url(partnership))
    version.partnership = partnership
    return version, None


def _members(partnership: Partnership):
    return Organisation.objects.filter(partnership_memberships__partnership=partnership).order_by(
        "name"
    )


def _editor_context(partnership: Partnership, version: DeclarationVersion, section: str) -> dict:
    signatures = selectors.signatures_of(version)
    return {
        "partnership": partnership,
        "version": version,
        "section": section,
        "sections": EDITOR_SECTIONS,
        "missing_sections": {s for s, _m in declarations_review.missing_items(version)},
        "answered_signatures": [s for s in signatures if s.status != SignatureStatus.REQUESTED],
        "signature_count": len(signatures),
        "language_name": selectors.language_name(version.language),
    }


# --- workspace overview ---------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, slug: str, missing=None) -> HttpResponse:
    partnership = _workspace(request, slug)
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
                "can_preview": selectors.can_preview_draft(user, partnership),
                "comments": selectors.comments_by_section(version.previous)
                if version.previous is not None and version.is_editable
                else {},
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
    partnership = _workspace(request, slug, Perm.PS_COORDINATE)
    version = drafting.start_draft(partnership, request.user)
    messages.success(
        request, _("Version %(number)s is open for editing.") % {"number": version.number}
    )
    return redirect("partnerships:declaration_edit", partnership.slug, Section.CHALLENGES)


# --- editing --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str, section: str) -> HttpResponse:
    partnership = _workspace(request, slug, Perm.PS_COORDINATE)
    if section == Section.COMMITMENTS:
        return _commitments(request, partnership)
    if section == Section.SIGNATORIES:
        return _signatories(request, partnership)
    if section not in forms.SECTION_FORMS:
        raise Http404
    version, response = _draft_or_redirect(request, partnership)
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
                if _htmx(request):
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
        if _htmx(request):
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
    context = _editor_context(partnership, version, section)
    context.update({"form": form, "conflict": conflict, "saved_version": version})
    return render(request, "declarations/edit_section.html", context, status=status)


def _commitments(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    version, response = _draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    context = _editor_context(partnership, version, Section.COMMITMENTS)
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
            "unit": t.unit,
            "baseline": t.baseline,
            "target_value": t.target_value,
            "target_date": t.target_date,
        }
        for t in commitment.targets.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def commitment(request: HttpRequest, slug: str, uid=None) -> HttpResponse:
    partnership = _workspace(request, slug, Perm.PS_COORDINATE)
    version, response = _draft_or_redirect(request, partnership)
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
    organisations = _members(partnership)
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
    context = _editor_context(partnership, version, Section.COMMITMENTS)
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
    partnership = _workspace(request, slug, Perm.PS_COORDINATE)
    version, response = _draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    instance = get_object_or_404(Commitment, declaration_version=version, uid=uid)
    try:
        drafting.delete_commitment(
            version, instance, lock_version=_lock_version_from(request), actor=request.user
        )
    except common.DeclarationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Commitment removed."))
    return redirect("partnerships:declaration_edit", partnership.slug, Section.COMMITMENTS)


@login_required
@require_POST
def commitment_move(request: HttpRequest, slug: str, uid) -> HttpResponse:
    partnership = _workspace(request, slug, Perm.PS_COORDINATE)
    version, response = _draft_or_redirect(request, partnership)
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
        )
    except common.DeclarationError as exc:
        messages.error(request, exc.message)
    return redirect("partnerships:declaration_edit", partnership.slug, Section.COMMITMENTS)


# --- signatures -------------------------------------------------------------------------------------


def _signatories(request: HttpRequest, partnership: Partnership, form=None) -> HttpResponse:
    version, response = _draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    signatures = selectors.signatures_of(version)
    asked = {s.organisation_id for s in signatures}
    candidates = _members(partnership).exclude(pk__in=asked)
    context = _editor_context(partnership, version, Section.SIGNATORIES)
    context.update(
        {
            "signatures": signatures,
            "valid_signature_ids": {
                s.pk for s in signatures if signing.valid_signature(s, version)
            },
            "unnotified": [
                s for s in signatures if s.status == SignatureStatus.REQUESTED and not s.notified_at
            ],
            "form": form or forms.SignatureRequestForm(organisations=candidates),
            "has_candidates": candidates.exists(),
        }
    )
    return render(
        request, "declarations/signatories.html", context, status=400 if form is not None else 200
    )


@login_required
@require_POST
def signatures_request(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _workspace(request, slug, Perm.PS_COORDINATE)
    version, response = _draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    asked = Signature.objects.filter(version=version).values_list("organisation_id", flat=True)
    form = forms.SignatureRequestForm(
        request.POST, organisations=_members(partnership).exclude(pk__in=asked)
    )
    if not form.is_valid():
        return _signatories(request, partnership, form)
    created = signing.request_signatures(
        version, form.cleaned_data["organisations"], actor=request.user
    )
    messages.success(
        request,
        _("%(count)s organisation(s) asked to sign; their administrators were emailed.")
        % {"count": len(created)},
    )
    return redirect("partnerships:declaration_edit", partnership.slug, Section.SIGNATORIES)


@login_required
@require_POST
def signatures_remind(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _workspace(request, slug, Perm.PS_COORDINATE)
    version, response = _draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    count = signing.send_pending_requests(version, actor=request.user)
    messages.success(
        request, _("Signature requests sent again to %(count)s organisation(s).") % {"count": count}
    )
    return redirect("partnerships:declaration_edit", partnership.slug, Section.SIGNATORIES)


@login_required
@require_POST
def signature_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = _workspace(request, slug, Perm.PS_COORDINATE)
    signature = get_object_or_404(
        Signature.objects.select_related("version", "organisation"),
        pk=pk,
        version__partnership=partnership,
    )
    try:
        signing.withdraw_signature_request(signature, actor=request.user)
    except common.DeclarationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Signature request withdrawn."))
    return redirect("partnerships:declaration_edit", partnership.slug, Section.SIGNATORIES)


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = _workspace(request, slug)
    signature = (
        Signature.objects.select_related("version", "organisation", "answered_by")
        .filter(pk=pk, version__partnership=partnership)
        .first()
    )
    if signature is None or not access.can(request.user, Perm.ORG_SIGN, signature.organisation):
        raise Http404
    version = signature.version
    version.partnership = partnership
    error = None
    status = 200
    if request.method == "POST":
        form = forms.SignForm(request.POST)
        if form.is_valid():
            try:
                signing.answer_signature(
                    signature,
                    sign=form.cleaned_data["decision"] == "sign",
                    comment=form.cleaned_data["comment"],
                    content_hash_read=form.cleaned_data["content_hash"],
                    actor=request.user,
                )
            except common.DeclarationError as exc:
                error = exc.message
                status = 409
                version.refresh_from_db()
                data = request.POST.copy()
                data["content_hash"] = version.content_hash
                form = forms.SignForm(data)
            else:
                messages.success(request, _("Thank you: your answer is recorded."))
                return redirect("partnerships:declaration", partnership.slug)
        else:
            status = 400
    else:
        form = forms.SignForm(initial={"content_hash": version.content_hash})
    signature.refresh_from_db()
    return render(
        request,
        "declarations/sign.html",
        {
            **_document_context(partnership, version),
            "signature": signature,
            "form": form,
            "error": error,
            "is_valid_signature": signing.valid_signature(signature, version),
        },
        status=status,
    )


# --- submission --------------------------------------------------------------------------------------


@login_required
@require_POST
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    # Members without the coordinator role get 404 here, like outsiders.
    partnership = _workspace(request, slug, Perm.PS_COORDINATE)
    version, response = _draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    form = forms.SubmitForm(request.POST)
    lock_version = form.cleaned_data["lock_version"] if form.is_valid() else -1
    try:
        declarations_review.submit(version, lock_version=lock_version, actor=request.user)
    except common.Incomplete as exc:
        return overview(request, slug, missing=exc.missing)
    except common.DeclarationError as exc:
        messages.error(request, exc.message)
        return redirect(_overview_url(partnership))
    messages.success(
        request,
        _(
            "Version %(number)s was submitted to the European Commission. It can no longer "
            "change; you will be told when the review is done."
        )
        % {"number": version.number},
    )
    return redirect(_overview_url(partnership))


# --- reading versions ----------------------------------------------------------------------------------


def _document_context(partnership: Partnership, version: DeclarationVersion) -> dict:
    commitments = selectors.commitments_of(version)
    progress = selectors._progress(partnership, version)
    bars = selectors.target_bars(commitments, progress)
    from pact.kernel import charts

    return {
        "partnership": partnership,
        "version": version,
        "commitments": commitments,
        "signatures": selectors.signatures_of(version),
        "language_name": selectors.language_name(version.language),
        "chart": charts.targets_chart(bars, chart_id=f"chart-v{version.number}") if bars else "",
        "progress_rows": selectors.progress_rows(commitments, progress),
        "has_progress": bool(progress),
    }


def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    context = _document_context(partnership, version)
    context.update(
        {
            "pdf": selectors.pdf_of(version) if version.is_published else None,
            "can_preview": selectors.can_preview_draft(request.user, partnership),
            "in_workspace": access.can(request.user, Perm.PS_VIEW, partnership),
            "previous": selectors.previous_submitted(version),
        }
    )
    return render(request, "declarations/version.html", context)


def diff(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    against = request.GET.get("against", "")
    old: DeclarationVersion | None
    if against.isdigit():
        old = selectors.get_version_or_404(request.user, partnership, int(against))
    else:
        old = selectors.previous_submitted(version)
        if old is None or not selectors.can_read_version(request.user, old):
            raise Http404
    old.partnership = partnership
    return render(
        request,
        "declarations/diff.html",
        {
            "partnership": partnership,
            "version": version,
            "old": old,
            "diff": selectors.diff_versions(old, version),
            "language_changed": selectors.language_changed(old, version),
            "old_language": selectors.language_name(old.language),
            "language_name": selectors.language_name(version.language),
        },
    )


# --- PDFs ----------------------------------------------------------------------------------------------


def pdf_download(request: HttpRequest, slug: str, number: int) -> HttpResponseBase:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    if not version.is_published:
        # Drafts and versions under review: a watermarked preview for the coordinator and
        # reviewers, rendered now; nobody else learns it exists.
        if not selectors.can_preview_draft(request.user, partnership):
            raise Http404
        from partnerships.declarations import pdf as pdf_module

        data = pdf_module.render_version(version, draft=True)
        return _pdf_response(data, pdf_module.download_filename(version, draft=True))
    from partnerships.declarations import pdf as pdf_module

    pdf = selectors.pdf_of(version)
    if pdf is None or pdf.status != DeclarationPdf.Status.READY or not pdf.file:
        return redirect("partnerships:declaration_pdf_status", partnership.slug, version.number)
    if not pdf.file.storage.exists(pdf.file.name or ""):
        # The file was lost (a storage restored without it): render it again, show the progress.
        publication.request_pdf(version)
        return redirect("partnerships:declaration_pdf_status", partnership.slug, version.number)
    return FileResponse(
        pdf.file.open("rb"),
        as_attachment=True,
        filename=pdf_module.download_filename(version),
        content_type="application/pdf",
    )


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_status(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    if not version.is_published:
        raise Http404
    context = {
        "partnership": partnership,
        "version": version,
        "pdf": selectors.pdf_of(version),
        "can_retry": access.can(request.user, Perm.PS_COORDINATE, partnership)
        or access.can(request.user, Perm.STAFF_REVIEW),
    }
    template = "declarations/_pdf_status.html" if _htmx(request) else "declarations/pdf_status.html"
    return render(request, template, context)


@login_required
@require_POST
def pdf_retry(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    partnership = selectors.get_partnership_for_declaration(request.user, slug)
    if not (
        access.can(request.user, Perm.PS_COORDINATE, partnership)
        or access.can(request.user, Perm.STAFF_REVIEW)
    ):
        raise Http404
    version = selectors.get_version_or_404(request.user, partnership, number)
    if not version.is_published:
        raise Http404
    publication.request_pdf(version, actor=request.user)
    messages.success(request, _("The PDF is being prepared again."))
    return redirect("partnerships:declaration_pdf_status", partnership.slug, version.number)


# --- review ----------------------------------------------------------------------------------------------


@staff_required(Perm.STAFF_REVIEW)
def review_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.review_queue(), 50).get_page(request.GET.get("page"))
    rows = [{"version": v, "days": selectors.days_waiting(v)} for v in page]
    return render(request, "declarations/review_queue.html", {"page": page, "rows": rows})


def _review_version(request: HttpRequest, slug: str, number: int) -> DeclarationVersion:
    partnership = access.get_partnership_or_404(request.user, Perm.PS_VIEW, slug=slug)
    version = selectors.get_version_or_404(request.user, partnership, number)
    if version.status == S.DRAFT:
        raise Http404
    return version


@staff_required(Perm.STAFF_REVIEW)
def review(request: HttpRequest, slug: str, number: int, comment_form=None, decision_form=None):
    version = _review_version(request, slug, number)
    partnership = version.partnership
    previous = selectors.previous_submitted(version)
    context = _document_context(partnership, version)
    comments = selectors.comments_by_section(version)
    context.update(
        {
            "comments": comments,
            "comment_count": sum(len(c) for c in comments.values()),
            "previous": previous,
            "diff": selectors.diff_versions(previous, version) if previous else None,
            "previous_comments": selectors.comments_by_section(previous) if previous else {},
            "comment_form": comment_form or forms.ReviewCommentForm(),
            "decision_form": decision_form or forms.DecisionForm(),
            "open": version.is_waiting_for_review,
            "days": selectors.days_waiting(version),
            "review_sections": [(s, label) for s, label in Section.choices],
        }
    )
    status = 400 if (comment_form or decision_form) else 200
    return render(request, "declarations/review.html", context, status=status)


@staff_required(Perm.STAFF_REVIEW)
@require_POST
def review_start(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _review_version(request, slug, number)
    try:
        declarations_review.start_review(version, actor=request.user)
    except common.DeclarationError as exc:
        messages.error(request, exc.message)
    return redirect("partnerships:declaration_review", slug, number)


@staff_required(Perm.STAFF_REVIEW)
@require_POST
def review_comment(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _review_version(request, slug, number)
    form = forms.ReviewCommentForm(request.POST)
    if not form.is_valid():
        return review(request, slug, number, comment_form=form)
    try:
        declarations_review.add_comment(
            version,
            section=form.cleaned_data["section"],
            body=form.cleaned_data["body"],
            actor=request.user,
        )
    except common.DeclarationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Comment added."))
    return redirect(
        reverse("partnerships:declaration_review", args=[slug, number])
        + f"#section-{form.cleaned_data['section']}"
    )


@staff_required(Perm.STAFF_REVIEW)
@require_POST
def review_decide(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _review_version(request, slug, number)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return review(request, slug, number, decision_form=form)
    decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
    try:
        if decision == form.APPROVE:
            publication.approve(version, actor=request.user, note=reason)
            messages.success(request, _("Approved and published. The PDF is being prepared."))
        elif decision == form.REJECT:
            declarations_review.reject(version, reason=reason, actor=request.user)
            messages.success(request, _("Declaration rejected; the coordinator was told why."))
        else:
            declarations_review.request_changes(version, reason=reason, actor=request.user)
            messages.success(
                request, _("Changes requested; the coordinator has a new draft to amend.")
            )
    except common.DeclarationError as exc:
        form.add_error(None, exc.message)
        return review(request, slug, number, decision_form=form)
    return redirect("partnerships:review_queue")
