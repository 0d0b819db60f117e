"""Property-based API tests: Schemathesis reads /api/schema/ from the WSGI app and sends generated
requests (valid and invalid) to every operation, anonymously and with a read-write token.

Each operation gets at most a few examples (bounded for speed); the checks are Schemathesis's own:
no 5xx, status codes / content types / bodies / headers as documented, bad input refused with 4xx.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import positive_data_acceptance

from commitments.models import (
    Commitment,
    Indicator,
    ProgressReport,
    ReportingCycle,
    ReportStatus,
    Target,
)
from pact.kernel.api.auth import create_token
from tests.factories import make_organisation, make_partnership, make_user

MAX_EXAMPLES = 15
# A generated body that names objects which do not exist (organisation "0", cycle "0") is valid for
# the schema but rightly refused with 400, so "valid data must be accepted" is not checked.
EXCLUDED = [positive_data_acceptance]
HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def keep_test_transaction():
    """The WSGI handler closes "old" connections after each request, which would end the test's
    transaction; the Django test client switches that off too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, keep_test_transaction):
    """Public and private objects so that lists are not empty and details exist."""
    person = make_user("api-fuzzer@example.org")
    org = make_organisation("Fuzz Organisation", admin=person)
    public = make_partnership(org, status="active", name="Fuzz Public Partnership")
    make_partnership(org, status="draft", name="Fuzz Draft Partnership")
    # A validated and a draft report, so results, reports, commitments and targets have rows.
    indicator = Indicator.objects.filter(aggregation="sum").order_by("position").first()
    commitment = Commitment.objects.create(partnership=public, title="Fuzz", is_current=True)
    target = Target.objects.create(
        commitment=commitment,
        indicator=indicator,
        unit=indicator.unit,
        target_value=100,
        target_date=datetime.date(2030, 1, 1),
    )
    cycle = ReportingCycle.objects.create(
        year=2024,
        opens_on=datetime.date(2025, 2, 1),
        closes_on=datetime.date(2025, 3, 31),
        status=ReportingCycle.Status.CLOSED,
    )
    ProgressReport.objects.create(
        target=target, organisation=org, cycle=cycle, value=12, status=ReportStatus.VALIDATED
    )
    return person


@pytest.fixture
def write_token(seeded) -> str:
    _token, raw = create_token(seeded, "schemathesis", "write")
    return raw


def _load_schema():
    """Read the schema from the WSGI app at collection time (generating it needs no database)."""
    from pact.wsgi import application

    loaded = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    loaded.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=MAX_EXAMPLES
    )
    return loaded


schema = _load_schema()


@schema.parametrize()
@HYPOTHESIS
def test_it_keeps_the_api_contract_for_anonymous_clients(case, seeded):
    case.call_and_validate(excluded_checks=EXCLUDED)


@schema.parametrize()
@HYPOTHESIS
def test_it_keeps_the_api_contract_with_a_token(case, write_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {write_token}"}, excluded_checks=EXCLUDED
    )


# --- NUL characters and oversize values ---------------------------------------------------------
# Generated cases rarely hold a NUL or a value past the database's range, which are what turned into
# 500s (PostgreSQL text cannot hold NUL; integers and decimals have limits). Each case below has every
# string of its path, query and body replaced by one with a NUL, or every string and number by an
# oversize one: whatever the operation, the answer is a 4xx, never a server error.

HOSTILE_EXAMPLES = 2  # one NUL case and one oversize case per operation
NUL_TEXT = "nul\x00text"
OVERSIZE_TEXT = "x" * 20_000
OVERSIZE_NUMBER = 10**30


def _hostile(value, variant: str):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return NUL_TEXT if variant == "nul" else OVERSIZE_TEXT
    if isinstance(value, int | float) and variant == "oversize":
        return OVERSIZE_NUMBER if value >= 0 else -OVERSIZE_NUMBER
    if isinstance(value, dict):
        return {key: _hostile(item, variant) for key, item in value.items()}
    if isinstance(value, list):
        return [_hostile(item, variant) for item in value]
    return value


def _make_hostile(case, variant: str) -> None:
    if case.path_parameters:
        case.path_parameters = _hostile(dict(case.path_parameters), variant)
    if case.query:
        case.query = _hostile(dict(case.query), variant)
    if isinstance(case.body, dict | list):
        case.body = _hostile(case.body, variant)


HOSTILE = settings(HYPOTHESIS, max_examples=HOSTILE_EXAMPLES)
_variants = itertools.cycle(["nul", "oversize"])


@schema.parametrize()
@HOSTILE
def test_nul_and_oversize_values_are_refused_not_errors(case, write_token):
    variant = next(_variants)
    _make_hostile(case, variant)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {write_token}"}, checks=[not_a_server_error]
    )
