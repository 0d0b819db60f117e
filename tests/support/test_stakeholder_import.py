"""Importing a stakeholder list into a partnership's map: checked line by line, applied only on
confirmation, idempotent, the coordinator's alone."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pact.models import AuditEntry
from pact.support.common import SupportError
from pact.support.mapping import imports
from pact.support.models import Stakeholder, StakeholderImport

pytestmark = pytest.mark.django_db

# The library's mapping template, filled in.
TEMPLATE = (
    "stakeholder,type,influence,power,interest,pact_member,contact,notes\n"
    "Regional development agency,policymaker,system,5,3,no,,Funds the regional skills strategy\n"
    "Member College,vet,direct,3,5,yes,Ana Ortiz,\n"
    "Chamber of crafts,Network organisation,,2,4,,,Not assessed yet\n"
)


def upload(content: str, name: str = "stakeholders.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


def check(world, content: str) -> StakeholderImport:
    return imports.check_upload(
        world.partnership, actor=world.coordinator, name="map.csv", content=content.encode()
    )


def test_the_coordinator_uploads_checks_and_confirms_the_template(login, world):
    client = login(world.coordinator)
    slug = world.partnership.slug
    response = client.post(
        reverse("support:stakeholder_import", args=[slug]), {"file": upload(TEMPLATE)}
    )
    checked = StakeholderImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("support:stakeholder_import_preview", args=[slug, checked.pk])
    assert not Stakeholder.objects.exists()  # nothing changes before the confirmation

    preview = client.get(response.url)
    html = preview.content.decode()
    assert "3 stakeholders will be added or changed." in html
    assert "Regional development agency" in html and "Ana Ortiz" in html

    done = client.post(response.url, {"action": "confirm"})
    assert done.status_code == 302
    by_name = {s.name: s for s in Stakeholder.objects.filter(partnership=world.partnership)}
    assert sorted(by_name) == ["Chamber of crafts", "Member College", "Regional development agency"]
    agency = by_name["Regional development agency"]
    assert (agency.type, agency.influence, agency.power, agency.interest) == (
        "policymaker",
        "system",
        5,
        3,
    )
    assert agency.notes == "Funds the regional skills strategy" and agency.organisation is None
    college = by_name["Member College"]
    assert college.organisation == world.member_org and college.contact == "Ana Ortiz"
    # A type given by its name as the portal shows it; influence left empty: not assessed.
    assert by_name["Chamber of crafts"].type == "network"
    assert by_name["Chamber of crafts"].influence == ""
    entry = AuditEntry.objects.get(kind="pact.stakeholder.imported")
    assert entry.data["added"] == 3 and entry.data["updated"] == 0
    page = client.get(reverse("support:stakeholders", args=[slug]))
    assert "3 added, 0 changed, 0 already up to date" in page.content.decode()


def test_importing_the_same_file_again_changes_nothing(world):
    imports.confirm(check(world, TEMPLATE), actor=world.coordinator)
    before = list(Stakeholder.objects.order_by("pk").values())

    again = check(world, TEMPLATE)
    assert [row["action"] for row in again.rows] == ["unchanged"] * 3
    counts = imports.confirm(again, actor=world.coordinator)
    assert counts == {"new": 0, "update": 0, "unchanged": 3}
    assert list(Stakeholder.objects.order_by("pk").values()) == before


def test_a_stakeholder_already_on_the_map_is_updated_not_added_twice(world):
    imports.confirm(check(world, TEMPLATE), actor=world.coordinator)
    changed = TEMPLATE.replace(
        "Chamber of crafts,Network organisation,,2,4", "CHAMBER  of crafts,network,indirect,4,4"
    )
    again = check(world, changed)
    assert {row["values"]["name"]: row["action"] for row in again.rows}["CHAMBER  of crafts"] == (
        "update"
    )
    assert imports.confirm(again, actor=world.coordinator)["update"] == 1
    chamber = Stakeholder.objects.get(name__iexact="chamber  of crafts")
    assert (chamber.influence, chamber.power) == ("indirect", 4)
    assert Stakeholder.objects.count() == 3


def test_problems_are_shown_by_line_and_column_and_their_lines_skipped(login, world):
    content = (
        "name;type;influence;power;interest;pact_member\n"  # semicolons, as many locales export
        "Good one;enterprise;;3;3;no\n"
        ";vet;;3;3;\n"
        "Bad type;unicorn;;3;3;\n"
        "Bad score;vet;direct;9;x;\n"
        "Unknown member;vet;;1;1;Nobody Ltd\n"
        "good ONE;enterprise;;3;3;\n"
    )
    checked = check(world, content)
    problems = {(p["line"], p["column"]) for p in checked.errors}
    assert problems == {
        (3, "name"),
        (4, "type"),
        (5, "power"),
        (5, "interest"),
        (6, "pact_member"),
        (7, "name"),  # the same stakeholder as line 2
    }
    assert [row["values"]["name"] for row in checked.rows] == ["Good one"]

    client = login(world.coordinator)
    url = reverse("support:stakeholder_import_preview", args=[world.partnership.slug, checked.pk])
    html = client.get(url).content.decode()
    assert "Unknown type “unicorn”" in html and "Give a score from 1 to 5." in html
    client.post(url, {"action": "confirm"})
    assert list(Stakeholder.objects.values_list("name", flat=True)) == ["Good one"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "is empty"),  # Django refuses an empty upload itself
        ("\n\n", "The file is empty."),
        ("name,type\nA,vet\n", "Missing: power, interest"),
        ("name,type,power,interest\n", "no stakeholders"),
        ("name,type,power,interest\n\x00\x01", "binary data"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_its_reason_and_nothing_kept(
    login, world, content, reason
):
    client = login(world.coordinator)
    response = client.post(
        reverse("support:stakeholder_import", args=[world.partnership.slug]),
        {"file": upload(content)},
    )
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not StakeholderImport.objects.exists()


def test_reading_stops_after_the_row_limit(world, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 5)
    read = []
    records = imports._records

    def counting(text):
        for record in records(text):
            read.append(record)
            yield record

    monkeypatch.setattr(imports, "_records", counting)
    content = "name,type,power,interest\n" + "".join(f"S{n},vet,1,1\n" for n in range(1000))
    with pytest.raises(SupportError, match="more than 5 rows"):
        check(world, content)
    assert len(read) == 6


def test_a_confirmed_or_discarded_list_cannot_be_applied_again(login, world):
    checked = check(world, TEMPLATE)
    client = login(world.coordinator)
    url = reverse("support:stakeholder_import_preview", args=[world.partnership.slug, checked.pk])
    client.post(url, {"action": "discard"})
    checked.refresh_from_db()
    assert checked.status == StakeholderImport.Status.DISCARDED
    client.post(url, {"action": "confirm"})
    assert not Stakeholder.objects.exists()
    with pytest.raises(SupportError):
        imports.confirm(checked, actor=world.coordinator)


@pytest.mark.parametrize("persona", ["member", "outsider", "reviewer"])
def test_only_the_coordinator_imports_others_get_404(login, world, persona):
    checked = check(world, TEMPLATE)
    client = login(getattr(world, persona))
    slug = world.partnership.slug
    assert client.get(reverse("support:stakeholder_import", args=[slug])).status_code == 404
    preview = reverse("support:stakeholder_import_preview", args=[slug, checked.pk])
    assert client.get(preview).status_code == 404
    assert client.post(preview, {"action": "confirm"}).status_code == 404
    assert not Stakeholder.objects.exists()
    with pytest.raises(SupportError):
        imports.check_upload(
            world.partnership, actor=getattr(world, persona), name="x.csv", content=b"x"
        )
