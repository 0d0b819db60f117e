"""The support services' demo content: the SACCORD pilots' figures, the PLA, idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count

from pact.support.models import (
    AgreementSurvey,
    ContactRequest,
    Event,
    ExpressionOfInterest,
    FundingCall,
    Resource,
    Stakeholder,
)

pytestmark = pytest.mark.django_db

# slug: counts by type, by regional influence (as the SACCORD report on the LEP pilots gives them)
EXPECTED = {
    "lep-upper-austria": (
        {"network": 4, "training": 5, "vet": 2, "higher_education": 4, "policymaker": 3},
        {"direct": 6, "indirect": 3, "system": 6},
    ),
    "lep-amsterdam": (
        {"network": 9, "training": 8, "vet": 2, "higher_education": 2, "policymaker": 1},
        {"direct": 7, "indirect": 8, "system": 5},
    ),
    "lep-prague": (
        {"network": 6, "training": 17, "higher_education": 4, "policymaker": 4},
        {"direct": 2, "indirect": 7, "system": 5},
    ),
    "lep-matera": (
        {"network": 1, "vet": 5, "higher_education": 1, "enterprise": 10, "policymaker": 6},
        {"direct": 7, "indirect": 6, "system": 8},
    ),
}


def _counts():
    return tuple(
        model.objects.count()
        for model in (
            Stakeholder,
            AgreementSurvey,
            FundingCall,
            Resource,
            Event,
            ExpressionOfInterest,
            ContactRequest,
        )
    )


def test_the_demo_carries_the_pilots_figures_and_is_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    for slug, (types, influence) in EXPECTED.items():
        rows = Stakeholder.objects.filter(partnership__slug=slug)
        assert dict(rows.values_list("type").annotate(n=Count("id"))) == types, slug
        assessed = rows.exclude(influence="").values_list("influence").annotate(n=Count("id"))
        assert dict(assessed) == influence, slug
        survey = AgreementSurvey.objects.get(partnership__slug=slug)
        assert len(survey.answers) == 13
    assert AgreementSurvey.objects.get(partnership__slug="lep-matera").answers["vet_courses"] == 1
    pla = Event.objects.get(slug="pla-establishing-regional-skills-partnerships")
    assert pla.starts_at.date().isoformat() == "2024-10-10" and pla.report is not None
    assert pla.report.kind == "report" and pla.report.is_published
    assert Resource.objects.filter(kind="kpi_example", indicator__isnull=False).count() >= 3
    assert Resource.objects.filter(kind="template").exclude(file="").count() == 2
    assert FundingCall.objects.filter(members_only=True).exists()
    assert Event.objects.filter(partnership__slug="lll-mobility", kind="matchmaking").exists()
    assert not Resource.objects.filter(search_vector__isnull=True).exists()
