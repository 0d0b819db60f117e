"""Registering an organisation: the application form, its checks, and what it records."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import Organisation, OrganisationMembership
from pact.models import AuditEntry, OutboundEmail
from tests.factories import make_organisation, make_user
from tests.members.conftest import SVG, image_bytes, upload

pytestmark = pytest.mark.django_db
URL = reverse("members:join")


def form_data(**overrides):
    data = {
        "name": "Skills Academy Lombardia",
        "acronym": "SAL",
        "type": "education_provider",
        "country": "IT",
        "nuts_region": "ITC4",
        "website": "https://academy.example.it",
        "description": "Vocational training for the metal industry.",
        "contact_name": "Giulia Rossi",
        "contact_email": "giulia@academy.example.it",
        "principle_1": "on",
        "principle_2": "on",
        "principle_3": "on",
        "principle_4": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_it_sends_anonymous_people_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_shows_the_form_with_four_separate_charter_boxes(login):
    user = make_user(full_name="Ann Applicant")
    response = login(user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for n in range(1, 5):
        assert f'name="principle_{n}"' in html
    assert 'value="Ann Applicant"' in html  # contact prefilled
    assert "Kosovo" in html  # candidate countries are offered


def test_it_registers_an_application_with_the_applicant_as_admin(login, settings):
    user = make_user("ann@academy.example.it")
    response = login(user).post(URL, form_data(logo=upload("logo.jpg", image_bytes("JPEG"))))
    organisation = Organisation.objects.get(name="Skills Academy Lombardia")
    assert response.status_code == 302
    assert response["Location"] == reverse("members:manage", args=[organisation.slug])
    assert organisation.status == "applied"
    assert organisation.nuts_region_id == "ITC4"
    assert organisation.applied_by == user
    assert organisation.charter_version == settings.CHARTER_VERSION
    assert organisation.charter_accepted_by == user
    assert organisation.charter_accepted_at is not None
    assert organisation.charter_principles == [1, 2, 3, 4]
    assert organisation.logo.name.endswith(".png")
    assert organisation.search_vector is not None
    membership = OrganisationMembership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (user, "admin")
    assert AuditEntry.objects.filter(
        kind="pact.organisation.applied", target_id=str(organisation.pk), actor=user
    ).exists()
    assert OutboundEmail.objects.filter(
        kind="members.application_received", recipient=user
    ).exists()


def test_it_shows_the_application_state_on_the_dashboard(login):
    user = make_user()
    client = login(user)
    client.post(URL, form_data())
    html = client.get(reverse("dashboard")).content.decode()
    assert "Skills Academy Lombardia" in html
    assert "Application pending" in html


def test_it_refuses_a_duplicate_name_in_the_same_country_whatever_the_case(login):
    make_organisation("Skills Academy Lombardia", country="IT")
    response = login(make_user()).post(URL, form_data(name="SKILLS academy lombardia"))
    assert response.status_code == 200
    assert "already registered in this country" in response.content.decode()
    assert Organisation.objects.filter(name__iexact="skills academy lombardia").count() == 1
    # The rest of the form is kept.
    assert 'value="giulia@academy.example.it"' in response.content.decode()


def test_it_allows_the_same_name_in_another_country(login):
    make_organisation("Skills Academy", country="FR")
    response = login(make_user()).post(URL, form_data(name="Skills Academy"))
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Skills Academy").count() == 2


def test_it_refuses_a_region_of_another_country(login):
    response = login(make_user()).post(URL, form_data(nuts_region="DE21"))
    assert response.status_code == 200
    assert "DE21 is not a region of Italy" in response.content.decode()
    assert not Organisation.objects.filter(name="Skills Academy Lombardia").exists()


def test_it_refuses_an_unknown_region_code(login):
    response = login(make_user()).post(URL, form_data(nuts_region="XX99"))
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Skills Academy Lombardia").exists()
    assert 'aria-invalid="true"' in response.content.decode()


def test_it_accepts_a_country_without_nuts_regions_alone(login):
    response = login(make_user()).post(URL, form_data(country="MD", nuts_region=""))
    assert response.status_code == 302
    assert Organisation.objects.get(name="Skills Academy Lombardia").country.code == "MD"


def test_it_accepts_kosovo(login):
    response = login(make_user()).post(URL, form_data(country="XK", nuts_region=""))
    assert response.status_code == 302


def test_it_requires_every_charter_principle(login):
    response = login(make_user()).post(URL, form_data(principle_3=None))
    assert response.status_code == 200
    assert "Tick this box to accept this principle" in response.content.decode()
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        (upload("logo.svg", SVG, "image/svg+xml"), "SVG images are not accepted"),
        (upload("logo.png", b"%PDF-1.4 not a picture", "image/png"), "not an image we can read"),
    ],
)
def test_it_refuses_a_logo_that_is_not_a_picture(login, logo, message):
    response = login(make_user()).post(URL, form_data(logo=logo))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.exists()


def test_it_refuses_an_oversized_logo(login, settings):
    settings.LOGO_MAX_BYTES = 1000
    response = login(make_user()).post(
        URL, form_data(logo=upload("logo.png", image_bytes("PNG", (400, 400))))
    )
    assert response.status_code == 200
    assert "The file is too large" in response.content.decode()
    assert not Organisation.objects.exists()


def test_it_redisplays_the_form_with_the_chosen_countrys_regions_without_javascript(login):
    response = login(make_user()).post(
        URL, {"name": "Half typed", "country": "AT", "show_regions": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Half typed"' in html
    assert "AT31" in html and "ITC4" not in html
    assert "Please correct the following" not in html
    assert not Organisation.objects.exists()


def test_it_serves_region_options_for_the_htmx_country_field(client):
    html = client.get(reverse("members:region_options"), {"country": "IT"}).content.decode()
    assert '<option value="ITC4">' in html
    assert "DE21" not in html
    assert "Extra-Regio" not in html
    html = client.get(reverse("members:region_options"), {"country": "MD"}).content.decode()
    assert "the country alone is fine" in html
