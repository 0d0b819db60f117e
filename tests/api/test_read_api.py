"""Reading the API: public data without a token, private data only for those concerned (404 to
everyone else, decided by pact.access), filters, ordering, pagination, throttling."""

from __future__ import annotations

import random

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from pact.kernel.counters import COUNTERS as cache  # where throttles count
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(world):
    return make_partnership(
        world.coordinator_org, status="active", name="Public Tourism Partnership", kind="lsp"
    )


def _slugs(response) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]


def test_it_lists_public_partnerships_without_a_token(world, public, api):
    response = api.get("/api/v1/partnerships/")
    assert response.status_code == 200
    assert _slugs(response) == [public.slug]
    assert response.json()["count"] == 1


def test_it_hides_a_private_partnership_from_anonymous_and_outsiders(
    world, public, api, token_client
):
    url = f"/api/v1/partnerships/{world.partnership.slug}/"
    assert api.get(url).status_code == 404
    assert api.get(url).json() == {"detail": "Not found.", "code": "not_found"}
    outsider = token_client(world.outsider)
    assert outsider.get(url).status_code == 404
    assert world.partnership.slug not in _slugs(outsider.get("/api/v1/partnerships/"))


@pytest.mark.parametrize("persona", ["member", "coordinator", "contributor", "reviewer", "admin"])
def test_it_shows_a_private_partnership_to_those_concerned(world, public, token_client, persona):
    client = token_client(getattr(world, persona))
    assert client.get(f"/api/v1/partnerships/{world.partnership.slug}/").status_code == 200
    assert world.partnership.slug in _slugs(client.get("/api/v1/partnerships/"))


def test_it_hides_staff_reads_until_mfa_is_on(world, token_client):
    from tests.factories import make_user

    reviewer = make_user("no-mfa@example.org", staff_role="reviewer", mfa=False)
    response = token_client(reviewer).get(f"/api/v1/partnerships/{world.partnership.slug}/")
    assert response.status_code == 404


def test_it_hides_an_applied_organisation(world, api, token_client):
    applied = make_organisation("Applied Org", status="applied", admin=world.outsider)
    url = f"/api/v1/organisations/{applied.slug}/"
    assert api.get(url).status_code == 404
    assert token_client(world.member).get(url).status_code == 404
    assert token_client(world.outsider).get(url).status_code == 200
    assert token_client(world.reviewer).get(url).status_code == 200
    assert applied.slug not in _slugs(api.get("/api/v1/organisations/?page_size=100"))


def test_it_filters_and_orders(world, public, api):
    make_partnership(world.member_org, status="active", name="Another Regional One", kind="rsp")
    assert _slugs(api.get("/api/v1/partnerships/?kind=lsp")) == [public.slug]
    names = [r["name"] for r in api.get("/api/v1/partnerships/?ordering=-name").json()["results"]]
    assert names == sorted(names, reverse=True)
    assert len(names) == 2


def test_it_rejects_an_invalid_filter_value_with_field_errors(api):
    response = api.get("/api/v1/partnerships/?kind=spaceship")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "kind" in body["errors"]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("kind=", "kind", "Give a value, or leave the parameter out."),
        ("status=", "status", "Give a value, or leave the parameter out."),
    ],
)
def test_it_refuses_empty_filter_values(api, query, field, message):
    response = api.get(f"/api/v1/partnerships/?{query}")
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}


def test_it_refuses_a_filter_given_twice(api):
    response = api.get("/api/v1/partnerships/?kind=lsp&kind=rsp")
    assert response.status_code == 400
    assert response.json()["errors"] == {"kind": ["Give this parameter once."]}


@pytest.mark.parametrize("value", ["maybe", "null", "yes"])
def test_it_refuses_a_yes_no_filter_that_is_not_true_or_false(api, value):
    response = api.get(f"/api/v1/indicators/?headline={value}")
    assert response.status_code == 400
    assert response.json()["errors"] == {"headline": ["Must be true or false."]}


def test_it_filters_on_true_and_false(api):
    headline = api.get("/api/v1/indicators/?headline=true&page_size=100").json()["results"]
    others = api.get("/api/v1/indicators/?headline=false&page_size=100").json()["results"]
    assert headline and all(row["headline"] for row in headline)
    assert others and not any(row["headline"] for row in others)


def test_it_paginates(world, api):
    for i in range(3):
        make_partnership(world.coordinator_org, status="active", name=f"Paged {i}")
    first = api.get("/api/v1/partnerships/?page_size=2").json()
    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1
    response = api.get("/api/v1/partnerships/?page=99")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("size", ["0", "101", "-3", "ten", ""])
def test_it_refuses_a_page_size_out_of_range(api, size):
    response = api.get(f"/api/v1/partnerships/?page_size={size}")
    assert response.status_code == 400
    assert response.json()["errors"] == {"page_size": ["Must be a whole number from 1 to 100."]}


def test_it_answers_json_for_an_unknown_api_path(api):
    response = api.get("/api/v1/partnerships/not.a.slug/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_it_reads_the_kpi_catalogue_without_a_token(api):
    response = api.get("/api/v1/indicators/")
    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_it_needs_credentials_for_me(api):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }


