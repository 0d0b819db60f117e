"""The demo surveys and the organisations' ecosystems and preferred language."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from commitments.survey.models import ResponseStatus, Survey, SurveyResponse
from members.models import Organisation
from pact.kernel import schedule


@pytest.mark.django_db
def test_the_demo_has_a_closed_2024_survey_with_a_dozen_answers_and_an_open_2025_one():
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    closed = Survey.objects.get(year=2024)
    assert closed.status == schedule.WindowStatus.CLOSED
    assert closed.source_note.original.startswith("Illustrative figures")
    assert (
        SurveyResponse.objects.filter(survey=closed, status=ResponseStatus.VALIDATED).count() == 12
    )
    current = Survey.objects.get(year=2025)
    assert current.status == schedule.WindowStatus.OPEN
    assert current.phase() == schedule.Phase.ON_TIME
    states = set(SurveyResponse.objects.filter(survey=current).values_list("status", flat=True))
    assert states == set(ResponseStatus.values)
    assert set(Survey.objects.filter(source="published").values_list("year", flat=True)) == {
        2022,
        2023,
    }
    creative = Organisation.objects.get(slug="creative-region")
    assert (creative.ecosystems, creative.preferred_language) == (["cultural_creative"], "de")
    assert Organisation.objects.get(slug="uni-tirana-arts").preferred_language == "sq"


def test_an_admin_sets_the_organisations_ecosystems_and_language_on_its_profile(world, login):
    client = login(world.member)
    edit = reverse("members:edit", args=[world.member_org.slug])
    page = client.get(edit).content.decode()
    assert 'name="ecosystems"' in page and '<option value="cnr">Montenegrin</option>' in page
    data = {
        "name": world.member_org.name,
        "type": "sme",
        "country": "BE",
        "contact_name": "Contact",
        "contact_email": "contact@example.org",
        "lock_version": world.member_org.lock_version,
        "ecosystems": ["tourism", "digital"],
        "preferred_language": "xx",
    }
    refused = client.post(edit, data)
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert client.post(edit, {**data, "preferred_language": "it"}).status_code == 302
    world.member_org.refresh_from_db()
    assert world.member_org.ecosystems == ["tourism", "digital"]
    assert world.member_org.preferred_language == "it"
    profile = client.get(reverse("members:profile", args=[world.member_org.slug])).content.decode()
    assert "Tourism, Digital" in profile and "Italian" in profile
