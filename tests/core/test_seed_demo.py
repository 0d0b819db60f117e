"""seed_demo loads the real partnerships and is safe to run twice."""

import pytest
from django.core.management import call_command

from members.models import Organisation, OrganisationMembership
from pact.models import User
from partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def _counts():
    return (
        User.objects.count(),
        Organisation.objects.count(),
        OrganisationMembership.objects.count(),
        Partnership.objects.count(),
    )


def test_it_is_idempotent():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first[3] >= 14


def test_it_creates_the_saccord_leps_under_the_creative_lsp():
    call_command("seed_demo")
    creative = Partnership.objects.get(slug="creative-lsp")
    leps = set(creative.children.filter(kind="lep").values_list("slug", flat=True))
    assert leps == {"lep-upper-austria", "lep-amsterdam", "lep-prague", "lep-matera"}


def test_demo_staff_have_mfa_and_can_sign_in():
    from allauth.mfa.utils import is_mfa_enabled

    call_command("seed_demo")
    for email in (
        "admin@pact-portal.example",
        "reviewer@pact-portal.example",
        "support@pact-portal.example",
    ):
        assert is_mfa_enabled(User.objects.get(email=email))
