"""Staff pages for the texts of the reporting reminders and notices: the list, and one text edited
per language beside a preview of the mail in each interface language."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from commitments.models import NoticeKind, NoticeText
from commitments.monitoring import notices
from commitments.reporting.services import ReportingError
from pact.access import Perm
from pact.access.decorators import staff_required
from pact.kernel import assurance
from pact.kernel.texts import LocalisedTextFormField

PLACEHOLDER_HELP = gettext_lazy(
    "You may write {year}, {deadline}, {days} (days left) and {link} (the reporting page): each "
    "mail fills them in."
)


class NoticeTextForm(forms.Form):
    subject = LocalisedTextFormField(label=gettext_lazy("Subject"), max_length=200)
    body = LocalisedTextFormField(
        label=gettext_lazy("Message"), multiline=True, max_length=4000, help_text=PLACEHOLDER_HELP
    )


@staff_required(Perm.STAFF_REVIEW)
def notice_list(request: HttpRequest) -> HttpResponse:
    own = {n.kind: n for n in NoticeText.objects.select_related("updated_by")}
    rows = [
        {"kind": kind, "label": label, "own": own.get(kind)} for kind, label in NoticeKind.choices
    ]
    return render(request, "commitments/notice_list.html", {"rows": rows})


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def notice_edit(request: HttpRequest, kind: str) -> HttpResponse:
    """Write the text in its original language and its translations; "Preview" shows the mail as
    it would go out without saving; "Back to the built-in text" removes the own text."""
    if kind not in NoticeKind.values:
        raise Http404
    own = notices.current(kind)
    shown = own
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reset":
            notices.reset(kind, actor=request.user, sign_in=assurance.of(request))
            messages.success(request, _("The built-in text is used again."))
            return redirect("commitments:notice_edit", kind=kind)
        form = NoticeTextForm(request.POST)
        if form.is_valid():
            draft = NoticeText(kind=kind, **form.cleaned_data)
            unknown = notices.unknown_placeholders(draft.subject) + notices.unknown_placeholders(
                draft.body
            )
            if action == "save" and not unknown:
                try:
                    notices.save(
                        kind,
                        subject=draft.subject,
                        body=draft.body,
                        actor=request.user,
                        sign_in=assurance.of(request),
                    )
                except ReportingError as exc:
                    form.add_error(None, exc.message)
                    status = 400
                else:
                    messages.success(request, _("Text saved: the next mails use it."))
                    return redirect("commitments:notice_edit", kind=kind)
            if unknown:
                form.add_error(
                    "body",
                    _("Unknown placeholders: %(names)s.")
                    % {"names": ", ".join("{" + n + "}" for n in unknown)},
                )
                status = 400
            shown = draft
        else:
            status = 400
    else:
        form = NoticeTextForm(initial={"subject": own.subject, "body": own.body} if own else None)
    return render(
        request,
        "commitments/notice_edit.html",
        {
            "form": form,
            "kind": kind,
            "label": NoticeKind(kind).label,
            "own": own,
            "preview": notices.preview(kind, shown),
            "previewing": shown is not own,
        },
        status=status,
    )
