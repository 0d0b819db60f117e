"""Forms for joining: the application (the organisation form with the Charter) and the staff's
decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.forms import PRINCIPLE_LABELS, OrganisationForm
from members.joining.services import CHARTER_PRINCIPLES


class ApplicationForm(OrganisationForm):
    """Registering an organisation: the profile plus the four Charter principles, one box each."""

    principle_1 = forms.BooleanField(label=PRINCIPLE_LABELS[1])
    principle_2 = forms.BooleanField(label=PRINCIPLE_LABELS[2])
    principle_3 = forms.BooleanField(label=PRINCIPLE_LABELS[3])
    principle_4 = forms.BooleanField(label=PRINCIPLE_LABELS[4])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in CHARTER_PRINCIPLES:
            self.fields[f"principle_{n}"].error_messages["required"] = _(
                "Tick this box to accept this principle of the Charter."
            )

    def accepted_principles(self) -> list[int]:
        return [n for n in CHARTER_PRINCIPLES if self.cleaned_data.get(f"principle_{n}")]

    def principle_fields(self):
        return [self[f"principle_{n}"] for n in CHARTER_PRINCIPLES]

    def profile_fields(self):
        return [self[name] for name in (*self.Meta.fields, "logo")]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to reject. It is sent to the applicant."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for the rejection."))
        return data
