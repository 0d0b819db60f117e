"""Names unique only among public objects, and the one duplicate flag (DESIGN §9): a clash with a
pending or private organisation or partnership is accepted, tells the person nothing, is flagged to
staff, and holds back approval or publication until staff resolve it."""

from __future__ import annotations

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from members.common import MembershipError
from members.duplicates import services as duplicates
from members.eusurvey import services as eusurvey
from members.joining import services as joining
from members.merging import services as merging
from members.models import DuplicateFlag, Organisation
from partnerships.declarations import publication, review
from partnerships.declarations.common import DeclarationError
from partnerships.models import Partnership
from partnerships.workspace import setup
from tests.declarations.conftest import write_draft
from tests.factories import make_organisation, make_partnership, make_user
from tests.members.test_join import URL as JOIN
from tests.members.test_join import form_data

pytestmark = pytest.mark.django_db
NAME = "Skills Academy Lombardia"


def _apply(login, **overrides):
    applicant = make_user()
    response = login(applicant).post(JOIN, form_data(**overrides))
    return response, Organisation.objects.filter(applied_by=applicant).first()


def test_a_pending_organisations_name_is_accepted_flagged_and_tells_nothing(login):
    pending = make_organisation(NAME, country="IT", status="applied")
    response, organisation = _apply(login)
    _fresh, other = _apply(
        login, name="Entirely Different Institute", acronym="EDI", website="https://edi.example"
    )
    # Accepted, exactly as a name nobody uses: same answer, a slug of the same form.
    assert response.status_code == 302 and organisation is not None
    assert re.fullmatch(r"skills-academy-lombardia-[0-9a-f]{6}", organisation.slug)
    assert re.fullmatch(r"entirely-different-institute-[0-9a-f]{6}", other.slug)
    flag = DuplicateFlag.objects.open().get(organisation=organisation)
    assert (flag.similar_organisation, flag.why, flag.source) == (pending, "name", "application")
    assert not DuplicateFlag.objects.filter(organisation=other).exists()


def test_an_active_organisations_name_is_public_and_refused(login):
    make_organisation(NAME, country="IT")
    response, organisation = _apply(login)
    assert organisation is None
    assert "already registered in this country" in response.content.decode()


def test_names_are_unique_among_active_organisations_of_a_country_only():
    make_organisation(NAME, country="IT", status="applied")
    make_organisation(NAME.upper(), country="IT", status="rejected")
    make_organisation(NAME, country="IT")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_organisation(NAME.lower(), country="IT")


def test_approval_waits_for_staff_to_resolve_the_flag(world, login):
    make_organisation(NAME, country="IT", status="applied")
    _response, organisation = _apply(login)
    with pytest.raises(MembershipError, match="possible duplicate"):
        joining.decide(organisation, world.reviewer, approve=True)
    page = login(world.reviewer).get(reverse("members:application", args=[organisation.pk]))
    assert "Possibly registered already" in page.content.decode()
    flag = DuplicateFlag.objects.get(organisation=organisation)
    answer = login(world.reviewer).post(
        reverse("members:not_duplicate", args=[flag.pk]), {"next": "/staff/"}
    )
    assert answer.status_code == 302 and answer["Location"] == "/staff/"
    flag.refresh_from_db()
    assert flag.resolution == "not_duplicate" and flag.resolved_by == world.reviewer
    joining.decide(organisation, world.reviewer, approve=True)
    organisation.refresh_from_db()
    assert organisation.status == "active"


def test_staff_see_open_flags_on_their_home_and_others_cannot_resolve_them(world, login):
    make_organisation(NAME, country="IT", status="applied")
    _response, organisation = _apply(login)
    flag = DuplicateFlag.objects.get(organisation=organisation)
    html = login(world.reviewer).get(reverse("staff_home")).content.decode()
    assert "possible duplicates waiting for staff" in html
    assert reverse("members:not_duplicate", args=[flag.pk]) in html
    applicant = organisation.applied_by
    answer = login(applicant).post(reverse("members:not_duplicate", args=[flag.pk]))
    assert answer.status_code == 404
    manage = login(applicant).get(reverse("members:manage", args=[organisation.slug]))
    assert "duplicate" not in manage.content.decode().lower()
    assert DuplicateFlag.objects.open().filter(pk=flag.pk).exists()


def test_merging_the_two_resolves_the_flag(world, login):
    kept = make_organisation(NAME, country="IT", status="applied")
    _response, organisation = _apply(login)
    merging.merge(organisation, kept, world.reviewer, "Applied twice")
    flag = DuplicateFlag.objects.get(organisation=organisation)
    assert flag.resolution == "merged" and flag.resolved_at is not None


def test_a_similar_website_or_acronym_is_flagged_too(login):
    make_organisation("Academia Lombarda", country="IT", acronym="SAL", status="suspended")
    _response, organisation = _apply(login)
    assert DuplicateFlag.objects.get(organisation=organisation).why == "acronym"


