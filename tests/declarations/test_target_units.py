"""Units come from the indicator: a unit sent with a target row cannot contradict it, and existing
targets whose unit disagrees are listed for staff (not converted)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import Commitment, Target
from partnerships.declarations import drafting
from tests.declarations.conftest import indicator

pytestmark = pytest.mark.django_db


def test_the_editor_takes_the_indicators_unit_not_the_rows(world, draft, login):
    people = indicator("people-upskilled")
    drafting.save_commitment(
        draft,
        None,
        data={"title": "Reskill", "description": "", "responsible_organisations": []},
        targets=[
            {
                "indicator": people,
                "unit": "eur",  # a row saying euros for people
                "baseline": Decimal(0),
                "target_value": Decimal(300),
                "target_date": dt.date(2027, 12, 31),
            }
        ],
        lock_version=draft.lock_version,
        actor=world.coordinator,
    )
    target = Target.objects.get(commitment__title="Reskill")
    assert target.unit == "persons"

    draft.refresh_from_db()
    client = login(world.coordinator)
    url = reverse("partnerships:declaration_commitment_new", args=[world.partnership.slug])
    response = client.post(
        url,
        {
            "lock_version": draft.lock_version,
            "title": "Reskill by form",
            "description": "",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-indicator": people.pk,
            "targets-0-unit": "eur",
            "targets-0-baseline": "0",
            "targets-0-target_value": "300",
            "targets-0-target_date": "2027-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Target.objects.get(commitment__title="Reskill by form").unit == "persons"


def test_staff_see_existing_targets_whose_unit_disagrees(world, login):
    commitment = Commitment.objects.create(
        partnership=world.partnership, title="Old euros for people", is_current=True
    )
    Target.objects.create(
        commitment=commitment,
        indicator=indicator("people-upskilled"),
        unit="eur",
        target_value=Decimal(300),
        target_date=dt.date(2027, 12, 31),
    )
    Target.objects.create(
        commitment=commitment,
        indicator=indicator("investment-eur"),
        unit="eur",
        target_value=Decimal(5000),
        target_date=dt.date(2027, 12, 31),
    )
    page = login(world.reviewer).get(reverse("commitments:monitoring"))
    body = page.content.decode()
    assert "Targets whose unit is not their indicator" in body
    assert "Old euros for people" in body and "0 → 300 EUR" in body
    assert body.count("Old euros for people") == 1  # the matching one is not listed
    # nothing was converted
    assert Target.objects.filter(unit="eur", indicator__code="people-upskilled").exists()
