"""Forms of the declaration: one per section (each saves on its own), commitments with targets,
signatures and the reviewer's comments and decision."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commitments.models import Indicator, Unit
from members.models import Organisation
from pact.kernel.texts import content_language_choices
from partnerships.models import Section

MARKDOWN_HELP = _(
    "You can use Markdown: a blank line between paragraphs, “- ” at the start of a line for a "
    "list, *emphasis*, **strong**, [link text](https://…) and “### ” for a heading."
)


class DescribedMixin:
    """Link each input to its help text and errors so screen readers announce them."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_help"  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is None:
                continue
            ids = [f"id_{self.add_prefix(name)}_error"]  # type: ignore[attr-defined]
            if field.help_text:
                ids.insert(0, f"id_{self.add_prefix(name)}_help")  # type: ignore[attr-defined]
            field.widget.attrs["aria-describedby"] = " ".join(ids)
            field.widget.attrs["aria-invalid"] = "true"


def _text(label, rows: int = 8, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=MARKDOWN_HELP,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class SectionForm(DescribedMixin, forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput(attrs={"id": "lock-version"}))


class ChallengesForm(SectionForm):
    language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=content_language_choices,
        help_text=_("The language the declaration is written in; readers see it on the page."),
    )
    challenges = _text(_("Main challenges"), rows=12)


class ObjectivesForm(SectionForm):
    objectives = _text(_("Key objectives"), rows=12)


class AmbitionForm(SectionForm):
    ambition = _text(_("Ambition"), rows=10)


class GovernanceForm(SectionForm):
    governance_coordination = _text(_("Coordination"), rows=6)
    governance_decision_making = _text(_("Decision making"), rows=6)
    governance_monitoring = _text(_("Monitoring"), rows=6)


SECTION_FORMS: dict[str, type[SectionForm]] = {
    Section.CHALLENGES: ChallengesForm,
    Section.OBJECTIVES: ObjectivesForm,
    Section.AMBITION: AmbitionForm,
    Section.GOVERNANCE: GovernanceForm,
}


class CommitmentForm(DescribedMixin, forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput(attrs={"id": "lock-version"}))
    title = forms.CharField(label=_("Title"), max_length=300)
    description = _text(_("Description"), rows=6)
    responsible_organisations = forms.ModelMultipleChoiceField(
        label=_("Responsible organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Member organisations that carry out this commitment."),
    )

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible_organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = organisations if organisations is not None else Organisation.objects.none()


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_unit_display()})"


class TargetForm(DescribedMixin, forms.Form):
    uid = forms.UUIDField(required=False, widget=forms.HiddenInput)
    indicator = IndicatorChoiceField(
        label=_("Indicator (KPI catalogue)"), queryset=Indicator.objects.all()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Retired indicators are offered for no new target; a target keeps its own.
        current = (self.initial or {}).get("indicator")
        self.fields["indicator"].queryset = Indicator.objects.filter(
            Q(retired_at__isnull=True) | Q(pk=getattr(current, "pk", current))
        )

    description = forms.CharField(
        label=_("What is counted"),
        required=False,
        max_length=300,
        help_text=_("In your words, e.g. “faculties and schools taking part”."),
    )
    baseline = forms.DecimalField(
        label=_("Baseline"), required=False, min_value=0, max_digits=16, decimal_places=2
    )
    target_value = forms.DecimalField(
        label=_("Target value"), min_value=0, max_digits=16, decimal_places=2
    )
    target_date = forms.DateField(
        label=_("Target date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        indicator = data.get("indicator")
        # The unit is the indicator's: a unit sent with the row cannot contradict it.
        unit = indicator.unit if indicator else ""
        data["unit"] = unit
        value = data.get("target_value")
        if unit == Unit.PERCENT and value is not None and value > 100:
            self.add_error("target_value", _("A percentage cannot be above 100."))
        return data


class BaseTargetFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.has_changed() and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError(_("Give the commitment at least one target."))


TargetFormSet = forms.formset_factory(
    TargetForm, formset=BaseTargetFormSet, extra=0, can_delete=True, max_num=20
)


class SignatureRequestForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Ask these organisations to sign"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organisations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = organisations if organisations is not None else Organisation.objects.none()


class SignForm(DescribedMixin, forms.Form):
    content_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    decision = forms.ChoiceField(
        label=_("Your organisation's answer"),
        choices=[
            ("sign", _("We sign this declaration")),
            ("decline", _("We decline to sign")),
        ],
        widget=forms.RadioSelect,
    )
    signer_role = forms.CharField(
        label=_("Your role in the organisation"),
        required=False,
        max_length=200,
        help_text=_("Shown with your name on the published declaration, for example “Director”."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you decline: tell the coordinator what would need to change."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say why your organisation declines."))
        return data


class SubmitForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewCommentForm(DescribedMixin, forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=Section.choices)
    body = forms.CharField(
        label=_("Comment"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )


class DecisionForm(DescribedMixin, forms.Form):
    REQUEST_CHANGES, APPROVE, REJECT = "request_changes", "approve", "reject"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (REQUEST_CHANGES, _("Request changes: the coordinator gets a new draft to amend")),
            (APPROVE, _("Approve and publish")),
            (REJECT, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason or note to the coordinator"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to reject; sent to the coordinator with your section comments."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for rejecting the declaration."))
        return data


class TranslationForm(DescribedMixin, forms.Form):
    """A translation of a published version, written beside the original. Only parses: the
    services check the language (a content language, not the original's, not translated yet)."""

    # A text field behind a list: any code reaches the service, which names what is wrong with it.
    language = forms.CharField(label=_("Language of the translation"), widget=forms.Select())
    challenges = _text(_("Main challenges"))
    objectives = _text(_("Key objectives"))
    ambition = _text(_("Ambition"), rows=6)
    governance_coordination = _text(_("Coordination"), rows=5)
    governance_decision_making = _text(_("Decision making"), rows=5)
    governance_monitoring = _text(_("Monitoring"), rows=5)
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, fixed_language: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["language"]
        if fixed_language:
            field.disabled = True
            self.initial["language"] = fixed_language
        field.widget.choices = [("", _("Choose a language")), *content_language_choices()]
