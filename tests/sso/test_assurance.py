"""What a sign-in's records add up to (pact.kernel.assurance)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from pact.kernel import assurance
from tests.sso.conftest import BASIC, STRONG

PASSWORD = {"method": "password", "at": 1.0}
TOTP = {"method": "mfa", "type": "totp", "at": 2.0}
RECOVERY = {"method": "mfa", "type": "recovery_codes", "at": 2.0}


@pytest.fixture(autouse=True)
def _strong_acr(settings):
    settings.OIDC_MFA_ACR_VALUES = [STRONG]


@pytest.mark.parametrize(
    ("records", "level", "method", "acr"),
    [
        ([PASSWORD], "single", "password", ""),
        ([PASSWORD, TOTP], "multi", "password+totp", ""),
        ([PASSWORD, RECOVERY], "multi", "password+recovery_codes", ""),
        ([{"method": "socialaccount", "acr": BASIC}], "single", "sso", BASIC),
        ([{"method": "socialaccount", "acr": STRONG}], "multi", "sso", STRONG),
        ([{"method": "socialaccount"}], "single", "sso", ""),
        ([{"method": "socialaccount", "acr": BASIC}, TOTP], "multi", "sso+totp", BASIC),
        ([{"method": "code"}], "single", "code", ""),
        ([PASSWORD, {**PASSWORD, "reauthenticated": True}], "single", "password", ""),
        ([], "single", "unrecorded", ""),
        ([{"method": "something-new"}], "single", "unrecorded", ""),
    ],
)
def test_it_adds_up_the_records_of_a_sign_in(records, level, method, acr):
    found = assurance.from_records(records)

    assert (found.level, found.method, found.acr) == (level, method, acr)
    assert found.is_multi_factor is (level == "multi")


def test_which_acr_counts_as_multi_factor_is_configuration(settings):
    records = [{"method": "socialaccount", "acr": BASIC}]
    assert not assurance.from_records(records).is_multi_factor
    settings.OIDC_MFA_ACR_VALUES = [BASIC, STRONG]
    assert assurance.from_records(records).is_multi_factor


def test_nobody_signed_in_has_no_assurance(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert assurance.of(request) == assurance.ANONYMOUS
    assert assurance.of(request).as_data() == {"level": "none", "method": ""}


def test_audit_data_names_level_method_and_acr():
    found = assurance.from_records([{"method": "socialaccount", "acr": STRONG, "uid": "12"}])
    assert found.as_data() == {"level": "multi", "method": "sso", "acr": STRONG}
