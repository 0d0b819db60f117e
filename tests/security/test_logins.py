"""Sign-in hardening: rate limits, no account enumeration, the admin behind allauth and staff MFA,
sessions that rotate on sign-in and end when idle."""

from __future__ import annotations

import ast
import json
import re
import time
import uuid
from pathlib import Path
from unittest import mock

import pyotp
import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from pact.kernel import signin_limits
from pact.models import AuditEntry, OutboundEmail
from tests.factories import PASSWORD, TOTP_SECRET, make_user

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "pact" / "settings" / "accounts.py"


def _configured(name: str = "ACCOUNT_RATE_LIMITS") -> dict:
    """A setting's value the portal runs with (the tests' settings switch limits off)."""
    tree = ast.parse(SETTINGS_FILE.read_text())
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if (
            isinstance(node, ast.Assign | ast.AnnAssign)
            and any(getattr(t, "id", None) == name for t in targets)
            and isinstance(node.value, ast.Dict)
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not configured in pact/settings/accounts.py")


@pytest.fixture
def rate_limits():
    limits = _configured()
    with override_settings(ACCOUNT_RATE_LIMITS=limits, SIGNIN_LIMITS=_configured("SIGNIN_LIMITS")):
        yield limits


def _unique_ip() -> str:
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


def _login(client, email, password, ip):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


# --- rate limits ---------------------------------------------------------------------------------


def test_it_slows_failed_sign_ins_per_ip_and_address_without_locking_the_owner_out(
    client, rate_limits
):
    assert rate_limits["login_failed"]
    user = make_user(f"target-{uuid.uuid4().hex[:8]}@example.org")
    attacker = _unique_ip()
    for _ in range(_configured("SIGNIN_LIMITS")["ip_address"][0]):
        response = _login(client, user.email, "wrong-password-123", attacker)
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    # The attacker's IP is slowed for this address, even with the right password...
    response = _login(client, user.email, PASSWORD, attacker)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # ...but the owner, elsewhere, signs in.
    assert _login(client, user.email, PASSWORD, _unique_ip()).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_stops_distributed_guessing_at_a_ceiling_that_the_reset_link_lifts(
    client, rate_limits, settings, django_capture_on_commit_callbacks
):
    settings.SIGNIN_LIMITS = {**settings.SIGNIN_LIMITS, "address": (4, 3600)}
    user = make_user(f"ceiling-{uuid.uuid4().hex[:8]}@example.org")
    for _ in range(4):  # from four addresses, none of them slowed
        _login(client, user.email, "wrong-password-123", _unique_ip())
    ceiling = "There were too many failed attempts to sign in to this account."
    response = _login(client, user.email, PASSWORD, _unique_ip())
    assert ceiling in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The owner resets their password by the link mailed to them, then signs in.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[-1].body)
    assert link
    form = client.get(link.group(1), follow=True)
    client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"password1": "a-new-long-pass-phrase", "password2": "a-new-long-pass-phrase"},
    )
    client.logout()
    assert _login(client, user.email, "a-new-long-pass-phrase", _unique_ip()).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_browser_that_signed_in_before_gets_past_the_ceiling(client, rate_limits, settings):
    settings.SIGNIN_LIMITS = {**settings.SIGNIN_LIMITS, "address": (3, 3600)}
    user = make_user(f"known-{uuid.uuid4().hex[:8]}@example.org")
    assert _login(client, user.email, PASSWORD, _unique_ip()).status_code == 302
    # Signed out later, the browser keeps its "known browser" cookie.
    known = client.cookies[signin_limits.KNOWN_BROWSER_COOKIE]
    assert user.email not in known.value
    client = Client()
    client.cookies[signin_limits.KNOWN_BROWSER_COOKIE] = known.value
    attacker = Client()
    for _ in range(3):
        _login(attacker, user.email, "wrong-password-123", _unique_ip())
    refused = _login(attacker, user.email, PASSWORD, _unique_ip())
    assert "too many failed attempts" in refused.content.decode()
    assert _login(client, user.email, PASSWORD, _unique_ip()).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    # A forged cookie is worth nothing.
    attacker.cookies[signin_limits.KNOWN_BROWSER_COOKIE] = "forged"
    _login(attacker, user.email, PASSWORD, _unique_ip())
    assert "_auth_user_id" not in attacker.session


