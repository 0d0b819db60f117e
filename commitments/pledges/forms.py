"""Forms of an individual pledge: the commitment and its targets."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Indicator
from commitments.pledges import services
from commitments.reporting import values as reporting_values
from commitments.reporting.forms import DATE_WIDGET


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
        # Retired indicators are offered for no new target; a target keeps its own.
        current = (self.initial or {}).get("indicator")
        self.fields["indicator"].queryset = Indicator.objects.filter(
            Q(retired_at__isnull=True) | Q(pk=getattr(current, "pk", current))
        ).order_by("position", "code")
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
            check = reporting_values.check_value(indicator.unit, value, None)
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


class PledgeReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve: make it public")), ("reject", _("Do not accept"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the pledge is not accepted."),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
