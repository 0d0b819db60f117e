"""The report API answers "missing" and "not yours" alike (outsiders learn nothing of private data).

The review found that creating a report for a pending organisation's slug answered 404 but an unknown
slug 400 "does not exist", and that a target of another tenant's draft got "does not report on this
target" where an unknown target got "object does not exist".
"""

from __future__ import annotations

import pytest

from commitments.models import Commitment, ProgressReport
from tests.commitments.conftest import make_target
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db


def _post(client, **body):
    return client.post("/api/v1/reports/", body, content_type="application/json")


def _same(a, b) -> None:
    assert a.status_code == b.status_code
    assert a.json() == b.json()


def test_a_pending_organisation_s_slug_is_answered_like_an_unknown_one(reporting, login):
    r = reporting
    pending = make_organisation("Pending Applicant", status="pending")
    client = login(r.world.outsider)
    body = {"cycle": 2025, "target": r.people.pk, "value": "1"}
    answers = [
        _post(client, organisation=pending.slug, **body),
        _post(client, organisation="no-such-organisation", **body),
        _post(client, organisation=r.world.member_org.slug, **body),  # exists, not theirs
    ]
    assert answers[0].status_code == 404
    _same(answers[0], answers[1])
    _same(answers[0], answers[2])
    # And with another field invalid too: the organisation is still answered first, alike.
    bad = {"cycle": 2025, "target": r.people.pk, "value": "not a number"}
    _same(
        _post(client, organisation=pending.slug, **bad),
        _post(client, organisation="no-such-organisation", **bad),
    )
    assert not ProgressReport.objects.exists()


def test_a_target_of_another_tenant_s_draft_is_answered_like_an_unknown_one(reporting, login):
    r = reporting
    draft = make_partnership(
        make_organisation("Drafting Agency"), status="draft", name="Secret Draft Alliance"
    )
    hidden = make_target(
        Commitment.objects.create(partnership=draft, title="Hidden", is_current=True),
        "people-upskilled",
        "10",
    )
    client = login(r.world.member)
    org = r.world.member_org.slug
    for extra in ({"value": "1"}, {"value": "not a number"}):
        secret = _post(client, organisation=org, cycle=2025, target=hidden.pk, **extra)
        unknown = _post(client, organisation=org, cycle=2025, target=hidden.pk + 10_000, **extra)
        assert secret.status_code == 400
        _same(secret, unknown)
        if extra["value"] == "1":
            assert secret.json()["errors"] == {
                "target": ["This organisation does not report on this target."]
            }
    assert not ProgressReport.objects.exists()
