"""Staff forms of monitoring: a reporting cycle and its reminder days, returning a report, exports."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import ExportJob
from commitments.reporting.forms import DATE_WIDGET
from pact.kernel import schedule


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
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Reports after it are marked late but accepted until the closing day."),
    )
    closes_on = forms.DateField(
        label=_("Closing date"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Nothing is accepted after it. Empty: 30 days after the deadline."),
    )
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
        if any(field in self.errors for field in ("opens_on", "deadline", "closes_on")):
            return data
        if not data.get("deadline") and not data.get("closes_on"):
            if "deadline" not in self.errors and "closes_on" not in self.errors:
                self.add_error("deadline", _("Give the deadline."))
            return data
        # A cycle given only its closing date has its deadline on that day (no late period).
        deadline = data["deadline"] = data.get("deadline") or data["closes_on"]
        closes_on = data["closes_on"] = data.get("closes_on") or schedule.default_closing_day(
            deadline
        )
        opens_on = data.get("opens_on")
        errors = schedule.date_errors(opens_on, deadline, closes_on)
        if opens_on and closes_on < opens_on:
            errors["closes_on"] = [_("The closing date must be on or after the opening date.")]
        for field, messages in errors.items():
            for message in messages:
                self.add_error(field, message)
        return data


class CycleDatesForm(CycleForm):
    """Editing a cycle's days: its year stays."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["year"]


class ExtensionForm(forms.Form):
    deadline = forms.DateField(label=_("New deadline"), widget=DATE_WIDGET)
    organisations = forms.CharField(
        label=_("Organisations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The short names (as in their address) of the organisations, one per line or "
            "separated by commas. Empty: the deadline moves for everyone."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_organisations(self) -> list | None:
        from members.models import Organisation

        text = self.cleaned_data.get("organisations", "")
        slugs = [s.strip() for s in text.replace(",", "\n").splitlines() if s.strip()]
        if not slugs:
            return None
        found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
        unknown = [s for s in slugs if s not in found]
        if unknown:
            raise forms.ValidationError(
                _("No organisation with the short name %(names)s.") % {"names": ", ".join(unknown)}
            )
        return list(found.values())


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
