"""A change makes stale the pages and figures that show it, not every page of the portal: stored
pages and remembered figures key on the versions of their scopes (``pact.kernel.cache.scopes``)."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.urls import reverse

from commitments.models import Indicator
from members.models import Organisation
from pact.kernel.cache import data_version, scopes
from pact.models import User
from partnerships.models import Partnership
from tests.factories import make_organisation, make_partnership, make_user

pytestmark = pytest.mark.django_db


def _state(response) -> str | None:
    assert response.status_code == 200
    return response.headers.get("X-Page-Cache")


def _page(slug: str) -> str:
    return reverse("partnerships:detail", args=[slug])


def _two_partnerships() -> tuple[Partnership, Partnership]:
    """Two public partnerships whose scopes are in different buckets (1 in 128 share one)."""
    coordinator = make_organisation("Scoped Coordinator")
    first = make_partnership(coordinator, status="active", name="Alpha Scoped Alliance")
    for n in range(20):
        second = make_partnership(coordinator, status="active", name=f"Beta Scoped Alliance {n}")
        if scopes.sequence_of(f"partnership:{second.slug}") != scopes.sequence_of(
            f"partnership:{first.slug}"
        ):
            return first, second
    raise AssertionError("twenty partnerships in one bucket of 128")


def _stored(client, *addresses: str) -> None:
    for address in addresses:
        client.get(address)
        assert _state(client.get(address)) == "hit", address


def test_the_sequences_python_names_are_those_the_triggers_move():
    names = ["global", "figures", "partnership:alpha", "partnership:ünï-côdé", "organisation:x"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pact_scope_sequence(s) FROM unnest(%s::text[]) AS s", [names])
        assert [row[0] for row in cursor.fetchall()] == [scopes.sequence_of(n) for n in names]
    with pytest.raises(ValueError, match="unknown cache scope"):
        scopes.sequence_of("partnership")


def test_a_change_to_one_partnership_leaves_another_ones_page_stored(client):
    alpha, beta = _two_partnerships()
    _stored(client, _page(alpha.slug), _page(beta.slug), "/results/", "/members/")

    Partnership.objects.filter(pk=alpha.pk).update(summary="A new short description")

    assert _state(client.get(_page(beta.slug))) == "hit"
    changed = client.get(_page(alpha.slug))
    assert _state(changed) == "miss"
    assert "A new short description" in changed.content.decode()
    # Its description is on no results page: the figures and their pages stay stored.
    assert _state(client.get("/results/")) == "hit"


def test_the_directory_goes_stale_when_a_partnership_is_renamed(client):
    alpha, beta = _two_partnerships()
    _stored(client, "/partnerships/", _page(beta.slug))

    Partnership.objects.filter(pk=alpha.pk).update(name="Alpha Renamed Alliance")

    listed = client.get("/partnerships/")
    assert _state(listed) == "miss"
    assert "Alpha Renamed Alliance" in listed.content.decode()
    assert _state(client.get(_page(beta.slug))) == "hit"


def test_an_organisation_renamed_makes_its_profile_and_its_partnerships_pages_stale(client):
    alpha, _beta = _two_partnerships()
    member = make_organisation("Scoped Member Institute")
    other = make_partnership(
        make_organisation("Unrelated Coordinator"), members=(member,), status="active"
    )
    profile = reverse("members:profile", args=[member.slug])
    _stored(client, profile, _page(other.slug), _page(alpha.slug))

    Organisation.objects.filter(pk=member.pk).update(name="Scoped Member University")

    assert _state(client.get(profile)) == "miss"
    page = client.get(_page(other.slug))
    assert _state(page) == "miss"
    assert "Scoped Member University" in page.content.decode()
    # Alpha does not show that organisation (unless in the same bucket as ``other``).
    if scopes.sequence_of(f"partnership:{alpha.slug}") != scopes.sequence_of(
        f"partnership:{other.slug}"
    ):
        assert _state(client.get(_page(alpha.slug))) == "hit"


def test_a_change_to_a_table_no_scope_names_makes_every_scoped_page_stale(client):
    """Correctness never depends on the classification: an unclassified table moves ``global``,
    which every page with scopes keys on."""
    assert "commitments_indicator" not in scopes.SCOPES
    alpha, _beta = _two_partnerships()
    _stored(client, _page(alpha.slug), "/partnerships/", "/results/")
    before = scopes.read([scopes.sequence_of("global")])

    Indicator.objects.filter(pk=Indicator.objects.first().pk).update(position=99)

    assert scopes.read([scopes.sequence_of("global")]) != before
    for address in (_page(alpha.slug), "/partnerships/", "/results/"):
        assert _state(client.get(address)) == "miss", address


def test_every_public_table_is_classified_or_falls_back_to_global():
    tables = set(data_version.triggered_tables())
    assert set(scopes.SCOPES) <= tables, set(scopes.SCOPES) - tables
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, p.prosrc FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgname = 'pact_dv_now_0'"
        )
        bodies = dict(cursor.fetchall())
    assert set(bodies) == tables
    for table, body in bodies.items():
        assert "pact_bump_scopes" in body, table
        if table not in scopes.SCOPES:
            assert "ARRAY['global']" in body, table


def test_remembered_figures_keep_through_a_change_outside_their_scope(client):
    alpha, _beta = _two_partnerships()
    calls: list[int] = []
    name = f"test-scoped:{uuid.uuid4().hex}"

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert data_version.remembered(name, compute, scope=("figures",)) == 1
    Partnership.objects.filter(pk=alpha.pk).update(summary="Only words changed")
    assert data_version.remembered(name, compute, scope=("figures",)) == 1
    Partnership.objects.filter(pk=alpha.pk).update(kind="lsp")  # the results break down by kind
    assert data_version.remembered(name, compute, scope=("figures",)) == 2


def test_at_commit_the_scopes_a_transaction_moved_move_again_and_no_others():
    """A page a visitor builds from the data before the commit, after reading the versions the
    statement moved, is stored under versions nobody asks for after the commit."""
    alpha, beta = _two_partnerships()
    own, other = (scopes.sequence_of(f"partnership:{p.slug}") for p in (alpha, beta))
    with connection.cursor() as cursor:
        # What is pending so far fires now; then deferred to the "commit" below again.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        before = scopes.read([own, other])
        Partnership.objects.filter(pk=alpha.pk).update(summary="Moved at commit too")
        during = scopes.read([own, other])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as at commit: the deferred triggers
        after = scopes.read([own, other])
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert before[own] < during[own] < after[own]
    assert before[other] == during[other] == after[other]


def test_every_classification_reads_columns_its_table_has():
    """A trigger's SQL is only checked when it runs: evaluate each table's scopes once here."""
    with connection.cursor() as cursor:
        for table in scopes.SCOPES:
            both = f"{scopes.row_scopes(table, 'NEW')} || {scopes.row_scopes(table, 'OLD')}"
            cursor.execute(
                f"DO $$ DECLARE tg_op text := 'UPDATE'; new {table}%ROWTYPE; "
                f"old {table}%ROWTYPE; touched text[]; BEGIN touched := {both}; END $$"
            )


def test_a_new_supporter_moves_only_the_supporters_count_and_a_language_choice_nothing():
    person = make_user("scoped-supporter@example.org")
    every = scopes.sequences()
    before = scopes.read(every)
    User.objects.filter(pk=person.pk).update(language="fr")
    assert scopes.read(every) == before
    User.objects.filter(pk=person.pk).update(is_supporter=True)
    after = scopes.read(every)
    moved = {name for name in every if after[name] != before[name]}
    assert moved == {scopes.sequence_of("supporters")}
