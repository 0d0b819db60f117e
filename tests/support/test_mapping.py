"""The stakeholder map and agreement survey of a partnership: the coordinator writes, workspace
members read, outsiders get 404."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from pact.models import AuditEntry
from pact.support.common import SupportError
from pact.support.mapping import services as mapping_services
from pact.support.models import AgreementSurvey, Stakeholder

pytestmark = pytest.mark.django_db


def stakeholder_data(**extra) -> dict:
    data = {
        "name": "Regional Chamber of Commerce",
        "type": "network",
        "influence": "system",
        "power": "4",
        "interest": "5",
        "member": "",
        "notes": "Runs the creative industries cluster.",
    }
    data.update(extra)
    return data


def add(world, **extra) -> Stakeholder:
    data = {"name": "VET school", "type": "vet", "influence": "", "power": 2, "interest": 4}
    data.update(extra)
    return mapping_services.add_stakeholder(world.partnership, actor=world.coordinator, data=data)


def test_the_coordinator_maps_stakeholders_and_sees_counts_and_grids(login, world):
    client = login(world.coordinator)
    url = reverse("support:stakeholder_create", args=[world.partnership.slug])
    response = client.post(url, stakeholder_data(member=world.member_org.name))
    assert response.status_code == 302
    stakeholder = Stakeholder.objects.get()
    assert (
        stakeholder.organisation == world.member_org
        and stakeholder.partnership == world.partnership
    )
    assert AuditEntry.objects.filter(kind="pact.stakeholder.added").exists()
    add(world, name="Policy office", type="policymaker", influence="direct", power=5, interest=2)

    page = client.get(reverse("support:stakeholders", args=[world.partnership.slug]))
    assert page.status_code == 200
    summary = page.context["summary"]
    assert summary["total"] == 2 and summary["members"] == 1
    assert dict(summary["type_rows"])["Network organisation"] == 1
    assert dict(summary["influence_rows"])["System influence"] == 1
    # Power 4 / interest 5 and power 5 / interest 2 in the grid and its table.
    rows = {row["power"]: row["cells"] for row in summary["power_interest_table"]}
    assert rows[4][4] == 1 and rows[5][1] == 1
    html = page.content.decode()
    assert 'id="chart-power-interest-title"' in html and 'role="img"' in html
    assert "Manage closely" in html and "Keep satisfied" in html


def test_members_read_the_map_but_cannot_change_it(login, world):
    stakeholder = add(world)
    client = login(world.member)
    slug = world.partnership.slug
    page = client.get(reverse("support:stakeholders", args=[slug]))
    assert page.status_code == 200 and not page.context["can_coordinate"]
    assert client.get(reverse("support:stakeholder_create", args=[slug])).status_code == 404
    assert (
        client.post(
            reverse("support:stakeholder_edit", args=[slug, stakeholder.pk]), stakeholder_data()
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("support:stakeholder_delete", args=[slug, stakeholder.pk])).status_code
        == 404
    )
    assert Stakeholder.objects.filter(pk=stakeholder.pk, name="VET school").exists()
    with pytest.raises(SupportError):
        mapping_services.add_stakeholder(
            world.partnership, actor=world.member, data=stakeholder_data(power=3, interest=3)
        )


def test_outsiders_get_404_everywhere(login, world, client):
    stakeholder = add(world)
    survey = mapping_services.record_survey(
        world.partnership,
        actor=world.coordinator,
        panel="Kick-off",
        held_on="2025-01-01",
        answers={"entrepreneurial": 5},
    )
    slug = world.partnership.slug
    urls = [
        reverse("support:stakeholders", args=[slug]),
        reverse("support:stakeholders_export", args=[slug]),
        reverse("support:stakeholder_edit", args=[slug, stakeholder.pk]),
        reverse("support:surveys", args=[slug]),
        reverse("support:survey_detail", args=[slug, survey.pk]),
        reverse("support:survey_edit", args=[slug, survey.pk]),
    ]
    outsider = login(world.outsider)
    for url in urls:
        assert outsider.get(url).status_code == 404, url
    outsider.logout()
    for url in urls:
        assert client.get(url).status_code == 302, url  # anonymous: sign in first


def test_bad_scores_are_refused_and_the_form_is_kept(login, world):
    client = login(world.coordinator)
    url = reverse("support:stakeholder_create", args=[world.partnership.slug])
    response = client.post(url, stakeholder_data(power="7", type="", member="No Such Org"))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"power", "type", "member"} <= set(errors)
    assert response.context["form"].data["name"] == "Regional Chamber of Commerce"
    assert not Stakeholder.objects.exists()
    with pytest.raises(SupportError):
        mapping_services.add_stakeholder(
            world.partnership,
            actor=world.coordinator,
            data={"name": "X", "type": "vet", "power": 0, "interest": 3},
        )


def test_a_stale_edit_is_refused(login, world):
    stakeholder = add(world)
    old = stakeholder.lock_version
    mapping_services.update_stakeholder(
        stakeholder,
        actor=world.coordinator,
        data={"name": "Renamed", "type": "vet", "power": 2, "interest": 4},
        lock_version=old,
    )
    client = login(world.coordinator)
    response = client.post(
        reverse("support:stakeholder_edit", args=[world.partnership.slug, stakeholder.pk]),
        stakeholder_data(lock_version=old, name="Second writer"),
    )
    assert response.status_code == 400
    assert "Someone else saved" in str(response.context["form"].non_field_errors())
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Renamed"


def test_removing_a_stakeholder_is_audited(login, world):
    stakeholder = add(world)
    client = login(world.coordinator)
    url = reverse("support:stakeholder_delete", args=[world.partnership.slug, stakeholder.pk])
    assert client.get(url).status_code == 200
    client.post(url)
    assert not Stakeholder.objects.exists()
    assert AuditEntry.objects.filter(kind="pact.stakeholder.removed").exists()


def test_the_export_carries_the_partnership_data(login, world):
    add(world, name="=HYPERLINK(evil)", organisation=world.member_org)
    response = login(world.member).get(
        reverse("support:stakeholders_export", args=[world.partnership.slug])
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["partnership"] == world.partnership.name
    assert row["coordinator"] == world.coordinator_org.name and row["countries"] == "BE"
    assert row["stakeholder"] == "'=HYPERLINK(evil)"  # not run as a formula
    assert row["pact_member"] == "yes" and row["member_organisation"] == world.member_org.name
    assert row["engagement"] == "Keep informed"


def test_the_map_page_runs_a_constant_number_of_queries(login, world, count_queries):
    client = login(world.coordinator)
    url = reverse("support:stakeholders", args=[world.partnership.slug])
    add(world, organisation=world.member_org)
    client.get(url)
    few = count_queries(lambda: client.get(url))
    for n in range(15):
        add(world, name=f"Stakeholder {n}", organisation=world.member_org, type="training")
    assert count_queries(lambda: client.get(url)) == few


def test_the_coordinator_records_a_panels_agreement(login, world):
    client = login(world.coordinator)
    slug = world.partnership.slug
    data = {"panel": "Organising partner", "held_on": "2024-12-10"}
    data |= {"s_he_courses": "2", "s_entrepreneurial": "5", "s_vet_courses": ""}
    response = client.post(reverse("support:survey_create", args=[slug]), data)
    assert response.status_code == 302
    survey = AgreementSurvey.objects.get()
    assert survey.answers == {"he_courses": 2, "entrepreneurial": 5}
    assert AuditEntry.objects.filter(kind="pact.agreement_survey.recorded").exists()
    page = login(world.member).get(reverse("support:surveys", args=[slug]))
    assert page.context["latest"] == survey
    html = page.content.decode()
    assert f'id="chart-survey-{survey.pk}-title"' in html
    assert "Entrepreneurial and communication skills remain critically important." in html
    assert "5 – Strongly agree" in html

    edit = login(world.coordinator).post(
        reverse("support:survey_edit", args=[slug, survey.pk]),
        {**data, "s_he_courses": "3", "lock_version": survey.lock_version},
    )
    assert edit.status_code == 302
    survey.refresh_from_db()
    assert survey.answers["he_courses"] == 3


def test_a_survey_needs_an_answer_and_valid_levels(login, world):
    client = login(world.coordinator)
    url = reverse("support:survey_create", args=[world.partnership.slug])
    response = client.post(url, {"panel": "Panel", "held_on": "2024-12-10"})
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    response = client.post(url, {"panel": "Panel", "held_on": "2024-12-10", "s_he_courses": "9"})
    assert response.status_code == 400 and "s_he_courses" in response.context["form"].errors
    assert not AgreementSurvey.objects.exists()
    with pytest.raises(SupportError):
        mapping_services.record_survey(
            world.partnership,
            actor=world.coordinator,
            panel="P",
            held_on="2024-12-10",
            answers={"no_such_statement": 3},
        )
