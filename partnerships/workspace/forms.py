"""Forms for partnerships: set-up and profile (parsing only: the services enforce
``partnerships.rules``), invitations, notes, stage."""

from __future__ import annotations

import contextlib
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Organisation
from pact.kernel.map import COUNTRIES, grouped_country_choices
from pact.kernel.texts import content_language_choices
from pact.models import Region
from partnerships import rules
from partnerships.models import (
    Ecosystem,
    Partnership,
    PartnershipKind,
    RegionalShape,
    Stage,
)
from partnerships.workspace import selectors


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class PartnershipForm(forms.ModelForm):
    """Set up a partnership, or edit its profile (``editing=True``: name and kind are fixed).

    It parses; the rules per kind and area (``partnerships.rules``) are checked by the services,
    whose refusal the view shows on the fields it names.
    """

    organisation = forms.ModelChoiceField(
        label=_("Coordinating organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("Your organisation becomes the coordinator of the partnership."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries covered"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Candidate countries may be chosen on their own, without regions."),
    )
    region_codes = forms.CharField(
        label=_("NUTS regions covered"),
        required=False,
        max_length=500,
        help_text=_(
            "NUTS 2024 codes separated by commas, for example ITC4 (Lombardia) or ES51 "
            "(Cataluña). Leave empty to cover whole countries."
        ),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Partnership
        fields = [
            "name",
            "acronym",
            "kind",
            "ecosystem",
            "shape",
            "countries",
            "parent",
            "summary",
            "summary_language",
            "website",
            "looking_for_members",
            "looking_for",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "shape": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "looking_for": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "ecosystem": _("Required for a Large-Scale Partnership."),
            "shape": _("Required for a Regional Skills Partnership."),
            "parent": _("Required for a Local Ecosystem Partnership; optional for a Regional one."),
            "looking_for": _("Shown on the public page while you are looking for members."),
        }

    def __init__(self, *args, user, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        self._add_summary_translations()
        _choice(self, "countries").choices = [
            (label, rows) for label, rows in grouped_country_choices()
        ]
        parent = _model_choice(self, "parent")
        parent.queryset = selectors.lsp_choices(user, exclude=self.instance)
        parent.empty_label = _("No parent partnership")
        ecosystem = _choice(self, "ecosystem")
        ecosystem.choices = [("", _("No particular ecosystem")), *Ecosystem.choices]
        _choice(self, "shape").choices = RegionalShape.choices
        self.fields["shape"].required = False
        self.fields["website"].widget.attrs["placeholder"] = "https://"
        if editing:
            del self.fields["name"]
            del self.fields["kind"]
            del self.fields["organisation"]
            self.fields["lock_version"].initial = self.instance.lock_version
            self.initial.setdefault(
                "region_codes",
                ", ".join(self.instance.regions.order_by("code").values_list("code", flat=True)),
            )
        else:
            del self.fields["lock_version"]
            organisations = list(selectors.admin_organisations(user).order_by("name"))
            field = _model_choice(self, "organisation")
            field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
            if len(organisations) == 1:
                # Only one organisation to act for: no question to ask.
                self.only_organisation = organisations[0]
                field.initial = organisations[0].pk
                field.required = False
                field.widget = forms.HiddenInput()
            _choice(self, "kind").choices = PartnershipKind.choices

    only_organisation: Organisation | None = None

    def _add_summary_translations(self) -> None:
        """Translation rows of the summary (language and text) below the original: the existing
        ones and two empty ones; saving adds room for more."""
        self.fields["summary_language"].required = False
        existing = list((self.instance.summary_translations or {}).items())
        count = len(existing) + 2
        if self.is_bound:
            with contextlib.suppress(ValueError):
                count = int(self.data.get("summary_rows") or count)
        count = max(0, min(count, 40))
        self.fields["summary_rows"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=count
        )
        choices = [("", _("Choose a language")), *content_language_choices()]
        for n in range(1, count + 1):
            code, text = existing[n - 1] if n <= len(existing) else ("", "")
            # A text field behind a list: the services name what is wrong with any code.
            self.fields[f"summary_{n}_language"] = forms.CharField(
                label=_("Translation %(n)s: language") % {"n": n},
                required=False,
                initial=code,
                widget=forms.Select(choices=choices),
            )
            self.fields[f"summary_{n}_text"] = forms.CharField(
                label=_("Translation %(n)s: text") % {"n": n},
                required=False,
                initial=text,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.summary_rows = count

    def summary_translation_fields(self) -> list[tuple]:
        return [
            (self[f"summary_{n}_language"], self[f"summary_{n}_text"])
            for n in range(1, self.summary_rows + 1)
        ]

    def clean_organisation(self) -> Organisation | None:
        return self.cleaned_data.get("organisation") or self.only_organisation

    @property
    def kind(self) -> str:
        if self.editing:
            return self.instance.kind
        return self.cleaned_data.get("kind") or ""

    def country_groups(self) -> list[tuple[str, list]]:
        """The country checkboxes grouped (EU, candidates, others) for one fieldset each."""
        by_value = {w.data["value"]: w for w in self["countries"].subwidgets}
        return [
            (label, [by_value[code] for code, _name in rows if code in by_value])
            for label, rows in grouped_country_choices()
        ]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Partnership.objects.public().filter(name__iexact=name).exists():
            raise forms.ValidationError(_("A partnership with this name already exists."))
        return name

    def clean_region_codes(self) -> list[Region]:
        return rules.parse_region_codes(self.cleaned_data.get("region_codes") or "")

    def clean(self):
        # The kind and area rules are the services' (partnerships.workspace.setup): a refusal comes
        # back as a PartnershipError and shows on its fields.
        data = super().clean()
        if data.get("looking_for_members") and not (data.get("looking_for") or "").strip():
            self.add_error(
                "looking_for",
                _("Say which organisations you are looking for, so they know to get in touch."),
            )
        return data

    def profile_data(self) -> dict:
        data = {key: self.cleaned_data.get(key) for key in self.fields if key in self.Meta.fields}
        if "summary_language" in self.data:
            data["summary_language"] = self.cleaned_data.get("summary_language") or "en"
            data["summary_translations"] = [
                (
                    self.cleaned_data.get(f"summary_{n}_language") or "",
                    self.cleaned_data.get(f"summary_{n}_text") or "",
                )
                for n in range(1, self.summary_rows + 1)
            ]
        else:  # a client that knows nothing of languages leaves them as they are
            data.pop("summary_language", None)
        data["countries"] = [c for c in self.cleaned_data.get("countries") or [] if c in COUNTRIES]
        data["shape"] = self.cleaned_data.get("shape") or ""
        data["ecosystem"] = self.cleaned_data.get("ecosystem") or ""
        return data


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a member organisation"),
        required=False,
        max_length=100,
        help_text=_("Type at least two letters of its name or acronym."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class InviteOrganisationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation to invite"),
        queryset=Organisation.objects.all(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the organisation to invite.")},
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InviteEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "For an organisation that is not a Pact member yet: they register it, then accept."
        ),
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OrganisationChoiceForm(forms.Form):
    """Choose which of my organisations acts (join request, accepting an invitation by email)."""

    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose your organisation.")},
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = _model_choice(self, "organisation")
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        self.only_organisation = organisations[0] if len(organisations) == 1 else None
        if self.only_organisation is not None:
            field.initial = self.only_organisation.pk
            field.required = False
            field.widget = forms.HiddenInput()

    def clean_organisation(self) -> Organisation | None:
        return self.cleaned_data.get("organisation") or self.only_organisation


class JoinRequestForm(OrganisationChoiceForm):
    message = forms.CharField(
        label=_("Why your organisation wants to join (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the note before posting it.")},
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Life-cycle stage"), choices=Stage.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the partnership moves to this stage; kept in its history."),
        error_messages={"required": _("Explain the change in a short note.")},
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for closing"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for closing in a short note.")},
    )


class HandoverForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("New coordinating organisation"),
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the member organisation that takes over.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that my organisation stays a member but no longer coordinates."),
        error_messages={"required": _("Confirm the hand-over.")},
    )

    def __init__(self, *args, partnership: Partnership, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "organisation").queryset = selectors.handover_candidates(partnership)
