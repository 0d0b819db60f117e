"""Staff page to merge a duplicate organisation into the one that is kept."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.common import MembershipError
from members.merging import services
from members.models import Organisation, OrganisationStatus
from pact.access import Perm
from pact.access.decorators import staff_required


def _find(text: str) -> Organisation | None:
    text = text.strip()
    if not text:
        return None
    found = list(
        Organisation.objects.exclude(status=OrganisationStatus.MERGED).filter(
            Q(slug=text) | Q(name__iexact=text) | Q(contribution_id=text)
        )[:2]
    )
    return found[0] if len(found) == 1 else None


class MergeForm(forms.Form):
    duplicate = forms.CharField(
        label=gettext_lazy("Organisation to merge (the duplicate)"),
        help_text=gettext_lazy("Its exact name, its address name (slug) or its contribution ID."),
        max_length=250,
    )
    kept = forms.CharField(
        label=gettext_lazy("Organisation to keep"),
        help_text=gettext_lazy("Its exact name, its address name (slug) or its contribution ID."),
        max_length=250,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (for the audit log)"), max_length=500, required=False
    )

    def clean(self):
        data = super().clean()
        for name in ("duplicate", "kept"):
            if data.get(name):
                found = _find(data[name])
                if found is None:
                    self.add_error(name, _("No single organisation (not merged) is called so."))
                data[f"{name}_organisation"] = found
        if data.get("duplicate_organisation") and data.get("duplicate_organisation") == data.get(
            "kept_organisation"
        ):
            self.add_error("kept", _("Choose two different organisations."))
        return data


@staff_required(Perm.STAFF_REVIEW)
def merge(request: HttpRequest) -> HttpResponse:
    """GET with both names shows what will move; POST with ``confirm`` merges."""
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = MergeForm(data)
    preview = None
    if form.is_bound and form.is_valid():
        duplicate = form.cleaned_data["duplicate_organisation"]
        kept = form.cleaned_data["kept_organisation"]
        if request.method == "POST" and request.POST.get("confirm"):
            try:
                result = services.merge(
                    duplicate,
                    kept,
                    request.user,  # type: ignore[arg-type]
                    form.cleaned_data["reason"],
                )
            except MembershipError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _(
                        "%(duplicate)s is merged into %(kept)s: %(moved)s records moved, "
                        "%(history)s kept with the duplicate as history."
                    )
                    % {
                        "duplicate": duplicate.name,
                        "kept": kept.name,
                        "moved": sum(result["moved"].values()),
                        "history": sum(result["history"].values()),
                    },
                )
                return redirect("members:profile", kept.slug)
        preview = {"duplicate": duplicate, "kept": kept, "counts": services.preview(duplicate)}
    return render(
        request,
        "members/merge.html",
        {"form": form, "preview": preview},
        status=400 if form.is_bound and form.errors else 200,
    )
