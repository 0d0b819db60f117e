"""A Large-Scale Partnership follows its sub-partnerships: counts per state, validated figures
rolled up with its own, never unvalidated values, each report counted once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import Commitment
from commitments.results import oversight
from tests.commitments.conftest import make_report, make_target
from tests.factories import make_organisation, make_partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def lsp(reporting):
    r = reporting
    w = r.world
    r.partnership.kind = "lsp"
    r.partnership.save()
    regional = []
    for name, value in (("Tourism Alps", "40"), ("Tourism Coast", "60")):
        org = make_organisation(f"{name} School")
        child = make_partnership(org, status="active", name=name, parent=r.partnership)
        commitment = Commitment.objects.create(partnership=child, title="Train", is_current=True)
        commitment.responsible_organisations.add(org)
        target = make_target(commitment, "people-upskilled", "500")
        make_report(target, org, r.cycle, value)  # validated
        make_report(
            make_target(commitment, "investment-eur", "9"),
            org,
            r.cycle,
            "999999",
            status="submitted",
        )  # never shown
        regional.append(child)
    make_report(r.people, w.member_org, r.cycle, "7")  # the LSP's own, validated
    return r, regional


def test_the_lsp_sees_counts_per_state_and_validated_figures_rolled_up(lsp, login):
    r, regional = lsp
    url = reverse("commitments:lsp_oversight", args=[r.partnership.slug, 2025])
    page = login(r.world.coordinator).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tourism Alps" in body and "Tourism Coast" in body
    assert "107\u00a0persons" in body  # 40 + 60 + 7, each report once
    assert "999" not in body  # submitted values are never shown
    rows = {row["partnership"].name: row for row in oversight.status_counts(regional, r.cycle)}
    assert rows["Tourism Alps"]["validated"] == 1 and rows["Tourism Alps"]["submitted"] == 1
    assert rows["Tourism Alps"]["expected"] == 2 and rows["Tourism Alps"]["missing"] == 0
    figures = oversight.rolled_up([r.partnership, *regional], r.cycle)
    assert oversight.total_of(figures, "people-upskilled") == Decimal(107)
    # Passing a partnership twice does not count its reports twice.
    again = oversight.rolled_up([r.partnership, *regional, regional[0]], r.cycle)
    assert oversight.total_of(again, "people-upskilled") == Decimal(107)
    status = login(r.world.coordinator).get(
        reverse("commitments:partnership_status", args=[r.partnership.slug, 2025])
    )
    assert url in status.content.decode()


def test_the_lsp_sees_each_sub_partnerships_figures_and_agreement_surveys_side_by_side(lsp, login):
    import datetime as dt

    from pact.support.models import AgreementSurvey

    r, regional = lsp
    alps, coast = regional
    AgreementSurvey.objects.create(
        partnership=alps,
        panel="Organising partner",
        held_on=dt.date(2024, 12, 10),
        answers={"he_courses": 2, "soft_skills": 5},
    )
    AgreementSurvey.objects.create(
        partnership=coast, panel="Old panel", held_on=dt.date(2023, 1, 1), answers={"he_courses": 1}
    )
    AgreementSurvey.objects.create(
        partnership=coast, panel="Kick-off", held_on=dt.date(2024, 6, 1), answers={"he_courses": 4}
    )
    side = oversight.agreement_surveys(regional)
    assert [p.name for p, _s in side["columns"]] == ["Tourism Alps", "Tourism Coast"]
    first = side["rows"][0]  # "My organisation/sector is already well-served by ... HE courses"
    assert [c["level"] for c in first["cells"]] == [2, 4]  # the latest survey of each
    page = login(r.world.coordinator).get(
        reverse("commitments:lsp_oversight", args=[r.partnership.slug, 2025])
    )
    body = page.content.decode()
    assert "SACCORD agreement surveys, side by side" in body
    own = body.split("Validated figures per sub-partnership")[1].split("</table>")[0]
    assert "40\u00a0persons" in own and "60\u00a0persons" in own and "999" not in own


def test_only_its_coordinators_and_staff_see_it(lsp, login):
    r, regional = lsp
    url = reverse("commitments:lsp_oversight", args=[r.partnership.slug, 2025])
    assert login(r.world.member).get(url).status_code == 404
    assert login(r.world.support).get(url).status_code == 200
    leaf = reverse("commitments:lsp_oversight", args=[regional[0].slug, 2025])
    assert login(r.world.reviewer).get(leaf).status_code == 404  # no sub-partnerships


def test_results_export_as_csv_and_xlsx_with_ecosystem_country_narrative_and_links(
    reporting, client
):
    import io

    from openpyxl import load_workbook

    r = reporting
    make_report(
        r.people,
        r.world.member_org,
        r.closed,
        "40",
        narrative="Cooks trained",
        evidence_links=["https://example.org/proof"],
    )
    make_report(r.people, r.world.member_org, r.cycle, "5", status="submitted")  # not public
    csv_text = client.get(reverse("commitments:results_export", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    lines = csv_text.splitlines()
    assert lines[0].startswith("year,provisional,indicator,unit,value")
    assert len(lines) == 2
    assert "tourism" in lines[1] and "Cooks trained" in lines[1]
    assert (
        "https://example.org/proof" in lines[1] and str(r.world.member_org.country.code) in lines[1]
    )
    xlsx = client.get(reverse("commitments:results_export", args=["xlsx"]), {"year": 2024})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "year" and rows[1][0] == 2024 and len(rows) == 2
    assert client.get("/results/export.pdf").status_code == 404
