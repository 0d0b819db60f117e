"""Bringing in the members registered through EU Survey: checked, sorted (new, imported before,
possible duplicates), confirmed by staff with a decision per doubtful row, idempotent by
contribution ID; contacts are invited to claim their organisation."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from members.colleagues.services import accept_invitation
from members.common import MembershipError
from members.duplicates.services import flag_organisation
from members.eusurvey import checks, services
from members.models import (
    CharterChannel,
    EuSurveyImport,
    Organisation,
    OrganisationInvitation,
    OrganisationStatus,
)
from pact.models import AuditEntry, OutboundEmail
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db

HEADER = (
    "Contribution ID,Submission date,Organisation name,Acronym,Country,Organisation type,"
    "Website,Contact name,Contact e-mail,Ecosystems,Language\n"
)
ROWS = (
    "c-001,2021-03-15,Welding Academy Flanders,WAF,BE,education_provider,"
    "https://waf.example,Ilse Ex,ilse@waf.example,Construction,nl\n"
    "c-002,2022-01-20,Digital Skills Network,DSN,IT,cluster,digital-skills.example,"
    "Giulia Ex,giulia@dsn.example,digital;electronics,it\n"
)


def check(world, content: str, name: str = "export.csv") -> EuSurveyImport:
    return services.check_upload(world.reviewer, name=name, content=content.encode())


def test_new_organisations_become_active_members_with_the_charter_from_eu_survey(world):
    checked = check(world, HEADER + ROWS)
    assert [row["state"] for row in checked.rows] == ["new", "new"]
    counts = services.confirm(checked, world.reviewer, {})
    assert counts == {"created": 2, "linked": 0, "matched": 0, "skipped": 0}

    academy = Organisation.objects.get(contribution_id="c-001")
    assert academy.status == OrganisationStatus.ACTIVE
    assert academy.charter_channel == CharterChannel.EU_SURVEY
    assert academy.charter_accepted_at.date() == dt.date(2021, 3, 15)
    assert (academy.type, academy.country.code, academy.ecosystems) == (
        "education_provider",
        "BE",
        ["construction"],
    )
    assert academy.preferred_language == "nl"
    network = Organisation.objects.get(contribution_id="c-002")
    assert network.website == "https://digital-skills.example"
    assert network.ecosystems == ["digital", "electronics"]
    assert AuditEntry.objects.filter(kind="pact.organisation.eu_survey_imported").count() == 2
    assert AuditEntry.objects.filter(kind="pact.eu_survey.imported").exists()

    # Each contact is invited to claim the organisation, in the organisation's language if any.
    mails = OutboundEmail.objects.filter(kind="members.claim_invitation")
    assert sorted(m.to_address for m in mails) == ["giulia@dsn.example", "ilse@waf.example"]
    assert "c-001" in mails.get(to_address="ilse@waf.example").body_text


def test_importing_the_same_file_again_changes_nothing(world):
    services.confirm(check(world, HEADER + ROWS), world.reviewer, {})
    before = list(Organisation.objects.order_by("pk").values())
    mails = OutboundEmail.objects.count()

    again = check(world, HEADER + ROWS)
    assert [row["state"] for row in again.rows] == ["matched", "matched"]
    assert services.confirm(again, world.reviewer, {})["matched"] == 2
    assert list(Organisation.objects.order_by("pk").values()) == before
    assert OutboundEmail.objects.count() == mails


def test_a_possible_duplicate_waits_for_staffs_decision(world):
    existing = make_organisation("Welding Academy Flanders VZW", country="BE")
    same_site = make_organisation(
        "DSN Italia", country="IT", website="https://www.digital-skills.example/"
    )
    checked = check(world, HEADER + ROWS)
    doubtful = {row["line"]: row for row in checked.rows}
    assert doubtful[2]["state"] == "doubtful" and doubtful[3]["state"] == "doubtful"
    assert doubtful[2]["candidates"] == [{"pk": existing.pk, "name": existing.name, "why": "name"}]
    assert doubtful[3]["candidates"][0]["why"] == "website"

    # Line 2 is the existing academy; line 3 is a new organisation after all.
    counts = services.confirm(checked, world.reviewer, {2: str(existing.pk), 3: services.NEW})
    assert counts == {"created": 1, "linked": 1, "matched": 0, "skipped": 0}
    existing.refresh_from_db()
    assert existing.contribution_id == "c-001"
    assert Organisation.objects.get(contribution_id="c-002").pk != same_site.pk
    assert not OutboundEmail.objects.filter(to_address="ilse@waf.example").exists()


def test_an_undecided_doubtful_row_is_skipped_and_a_foreign_choice_refused(world):
    make_organisation("Welding Academy Flanders", country="BE", acronym="WAF")
    stranger = make_organisation("Unrelated Ltd")
    checked = check(world, HEADER + ROWS)
    with pytest.raises(MembershipError):
        services.confirm(checked, world.reviewer, {2: str(stranger.pk)})
    assert not Organisation.objects.filter(contribution_id__in=["c-001", "c-002"]).exists()
    checked.refresh_from_db()
    assert checked.status == EuSurveyImport.Status.CHECKED  # rolled back with the refusal
    counts = services.confirm(checked, world.reviewer, {})
    assert counts["skipped"] == 1 and counts["created"] == 1


def test_rows_with_problems_are_listed_by_line_and_column_and_left_out(world):
    content = HEADER + (
        "c-010,2021-13-45,Bad Date Org,,BE,sme,,A,a@example.org,,\n"
        "c-011,2021-02-02,No Country Org,,Atlantis,sme,,B,b@example.org,,\n"
        "c-012,2021-02-02,Bad Mail Org,,BE,unicorns,,C,not-an-address,Space travel,\n"
        ",2021-02-02,No Id Org,,BE,sme,,D,d@example.org,,\n"
        "c-013,2021-02-02,Good Org,,FR,SME,,E,e@example.org,Tourism,fr\n"
        "c-013,2021-02-02,Good Org Again,,FR,sme,,F,f@example.org,,\n"
    )
    checked = check(world, content)
    assert {(p["line"], p["column"]) for p in checked.errors} == {
        (2, "submission_date"),
        (3, "country"),
        (4, "organisation_type"),
        (4, "contact_email"),
        (4, "ecosystems"),
        (5, "contribution_id"),
        (7, "contribution_id"),
    }
    assert [row["values"]["organisation_name"] for row in checked.rows] == ["Good Org"]


def test_an_xlsx_export_is_read_like_the_csv(world):
    book = Workbook()
    sheet = book.active
    sheet.append([c.strip() for c in HEADER.split(",")])
    sheet.append(
        [
            "c-100",
            dt.datetime(2021, 5, 4, 10, 30),
            "Sheet Org",
            "",
            "DE",
            "ngo",
            "",
            "Hanna",
            "hanna@sheet.example",
            "",
            "de",
        ]
    )
    data = io.BytesIO()
    book.save(data)
    checked = services.check_upload(world.reviewer, name="export.xlsx", content=data.getvalue())
    assert checked.rows[0]["values"]["submission_date"] == "2021-05-04"


def test_a_file_without_the_columns_is_refused_with_the_reason(world):
    with pytest.raises(checks.EuSurveyFileError, match="Missing: contribution_id"):
        check(world, "name,country\nA,BE\n")


def test_the_contact_claims_the_organisation_and_staff_see_it(login, world):
    services.confirm(check(world, HEADER + ROWS), world.reviewer, {})
    academy = Organisation.objects.get(contribution_id="c-001")
    invitation = OrganisationInvitation.objects.get(organisation=academy)
    ilse = make_user("ilse@waf.example", full_name="Ilse Ex")
    accept_invitation(invitation, ilse)
    assert academy.memberships.get(user=ilse).role == "admin"

    client = login(world.reviewer)
    page = client.get(reverse("members:eusurvey_claims"), {"q": "c-001"})
    assert page.status_code == 200
    rows = list(page.context["page"])
    assert [o.name for o in rows] == ["Welding Academy Flanders"] and rows[0].claimed
    # A claimed organisation gets no new invitation.
    with pytest.raises(MembershipError):
        services.invite_to_claim(academy, world.reviewer)


def test_staff_resend_an_invitation_and_the_old_link_stops_working(login, world):
    services.confirm(check(world, HEADER + ROWS), world.reviewer, {})
    network = Organisation.objects.get(contribution_id="c-002")
    first = OrganisationInvitation.objects.get(organisation=network)
    client = login(world.reviewer)
    response = client.post(reverse("members:eusurvey_resend", args=[network.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert OrganisationInvitation.objects.filter(organisation=network, revoked_at=None).count() == 1
    assert (
        OutboundEmail.objects.filter(
            kind="members.claim_invitation", to_address="giulia@dsn.example"
        ).count()
        == 2
    )


def test_staff_upload_preview_and_import_in_the_browser_flow(login, world):
    client = login(world.reviewer)
    upload = io.BytesIO((HEADER + ROWS).encode())
    upload.name = "export.csv"
    response = client.post(reverse("members:eusurvey_imports"), {"file": upload})
    checked = EuSurveyImport.objects.get()
    assert response.url == reverse("members:eusurvey_import", args=[checked.pk])
    page = client.get(response.url).content.decode()
    assert "New: 2. Possible duplicates: 0. Imported before: 0. Problems: 0." in page
    done = client.post(response.url, {"action": "confirm"})
    assert done.url == reverse("members:eusurvey_claims")
    assert Organisation.objects.filter(contribution_id__in=["c-001", "c-002"]).count() == 2


@pytest.mark.parametrize("persona", ["member", "outsider", "support"])
def test_only_reviewing_staff_import_others_get_404(login, world, persona):
    checked = check(world, HEADER + ROWS)
    client = login(getattr(world, persona))
    for url in (
        reverse("members:eusurvey_imports"),
        reverse("members:eusurvey_import", args=[checked.pk]),
        reverse("members:eusurvey_claims"),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("members:eusurvey_import", args=[checked.pk]), {"action": "confirm"}
        ).status_code
        == 404
    )
    assert not Organisation.objects.filter(contribution_id="c-001").exists()


def test_a_new_application_shows_staff_the_organisations_it_may_duplicate(login, world):
    from tests.factories import make_organisation as make

    member = make("Welding Academy Flanders", country="BE", acronym="WAF")
    applied = make("Welding Academy of Flanders", country="BE", status="applied")
    elsewhere = make("Welding Academy Flanders", country="NL")
    flag_organisation(applied, "application")  # what applying does (members.duplicates)
    client = login(world.reviewer)
    page = client.get(reverse("members:application", args=[applied.pk]))
    flags = page.context["duplicate_flags"]
    assert [f.similar_organisation_id for f in flags] == [member.pk]  # not in another country
    assert elsewhere.pk not in [f.similar_organisation_id for f in flags]
    assert "Possibly registered already" in page.content.decode()
