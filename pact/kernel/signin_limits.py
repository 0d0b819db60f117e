"""Failed password sign-ins: slowed per client IP and address, and a ceiling per address.

- Per IP and address, and per IP (``SIGNIN_LIMITS["ip_address"]``, ``["ip"]``): past them that IP
  waits for the window to end; the real owner, elsewhere, is not held back.
- Per address, from anywhere (``["address"]``): stops distributed guessing. Past it a password
  alone no longer signs in, except in a browser that signed in to this account before (a signed
  "known browser" cookie set at sign-in); a password reset by the link mailed to the owner lifts
  it. So the owner is never simply locked out.

Addresses are counted under a keyed hash (``address_key``), the same one the audit log uses for
failed sign-ins: no address is stored. Counters live in the Redis that never evicts
(``pact.kernel.counters``).

Kernel: imports no app.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core import signing

from pact.kernel import counters

KNOWN_BROWSER_COOKIE = "pact_known_browser"
KNOWN_BROWSER_SALT = "pact.signin.known-browser"
KNOWN_BROWSER_MAX_AGE = 365 * 24 * 3600
KNOWN_BROWSER_ACCOUNTS = 5  # the most accounts one browser remembers

SLOWED = "slowed"
CEILING = "ceiling"


def address_key(address: str) -> str:
    """A keyed hash of an address (lower-cased): the same address gives the same key, and the
    key cannot be turned back into the address without the site's secret."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"signin:{address.strip().lower()}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:32]


def _scopes(ip: str, address: str) -> dict[str, str]:
    key = address_key(address)
    return {
        "ip_address": f"signin:ip-address:{ip}:{key}",
        "ip": f"signin:ip:{ip}",
        "address": f"signin:address:{key}",
    }


def refused(ip: str, address: str, known_browser: bool) -> str | None:
    """``SLOWED`` or ``CEILING`` when this attempt must not even be checked, else None."""
    limits = settings.SIGNIN_LIMITS
    if not limits:
        return None
    scopes = _scopes(ip, address)
    for name in ("ip_address", "ip"):
        if counters.count(scopes[name]) >= limits[name][0]:
            return SLOWED
    if not known_browser and counters.count(scopes["address"]) >= limits["address"][0]:
        return CEILING
    return None


def failed(ip: str, address: str) -> None:
    limits = settings.SIGNIN_LIMITS
    if not limits:
        return
    for name, scope in _scopes(ip, address).items():
        counters.add(scope, limits[name][1])


def succeeded(ip: str, address: str) -> None:
    """A right password from this IP: its slowing for this address ends (not the ceiling, which
    an attacker who knows one account's password must not be able to lift for another)."""
    counters.reset(_scopes(ip, address)["ip_address"])


def password_reset(address: str) -> None:
    """The owner proved they read the address's mail: the ceiling on it is lifted."""
    counters.reset(f"signin:address:{address_key(address)}")


def known_browser_accounts(cookie: str | None) -> list[str]:
    if not cookie:
        return []
    try:
        keys = signing.loads(cookie, salt=KNOWN_BROWSER_SALT, max_age=KNOWN_BROWSER_MAX_AGE)
    except signing.BadSignature:
        return []
    return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []


def remember_browser(cookie: str | None, address: str) -> str:
    """The cookie's new value once ``address`` signed in in this browser."""
    key = address_key(address)
    keys = [key, *(k for k in known_browser_accounts(cookie) if k != key)]
    return signing.dumps(keys[:KNOWN_BROWSER_ACCOUNTS], salt=KNOWN_BROWSER_SALT)
