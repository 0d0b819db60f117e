from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import URLValidator
from django.forms import formset_factory
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import ExportJob, Indicator, Target, Unit
from commitments.reporting import services
from commitments.templatetags.commitments_tags import format_figure

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    """A value achieved in the cycle's year, a short narrative and evidence links, for one target."""

    value = forms.DecimalField(
        label=_("Value achieved in the year"),
        required=False,
        max_digits=16,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    confirm_far_above = forms.BooleanField(
        label=_("Yes, this value is right even though it is far above the target"),
        required=False,
    )
    narrative = forms.CharField(
        label=_("What was done (short narrative)"),
        required=False,
        max_length=services.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evidence_links = forms.CharField(
        label=_("Evidence links"),
        help_text=_("One web address per line: reports, news items, course pages…"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, target: Target, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.needs_confirmation = False
        unit = target.get_unit_display()
        self.fields["value"].help_text = _("In %(unit)s. Target: %(target)s by %(date)s.") % {
            "unit": unit,
            "target": format_figure(target.target_value),
            "date": formats.date_format(target.target_date),
        }
        if target.unit in (Unit.COUNT, Unit.PERSONS):
            self.fields["value"].widget.attrs.update(
                {"step": "1", "min": "0", "inputmode": "numeric"}
            )
        elif target.unit == Unit.PERCENT:
            self.fields["value"].widget.attrs.update({"min": "0", "max": "100"})
        else:
            self.fields["value"].widget.attrs.update({"min": "0", "step": "0.01"})

    def clean_evidence_links(self) -> list[str]:
        lines = services.clean_links(self.cleaned_data.get("evidence_links", "").splitlines())
        validate = URLValidator(schemes=["http", "https"])
        bad = []
        for line in lines:
            try:
                if len(line) > 500:
                    raise forms.ValidationError("too long")
                validate(line)
            except forms.ValidationError:
                bad.append(line[:80])
        if bad:
            raise forms.ValidationError(
                _("Not a web address (http or https): %(links)s") % {"links": ", ".join(bad)}
            )
        if len(lines) > services.MAX_EVIDENCE_LINKS:
            raise forms.ValidationError(
                _("Give at most %(n)s evidence links.") % {"n": services.MAX_EVIDENCE_LINKS}
            )
        return lines

    def clean(self):
        data = super().clean()
        value: Decimal | None = data.get("value")
        if value is None or "value" in self.errors:
            return data
        check = services.check_value(self.target.unit, value, self.target.target_value)
        for message in check.errors:
            self.add_error("value", message)
        if check.far_above and not data.get("confirm_far_above"):
            self.needs_confirmation = True
            self.add_error("value", services.far_above_message(self.target))
        elif check.far_above:
            self.needs_confirmation = True
        return data

    def apply_service_errors(self, exc: services.ReportingError) -> None:
        for field, messages in exc.errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        if isinstance(exc, services.ValueRejected) and exc.needs_confirmation:
            self.needs_confirmation = True
        if not exc.errors:
            self.add_error(None, exc.message)


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


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: target_id, value, narrative, evidence_links, confirm_far_above (the export "
            "of this page has them all). At most 2 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ExportForm(forms.Form):
    dataset = forms.ChoiceField(label=_("What"), choices=ExportJob.Dataset.choices)
    format = forms.ChoiceField(label=_("Format"), choices=ExportJob.Format.choices)


class PledgeForm(forms.Form):
    title = forms.CharField(
        label=_("Pledge"), max_length=300, help_text=_("What your organisation commits to do.")
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class TargetForm(forms.Form):
    target_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.order_by("position", "code"),
        required=False,
    )
    description = forms.CharField(label=_("What is counted"), max_length=300, required=False)
    baseline = forms.DecimalField(
        label=_("Baseline"), min_value=0, max_digits=16, decimal_places=2, required=False
    )
    target_value = forms.DecimalField(
        label=_("Target value"), min_value=0, max_digits=16, decimal_places=2, required=False
    )
    target_date = forms.DateField(label=_("Target date"), widget=DATE_WIDGET, required=False)
    DELETE = forms.BooleanField(label=_("Remove this target"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].label_from_instance = lambda i: (
            f"{i.name} ({i.get_unit_display()})"
        )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(
            data.get(k) for k in ("indicator", "target_value", "target_date", "description")
        )

    def clean(self):
        data = super().clean()
        if data.get("DELETE") or self.is_blank():
            return data
        for name in ("indicator", "target_value", "target_date"):
            if data.get(name) in (None, ""):
                self.add_error(name, _("This field is required."))
        indicator, value = data.get("indicator"), data.get("target_value")
        if indicator and value is not None:
            check = services.check_value(indicator.unit, value, None)
            for message in check.errors:
                self.add_error("target_value", message)
        return data

    def to_input(self) -> services.TargetInput | None:
        data = self.cleaned_data
        if self.is_blank() and not data.get("target_id"):
            return None
        if data.get("DELETE") or self.is_blank():
            return services.TargetInput(
                indicator=data.get("indicator"),  # type: ignore[arg-type]
                target_value=Decimal(0),
                target_date=timezone.localdate(),
                pk=data.get("target_id"),
                delete=True,
            )
        return services.TargetInput(
            indicator=data["indicator"],
            target_value=data["target_value"],
            target_date=data["target_date"],
            baseline=data.get("baseline") or Decimal(0),
            description=data.get("description", ""),
            pk=data.get("target_id"),
        )


TargetFormSet = formset_factory(TargetForm, extra=2, max_num=20, validate_max=True)


def target_initial(pledge) -> list[dict]:
    return [
        {
            "target_id": t.pk,
            "indicator": t.indicator_id,
            "description": t.description,
            "baseline": t.baseline,
            "target_value": t.target_value,
            "target_date": t.target_date,
        }
        for t in pledge.targets.all()
    ]
