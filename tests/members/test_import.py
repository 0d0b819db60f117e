"""An umbrella organisation brings in its members from a CSV file: checked, previewed, confirmed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import DuplicateFlag, MemberImport, Organisation
from pact.models import AuditEntry
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

HEADER = "name,acronym,type,country,nuts_region,website,contact_name,contact_email\n"
GOOD = (
    HEADER
    + "Bottega Digitale,BD,sme,IT,ITC4,bottega.example.it,Luca,luca@bottega.example.it\n"
    + "Serbian Craft Guild,,business_association,RS,,,Ana,ana@guild.example.rs\n"
)
BAD = (
    HEADER
    + "Good One,,sme,IT,ITC4,,Luca,luca@good.example.it\n"  # line 2: fine
    + ",,sme,IT,,,Luca,luca@x.example.it\n"  # line 3: missing name
    + "Wrong Type,,bakery,IT,,,Luca,luca@y.example.it\n"  # line 4: unknown type
    + "Nowhere,,sme,ZZ,,,Luca,luca@z.example.it\n"  # line 5: unknown country
    + "Misplaced,,sme,FR,ITC4,,Luca,luca@m.example.it\n"  # line 6: NUTS not in country
    + "good one,,sme,IT,,,Luca,luca@g2.example.it\n"  # line 7: duplicate in file
    + "Outsider Ltd,,sme,BE,,,Olaf,olaf@o.example.be\n"  # line 8: duplicate in DB
    + "Bad Mail,,sme,IT,,,Luca,not-an-email\n"  # line 9: bad email
    + "Bad Site,,sme,IT,,http://,Luca,luca@s.example.it\n"  # line 10: bad URL
)


def csv_file(text: str | bytes, name: str = "members.csv") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def upload_url(organisation):
    return reverse("members:import_upload", args=[organisation.slug])


def preview_url(member_import):
    return reverse(
        "members:import_preview", args=[member_import.organisation.slug, member_import.pk]
    )


def test_it_checks_and_previews_without_creating_anything(world, login):
    client = login(world.member)
    before = Organisation.objects.count()
    response = client.post(upload_url(world.member_org), {"file": csv_file(GOOD)})
    member_import = MemberImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == preview_url(member_import)
    assert Organisation.objects.count() == before
    html = client.get(preview_url(member_import)).content.decode()
    assert "Bottega Digitale" in html and "Serbian Craft Guild" in html
    assert "2 organisations can be registered" in html
    assert "https://bottega.example.it" in html
    assert AuditEntry.objects.filter(kind="pact.member_import.checked").exists()


def test_it_reports_each_problem_by_line_and_column(world, login):
    client = login(world.member)
    client.post(upload_url(world.member_org), {"file": csv_file(BAD)})
    member_import = MemberImport.objects.get()
    problems = {(e["line"], e["column"], e["code"]) for e in member_import.errors}
    assert problems == {
        (3, "name", "missing"),
        (4, "type", "unknown_type"),
        (5, "country", "unknown_country"),
        (6, "nuts_region", "region_not_in_country"),
        (7, "name", "duplicate_in_file"),
        (8, "name", "duplicate_in_db"),
        (9, "contact_email", "bad_email"),
        (10, "website", "bad_url"),
    }
    html = client.get(preview_url(member_import)).content.decode()
    assert "NUTS region ITC4 is not in France." in html
    assert "already appears on line 2" in html
    assert '<td class="num">9</td><td>contact email</td>' in html
    assert "1 organisation can be registered" in html
    assert "8 rows have problems and will be skipped" in html


def test_it_creates_the_valid_rows_as_applications_on_confirmation(world, login):
    client = login(world.member)
    client.post(upload_url(world.member_org), {"file": csv_file(BAD)})
    member_import = MemberImport.objects.get()
    refused = client.post(preview_url(member_import), {"action": "confirm"})
    assert refused.status_code == 200  # the Charter box was not ticked
    assert not Organisation.objects.filter(name="Good One").exists()
    response = client.post(preview_url(member_import), {"action": "confirm", "charter": "on"})
    assert response.status_code == 302
    created = Organisation.objects.get(name="Good One")
    assert created.status == "applied"
    assert created.umbrella == world.member_org
    assert created.applied_by == world.member
    assert created.nuts_region_id == "ITC4"
    assert created.search_vector is not None
    assert not Organisation.objects.filter(name__in=["Wrong Type", "Misplaced"]).exists()
    member_import.refresh_from_db()
    assert member_import.status == "confirmed"
    assert AuditEntry.objects.filter(kind="pact.member_import.confirmed").exists()
    # A second confirmation creates nothing more.
    client.post(preview_url(member_import), {"action": "confirm", "charter": "on"})
    assert Organisation.objects.filter(name="Good One").count() == 1


def test_it_skips_a_row_whose_name_an_active_member_took_after_the_check(world, login):
    client = login(world.member)
    client.post(upload_url(world.member_org), {"file": csv_file(GOOD)})
    make_organisation("BOTTEGA DIGITALE", country="IT", status="active")
    client.post(preview_url(MemberImport.objects.get()), {"action": "confirm", "charter": "on"})
    assert Organisation.objects.filter(name__iexact="bottega digitale").count() == 1
    assert Organisation.objects.filter(name="Serbian Craft Guild").exists()


def test_a_pending_organisations_name_is_imported_and_flagged_to_staff(world, login):
    """A private organisation's name tells the umbrella nothing (DESIGN §9): staff get the flag."""
    pending = make_organisation("BOTTEGA DIGITALE", country="IT", status="applied")
    client = login(world.member)
    client.post(upload_url(world.member_org), {"file": csv_file(GOOD)})
    checked = MemberImport.objects.get()
    assert not [e for e in checked.errors if "BOTTEGA" in str(e).upper()]
    client.post(preview_url(checked), {"action": "confirm", "charter": "on"})
    created = Organisation.objects.get(name="Bottega Digitale")
    flag = DuplicateFlag.objects.open().get(organisation=created)
    assert flag.similar_organisation == pending


