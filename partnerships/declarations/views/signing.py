"""Signature pages: the coordinator requests, reminds and withdraws; an organisation's admin signs
or declines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from pact import access
from pact.access import Perm
from pact.kernel import assurance
from partnerships.declarations import common, forms, selectors
from partnerships.declarations import signatures as signing
from partnerships.declarations.views.common import (
    document_context,
    draft_or_redirect,
    editor_context,
    member_organisations,
    workspace_or_404,
)
from partnerships.models import (
    Partnership,
    Section,
    Signature,
    SignatureStatus,
)


def signatories_page(request: HttpRequest, partnership: Partnership, form=None) -> HttpResponse:
    version, response = draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    signatures = selectors.signatures_of(version)
    asked = {s.organisation_id for s in signatures}
    candidates = member_organisations(partnership).exclude(pk__in=asked)
    context = editor_context(partnership, version, Section.SIGNATORIES)
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
    partnership = workspace_or_404(request, slug, Perm.PS_COORDINATE)
    version, response = draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    asked = Signature.objects.filter(version=version).values_list("organisation_id", flat=True)
    form = forms.SignatureRequestForm(
        request.POST, organisations=member_organisations(partnership).exclude(pk__in=asked)
    )
    if not form.is_valid():
        return signatories_page(request, partnership, form)
    created = signing.request_signatures(
        version,
        form.cleaned_data["organisations"],
        actor=request.user,
        sign_in=assurance.of(request),
    )
    messages.success(
        request,
        ngettext(
            "%(count)s organisation asked to sign; its administrators were emailed.",
            "%(count)s organisations asked to sign; their administrators were emailed.",
            len(created),
        )
        % {"count": len(created)},
    )
    return redirect("partnerships:declaration_edit", partnership.slug, Section.SIGNATORIES)


@login_required
@require_POST
def signatures_remind(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = workspace_or_404(request, slug, Perm.PS_COORDINATE)
    version, response = draft_or_redirect(request, partnership)
    if response is not None:
        return response
    assert version is not None
    try:
        count = signing.send_pending_requests(
            version, actor=request.user, sign_in=assurance.of(request)
        )
    except common.DeclarationError as exc:
        messages.error(request, exc.message)
        return redirect("partnerships:declaration_edit", partnership.slug, Section.SIGNATORIES)
    messages.success(
        request,
        ngettext(
            "Signature request sent again to %(count)s organisation.",
            "Signature requests sent again to %(count)s organisations.",
            count,
        )
        % {"count": count},
    )
    return redirect("partnerships:declaration_edit", partnership.slug, Section.SIGNATORIES)


@login_required
@require_POST
def signature_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = workspace_or_404(request, slug, Perm.PS_COORDINATE)
    signature = get_object_or_404(
        Signature.objects.select_related("version", "organisation"),
        pk=pk,
        version__partnership=partnership,
    )
    try:
        signing.withdraw_signature_request(
            signature, actor=request.user, sign_in=assurance.of(request)
        )
    except common.DeclarationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Signature request withdrawn."))
    return redirect("partnerships:declaration_edit", partnership.slug, Section.SIGNATORIES)


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = workspace_or_404(request, slug)
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
                    sign_in=assurance.of(request),
                    signer_role=form.cleaned_data["signer_role"],
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
            **document_context(partnership, version),
            "signature": signature,
            "form": form,
            "error": error,
            "is_valid_signature": signing.valid_signature(signature, version),
        },
        status=status,
    )
