"""Forms for expressions of interest and their triage: they parse; the services enforce the
regional area rules (``partnerships.rules``)."""

from __future__ import annotations

import re
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from members.models import Organisation
from pact import access
from pact.kernel.map import COUNTRIES, grouped_country_choices
from pact.models import Region
from pact.support.models import ExpressionOfInterest
from partnerships import rules
from partnerships.models import Ecosystem, Partnership, RegionalShape
from partnerships.workspace.selectors import admin_organisations

MAX_OTHER_PARTNERS = 30


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def parse_other_partners(raw: str) -> list[tuple[str, str]]:
    """One partner a line: a name, then its email address (separated by a comma or a tab)."""
    partners: list[tuple[str, str]] = []
    problems = []
    for number, line in enumerate((raw or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        match = re.match(r"^(?P<name>.*?)[\s,;\t]*<?(?P<email>[^\s,;<>]+@[^\s,;<>]+)>?$", line)
        if not match or not match.group("name").strip(" ,;"):
            problems.append(
                _("line %(n)s: write the organisation's name, then its email address")
                % {"n": number}
            )
            continue
        email = match.group("email").strip()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _("line %(n)s: %(email)s is not an email address") % {"n": number, "email": email}
            )
            continue
        partners.append((match.group("name").strip(" ,;"), email.lower()))
    if problems:
        raise ValidationError("; ".join(str(p) for p in problems))
    if len(partners) > MAX_OTHER_PARTNERS:
        raise ValidationError(
            _("Name at most %(n)s other partners here; support services help with more.")
            % {"n": MAX_OTHER_PARTNERS}
        )
    return partners


class EoiForm(forms.Form):
    """Propose a Regional Skills Partnership (or change the proposal when asked for more)."""

    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("It would coordinate the partnership. You must administer it."),
    )
    proposed_name = forms.CharField(label=_("Proposed name of the partnership"), max_length=250)
    shape = forms.ChoiceField(
        label=_("Shape"), choices=RegionalShape.choices, widget=forms.RadioSelect
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
            "NUTS 2024 codes separated by commas, for example ITC4 (Lombardia). Leave empty to "
            "cover whole countries."
        ),
    )
    ecosystem = forms.ChoiceField(label=_("Industrial ecosystem (optional)"), required=False)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations that are Pact members"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partner_q = forms.CharField(
        label=_("Find a member organisation"),
        required=False,
        max_length=100,
        help_text=_("Type at least two letters of its name or acronym, then search."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    other_partners = forms.CharField(
        label=_("Other partners (not Pact members yet)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line: the organisation's name, a comma, its email address. They are invited by "
            "email when the partnership is set up."
        ),
    )
    challenges = forms.CharField(
        label=_("Main challenges"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The skills challenges of the area the partnership would address."),
    )
    intended_commitments = forms.CharField(
        label=_("Intended commitments"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "The concrete actions the partners intend to commit to, with targets if known."
        ),
    )
    note = forms.CharField(
        label=_("What you changed (for support services)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        user,
        eoi: ExpressionOfInterest | None = None,
        resubmitting: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.eoi = eoi
        _choice(self, "countries").choices = list(grouped_country_choices())
        _choice(self, "ecosystem").choices = [
            ("", _("No particular ecosystem")),
            *Ecosystem.choices,
        ]
        partners = cast(forms.ModelMultipleChoiceField, self.fields["partners"])
        partners.queryset = access.public_organisations()
        lead = cast(forms.ModelChoiceField, self.fields["lead_organisation"])
        if eoi is not None:
            # The lead organisation of a proposal does not change.
            lead.queryset = Organisation.objects.filter(pk=eoi.lead_organisation_id)
            lead.initial = eoi.lead_organisation_id
            lead.disabled = True
            self.fields["lock_version"].initial = eoi.lock_version
        else:
            organisations = list(admin_organisations(user).order_by("name"))
            lead.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
            if len(organisations) == 1:
                lead.initial = organisations[0].pk
            del self.fields["lock_version"]
        if not resubmitting:
            del self.fields["note"]

    @classmethod
    def initial_for(cls, eoi: ExpressionOfInterest) -> dict:
        partners = list(eoi.partners.all())
        return {
            "lead_organisation": eoi.lead_organisation_id,
            "proposed_name": eoi.proposed_name,
            "shape": eoi.shape,
            "countries": list(eoi.countries),
            "region_codes": ", ".join(eoi.regions.order_by("code").values_list("code", flat=True)),
            "ecosystem": eoi.ecosystem,
            "partners": [p.organisation_id for p in partners if p.organisation_id],
            "other_partners": "\n".join(
                f"{p.name}, {p.email}" for p in partners if not p.organisation_id
            ),
            "challenges": eoi.challenges,
            "intended_commitments": eoi.intended_commitments,
        }

    def country_groups(self) -> list[tuple[str, list]]:
        by_value = {w.data["value"]: w for w in self["countries"].subwidgets}
        return [
            (label, [by_value[code] for code, _name in rows if code in by_value])
            for label, rows in grouped_country_choices()
        ]

    def clean_region_codes(self) -> list[Region]:
        return rules.parse_region_codes(self.cleaned_data.get("region_codes") or "")

    def clean_other_partners(self) -> list[tuple[str, str]]:
        return parse_other_partners(self.cleaned_data.get("other_partners") or "")

    def clean_proposed_name(self) -> str:
        name = self.cleaned_data["proposed_name"].strip()
        same = self.eoi is not None and name.lower() == self.eoi.proposed_name.lower()
        if not same and Partnership.objects.public().filter(name__iexact=name).exists():
            raise ValidationError(
                _("A partnership with this name already exists: choose another name.")
            )
        return name

    def clean(self):
        data = super().clean()
        countries = [c for c in data.get("countries") or [] if c in COUNTRIES]
        data["countries"] = countries  # the area rules are the services' (partnerships.rules)
        lead = data.get("lead_organisation")
        if lead is not None and any(o.pk == lead.pk for o in data.get("partners") or []):
            data["partners"] = [o for o in data["partners"] if o.pk != lead.pk]
        return data

    def eoi_data(self) -> dict:
        data = self.cleaned_data
        return {
            "proposed_name": data["proposed_name"],
            "shape": data["shape"],
            "countries": data["countries"],
            "ecosystem": data.get("ecosystem") or "",
            "challenges": data["challenges"],
            "intended_commitments": data["intended_commitments"],
        }


class DecisionForm(forms.Form):
    ACCEPT, INFO, DECLINE = "accept", "info", "decline"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ACCEPT, _("Accept: set up the draft partnership and invite the partners")),
            (INFO, _("Ask the proposer for more information")),
            (DECLINE, _("Decline")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    comment = forms.CharField(
        label=_("Comment for the proposer"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to ask for more information or to decline; sent by email."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") in (self.INFO, self.DECLINE)
            and not (data.get("comment") or "").strip()
        ):
            self.add_error("comment", _("Write a comment: the proposer needs to know why."))
        return data