def test_it_discards_an_import(world, login):
    client = login(world.member)
    client.post(upload_url(world.member_org), {"file": csv_file(GOOD)})
    member_import = MemberImport.objects.get()
    client.post(preview_url(member_import), {"action": "discard"})
    member_import.refresh_from_db()
    assert member_import.status == "discarded"
    assert not Organisation.objects.filter(name="Bottega Digitale").exists()


def test_it_reads_semicolon_separated_files_with_a_bom(world, login):
    text = "\ufeff" + GOOD.replace(",", ";")
    login(world.member).post(upload_url(world.member_org), {"file": csv_file(text)})
    member_import = MemberImport.objects.get()
    assert member_import.errors == []
    assert [r["values"]["name"] for r in member_import.rows] == [
        "Bottega Digitale",
        "Serbian Craft Guild",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (GOOD.encode("utf-16"), "binary data"),
        ("name,type\nCafé,sme\n".encode("latin-1"), "not UTF-8"),
        (bytes(range(256)) * 4, "binary data"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "binary data"),
        (b"", "The submitted file is empty"),
        (b"   \n\n", "The file is empty"),
        (b"organisation;country\nX;DE\n", "Missing: name, type, contact_name, contact_email"),
        (HEADER.encode(), "no organisations"),
    ],
)
def test_it_refuses_unreadable_files_with_a_clear_error(world, login, content, message):
    response = login(world.member).post(upload_url(world.member_org), {"file": csv_file(content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MemberImport.objects.exists()


def test_it_hides_another_organisations_import(world, login):
    login(world.member).post(upload_url(world.member_org), {"file": csv_file(GOOD)})
    member_import = MemberImport.objects.get()
    outsider = login(world.outsider)
    assert outsider.get(preview_url(member_import)).status_code == 404
    assert (
        outsider.post(
            preview_url(member_import), {"action": "confirm", "charter": "on"}
        ).status_code
        == 404
    )
    assert outsider.post(upload_url(world.member_org), {"file": csv_file(GOOD)}).status_code == 404
    # Not through the outsider's own organisation's URL either.
    other = reverse("members:import_preview", args=[world.outsider_org.slug, member_import.pk])
    assert outsider.get(other).status_code == 404
    assert login(world.contributor).get(preview_url(member_import)).status_code == 404
    assert not Organisation.objects.filter(name="Bottega Digitale").exists()


def test_it_lets_only_active_organisations_bring_in_members(login):
    from tests.factories import make_user

    admin = make_user()
    applicant = make_organisation("Pending Umbrella", admin=admin, status="applied")
    response = login(admin).post(upload_url(applicant), {"file": csv_file(GOOD)})
    assert response.status_code == 200
    assert "Only an active member organisation" in response.content.decode()
    assert not MemberImport.objects.exists()
