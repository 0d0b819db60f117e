"""The ID token checks themselves (pact.sso.tokens), on tokens signed here with a key whose JWKS
is put in the cache as if fetched from the provider."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey

from pact.sso import tokens

ISSUER = "https://idp.example.eu"
JWKS_URI = f"{ISSUER}/jwks-for-token-tests"
CONFIG = {"issuer": ISSUER, "jwks_uri": JWKS_URI}
KEY = RSAKey.generate_key(2048, parameters={"kid": "key-1", "use": "sig"})


@pytest.fixture(autouse=True)
def _published_keys():
    cache.set(tokens._cache_key("jwks", JWKS_URI), {"keys": [KEY.as_dict(private=False)]}, 60)
    yield
    cache.delete(tokens._cache_key("jwks", JWKS_URI))


def _token(key=KEY, alg="RS256", **claims) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": "portal", "sub": "42", "iat": now, "exp": now + 300}
    body.update({"nonce": "n-1", **claims})
    header = {"alg": alg, "kid": "key-1"}
    return jwt.encode(
        header, {k: v for k, v in body.items() if v is not None}, key, algorithms=[alg]
    )


def _verify(raw: str, **kwargs) -> dict:
    options = {"config": CONFIG, "client_id": "portal", "nonce": "n-1", **kwargs}
    return tokens.verify_id_token(raw, **options)


def test_a_good_token_gives_its_claims():
    assert _verify(_token(acr="loa-high"))["acr"] == "loa-high"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (lambda: _token(nonce="n-é"), "nonce"),
        (lambda: _token(nonce=None), "nonce"),
        (lambda: _token(aud=["portal", "other"]), "azp"),
        (lambda: _token(at_hash="not-the-hash"), "at_hash"),
        (lambda: _token(sub=None), "sub"),
        (lambda: _token(iat=int(time.time()) + 3600), "issued in the future"),
        (lambda: _token(key=OctKey.generate_key(256), alg="HS256"), "algorithm"),
        (lambda: "not-a-jwt", "not a signed JWT"),
    ],
    ids=[
        "foreign-nonce",
        "no-nonce",
        "two-audiences",
        "at-hash",
        "no-sub",
        "future",
        "hmac",
        "junk",
    ],
)
def test_it_refuses(raw, message):
    with pytest.raises(tokens.InvalidIDToken) as refused:
        _verify(raw(), access_token="the-access-token")
    assert message in str(refused.value)


def test_two_audiences_are_accepted_when_the_token_names_the_portal_as_its_party():
    assert _verify(_token(aud=["portal", "other"], azp="portal"))["sub"] == "42"


def test_a_sign_in_without_a_nonce_is_refused_whatever_the_token():
    with pytest.raises(tokens.InvalidIDToken, match="No nonce"):
        _verify(_token(), nonce="")