def test_it_tells_a_member_who_they_are(world, token_client):
    body = token_client(world.member).get("/api/v1/me/").json()
    assert body["email"] == "member@example.org"
    assert body["organisations"] == [
        {"slug": world.member_org.slug, "name": "Member College", "role": "admin"}
    ]
    assert body["partnerships"] == [
        {"slug": world.partnership.slug, "name": world.partnership.name, "role": "member"}
    ]


def test_it_lists_partnerships_in_a_constant_number_of_queries(
    world, api, django_assert_max_num_queries
):
    for i in range(12):
        make_partnership(world.coordinator_org, status="active", name=f"Many {i}")
    with django_assert_max_num_queries(4):
        assert api.get("/api/v1/partnerships/?page_size=50").status_code == 200


# --- throttling ----------------------------------------------------------------------------------


def _low_rates(anon: str, user: str):
    from django.conf import settings

    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
        }
    )


def test_it_throttles_anonymous_clients_per_ip_with_a_reason():
    ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
    other_ip = "10.255.255.254"
    cache.delete_many([f"throttle_anon_{ip}", f"throttle_anon_{other_ip}"])
    api = APIClient(REMOTE_ADDR=ip)
    with _low_rates("3/min", "100/min"):
        for _ in range(3):
            assert api.get("/api/v1/indicators/").status_code == 200
        response = api.get("/api/v1/indicators/")
        assert response.status_code == 429
        assert response.json()["code"] == "throttled"
        assert "throttled" in response.json()["detail"]
        assert int(response["Retry-After"]) > 0
        # Another address is not affected.
        assert APIClient(REMOTE_ADDR=other_ip).get("/api/v1/indicators/").status_code == 200
    cache.delete_many([f"throttle_anon_{ip}", f"throttle_anon_{other_ip}"])


def test_it_throttles_each_person_separately(world, token_client):
    member, outsider = token_client(world.member), token_client(world.outsider)
    keys = [f"throttle_user_{world.member.pk}", f"throttle_user_{world.outsider.pk}"]
    cache.delete_many(keys)
    with _low_rates("100/min", "2/min"):
        assert member.get("/api/v1/me/").status_code == 200
        assert member.get("/api/v1/me/").status_code == 200
        assert member.get("/api/v1/me/").status_code == 429
        assert outsider.get("/api/v1/me/").status_code == 200
    cache.delete_many(keys)


def test_it_does_not_throttle_when_no_rate_is_set(api):
    for _ in range(5):
        assert api.get("/api/v1/indicators/").status_code == 200


# --- schema and documentation ------------------------------------------------------------------------


def test_it_serves_the_openapi_schema(api):
    response = api.get(reverse("api_schema") + "?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/partnerships/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"detail", "code"}


def test_it_documents_every_operation_with_a_description_and_error_answers(api):
    schema = api.get(reverse("api_schema") + "?format=json").json()
    missing = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            if not operation.get("description"):
                missing.append(f"{method.upper()} {path}: description")
            for code in ("401", "404", "429"):
                if code not in operation["responses"]:
                    missing.append(f"{method.upper()} {path}: {code}")
    assert not missing, missing


def test_it_serves_the_documentation_page_without_inline_script(client):
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "js/api-docs.js" in html
    assert "<script>" not in html
    assert "cdn" not in html.lower()
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    bundle = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert bundle.status_code == 200


def _resolve(node, components):
    """Inline $refs and turn OpenAPI 3.0 ``nullable`` into JSON Schema, for validating examples."""
    if isinstance(node, list):
        return [_resolve(item, components) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _resolve(components[node["$ref"].rsplit("/", 1)[-1]], components)
    # drf-spectacular documents a blank-able URL as oneOf(blank, uri); without format checks both
    # match "", so read oneOf as anyOf.
    resolved = {
        ("anyOf" if k == "oneOf" else k): _resolve(v, components)
        for k, v in node.items()
        if k != "nullable"
    }
    if node.get("nullable"):
        return {"anyOf": [resolved, {"type": "null"}]}
    return resolved


def test_it_gives_every_operation_an_example_that_matches_its_schema(api):
    import jsonschema

    schema = api.get(reverse("api_schema") + "?format=json").json()
    components = schema["components"]["schemas"]
    problems = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            label = f"{method.upper()} {path} ({operation['operationId']})"
            success = [c for c in operation["responses"] if c.startswith("2")]
            found = 0
            for code in success:
                content = operation["responses"][code].get("content", {}).get("application/json")
                if not content:
                    continue
                body_schema = _resolve(content["schema"], components)
                for name, example in content.get("examples", {}).items():
                    found += 1
                    try:
                        jsonschema.validate(example["value"], body_schema)
                    except jsonschema.ValidationError as error:
                        problems.append(f"{label} example {name!r}: {error.message}")
            if success and not found and operation["responses"][success[0]].get("content"):
                problems.append(f"{label}: no example (add one to pact/api_examples.py)")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", ["", "0", "-1", "one", "1.5"])
def test_a_malformed_page_number_is_a_400(client, page):
    response = client.get(f"/api/v1/partnerships/?page={page}")
    assert response.status_code == 400
    assert "page" in response.json()["errors"]
