"""Forms of reporting: a progress report on one target, and uploading a filled-in sheet."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import URLValidator
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from commitments.models import Target, Unit
from commitments.reporting import services, values
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
    numerator = forms.DecimalField(
        label=_("Numerator (how many)"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=0,
        help_text=_("For a share: the count it is a share of is the denominator."),
    )
    denominator = forms.DecimalField(
        label=_("Denominator (out of how many)"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=0,
        help_text=_("With the numerator, the share is computed for you (never averaged)."),
    )
    confirm_far_above = forms.BooleanField(
        label=_("Yes, this value is right even though it is far above the target"),
        required=False,
    )
    narrative = forms.CharField(
        label=_("What was done (short narrative)"),
        required=False,
        max_length=values.NARRATIVE_MAX,
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
        figures = {
            "unit": target.get_unit_display(),
            "target": format_figure(target.target_value),
            "date": formats.date_format(target.target_date),
        }
        # A count has no unit word ("5", not "5 count").
        self.fields["value"].help_text = (
            _("Target: %(target)s by %(date)s.") % figures
            if target.unit == Unit.COUNT
            else _("In %(unit)s. Target: %(target)s by %(date)s.") % figures
        )
        if target.unit in (Unit.COUNT, Unit.PERSONS):
            self.fields["value"].widget.attrs.update(
                {"step": "1", "min": "0", "inputmode": "numeric"}
            )
        elif target.unit == Unit.PERCENT:
            self.fields["value"].widget.attrs.update({"min": "0", "max": "100"})
        if target.unit != Unit.PERCENT:  # counts behind a share only
            del self.fields["numerator"]
            del self.fields["denominator"]
        else:
            self.fields["value"].widget.attrs.update({"min": "0", "step": "0.01"})

    def clean_evidence_links(self) -> list[str]:
        lines = values.clean_links(self.cleaned_data.get("evidence_links", "").splitlines())
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
        if len(lines) > values.MAX_EVIDENCE_LINKS:
            raise forms.ValidationError(
                _("Give at most %(n)s evidence links.") % {"n": values.MAX_EVIDENCE_LINKS}
            )
        return lines

    def clean(self):
        data = super().clean()
        value: Decimal | None = data.get("value")
        share, count_errors = values.check_counts(
            self.target.unit, value, data.get("numerator"), data.get("denominator")
        )
        for field, messages in count_errors.items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        if value is None and share is not None and not count_errors:
            data["value"] = value = share
        if value is None or "value" in self.errors:
            return data
        check = values.check_value(self.target.unit, value, self.target.target_value)
        for message in check.errors:
            self.add_error("value", message)
        if check.far_above and not data.get("confirm_far_above"):
            self.needs_confirmation = True
            self.add_error("value", values.far_above_message(self.target))
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


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: target_id, value, narrative, evidence_links, confirm_far_above (the export "
            "of this page has them all). At most 2 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
