"""Staff manage the KPI catalogue: add, translate, retire (history kept)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from commitments.models import Indicator
from commitments.pledges.forms import TargetForm as PledgeTargetForm
from pact.models import AuditEntry
from partnerships.declarations.forms import TargetForm
from tests.commitments.conftest import make_report

pytestmark = pytest.mark.django_db


def test_staff_add_and_translate_an_indicator(reporting, login):
    staff = login(reporting.world.reviewer)
    assert staff.get(reverse("commitments:staff_kpis")).status_code == 200
    created = staff.post(
        reverse("commitments:staff_kpi_create"),
        {
            "code": "apprentices-hired",
            "unit": "persons",
            "kind": "flow",
            "name_en": "Apprentices hired",
            "definition_en": "Apprentices hired during the year.",
        },
    )
    assert created.status_code == 302
    indicator = Indicator.objects.get(code="apprentices-hired")
    assert indicator.aggregation == "sum" and indicator.kind == "flow"
    again = staff.post(
        reverse("commitments:staff_kpi_create"),
        {
            "code": "apprentices-hired",
            "unit": "count",
            "kind": "flow",
            "name_en": "X",
            "definition_en": "Y",
        },
    )
    assert again.status_code == 400 and "exists already" in again.content.decode()
    staff.post(
        reverse("commitments:staff_kpi_edit", args=["apprentices-hired"]),
        {
            "name_en": "Apprentices hired",
            "name_fr": "Apprentis recrutés",
            "definition_en": "Apprentices hired during the year.",
            "unit": "eur",  # ignored: the unit never changes once the indicator exists
        },
    )
    indicator.refresh_from_db()
    with translation.override("fr"):
        assert indicator.name == "Apprentis recrutés"
    assert indicator.unit == "persons"
    assert AuditEntry.objects.filter(kind="pact.indicator.added").exists()
    assert AuditEntry.objects.filter(kind="pact.indicator.changed").exists()
    assert (
        login(reporting.world.support).get(reverse("commitments:staff_kpi_create")).status_code
        == 404
    )


def test_a_retired_indicator_is_offered_for_no_new_target_and_keeps_its_history(reporting, login):
    r = reporting
    make_report(r.people, r.world.member_org, r.closed, "40")
    staff = login(r.world.reviewer)
    staff.post(
        reverse("commitments:staff_kpi_retire", args=["people-upskilled"]), {"action": "retire"}
    )
    people = Indicator.objects.get(code="people-upskilled")
    assert people.is_retired
    assert people not in TargetForm().fields["indicator"].queryset
    assert people not in PledgeTargetForm().fields["indicator"].queryset
    # a target that has it keeps it
    assert people in TargetForm(initial={"indicator": people.pk}).fields["indicator"].queryset
    assert r.people.reports.count() == 1  # history kept
    page = staff.get(reverse("commitments:staff_kpis")).content.decode()
    assert "Retired" in page and "Offer People up- or reskilled again" in page
    staff.post(
        reverse("commitments:staff_kpi_retire", args=["people-upskilled"]), {"action": "restore"}
    )
    assert not Indicator.objects.get(code="people-upskilled").is_retired
