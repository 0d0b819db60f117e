"""The demo is true to its source documents.

Every figure, date and role the Pact's documents state is loaded as they state it (the tables
below, each with the sentence it comes from), and whatever the demo adds to them says
"illustrative" in its own text: a target's "what is counted", a partnership's summary, an
organisation's description, a report's narrative, a stakeholder's notes.

Documents: [000] news article on the Western Balkans RSP (February 2025); [001] peer learning
activity report on establishing RSPs (October 2024); [002] Commission slides on the regional
dimension of the Pact (November 2023); [003] SACCORD report on the LEP pilots (December 2024);
[004] RSP page of the Regional Skills Partnerships for Lifelong Learning Mobility (September 2024).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from commitments.models import Commitment, ProgressReport, Target
from members.models import Organisation
from pact.communications.models import NewsItem
from pact.support.models import Event, ExpressionOfInterest, FundingCall, Stakeholder
from partnerships.models import InternalNote, Partnership

pytestmark = pytest.mark.django_db

D = dt.date

# partnership, indicator, value, the date the document gives (None: it gives none), source.
SEED_TARGETS = [
    ("western-balkans", "hubs-established", 1, None, "[000] Establish an operational place-based HUB to facilitate training programmes, incubate creative projects, and expand regional networking initiatives"),
    ("western-balkans", "upskilling-opportunities", 10, None, "[000] Offer 10 upskilling opportunities in digital, green and communication skills in the creative and cultural industries."),
    ("western-balkans", "organisations-participating", 30, None, "[000] 30 organisations to participate in the Partnership and its activities,"),
    ("western-balkans", "organisations-participating", 10, None, "[000] ... including 10 Faculties and schools."),
    ("western-balkans", "projects-funded", 15, None, "[000] Enable 15 projects to gain financial support through EU funding by assisting with applications"),
    ("lll-mobility", "vet-learners-mobility-share", 20, D(2030, 12, 31), "[004] a commitment to have 20% of VET learners by 2030 on mobilities"),
    ("lll-mobility", "fewer-opportunities-mobility-share", 20, None, "[004] and reserve 20% of all mobilities for those with fewer opportunities"),
    ("lombardy", "observatories-established", 1, None, "[002] Creating a skills observatory"),
    ("promis", "organisations-participating", 21, None, "[001] the ProMIS RSP tackles upskilling and reskilling in the health sector across Italy's 21 regions"),
    ("b-more", "skills-analyses", 1, None, "[001] conducting a comprehensive skills assessment to identify training needs"),
    ("ksigune", "organisations-participating", 27, D(2024, 10, 10), "[001] Among its key achievements, the KSIGune RSP consulted with 27 educational institutions"),
    ("ksigune", "projects-funded", 40, D(2024, 10, 10), "[001] eventually funding more than 40 research projects"),
    ("ksigune", "stakeholders-joined", 150, D(2024, 10, 10), "[001] encouraging collaboration between more than 150 research groups and creative entities"),
    ("creative-lsp", "events-held", 2, D(2025, 12, 31), "[003] SACCOR will host the Creative Skills Week for 2024 and 2025"),
    ("lep-upper-austria", "organisations-participating", 14, D(2024, 4, 13), "[003] Kick Off LEP Stakeholders 13/04/24 (14 Stakeholders: 2 universities, 8 VET Providers, 4 Skill providers NGOs)"),
    ("lep-upper-austria", "training-actions", 1, D(2025, 12, 31), "[003] Planned Activities (M13-M24): Collaboration Pilot Training with University of Applied Arts"),
    ("lep-prague", "events-held", 2, D(2025, 12, 31), "[003] the seminar “Microcredentials – Small Steps, Big Impact” (December 2024) ... Creative Skills Week 2025 (Prague)"),
    ("lep-matera", "skills-analyses", 1, D(2025, 12, 31), "[003] Planned Activities (M13-M24): Map available educational pathways in the region for the CCI sector."),
]  # fmt: skip

# Results already reached (not future targets): the validated reports add up to them.
SEED_RESULTS = [
    ("ksigune", "organisations-participating", 27, "[001] consulted with 27 educational institutions"),
    ("ksigune", "projects-funded", 40, "[001] funding more than 40 research projects"),
    ("ksigune", "stakeholders-joined", 150, "[001] more than 150 research groups and creative entities"),
    ("lep-upper-austria", "organisations-participating", 14, "[003] Kick Off LEP Stakeholders 13/04/24 (14 Stakeholders"),
]  # fmt: skip

# Launch dates the documents give: (year, month) or the day.
SEED_LAUNCHES = {
    "lombardy": (
        2022,
        12,
    ),  # [002] First one launched in December 2022: the Lombardy Regional Partnership.
    "ecrn": (2023, 2),  # [002] Chemical Regions Partnership in Feb 2023.
    "lll-mobility": (2024, 9),  # [004] Launched: September 2024
    "western-balkans": D(
        2025, 2, 17
    ),  # [000] General publications, 17 February 2025: the declaration
    "lep-upper-austria": D(2024, 4, 13),  # [003] Kick Off LEP Stakeholders 13/04/24
    "lep-prague": (2024, 6),  # [003] Introductory LEP meeting ... in June 2024
    "lep-matera": D(2024, 11, 29),  # [003] Launch Event (29 November 2024)
}

# SACCORD: the key stakeholders each pilot states, and its breakdown by type and influence [003].
SACCORD = {
    "lep-upper-austria": (33, {"network": 4, "training": 5, "vet": 2, "higher_education": 4, "policymaker": 3}, {"direct": 6, "indirect": 3, "system": 6}),
    "lep-amsterdam": (47, {"network": 9, "training": 8, "vet": 2, "higher_education": 2, "policymaker": 1}, {"direct": 7, "indirect": 8, "system": 5}),
    "lep-prague": (31, {"network": 6, "training": 17, "higher_education": 4, "policymaker": 4}, {"direct": 2, "indirect": 7, "system": 5}),
    "lep-matera": (23, {"network": 1, "vet": 5, "higher_education": 1, "enterprise": 10, "policymaker": 6}, {"direct": 7, "indirect": 6, "system": 8}),
}  # fmt: skip

# [002] "Pact members are delivering - Activities in 2022".
SEED_2022_FIGURES = ["2 million", "15,500", "21,500", "EUR 160 million", "19 million"]

# Organisations whose every role in the demo the documents state.
SEED_ORGANISATIONS = {"earlall", "ecrn", "promis", "ksigune"}
# Partnerships whose summary, launch date and coordinator all come from the documents.
SEED_PARTNERSHIPS = {"lep-upper-austria", "lep-prague"}


def says_illustrative(value: str) -> bool:
    # "illustrativ" also matches the German declaration's "illustrativ".
    return "illustrativ" in value.lower()


def _current_targets():
    return Target.objects.filter(
        commitment__is_current=True, commitment__partnership__isnull=False
    ).select_related("indicator", "commitment__partnership")


def _key(target: Target) -> tuple[str, str, Decimal]:
    return (target.commitment.partnership.slug, target.indicator.code, target.target_value)


def test_every_seed_figure_is_loaded_and_every_other_figure_says_it_is_illustrative():
    call_command("seed_demo")
    targets = list(_current_targets())
    stated = {(slug, code, Decimal(value)): by for slug, code, value, by, _source in SEED_TARGETS}
    for slug, code, value, by, source in SEED_TARGETS:
        matches = [t for t in targets if _key(t) == (slug, code, Decimal(value))]
        assert len(matches) == 1, f"{slug} {code} {value}: {source}"
        if by is not None:
            assert matches[0].target_date == by, source
    for target in targets:
        key = _key(target)
        if key in stated and stated[key] is not None:
            continue
        assert says_illustrative(target.description), (
            f"{key} by {target.target_date}: {target.description!r} is in no document and does "
            "not say it is illustrative"
        )


def test_results_already_reached_are_validated_reports_and_simulated_ones_say_so():
    call_command("seed_demo")
    result_targets = set()
    for slug, code, value, source in SEED_RESULTS:
        target = _current_targets().get(
            commitment__partnership__slug=slug, indicator__code=code, target_value=value
        )
        reports = ProgressReport.objects.filter(target=target)
        assert set(reports.values_list("status", flat=True)) == {"validated"}, source
        assert set(reports.values_list("cycle__status", flat=True)) == {"closed"}, source
        assert reports.aggregate(total=Sum("value"))["total"] == value, source
        assert target.target_date.year <= 2024, f"{source}: a result, not a future target"
        result_targets.add(target.pk)
    simulated = ProgressReport.objects.exclude(target__in=result_targets)
    assert simulated.exists()
    for report in simulated:
        assert says_illustrative(report.narrative), report.narrative


def test_roles_and_launch_dates_are_the_documents_and_the_rest_says_illustrative():
    call_command("seed_demo")
    partnerships = {p.slug: p for p in Partnership.objects.select_related("coordinator", "parent")}
    for slug, launched in SEED_LAUNCHES.items():
        on = partnerships[slug].launched_on
        assert on == launched if isinstance(launched, dt.date) else (on.year, on.month) == launched
    # [004] Leading organisation: EARLALL; [003] the organising partners of two pilots.
    assert partnerships["lll-mobility"].coordinator.slug == "earlall"
    assert partnerships["lep-upper-austria"].coordinator.slug == "creative-region"
    assert partnerships["lep-prague"].coordinator.slug == "creative-prague"
    # [001] B-MORE "does not currently have a coordinator"; the Tourism LSP "stems from the
    # outcomes of the NTG (Next Tourism Generation Alliance) Blueprint project": not its lead.
    assert partnerships["b-more"].coordinator is None
    assert not partnerships["b-more"].memberships.filter(role="coordinator").exists()
    assert partnerships["tourism-lsp"].coordinator is None
    # KSIGune is an RSP of its own, not a child of the Creative LSP.
    assert partnerships["ksigune"].parent is None
    # [003] the four LEP pilots under the Creative LSP; [001] "the 9 existing regional
    # partnerships" of the Tourism LSP, which the documents count but do not name.
    creative = partnerships["creative-lsp"].children.values_list("slug", flat=True)
    assert set(creative) == {"lep-upper-austria", "lep-amsterdam", "lep-prague", "lep-matera"}
    tourism = partnerships["tourism-lsp"].children.all()
    assert tourism.count() == 9 and {p.kind for p in tourism} == {"rsp"}
    assert all(says_illustrative(p.name) and says_illustrative(p.summary) for p in tourism)
    assert not Commitment.objects.filter(
        partnership__slug="tourism-lsp", targets__indicator__code="stakeholders-joined"
    ).exists()
    for slug, partnership in partnerships.items():
        if slug not in SEED_PARTNERSHIPS:
            assert says_illustrative(partnership.summary), slug
    for organisation in Organisation.objects.exclude(slug__in=SEED_ORGANISATIONS):
        assert says_illustrative(organisation.description), organisation.slug


def test_the_saccord_maps_hold_the_reported_rows_beside_the_stated_totals():
    call_command("seed_demo")
    for slug, (stated, types, influence) in SACCORD.items():
        rows = Stakeholder.objects.filter(partnership__slug=slug)
        # One row per stakeholder of the breakdown: none invented to reach the stated total.
        assert dict(rows.values_list("type").annotate(n=Count("id"))) == types, slug
        assessed = rows.exclude(influence="").values_list("influence").annotate(n=Count("id"))
        assert dict(assessed) == influence, slug
        assert all(says_illustrative(row.notes) for row in rows), slug
        loaded = f"{sum(types.values())}"
        partnership = Partnership.objects.get(slug=slug)
        note = InternalNote.objects.get(partnership=partnership, audience="workspace")
        for text in (partnership.summary, note.body):
            assert f"{stated} key stakeholders" in text and loaded in text, (slug, text)
    amsterdam = InternalNote.objects.get(partnership__slug="lep-amsterdam").body
    assert "44,910" in amsterdam and "71,805" in amsterdam


def test_news_events_calls_pledges_and_expressions_of_interest_are_true_or_labelled():
    call_command("seed_demo")
    delivering = NewsItem.objects.get(slug="members-delivering-results").body
    for figure in SEED_2022_FIGURES:
        assert figure in delivering, figure
    balkans = " ".join(
        NewsItem.objects.get(slug="western-balkans-rsp-creative-learning").body.split()
    )
    for figure in (
        "HUB",
        "10 upskilling",
        "30 organisations",
        "10 faculties and schools",
        "15 projects",
    ):
        assert figure in balkans, figure  # [000] the article's impact targets
    pla = Event.objects.get(slug="pla-establishing-regional-skills-partnerships")
    assert pla.starts_at.date() == D(2024, 10, 10)  # [001] on 10 October 2024
    assert says_illustrative(pla.description)
    for event in Event.objects.exclude(pk=pla.pk):
        assert says_illustrative(event.summary), event.slug
    for call in FundingCall.objects.all():
        assert says_illustrative(call.summary), call.slug
    for pledge in Commitment.objects.filter(partnership__isnull=True):
        assert says_illustrative(pledge.description), pledge.title
    for eoi in ExpressionOfInterest.objects.all():
        assert says_illustrative(eoi.challenges), eoi.proposed_name


def test_every_demo_partnership_page_answers(client):
    call_command("seed_demo")
    for slug in Partnership.objects.values_list("slug", flat=True):
        response = client.get(f"/partnerships/{slug}/")
        assert response.status_code == 200, slug
