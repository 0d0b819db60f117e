from __future__ import annotations

import pytest

from commitments.models import Commitment, ProgressReport, ReportingCycle
from pact.management.demo import reporting as demo


@pytest.mark.django_db
def test_it_seeds_cycles_pledges_and_validated_reports_idempotently(reporting):
    r = reporting
    ReportingCycle.objects.all().delete()
    organisations = {"catalunya-fp": r.world.member_org}
    demo.seed({}, organisations, {})
    counts = (Commitment.objects.count(), ProgressReport.objects.count())
    demo.seed({}, organisations, {})
    assert (Commitment.objects.count(), ProgressReport.objects.count()) == counts
    statuses = dict(ReportingCycle.objects.values_list("year", "status"))
    assert statuses == {2022: "closed", 2023: "closed", 2024: "closed", 2025: "open"}
    closed = ProgressReport.objects.filter(cycle__status="closed")
    assert closed.exists() and set(closed.values_list("status", flat=True)) == {"validated"}
    # the partnership launched "today" reports nothing for past years; the pledge from 2023 does
    assert set(closed.values_list("cycle__year", flat=True)) == {2023, 2024}