def test_it_rate_limits_failed_sign_ins_per_address(client, rate_limits):
    ip = _unique_ip()
    for i in range(10):
        _login(client, f"nobody-{i}-{uuid.uuid4().hex[:6]}@example.org", "wrong-password", ip)
    user = make_user(f"innocent-{uuid.uuid4().hex[:8]}@example.org")
    response = _login(client, user.email, PASSWORD, ip)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_lets_a_correct_sign_in_through_without_rate_limits(client):
    user = make_user()
    for _ in range(7):
        _login(client, user.email, "wrong-password", "10.9.9.9")
    assert _login(client, user.email, PASSWORD, "10.9.9.9").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_it_rate_limits_all_sign_ins_from_one_address(client, rate_limits):
    """allauth's global limit: 30 sign-in attempts a minute per address, right or wrong."""
    assert rate_limits["login"] == "30/m/ip"
    user = make_user(f"busy-{uuid.uuid4().hex[:8]}@example.org")
    ip = _unique_ip()
    for _ in range(30):
        assert _login(client, user.email, PASSWORD, ip).status_code == 302
        client.logout()
    response = _login(client, user.email, PASSWORD, ip)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not held back.
    assert _login(client, user.email, PASSWORD, _unique_ip()).status_code == 302


# --- enumeration -----------------------------------------------------------------------------------


def test_it_gives_the_same_answer_to_a_wrong_password_and_an_unknown_account(client):
    user = make_user()
    wrong = _login(client, user.email, "wrong-password", "10.1.1.1")
    unknown = _login(client, "no-such-person@example.org", "wrong-password", "10.1.1.1")
    assert wrong.status_code == unknown.status_code == 200
    error = "The email address and/or password you specified are not correct."
    assert error in wrong.content.decode()
    assert error in unknown.content.decode()


