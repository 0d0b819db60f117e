"""The reviewers' pages: the queue, a submitted version with its comments, and the decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pact import access
from pact.access import Perm
from pact.access.decorators import staff_required
from pact.kernel import assurance
from partnerships.declarations import common, forms, publication, selectors
from partnerships.declarations import review as declarations_review
from partnerships.declarations.views.common import document_context
from partnerships.models import (
    DeclarationStatus,
    DeclarationVersion,
    Section,
)

S = DeclarationStatus


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
    context = document_context(partnership, version)
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
        declarations_review.start_review(version, actor=request.user, sign_in=assurance.of(request))
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
            sign_in=assurance.of(request),
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
            publication.approve(
                version, actor=request.user, sign_in=assurance.of(request), note=reason
            )
            messages.success(request, _("Approved and published. The PDF is being prepared."))
        elif decision == form.REJECT:
            declarations_review.reject(
                version, reason=reason, actor=request.user, sign_in=assurance.of(request)
            )
            messages.success(request, _("Declaration rejected; the coordinator was told why."))
        else:
            declarations_review.request_changes(
                version, reason=reason, actor=request.user, sign_in=assurance.of(request)
            )
            messages.success(
                request, _("Changes requested; the coordinator has a new draft to amend.")
            )
    except common.DeclarationError as exc:
        form.add_error(None, exc.message)
        return review(request, slug, number, decision_form=form)
    return redirect("partnerships:review_queue")
