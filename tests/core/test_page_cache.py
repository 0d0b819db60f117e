"""Anonymous visitors are served stored pages, and never a page that is out of date or not theirs."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pact.kernel.cache import breaker, data_version
from partnerships.models import Partnership
from tests.factories import make_organisation, make_partnership, make_user

pytestmark = pytest.mark.django_db

HIT = "hit"
MISS = "miss"


def _state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def test_every_table_is_either_watched_by_the_data_version_or_listed_as_never_public():
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'pact_dv_commit_0'"
        )
        triggered = {row[0] for row in cursor.fetchall()}
    unknown_exclusions = data_version.EXCLUDED_TABLES - tables - {"django_migrations"}
    assert not unknown_exclusions, f"excluded tables that do not exist: {unknown_exclusions}"
    assert tables - data_version.EXCLUDED_TABLES == triggered
    assert "partnerships_partnership" in triggered
    assert "django_session" not in triggered


def test_a_public_write_moves_the_version_and_a_private_one_does_not():
    before = data_version.current()
    org = make_organisation("Versioned Org")
    after_public = data_version.current()
    assert after_public > before

    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO django_session VALUES ('x', 'y', now())")
    assert data_version.current() == after_public

    user = make_user("version@example.org")
    after_user = data_version.current()
    user.save(update_fields=["last_login"])
    assert data_version.current() == after_user
    assert org.pk


def test_an_anonymous_page_is_stored_then_served_until_the_data_changes(client):
    org = make_organisation("Cache Coordinating Agency")
    make_partnership(org, status="active", name="Cached Skills Alliance")
    first = client.get("/partnerships/")
    second = client.get("/partnerships/")
    assert (_state(first), _state(second)) == (MISS, HIT)
    assert second.content == first.content
    assert "Cached Skills Alliance" in second.content.decode()
    assert second["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in second  # the middleware above still adds its headers

    Partnership.objects.filter(name="Cached Skills Alliance").update(name="Renamed Alliance")
    third = client.get("/partnerships/")
    assert _state(third) == MISS
    assert "Renamed Alliance" in third.content.decode()
    assert "Cached Skills Alliance" not in third.content.decode()


def test_query_strings_languages_and_htmx_requests_are_stored_apart(client):
    make_partnership(make_organisation("Apart Org"), status="active", name="Apart Alliance")
    client.get("/partnerships/?q=apart")
    assert _state(client.get("/partnerships/?q=other")) == MISS
    assert _state(client.get("/partnerships/?q=apart", HTTP_HX_REQUEST="true")) == MISS
    french = Client(headers={"cookie": f"{settings.LANGUAGE_COOKIE_NAME}=fr"})
    page = french.get("/partnerships/?q=apart")
    assert _state(page) == MISS
    assert '<html lang="fr">' in page.content.decode()
    assert _state(client.get("/partnerships/?q=apart")) == HIT


@override_settings(ALLOWED_HOSTS=["pact.example.eu", "evil.example"])
def test_a_page_stored_for_one_host_is_never_served_on_another(client):
    """Pages hold absolute links: one request with ``Host: evil.example`` must not hand later
    visitors of the real host a page linking to it."""
    make_partnership(make_organisation("Host Org"), status="active", name="Host Alliance")
    evil = client.get("/partnerships/", HTTP_HOST="evil.example")
    real = client.get("/partnerships/", HTTP_HOST="pact.example.eu")
    assert (_state(evil), _state(real)) == (MISS, MISS)
    assert _state(client.get("/partnerships/", HTTP_HOST="pact.example.eu")) == HIT
    assert _state(client.get("/partnerships/", HTTP_HOST="pact.example.eu", secure=True)) == MISS
    for answer in (real, client.get("/partnerships/", HTTP_HOST="pact.example.eu")):
        assert "evil.example" not in answer.content.decode()


def test_signed_in_people_are_never_served_a_stored_page(client):
    person = make_user("signed-in@example.org", full_name="Sina Signed")
    client.get("/")
    client.get("/")
    client.force_login(person)
    page = client.get("/")
    assert _state(page) is None
    assert "Sign out" in page.content.decode()


def test_public_pages_of_anonymous_visitors_set_no_cookie_so_they_can_be_stored(client):
    """Every view marked public is stored for an anonymous visitor (a CSRF token or a session
    would set a cookie and keep it out of the cache: this finds the page that does)."""
    org = make_organisation("Stored Org")
    partnership = make_partnership(org, status="active", name="Stored Alliance")
    arguments = {
        "partnerships:detail": {"slug": partnership.slug},
        "members:profile": {"slug": org.slug},
    }
    checked = []
    for name, pattern in _public_routes():
        if pattern.pattern.converters and name not in arguments:
            continue
        needs_an_object = name.endswith(("open_data_download", "partnership_news"))
        if (needs_an_object or "detail" in name) and name not in arguments:
            continue
        url = reverse(name, kwargs=arguments.get(name))
        first = client.get(url)
        assert first.status_code == 200, url
        assert not first.cookies, f"{url} sets {list(first.cookies)}"
        assert _state(client.get(url)) == HIT, url
        checked.append(url)
    assert "/" in checked and "/partnerships/" in checked and "/results/" in checked


def _public_routes():
    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and getattr(p.callback, "public_page", False):
                yield (f"{namespace}:{p.name}" if namespace else p.name), p

    return list(walk(get_resolver().url_patterns, None))


def test_the_api_keeps_its_anonymous_rate_limit_on_stored_answers(client):
    rates = {"anon": "2/min", "user": None}
    rest = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    with override_settings(REST_FRAMEWORK=rest):
        from rest_framework.settings import api_settings

        api_settings.reload()
        try:
            codes = [
                client.get("/api/v1/reporting-cycles/", REMOTE_ADDR="203.0.113.9").status_code
                for _ in range(3)
            ]
        finally:
            api_settings.reload()
    assert codes == [200, 200, 429]


def test_without_redis_pages_are_rendered(client, monkeypatch):
    monkeypatch.setattr(breaker, "_redis_down_until", 0.0)
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=unreachable):
        page = client.get("/partnerships/")
        again = client.get("/partnerships/")
    assert page.status_code == again.status_code == 200
    assert _state(page) is None and _state(again) is None
    assert breaker._redis_down_until > 0
    monkeypatch.setattr(breaker, "_redis_down_until", 0.0)


def test_anonymous_language_choice_needs_no_token_but_a_signed_in_one_does():
    anonymous = Client(enforce_csrf_checks=True)
    page = anonymous.get("/")
    assert settings.CSRF_COOKIE_NAME not in page.cookies
    chosen = anonymous.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert chosen.status_code == 302

    person = make_user("csrf-lang@example.org", language="en")
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(person)
    refused = signed_in.post(reverse("set_language"), {"language": "de", "next": "/"})
    assert refused.status_code == 403
    person.refresh_from_db()
    assert person.language == "en"


def test_a_stored_page_is_sent_compressed_to_those_who_accept_it(client):
    import gzip

    make_partnership(make_organisation("Zip Org"), status="active", name="Zip Alliance")
    plain = client.get("/partnerships/")
    packed = client.get("/partnerships/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert _state(packed) == HIT
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    again = client.get("/partnerships/")
    assert not again.has_header("Content-Encoding")
    assert again.content == plain.content
