"""Forms for a partnership's stakeholder map and its agreement surveys."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organisation
from pact import access
from pact.support.eoi.forms import _choice
from pact.support.mapping.statements import AGREEMENT_LEVELS, SKILLS_STATEMENTS
from pact.support.models import Influence, Stakeholder, StakeholderType


class StakeholderForm(forms.ModelForm):
    member = forms.CharField(
        label=_("Pact member organisation (optional)"),
        required=False,
        max_length=250,
        help_text=_("If the stakeholder is already a Pact member, type its exact name."),
        widget=forms.TextInput(attrs={"list": "member-names", "autocomplete": "off"}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Stakeholder
        fields = ["name", "type", "influence", "power", "interest", "contact", "notes"]
        widgets = {
            "type": forms.Select,
            "influence": forms.RadioSelect,
            "power": forms.RadioSelect(choices=[(n, n) for n in range(1, 6)]),
            "interest": forms.RadioSelect(choices=[(n, n) for n in range(1, 6)]),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "power": _("1: little power over the partnership's goals; 5: decisive."),
            "interest": _("1: little interest in the partnership; 5: very keen."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "type").choices = [("", _("Choose a type")), *StakeholderType.choices]
        _choice(self, "influence").choices = [("", _("Not assessed yet")), *Influence.choices]
        self.fields["influence"].required = False
        for name in ("power", "interest"):
            field = self.fields[name]
            field.widget = forms.RadioSelect(choices=[(n, str(n)) for n in range(1, 6)])
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version
            if self.instance.organisation_id:
                self.initial.setdefault("member", self.instance.organisation.name)
        else:
            del self.fields["lock_version"]

    def clean_member(self) -> Organisation | None:
        text = (self.cleaned_data.get("member") or "").strip()
        if not text:
            return None
        matches = list(access.public_organisations().filter(name__iexact=text)[:2])
        if not matches:
            matches = list(access.public_organisations().filter(slug=text)[:2])
        if len(matches) != 1:
            raise ValidationError(
                _(
                    "No single active Pact member has this name. Check the spelling, or leave it empty."
                )
            )
        return matches[0]

    def stakeholder_data(self) -> dict:
        data = {key: self.cleaned_data.get(key) for key in self.Meta.fields}
        data["influence"] = data.get("influence") or ""
        data["organisation"] = self.cleaned_data.get("member")
        return data


class StakeholderImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 CSV, with the column titles on the first line (the mapping template)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class SurveyForm(forms.Form):
    panel = forms.CharField(
        label=_("Panel"),
        max_length=250,
        help_text=_("Who answered, for example “organising partner” or “kick-off workshop”."),
    )
    held_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            ("", _("Not asked")),
            *[(str(n), f"{n} – {label}") for n, label in AGREEMENT_LEVELS],
        ]
        for statement in SKILLS_STATEMENTS:
            self.fields[f"s_{statement.code}"] = forms.ChoiceField(
                label=statement.text, choices=choices, required=False, widget=forms.RadioSelect
            )
        if not editing:
            del self.fields["lock_version"]
        self.fields["held_on"].initial = timezone.localdate()

    def statement_fields(self):
        return [self[f"s_{s.code}"] for s in SKILLS_STATEMENTS]

    def clean(self):
        data = super().clean()
        if not any(data.get(f"s_{s.code}") for s in SKILLS_STATEMENTS):
            raise ValidationError(_("Record the panel's agreement with at least one statement."))
        return data

    def answers(self) -> dict[str, int]:
        return {
            s.code: int(self.cleaned_data[f"s_{s.code}"])
            for s in SKILLS_STATEMENTS
            if self.cleaned_data.get(f"s_{s.code}")
        }

    @classmethod
    def initial_for(cls, survey) -> dict:
        initial = {
            "panel": survey.panel,
            "held_on": survey.held_on,
            "lock_version": survey.lock_version,
        }
        initial.update({f"s_{code}": str(level) for code, level in survey.answers.items()})
        return initial