def test_a_drafts_partnership_name_is_accepted_flagged_and_tells_nothing(world):
    created = setup.create_partnership(
        organisation=world.outsider_org,
        actor=world.outsider,
        data={"name": "private workspace PARTNERSHIP", "kind": "lsp", "ecosystem": "digital"},
    )
    assert re.fullmatch(r"private-workspace-partnership-[0-9a-f]{6}", created.slug)
    flag = DuplicateFlag.objects.open().get(partnership=created)
    assert (flag.similar_partnership, flag.source) == (world.partnership, "partnership")


def test_publication_waits_for_staff_to_resolve_the_flag(world):
    make_partnership(world.outsider_org, status="draft", name=world.partnership.name)
    (flag,) = duplicates.flag_partnership(world.partnership)
    version = write_draft(world)
    review.submit(version, lock_version=version.lock_version, actor=world.coordinator)
    with pytest.raises(DeclarationError, match="possible duplicate"):
        publication.approve(version, actor=world.reviewer)
    duplicates.resolve_not_duplicate(flag, world.reviewer)
    publication.approve(version, actor=world.reviewer)
    assert Partnership.objects.get(pk=world.partnership.pk).status == "active"


def test_partnership_names_are_unique_among_public_ones_only(world):
    make_partnership(world.coordinator_org, status="draft", name="Shared Name")
    make_partnership(world.coordinator_org, status="active", name="Shared Name")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_partnership(world.coordinator_org, status="closed", name="shared name")


EXPORT = (
    "Contribution ID,Submission date,Organisation name,Acronym,Country,Organisation type,"
    "Website,Contact name,Contact e-mail,Ecosystems,Language\n"
    "c-101,2021-03-15,Welding Academy Flanders,WAF,BE,education_provider,"
    "https://waf.example,Ilse Ex,ilse@waf.example,Construction,nl\n"
    "c-102,2021-05-02,Welding Academy Flanders vzw,,BE,education_provider,"
    ",Jan Ex,jan@waf.example,Construction,nl\n"
    "c-103,2021-06-01,Digital Skills Network,DSN,IT,cluster,,Giulia Ex,giulia@dsn.example,,it\n"
)


def test_the_eu_survey_import_finds_rows_of_one_file_alike_and_flags_them(world):
    checked = eusurvey.check_upload(world.reviewer, name="export.csv", content=EXPORT.encode())
    states = {row["values"]["contribution_id"]: row for row in checked.rows}
    assert [states[key]["state"] for key in ("c-101", "c-102", "c-103")] == [
        "new",
        "doubtful",
        "new",
    ]
    assert states["c-102"]["twins"] == [
        {"line": 2, "name": "Welding Academy Flanders", "why": "name"}
    ]
    preview = reverse("members:eusurvey_import", args=[checked.pk])
    assert "Looks like line 2 of this file" in _staff_page(world, preview)
    eusurvey.confirm(checked, world.reviewer, {states["c-102"]["line"]: "new"})
    second = Organisation.objects.get(contribution_id="c-102")
    flag = DuplicateFlag.objects.open().get(organisation=second)
    assert flag.similar_organisation == Organisation.objects.get(contribution_id="c-101")
    assert flag.source == "import"


def test_an_eu_survey_row_registered_as_new_beside_a_pending_one_is_flagged(world):
    pending = make_organisation("Digital Skills Network", country="IT", status="applied")
    checked = eusurvey.check_upload(world.reviewer, name="export.csv", content=EXPORT.encode())
    row = next(r for r in checked.rows if r["values"]["contribution_id"] == "c-103")
    assert row["state"] == "doubtful"
    eusurvey.confirm(checked, world.reviewer, {row["line"]: "new"})
    created = Organisation.objects.get(contribution_id="c-103")
    assert DuplicateFlag.objects.open().get(organisation=created).similar_organisation == pending


def _staff_page(world, url: str) -> str:
    from django.test import Client

    client = Client()
    client.force_login(world.reviewer)
    return client.get(url).content.decode()


def test_names_that_differ_by_a_number_are_two_organisations():
    from members.duplicates.matching import why_alike

    centre = {"name": "Skills Centre 1", "country": "BE", "acronym": "", "website": ""}
    assert why_alike(centre, {**centre, "name": "Skills Centre 2"}) == ""
    assert why_alike(centre, {**centre, "name": "Skills Centre 1 asbl"}) == "name"


def test_applications_waiting_at_the_upgrade_are_flagged_once():
    import importlib

    from django.apps import apps as django_apps

    upgrade = importlib.import_module("members.migrations.0009_flag_pending_applications")
    member = make_organisation(NAME, country="IT")
    waiting = make_organisation(NAME.upper(), country="IT", status="applied")
    upgrade.flag_waiting_applications(django_apps, None)
    upgrade.flag_waiting_applications(django_apps, None)  # idempotent (the browser reload)
    flag = DuplicateFlag.objects.open().get(organisation=waiting)
    assert flag.similar_organisation == member
