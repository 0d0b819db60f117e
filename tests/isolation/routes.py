"""Walking the URL resolver, finding which routes write, and classifying answers."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic import RedirectView

PERSONAS = ("anonymous", "outsider", "member", "coordinator", "reviewer", "admin")

# Answer classes.
OK = "200"
LOGIN = "login"  # 302 to the sign-in page
MFA = "mfa"  # 302 to MFA set-up or the second-factor step
REAUTH = "reauth"  # 302 to "confirm your password" (allauth's sensitive pages)
REDIRECT = "302"  # any other redirect
CREATED = "201"
BAD_REQUEST = "400"
UNAUTHORISED = "401"
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
CONFLICT = "409"
GONE = "410"
PRECONDITION_REQUIRED = "428"

# A write's answer ends in "+" when the database changed (see tests/isolation/snapshot.py):
# "302+" is a redirect after a change, "302" a redirect that changed nothing.
CHANGED = "+"

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the full pattern for unnamed routes
    name: str | None
    pattern: str
    kwargs: tuple[str, ...]
    callback: Callable | None = field(default=None, compare=False, repr=False)


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
            yield Route(
                key=name or full, name=name, pattern=full, kwargs=names, callback=entry.callback
            )


def all_routes() -> list[Route]:
    """Every route, each once (a name reused for several patterns keeps its first pattern)."""
    seen: dict[str, Route] = {}
    for route in walk():
        seen.setdefault(route.key, route)
    return list(seen.values())


def is_admin(route: Route) -> bool:
    return route.key.startswith("admin:") or route.pattern.startswith("admin/")


# --- which routes write --------------------------------------------------------------------------

# A function view that handles a form reads one of these (the others only read request.GET).
_READS_A_BODY = re.compile(r"request\.(method|POST|FILES)\b")


def _declared_methods(view: Callable) -> tuple[str, ...] | None:
    """The methods a ``require_http_methods`` (or ``require_POST``, ...) wrapper lets through."""
    seen: set[int] = set()
    stack = [view]
    while stack:
        function = stack.pop()
        if id(function) in seen:
            continue
        seen.add(id(function))
        names = getattr(getattr(function, "__code__", None), "co_freevars", ())
        for name, cell in zip(names, getattr(function, "__closure__", None) or (), strict=False):
            try:
                value = cell.cell_contents
            except ValueError:  # an empty cell
                continue
            if name == "request_method_list":
                return tuple(m.upper() for m in value)
            if inspect.isfunction(value):
                stack.append(value)
        if getattr(function, "__wrapped__", None) is not None:
            stack.append(function.__wrapped__)
    return None


def write_methods(route: Route) -> tuple[str, ...]:
    """The write methods the route's view answers, found from the view itself.

    * DRF viewsets: the actions the router mapped, less those ``http_method_names`` leaves out;
    * class-based views (DRF's APIView, allauth's): the handlers the class defines among its
      ``http_method_names`` (Django's ``ProcessFormView.put`` only calls ``post``: counted once,
      as POST);
    * function views: what ``require_http_methods`` / ``require_POST`` declare; without such a
      decorator, POST when the view's source reads ``request.method``, ``POST`` or ``FILES``
      (``test_a_read_route_changes_nothing_when_posted_to`` checks the others really write
      nothing).
    """
    view = route.callback
    if view is None:
        return ()
    cls = getattr(view, "cls", None) or getattr(view, "view_class", None)
    if cls is not None and issubclass(cls, RedirectView):
        return ()  # a redirect answers every method and writes nothing
    if cls is not None:
        allowed = {m.upper() for m in cls.http_method_names}
        actions = getattr(view, "actions", None)
        if actions:
            methods = {m.upper() for m in actions}
        else:
            from django.views.generic.edit import ProcessFormView

            methods = {m.upper() for m in cls.http_method_names if hasattr(cls, m)}
            if getattr(cls, "put", None) is ProcessFormView.put:
                methods.discard("PUT")
        return tuple(m for m in WRITE_METHODS if m in methods & allowed)
    declared = _declared_methods(view)
    if declared is not None:
        return tuple(m for m in WRITE_METHODS if m in declared)
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return ()
    return ("POST",) if _READS_A_BODY.search(source) else ()


def declares_read_only(route: Route) -> bool:
    """The view refuses every write method by itself (405), so posting to it proves nothing new."""
    view = route.callback
    if view is None:
        return True
    if getattr(view, "cls", None) or getattr(view, "view_class", None):
        return True  # a class answers 405 to a method it has no handler for
    declared = _declared_methods(view)
    return declared is not None and not set(declared) & set(WRITE_METHODS)


# --- URLs and answers ------------------------------------------------------------------------------


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


_NAMES = {
    OK: "OK",
    LOGIN: "LOGIN",
    MFA: "MFA",
    REAUTH: "REAUTH",
    REDIRECT: "REDIRECT",
    CREATED: "CREATED",
    BAD_REQUEST: "BAD_REQUEST",
    UNAUTHORISED: "UNAUTHORISED",
    FORBIDDEN: "FORBIDDEN",
    NOT_FOUND: "NOT_FOUND",
    NOT_ALLOWED: "NOT_ALLOWED",
    CONFLICT: "CONFLICT",
    GONE: "GONE",
    PRECONDITION_REQUIRED: "PRECONDITION_REQUIRED",
}


def answer_name(answer: str) -> str:
    """How the tables spell an answer: OK, NOT_FOUND, ..., done(REDIRECT) for "302+"."""
    if answer.endswith(CHANGED) and answer[:-1] in _NAMES:
        return f"done({_NAMES[answer[:-1]]})"
    return _NAMES.get(answer, repr(answer))


def render_expect(answers: list[str]) -> str:
    return f"expect({', '.join(answer_name(a) for a in answers)})"


def done(answer: str = REDIRECT) -> str:
    """The answer of a write that changed the database."""
    return answer + CHANGED
