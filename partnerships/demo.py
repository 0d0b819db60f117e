"""Demo partnerships: the real partnerships of the seeds, their members and the SACCORD LEPs."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from partnerships.common import refresh_search_vector
from partnerships.models import (
    Ecosystem,
    Partnership,
    PartnershipKind,
    PartnershipMembership,
    PartnershipRole,
    PartnershipStatus,
    RegionalShape,
    Stage,
    StageChange,
)

K, E, S = PartnershipKind, Ecosystem, RegionalShape

# slug: name, acronym, kind, ecosystem, shape, countries, regions, parent slug, status, launched, stage,
#       coordinator slug, member slugs, summary
DEMO_PARTNERSHIPS: dict[str, dict] = {
    "creative-lsp": {
        "name": "Large-Scale Skills Partnership for the Cultural and Creative Industries",
        "acronym": "Creative LSP",
        "kind": K.LARGE_SCALE,
        "ecosystem": E.CULTURAL_CREATIVE,
        "shape": "",
        "countries": [],
        "regions": [],
        "parent": None,
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2022, 6, 1),
        "stage": Stage.DELIVERY,
        "coordinator": "creative-lsp",
        "members": [
            "ksigune",
            "creative-region",
            "creative-prague",
            "amsterdam-creative",
            "matera-creative",
        ],
        "summary": "Sector-led partnership of the cultural and creative industries, supported by the SACCORD project, that puts creative skills on the agenda at European and local level.",
    },
    "tourism-lsp": {
        "name": "Large-Scale Skills Partnership for Tourism",
        "acronym": "Tourism LSP",
        "kind": K.LARGE_SCALE,
        "ecosystem": E.TOURISM,
        "shape": "",
        "countries": [],
        "regions": [],
        "parent": None,
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2021, 10, 1),
        "stage": Stage.DELIVERY,
        "coordinator": "ntg-tourism",
        "members": ["toscana-lll", "catalunya-fp"],
        "summary": "Businesses, EU organisations, social partners, VET providers and regional authorities of the tourism ecosystem, with nine regional partnerships in trade-relevant regions.",
    },
    "lll-mobility": {
        "name": "Regional Skills Partnerships for Lifelong Learning Mobility",
        "acronym": "LLL Mobility RSP",
        "kind": K.REGIONAL,
        "ecosystem": "",
        "shape": S.NETWORK,
        "countries": ["BE", "ES", "IT"],
        "regions": ["ES51", "ITI1"],
        "parent": None,
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2024, 9, 17),
        "stage": Stage.SET_UP,
        "coordinator": "earlall",
        "members": ["catalunya-fp", "toscana-lll"],
        "summary": "Regional and local authorities increasing mobility for VET, apprenticeship and adult learners, particularly those with fewer opportunities.",
    },
    "western-balkans": {
        "name": "Regional Skills Partnership for the Western Balkans Region",
        "acronym": "Western Balkans RSP",
        "kind": K.REGIONAL,
        "ecosystem": E.CULTURAL_CREATIVE,
        "shape": S.MACRO_REGION,
        "countries": ["AL", "BA", "MK", "ME", "XK", "RS"],
        "regions": [],
        "parent": None,
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2025, 2, 17),
        "stage": Stage.SET_UP,
        "coordinator": "wb-creative",
        "members": ["uni-tirana-arts", "sarajevo-film-academy"],
        "summary": "Creative and cultural industry collaboration across the Western Balkans to address skills gaps, improve economic stability and drive recovery.",
    },
    "lombardy": {
        "name": "Regional Skills Partnership in the Lombardy Region",
        "acronym": "Lombardy RSP",
        "kind": K.REGIONAL,
        "ecosystem": "",
        "shape": S.SINGLE_REGION,
        "countries": ["IT"],
        "regions": ["ITC4"],
        "parent": None,
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2022, 12, 1),
        "stage": Stage.DELIVERY,
        "coordinator": "regione-lombardia",
        "members": [],
        "summary": "A systematic approach between institutions, businesses, trade unions and other public and private entities to face skills challenges in Lombardy.",
    },
    "ecrn": {
        "name": "European Chemical Regions Network Regional Skills Partnership",
        "acronym": "ECRN RSP",
        "kind": K.REGIONAL,
        "ecosystem": E.ENERGY_INTENSIVE,
        "shape": S.MACRO_REGION,
        "countries": ["BE", "DE", "IT", "ES"],
        "regions": ["DEE0"],
        "parent": None,
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2023, 2, 1),
        "stage": Stage.DELIVERY,
        "coordinator": "ecrn",
        "members": ["chemie-sachsen-anhalt"],
        "summary": "Interregional cooperation that addresses skills gaps in the chemical industry and promotes the safe use of chemicals and continuous learning.",
    },
    "promis": {
        "name": "ProMIS Regional Skills Partnership for Health",
        "acronym": "ProMIS RSP",
        "kind": K.REGIONAL,
        "ecosystem": E.HEALTH,
        "shape": S.NETWORK,
        "countries": ["IT"],
        "regions": [],
        "parent": None,
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2023, 11, 1),
        "stage": Stage.SET_UP,
        "coordinator": "promis",
        "members": [],
        "summary": "Upskilling and reskilling in the health sector across Italy's 21 regions and autonomous provinces.",
    },
    "b-more": {
        "name": "Beara Peninsula, Marine and the potential for Offshore Renewable Energy",
        "acronym": "B-MORE",
        "kind": K.REGIONAL,
        "ecosystem": E.RENEWABLE_ENERGY,
        "shape": S.LOCAL_AREA,
        "countries": ["IE"],
        "regions": ["IE05"],
        "parent": None,
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2024, 3, 1),
        "stage": Stage.SET_UP,
        "coordinator": "beara-marine",
        "members": [],
        "summary": "An industry-led, community-focused partnership addressing skills shortages in Ireland's marine and renewable energy sectors.",
    },
    "ksigune": {
        "name": "KSIGune Regional Skills Partnership for the Basque Cultural and Creative Industries",
        "acronym": "KSIGune",
        "kind": K.REGIONAL,
        "ecosystem": E.CULTURAL_CREATIVE,
        "shape": S.SINGLE_REGION,
        "countries": ["ES"],
        "regions": ["ES21"],
        "parent": "creative-lsp",
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2023, 5, 1),
        "stage": Stage.DELIVERY,
        "coordinator": "ksigune",
        "members": [],
        "summary": "A cooperation model for academia, business and administration that fosters innovation and skills in the Basque cultural and creative sectors.",
    },
    "bari-metro": {
        "name": "Regional Skills Partnership of the Metropolitan Area of Bari",
        "acronym": "Bari RSP",
        "kind": K.REGIONAL,
        "ecosystem": "",
        "shape": S.LOCAL_AREA,
        "countries": ["IT"],
        "regions": ["ITF4"],
        "parent": None,
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2024, 5, 1),
        "stage": Stage.SET_UP,
        "coordinator": "bari-metro",
        "members": ["matera-creative"],
        "summary": "Local authorities, training providers and companies of the metropolitan area of Bari working on skills-needs analysis and training.",
    },
    "lep-upper-austria": {
        "name": "Local Ecosystem Partnership Upper Austria",
        "acronym": "LEP Upper Austria",
        "kind": K.LOCAL,
        "ecosystem": E.CULTURAL_CREATIVE,
        "shape": S.SINGLE_REGION,
        "countries": ["AT"],
        "regions": ["AT31"],
        "parent": "creative-lsp",
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2024, 4, 13),
        "stage": Stage.SET_UP,
        "coordinator": "creative-region",
        "members": [],
        "summary": "A “club of the willing” that starts collaboration across the educational value chain for the creative industries in Upper Austria.",
    },
    "lep-amsterdam": {
        "name": "Local Ecosystem Partnership Amsterdam",
        "acronym": "LEP Amsterdam",
        "kind": K.LOCAL,
        "ecosystem": E.CULTURAL_CREATIVE,
        "shape": S.LOCAL_AREA,
        "countries": ["NL"],
        "regions": ["NL32"],
        "parent": "creative-lsp",
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2024, 6, 1),
        "stage": Stage.DESIGN,
        "coordinator": "amsterdam-creative",
        "members": [],
        "summary": "Creative skills for the Amsterdam Area, where more than 200,000 people work in the creative industries.",
    },
    "lep-prague": {
        "name": "Local Ecosystem Partnership Prague",
        "acronym": "LEP Prague",
        "kind": K.LOCAL,
        "ecosystem": E.CULTURAL_CREATIVE,
        "shape": S.LOCAL_AREA,
        "countries": ["CZ"],
        "regions": ["CZ01"],
        "parent": "creative-lsp",
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2024, 6, 15),
        "stage": Stage.DESIGN,
        "coordinator": "creative-prague",
        "members": [],
        "summary": "Micro-credentials, lifelong learning and university–industry dialogue for Prague's creative industries.",
    },
    "lep-matera": {
        "name": "Local Ecosystem Partnership Matera/Basilicata",
        "acronym": "LEP Matera",
        "kind": K.LOCAL,
        "ecosystem": E.CULTURAL_CREATIVE,
        "shape": S.SINGLE_REGION,
        "countries": ["IT"],
        "regions": ["ITF5"],
        "parent": "creative-lsp",
        "status": PartnershipStatus.ACTIVE,
        "launched": dt.date(2024, 11, 29),
        "stage": Stage.DESIGN,
        "coordinator": "matera-creative",
        "members": [],
        "summary": "A Local Ecosystem Partnership for the cultural and creative industries of Matera and Basilicata, towards a Regional Skills Partnership in Southern Italy.",
    },
}


# Partnerships that say publicly which organisations they are looking for.
LOOKING_FOR = {
    "bari-metro": "VET providers, employers' associations and municipalities of the metropolitan area of Bari.",
    "lep-matera": "Cultural organisations, universities and creative companies of Basilicata and Apulia.",
    "western-balkans": "Higher-education institutions and creative hubs from Kosovo*, Montenegro and North Macedonia.",
}


def _stage_history(partnership: Partnership, launched: dt.date | None) -> None:
    """A plausible dated history up to the current stage, written once."""
    if partnership.stage_history.exists():
        return
    start = launched or dt.date(2024, 1, 1)
    steps = {
        Stage.DESIGN: start - dt.timedelta(days=240),
        Stage.SET_UP: start,
        Stage.DELIVERY: start + dt.timedelta(days=300),
    }
    notes = {
        Stage.DESIGN: "First meeting of the founding organisations; expression of interest sent.",
        Stage.SET_UP: "Declaration signed; governance and working groups being set up.",
        Stage.DELIVERY: "Working groups running; first actions delivered and reported.",
    }
    reached = list(Stage).index(Stage(partnership.stage))
    since = None
    for stage in list(Stage)[: reached + 1]:
        since = timezone.make_aware(dt.datetime.combine(steps[stage], dt.time(10)))
        StageChange.objects.create(
            partnership=partnership, stage=stage, changed_at=since, note=notes[stage]
        )
    Partnership.objects.filter(pk=partnership.pk).update(stage_since=since)


def seed(users: dict, organisations: dict) -> dict[str, Partnership]:
    """Create the demo partnerships once; running it again changes nothing."""
    partnerships: dict[str, Partnership] = {}
    for slug, row in DEMO_PARTNERSHIPS.items():
        partnership, created = Partnership.objects.get_or_create(
            slug=slug,
            defaults={
                "name": row["name"],
                "acronym": row["acronym"],
                "kind": row["kind"],
                "ecosystem": row["ecosystem"],
                "shape": row["shape"],
                "countries": row["countries"],
                "parent": partnerships.get(row["parent"]) if row["parent"] else None,
                "status": row["status"],
                "launched_on": row["launched"],
                "stage": row["stage"],
                "summary": row["summary"],
                "coordinator": organisations[row["coordinator"]],
                "looking_for_members": slug in LOOKING_FOR,
                "looking_for": LOOKING_FOR.get(slug, ""),
                "created_at": timezone.make_aware(dt.datetime.combine(row["launched"], dt.time(9)))
                - dt.timedelta(days=250),
            },
        )
        if created:
            partnership.regions.set(row["regions"])
        joined = timezone.make_aware(dt.datetime.combine(row["launched"], dt.time(9)))
        PartnershipMembership.objects.get_or_create(
            partnership=partnership,
            organisation=organisations[row["coordinator"]],
            defaults={"role": PartnershipRole.COORDINATOR, "joined_at": joined},
        )
        for member in row["members"]:
            PartnershipMembership.objects.get_or_create(
                partnership=partnership,
                organisation=organisations[member],
                defaults={"role": PartnershipRole.MEMBER, "joined_at": joined},
            )
        partnership.member_count = partnership.memberships.count()
        partnership.save(update_fields=["member_count"])
        _stage_history(partnership, row["launched"])
        partnerships[slug] = partnership
    # After the whole demo is committed, so the published declarations are in the search text.
    transaction.on_commit(refresh_search_vector)
    return partnerships
