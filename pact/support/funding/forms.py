"""Forms for funding calls: writing them, searching them, bookmarking one for a partnership."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from pact.support.forms import _choice, _ecosystem_choices
from pact.support.models import (
    CallStatus,
    FundingCall,
)
from partnerships.models import Partnership


class FundingCallForm(forms.ModelForm):
    link = forms.URLField(label=_("Link to the call"), max_length=500, assume_scheme="https")
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FundingCall
        fields = [
            "title",
            "programme",
            "institution",
            "ecosystem",
            "status",
            "opens_on",
            "deadline",
            "funding",
            "summary",
            "eligibility",
            "language",
            "link",
            "members_only",
        ]
        widgets = {
            "status": forms.RadioSelect,
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "eligibility": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "ecosystem").choices = _ecosystem_choices(_("All ecosystems"))
        self.fields["language"].required = False  # kept as it was when left out (clean)
        self.fields["link"].widget.attrs["placeholder"] = "https://"
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version
        else:
            del self.fields["lock_version"]

    def clean(self):
        data = super().clean()
        if not data.get("language") and "language" not in self.errors:
            # Left out (an older client): the language it had, else English.
            data["language"] = self.instance.language or "en"
        opens_on, deadline = data.get("opens_on"), data.get("deadline")
        if opens_on and deadline and deadline < opens_on:
            self.add_error("deadline", _("The deadline comes after the opening date."))
        if data.get("status") == CallStatus.OPEN and not deadline:
            self.add_error("deadline", _("An open call has a deadline: give it."))
        return data

    def call_data(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in self.Meta.fields}


class CallSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    ecosystem = forms.ChoiceField(label=_("Industrial ecosystem"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    deadline_after = forms.DateField(
        label=_("Deadline on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    members_only = forms.BooleanField(label=_("Only calls for Pact members"), required=False)

    def __init__(self, *args, programmes: list[str], show_members_only: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "status").choices = [("", _("Any status")), *CallStatus.choices]
        _choice(self, "ecosystem").choices = _ecosystem_choices(_("Any ecosystem"))
        _choice(self, "programme").choices = [("", _("Any programme"))] + [
            (p, p) for p in programmes
        ]
        if not show_members_only:
            del self.fields["members_only"]


class BookmarkForm(forms.Form):
    partnership = forms.ModelChoiceField(
        label=_("Partnership preparing an application"),
        queryset=Partnership.objects.none(),
        error_messages={"required": _("Choose the partnership.")},
    )
    note = forms.CharField(
        label=_("Note for the partnership's members (optional)"),
        required=False,
        max_length=500,
        widget=forms.TextInput,
    )

    def __init__(self, *args, partnerships: list[Partnership], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["partnership"])
        field.queryset = Partnership.objects.filter(pk__in=[p.pk for p in partnerships]).order_by(
            "name"
        )
        if len(partnerships) == 1:
            field.initial = partnerships[0].pk
