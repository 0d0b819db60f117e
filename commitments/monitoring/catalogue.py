"""The KPI catalogue managed by staff: add an indicator, translate it, retire it (its targets and
reports keep their history; it is offered for no new target). Every change is audited."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from commitments.models import Aggregation, Indicator, IndicatorKind, Unit
from commitments.results import selectors
from pact.access import Perm
from pact.access.decorators import staff_required
from pact.kernel.audit import log_action
from pact.kernel.texts import LocalisedText

LANGUAGES = ("en", "fr", "de")


class IndicatorForm(forms.Form):
    code = forms.SlugField(
        label=gettext_lazy("Code"),
        max_length=60,
        help_text=gettext_lazy("Lower-case words joined by hyphens; it cannot change later."),
    )
    unit = forms.ChoiceField(label=gettext_lazy("Unit"), choices=Unit.choices)
    kind = forms.ChoiceField(label=gettext_lazy("How values add up"), choices=IndicatorKind.choices)
    headline = forms.BooleanField(label=gettext_lazy("One of the headline figures"), required=False)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=200)
    name_fr = forms.CharField(label=gettext_lazy("Name (French)"), max_length=200, required=False)
    name_de = forms.CharField(label=gettext_lazy("Name (German)"), max_length=200, required=False)
    definition_en = forms.CharField(
        label=gettext_lazy("Definition (English)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    definition_fr = forms.CharField(
        label=gettext_lazy("Definition (French)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    definition_de = forms.CharField(
        label=gettext_lazy("Definition (German)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, indicator: Indicator | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator is not None:
            # The code names the indicator everywhere (API, exports); the unit and how values
            # add up are what its reports mean: none of them change once it exists.
            for name in ("code", "unit", "kind"):
                del self.fields[name]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if Indicator.objects.filter(code=code).exists():
            raise forms.ValidationError(_("An indicator with this code exists already."))
        return code


def _texts(data: dict, field: str) -> LocalisedText:
    return LocalisedText.build(
        "en",
        data[f"{field}_en"].strip(),
        [(lang, data.get(f"{field}_{lang}", "")) for lang in LANGUAGES[1:]],
    )


def _initial(indicator: Indicator) -> dict:
    initial: dict[str, object] = {"headline": indicator.headline}
    for field, texts in (("name", indicator.names), ("definition", indicator.definitions)):
        for lang in LANGUAGES:
            initial[f"{field}_{lang}"] = texts.texts.get(lang, "") if texts else ""
    return initial


@staff_required(Perm.STAFF)
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "commitments/staff_kpis.html",
        {"indicators": list(selectors.catalogue_with_uses())},
    )


@staff_required(Perm.STAFF_REVIEW)
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Add an indicator (``code`` None) or change its texts and translations."""
    indicator = get_object_or_404(Indicator, code=code) if code else None
    status = 200
    if request.method == "POST":
        form = IndicatorForm(request.POST, indicator=indicator)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                if indicator is None:
                    indicator = Indicator(
                        code=data["code"],
                        unit=data["unit"],
                        kind=data["kind"],
                        aggregation=Aggregation.NONE
                        if data["unit"] == Unit.PERCENT
                        else Aggregation.SUM,
                        position=(Indicator.objects.count() + 1) * 10,
                    )
                    kind = "pact.indicator.added"
                else:
                    kind = "pact.indicator.changed"
                indicator.names = _texts(data, "name")
                indicator.definitions = _texts(data, "definition")
                indicator.headline = data["headline"]
                indicator.save()
                log_action(kind, indicator, request.user, {"code": indicator.code})
            messages.success(
                request, _("The indicator %(code)s was saved.") % {"code": indicator.code}
            )
            return redirect("commitments:staff_kpis")
        status = 400
    else:
        form = IndicatorForm(
            indicator=indicator, initial=_initial(indicator) if indicator else None
        )
    return render(
        request,
        "commitments/staff_kpi_form.html",
        {"form": form, "indicator": indicator},
        status=status,
    )


@staff_required(Perm.STAFF_REVIEW)
@require_POST
def indicator_retire(request: HttpRequest, code: str) -> HttpResponse:
    """Retire an indicator (or bring it back): no new target may use it; history stays."""
    action = request.POST.get("action", "retire")
    if action not in ("retire", "restore"):
        raise Http404
    with transaction.atomic():
        indicator = get_object_or_404(Indicator.objects.select_for_update(), code=code)
        indicator.retired_at = timezone.now() if action == "retire" else None
        indicator.save(update_fields=["retired_at"])
        log_action(f"pact.indicator.{action}d", indicator, request.user, {"code": code})
    messages.success(
        request,
        _("%(code)s is retired: offered for no new target, its history kept.") % {"code": code}
        if action == "retire"
        else _("%(code)s is offered for new targets again.") % {"code": code},
    )
    return redirect("commitments:staff_kpis")