def test_it_answers_a_password_reset_the_same_for_known_and_unknown_addresses(
    client, django_capture_on_commit_callbacks
):
    user = make_user("known@example.org")
    with django_capture_on_commit_callbacks(execute=True):  # mail goes out after commit
        known = client.post(reverse("account_reset_password"), {"email": user.email})
        unknown = client.post(reverse("account_reset_password"), {"email": "unknown@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    # The account owner gets the reset link; nobody learns anything from the page.
    assert any("known@example.org" in m.to for m in mail.outbox)
    known_mail = next(m for m in mail.outbox if "known@example.org" in m.to)
    assert "/accounts/password/reset/key/" in known_mail.body


def test_it_answers_a_sign_up_with_a_taken_address_like_a_new_one(client):
    make_user("taken@example.org")
    data = {
        "full_name": "A Person",
        "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
    }
    taken = client.post(reverse("account_signup"), {"email": "taken@example.org", **data})
    client.logout()
    fresh = client.post(reverse("account_signup"), {"email": "fresh@example.org", **data})
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]


def _work_done(client, url, data) -> tuple[int, int]:
    """How many passwords the request hashed and how many mails it queued."""
    hasher = get_hasher()
    before = OutboundEmail.objects.count()
    with mock.patch.object(
        type(hasher), "encode", autospec=True, side_effect=type(hasher).encode
    ) as encode:
        response = client.post(url, data)
    assert response.status_code == 302
    return encode.call_count, OutboundEmail.objects.count() - before


def test_sign_up_and_password_reset_do_the_same_work_whatever_the_address(client):
    """Structural: the answer's time cannot tell a registered address from a new one."""
    make_user("taken@example.org")
    data = {
        "full_name": "A Person",
        "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
    }
    taken = _work_done(client, reverse("account_signup"), {"email": "taken@example.org", **data})
    client.logout()
    fresh = _work_done(client, reverse("account_signup"), {"email": "fresh@example.org", **data})
    assert taken == fresh == (1, 1)
    url = reverse("account_reset_password")
    known = _work_done(client, url, {"email": "taken@example.org"})
    unknown = _work_done(client, url, {"email": "nobody@example.org"})
    assert known == unknown
    assert known[1] == 1


def test_it_audits_a_failed_sign_in_without_personal_data(client):
    user = make_user(f"audited-{uuid.uuid4().hex[:8]}@example.org")
    _login(client, user.email, "wrong-password-123", "10.7.7.7")
    _login(client, "no-such-person@example.org", "wrong-password-123", "10.7.7.7")
    first, second = AuditEntry.objects.filter(kind="pact.user.sign_in_failed").order_by("id")
    assert first.data == {"address_hash": signin_limits.address_key(user.email)}
    assert second.data == {"address_hash": signin_limits.address_key("no-such-person@example.org")}
    row = json.dumps(AuditEntry.objects.filter(pk=first.pk).values().get(), default=str)
    assert user.email not in row and "10.7.7.7" not in row and "wrong-password" not in row
    assert first.actor is None


# --- the Django admin ------------------------------------------------------------------------------


def test_it_sends_signed_out_visitors_of_the_admin_to_the_portal_sign_in(client):
    for url in ("/admin/", "/admin/login/", "/admin/pact/user/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_it_never_signs_anyone_in_through_the_admin_login_form(client):
    admin = make_user("admin-form@example.org", staff_role="admin")
    response = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    # Also not for a signed-in non-staff person trying to switch to a staff account there.
    client.force_login(make_user())
    response = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert response.status_code == 404


def test_it_keeps_staff_without_mfa_out_of_the_admin(client):
    admin = make_user("admin-nomfa@example.org", staff_role="admin", mfa=False)
    client.force_login(admin)
    for url in ("/admin/", "/admin/pact/user/", "/admin/login/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url


@pytest.mark.parametrize("role", ["", "reviewer", "support"])
def test_it_answers_404_in_the_admin_to_everybody_but_staff_administrators(client, role):
    client.force_login(make_user(staff_role=role))
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/pact/user/").status_code == 404


def test_it_asks_a_staff_administrator_for_the_second_factor_before_the_admin(client):
    admin = make_user("admin-2fa@example.org", staff_role="admin")
    client.get(reverse("account_login"))
    anonymous_key = client.session.session_key
    response = _login(client, admin.email, PASSWORD, "10.2.2.2")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still not signed in

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)
    assert client.session.session_key != anonymous_key
    assert client.get("/admin/").status_code == 200


def _staff_code_step(client, email: str, code: str):
    _login(client, email, PASSWORD, _unique_ip())
    return client.post(reverse("mfa_authenticate"), {"code": code})


def test_it_accepts_the_authenticator_code_of_the_step_just_past(client):
    """A code typed as the 30-second step turns over (or on a phone a little behind) still counts."""
    admin = make_user(f"admin-step-{uuid.uuid4().hex[:6]}@example.org", staff_role="admin")
    totp = pyotp.TOTP(TOTP_SECRET)
    response = _staff_code_step(client, admin.email, totp.at(time.time() - totp.interval))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)


def test_a_wrong_authenticator_code_does_not_use_up_the_right_one(client):
    admin = make_user(f"admin-retry-{uuid.uuid4().hex[:6]}@example.org", staff_role="admin")
    right = pyotp.TOTP(TOTP_SECRET).now()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = _staff_code_step(client, admin.email, wrong)
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": right})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin.pk)


# --- sessions ----------------------------------------------------------------------------------------


def test_it_rotates_the_session_key_on_sign_in(client):
    user = make_user()
    client.get(reverse("account_login"))
    before = client.session.session_key
    assert before
    _login(client, user.email, PASSWORD, "10.3.3.3")
    assert client.session.session_key != before


def test_it_ends_an_idle_session_for_the_api_too(client, settings):
    user = make_user()
    client.force_login(user)
    assert client.get("/api/v1/me/").status_code == 200
    session = client.session
    session["last_seen"] -= settings.SESSION_IDLE_TIMEOUT + 1
    session.save()
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session


def test_it_keeps_an_active_session(client, settings):
    user = make_user()
    client.force_login(user)
    client.get("/api/v1/me/")
    session = client.session
    session["last_seen"] -= settings.SESSION_IDLE_TIMEOUT - 60
    session.save()
    assert client.get("/api/v1/me/").status_code == 200
