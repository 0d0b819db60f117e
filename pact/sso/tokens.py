"""The provider's published configuration and keys, and the checks every ID token must pass.

Checked with joserfc: the signature against the provider's JWKS (asymmetric algorithms only, so
neither ``none`` nor a secret-keyed HMAC is accepted), then issuer, audience (and ``azp`` when
there are several audiences), expiry, issue time, the nonce this browser was given, and
``at_hash`` when the provider sends one.

The discovery document and the keys are kept in the cache for an hour; keys are fetched again
once when a token names a key id the cached set does not have (the provider rotated its keys).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from typing import Any

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.core.cache import cache
from joserfc import jws, jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

logger = logging.getLogger(__name__)

CACHE_SECONDS = 3600
LEEWAY_SECONDS = 60
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
WELL_KNOWN = "/.well-known/openid-configuration"


class InvalidIDToken(OAuth2Error):
    """The provider's answer failed a check; the sign-in is refused and nothing is changed."""


def _cache_key(kind: str, url: str) -> str:
    return f"sso:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


def _cached_json(kind: str, url: str, *, refresh: bool = False) -> dict[str, Any]:
    key = _cache_key(kind, url)
    if not refresh:
        try:
            found = cache.get(key)
        except Exception:  # the cache (Redis) is down: ask the provider
            logger.warning("cache unavailable for %s", kind, exc_info=True)
            found = None
        if found is not None:
            return found
    with get_adapter().get_requests_session() as session:
        response = session.get(url)
        response.raise_for_status()
        data = response.json()
    if not isinstance(data, dict):
        raise OAuth2Error(f"The provider's {kind} is not a JSON object.")
    try:
        cache.set(key, data, CACHE_SECONDS)
    except Exception:
        logger.warning("cache unavailable for %s", kind, exc_info=True)
    return data


def issuer_of(server_url: str) -> str:
    """The issuer a configured server URL names (the URL without the discovery path)."""
    url = server_url.rstrip("/")
    return url.removesuffix(WELL_KNOWN)


def discovery(server_url: str) -> dict[str, Any]:
    """The provider's discovery document; its ``issuer`` must be the configured one (so tokens
    of another provider, or of a provider answering for another, are never accepted)."""
    issuer = issuer_of(server_url)
    config = _cached_json("discovery", issuer + WELL_KNOWN)
    if config.get("issuer", "").rstrip("/") != issuer:
        raise OAuth2Error("The provider's discovery document names another issuer.")
    return config


def _key_set(jwks_uri: str, *, refresh: bool = False) -> KeySet:
    return KeySet.import_key_set(_cached_json("jwks", jwks_uri, refresh=refresh))  # type: ignore[arg-type]


def _algorithms(config: dict[str, Any]) -> list[str]:
    offered = config.get("id_token_signing_alg_values_supported") or ALGORITHMS
    return [alg for alg in ALGORITHMS if alg in offered]


def _half_hash(value: str, algorithm: str) -> str:
    digest = {"256": hashlib.sha256, "384": hashlib.sha384, "512": hashlib.sha512}[algorithm[-3:]]
    half = digest(value.encode("ascii")).digest()
    return base64.urlsafe_b64encode(half[: len(half) // 2]).rstrip(b"=").decode("ascii")


def verify_id_token(
    raw: str,
    *,
    config: dict[str, Any],
    client_id: str,
    nonce: str,
    access_token: str = "",
) -> dict[str, Any]:
    """The claims of ``raw`` once every check passed; ``InvalidIDToken`` naming the first that
    failed otherwise."""
    if not nonce:
        raise InvalidIDToken("No nonce was sent for this sign-in.")
    algorithms = _algorithms(config)
    jwks_uri = config.get("jwks_uri")
    if not jwks_uri or not algorithms:
        raise InvalidIDToken("The provider publishes no signing keys we accept.")
    try:
        header = jws.extract_compact(raw.encode("ascii")).protected
    except (JoseError, UnicodeEncodeError, ValueError) as error:
        raise InvalidIDToken("The ID token is not a signed JWT.") from error
    if header.get("alg") not in algorithms:
        raise InvalidIDToken(f"The ID token's algorithm {header.get('alg')!r} is not accepted.")
    try:
        try:
            token = jwt.decode(raw, _key_set(jwks_uri), algorithms=algorithms)
        except InvalidKeyIdError:
            token = jwt.decode(raw, _key_set(jwks_uri, refresh=True), algorithms=algorithms)
    except (JoseError, ValueError) as error:
        raise InvalidIDToken(f"The ID token's signature does not verify ({error}).") from error
    claims = token.claims
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": config["issuer"]},
        aud={"essential": True, "value": client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
    )
    try:
        registry.validate(claims)
    except JoseError as error:
        raise InvalidIDToken(f"The ID token fails a check ({error}).") from error
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise InvalidIDToken("The ID token was issued to another party (azp).")
    if not isinstance(claims.get("nonce"), str) or not hmac.compare_digest(
        claims["nonce"].encode(), nonce.encode()
    ):
        raise InvalidIDToken("The ID token answers another sign-in (nonce).")
    if (
        access_token
        and "at_hash" in claims
        and claims["at_hash"] != _half_hash(access_token, header["alg"])
    ):
        raise InvalidIDToken("The ID token does not belong to the access token (at_hash).")
    return claims


def fetch_userinfo(config: dict[str, Any], access_token: str) -> dict[str, Any]:
    with get_adapter().get_requests_session() as session:
        response = session.get(
            config["userinfo_endpoint"], headers={"Authorization": f"Bearer {access_token}"}
        )
        response.raise_for_status()
        data = response.json()
    if not isinstance(data, dict):
        raise InvalidIDToken("The provider's userinfo answer is not a JSON object.")
    return data
