"""Figures of a cycle still open are provisional: labelled so, and never the headline."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from commitments.results import selectors
from tests.commitments.conftest import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_and_closed(reporting):
    r = reporting
    make_report(r.people, r.world.member_org, r.closed, "1659")  # 2024, closed
    make_report(r.people, r.world.member_org, r.cycle, "462")  # 2025, still open
    return r


def test_headline_figures_use_the_last_closed_cycle(open_and_closed):
    headline = {row["indicator"].code: row for row in selectors.headline_totals()}
    assert headline["people-upskilled"]["year"] == 2024
    assert headline["people-upskilled"]["total"] == 1659


def test_the_results_page_labels_the_open_cycle_and_its_chart_names_its_years(
    open_and_closed, client
):
    page = client.get(reverse("commitments:results")).content.decode()
    assert "Headline figures 2024" in page  # the last closed year by default
    assert '2025 <span class="badge">provisional</span>' in page
    assert "People up- or reskilled per year, 2024–2025" in page
    chosen = client.get(reverse("commitments:results"), {"year": 2025}).content.decode()
    assert "The 2025 cycle is still open: these figures are provisional" in chosen


def test_the_partnership_progress_labels_open_cycle_values(open_and_closed):
    r = open_and_closed
    html = render_to_string("commitments/_progress.html", {"partnership": r.partnership})
    assert '2,121\u00a0persons</strong> <span class="badge">provisional</span>' in html
    assert '2025 <span class="badge">provisional</span>' in html
    assert "come from a reporting cycle that is still open" in html
    r.cycle.status = "closed"
    r.cycle.save()
    fresh = type(r.partnership).objects.get(pk=r.partnership.pk)
    again = render_to_string("commitments/_progress.html", {"partnership": fresh})
    assert "provisional" not in again
