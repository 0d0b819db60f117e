"""Staff forms of monitoring: a reporting cycle and its reminder days, returning a report, exports."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import ExportJob
from commitments.reporting.forms import DATE_WIDGET


def parse_days(text: str) -> list[int]:
    days = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not (0 < int(part) <= 365):
            raise forms.ValidationError(
                _("Give whole numbers of days between 1 and 365, separated by commas (e.g. 14, 3).")
            )
        days.append(int(part))
    return sorted(set(days), reverse=True)


class CycleForm(forms.Form):
    year = forms.IntegerField(label=_("Year covered"), min_value=2020, max_value=2100)
    opens_on = forms.DateField(label=_("Opening date"), widget=DATE_WIDGET)
    closes_on = forms.DateField(label=_("Closing date"), widget=DATE_WIDGET)
    reminder_days = forms.CharField(
        label=_("Reminders, days before closing"),
        help_text=_(
            "Comma-separated, e.g. 14, 3. People are also told on opening, on the closing day and when late."
        ),
        required=False,
        initial="14, 3",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["year"].initial = timezone.localdate().year - 1

    def clean_reminder_days(self) -> list[int]:
        return parse_days(self.cleaned_data.get("reminder_days", ""))

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The closing date must be on or after the opening date."))
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the report returned?"),
        help_text=_("The organisation sees this and can correct and resubmit the report."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ExportForm(forms.Form):
    dataset = forms.ChoiceField(label=_("What"), choices=ExportJob.Dataset.choices)
    format = forms.ChoiceField(label=_("Format"), choices=ExportJob.Format.choices)
