"""Stages ``seed`` (the synthetic data set of ``seed_scale``) and ``fixtures`` (the known rows the
other stages measure against, ``bench/fixtures.py``)."""

from __future__ import annotations

import time

from django.core.management import call_command

from bench import fixtures
from bench.config import CONFIG
from bench.measures import deadline
from bench.stages import results, stage, state
from commitments.models import Commitment, ProgressReport, Target
from members.models import Organisation
from pact.models import User
from partnerships.models import Partnership, PartnershipMembership


@stage("seed")
def seed() -> None:
    call_command("migrate", "--noinput", verbosity=0)
    # The run's own fixtures (``scale-bench-...``) are not part of the seeded set.
    existing = (
        Organisation.objects.filter(slug__startswith="scale-")
        .exclude(slug__startswith="scale-bench-")
        .count()
    )
    expected = round(100_000 * CONFIG["scale"])
    if not CONFIG["reseed"] and existing == expected:
        results["seed"] = {"reused": True, "organisations": existing}
        return
    started = time.monotonic()
    call_command("seed_scale", scale=CONFIG["scale"], reset=True, vacuum=True)
    results["seed"] = {"reused": False, "seconds": round(time.monotonic() - started, 1)}
    results["seed"].update(data_counts())


def data_counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "partnerships": Partnership.objects.count(),
        "partnership_memberships": PartnershipMembership.objects.count(),
        "commitments": Commitment.objects.count(),
        "targets": Target.objects.count(),
        "progress_reports": ProgressReport.objects.count(),
    }


def build_fixtures() -> None:
    started = time.monotonic()
    fixtures.clear()
    state["staff"] = fixtures.staff_user()
    state["queries"] = fixtures.query_fixtures()
    state["pdf_versions"] = fixtures.pdf_fixtures(CONFIG["pdf_count"])
    per_client = deadline.targets_per_client()
    state["burst"] = fixtures.burst_fixtures(CONFIG["burst_clients"], per_client)
    state["member"] = User.objects.get(pk=state["burst"][0].user_id)
    results["fixtures"] = {
        "seconds": round(time.monotonic() - started, 1),
        "burst_targets_per_client": per_client,
    }
    results.setdefault("seed", {}).update(data_counts())


def ensure_fixtures() -> None:
    """Stages run alone (BENCH_STAGES) find the fixtures of the same run, or make them."""
    if "queries" not in state:
        build_fixtures()


make_fixtures = stage("fixtures")(build_fixtures)
