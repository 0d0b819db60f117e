"""Walking the URL resolver and classifying answers, for the isolation matrix."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, reverse

PERSONAS = ("anonymous", "outsider", "member", "coordinator", "reviewer", "admin")

# Answer classes.
OK = "200"
LOGIN = "login"  # 302 to the sign-in page
MFA = "mfa"  # 302 to MFA set-up or the second-factor step
REAUTH = "reauth"  # 302 to "confirm your password" (allauth's sensitive pages)
REDIRECT = "302"  # any other redirect
UNAUTHORISED = "401"
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the full pattern for unnamed routes
    name: str | None
    pattern: str
    kwargs: tuple[str, ...]


def walk(patterns=None, prefix: str = "", namespace: str | None = None, kwargs=()):
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        names = tuple(kwargs) + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns, names)
        elif isinstance(entry, URLPattern):
            full = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if (namespace and entry.name) else entry.name
            yield Route(key=name or full, name=name, pattern=full, kwargs=names)


def all_routes() -> list[Route]:
    """Every route, each once (a name reused for several patterns keeps its first pattern)."""
    seen: dict[str, Route] = {}
    for route in walk():
        seen.setdefault(route.key, route)
    return list(seen.values())


def url_for(route: Route, kwargs_or_path) -> str:
    if isinstance(kwargs_or_path, str):
        return kwargs_or_path
    if route.name is None:
        raise AssertionError(f"unnamed route {route.key} needs a literal path in KWARGS")
    return reverse(route.name, kwargs=kwargs_or_path or None)


def classify(response) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if path == reverse("account_login"):
            return LOGIN
        if path in (
            reverse("mfa_activate_totp"),
            reverse("mfa_authenticate"),
            reverse("mfa_index"),
        ):
            return MFA
        if path in (reverse("account_reauthenticate"), reverse("mfa_reauthenticate")):
            return REAUTH
        return REDIRECT
    return str(status)


def expect(anonymous, outsider, member, coordinator, reviewer, admin) -> dict[str, str]:
    return dict(
        zip(PERSONAS, (anonymous, outsider, member, coordinator, reviewer, admin), strict=True)
    )


def everyone(answer: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, answer)


def signed_in(answer: str = OK, anonymous: str = LOGIN) -> dict[str, str]:
    return {**everyone(answer), "anonymous": anonymous}
