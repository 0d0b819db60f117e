"""Demo content of the support services, from the Pact's own documents.

* the SACCORD LEP pilots' stakeholder maps, with the counts by type and by regional influence the
  pilot report gives, and the organising partners' agreement with the skills statements;
* the peer learning activity of 10 October 2024 on establishing Regional Skills Partnerships and
  its report in the library, with good practices and KPI examples from the same documents;
* the EARLALL and Western Balkans activities (webinars, a matchmaking event) and funding calls;
* an expression of interest, a contact request, bookmarks and registrations for the demo people.

Safe to run again: everything is found by a natural key and created only when missing.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.core.files.base import ContentFile
from django.utils import timezone

from commitments.models import Indicator
from pact.support.common import refresh_search_vectors
from pact.support.mapping.statements import SKILLS_STATEMENTS
from pact.support.models import (
    AgreementSurvey,
    CallBookmark,
    CallStatus,
    ContactRequest,
    EoiEvent,
    EoiStatus,
    Event,
    EventKind,
    ExpressionOfInterest,
    FundingCall,
    Influence,
    ProposedPartner,
    Registration,
    Resource,
    ResourceKind,
    Stakeholder,
    StakeholderType,
)

T, INF = StakeholderType, Influence
SUPPORT = "support@pact-portal.example"

# --- the SACCORD LEP pilots -------------------------------------------------------------------------
# Per pilot: counts by type (the report's figures; Amsterdam's enterprises are given as a number of
# companies, not mapped stakeholders), counts by regional influence, the coordinator's own row,
# and the stakeholders the report names.
PILOTS: dict[str, dict] = {
    "lep-upper-austria": {
        "types": {
            T.NETWORK: 4,
            T.TRAINING: 5,
            T.VET: 2,
            T.HIGHER_EDUCATION: 4,
            T.ENTERPRISE: 0,
            T.POLICYMAKER: 3,
        },
        "influence": {INF.DIRECT: 6, INF.INDIRECT: 3, INF.SYSTEM: 6},
        "own": ("creative-region", T.NETWORK),
        "area": "Upper Austria",
        "named": {
            T.HIGHER_EDUCATION: ["University of Applied Arts"],
        },
    },
    "lep-amsterdam": {
        "types": {
            T.NETWORK: 9,
            T.TRAINING: 8,
            T.VET: 2,
            T.HIGHER_EDUCATION: 2,
            T.ENTERPRISE: 0,
            T.POLICYMAKER: 1,
        },
        "influence": {INF.DIRECT: 7, INF.INDIRECT: 8, INF.SYSTEM: 5},
        "own": ("amsterdam-creative", T.NETWORK),
        "area": "Amsterdam Area",
        "named": {
            T.NETWORK: ["PlatformACCT", "DEN"],
            T.TRAINING: ["Muzus Academy", "Ries Meertens Coaching"],
            T.HIGHER_EDUCATION: ["TU Delft IDE Design Master Classes"],
        },
    },
    "lep-prague": {
        "types": {
            T.NETWORK: 6,
            T.TRAINING: 17,
            T.VET: 0,
            T.HIGHER_EDUCATION: 4,
            T.ENTERPRISE: 0,
            T.POLICYMAKER: 4,
        },
        "influence": {INF.DIRECT: 2, INF.INDIRECT: 7, INF.SYSTEM: 5},
        "own": ("creative-prague", T.NETWORK),
        "area": "Prague",
        "named": {
            T.NETWORK: [
                "Czech Game Developers Association (GDA)",
                "APA",
                "AKA",
                "Prague Innovation Institute",
                "Creative Skills Europe",
            ],
            T.TRAINING: ["Eduin", "Kumst", "Creative Business Cup"],
            T.POLICYMAKER: [
                "Ministry of Industry and Trade",
                "Ministry of Education",
                "Ministry of Labour",
                "CzechInvest",
            ],
        },
    },
    "lep-matera": {
        "types": {
            T.NETWORK: 1,
            T.TRAINING: 0,
            T.VET: 5,
            T.HIGHER_EDUCATION: 1,
            T.ENTERPRISE: 10,
            T.POLICYMAKER: 6,
        },
        "influence": {INF.DIRECT: 7, INF.INDIRECT: 6, INF.SYSTEM: 8},
        "own": ("matera-creative", T.NETWORK),
        "area": "Basilicata",
        "named": {},
    },
}

GENERIC = {
    T.NETWORK: "Network organisation",
    T.TRAINING: "Training provider",
    T.VET: "VET school",
    T.HIGHER_EDUCATION: "University",
    T.ENTERPRISE: "Creative enterprise",
    T.POLICYMAKER: "Public authority",
}
# Who tends to hold power and have a stake, by type: (power, interest) around which scores vary.
TYPICAL = {
    T.POLICYMAKER: (5, 3),
    T.NETWORK: (3, 5),
    T.HIGHER_EDUCATION: (4, 3),
    T.VET: (3, 4),
    T.TRAINING: (2, 4),
    T.ENTERPRISE: (2, 2),
}
# Influence is given first to those who shape the system, then to those acting directly.
INFLUENCE_ORDER = [T.POLICYMAKER, T.NETWORK, T.HIGHER_EDUCATION, T.VET, T.TRAINING, T.ENTERPRISE]

# The organising partners' agreement (1-5) in the report, by statement code. Amsterdam's report
# merges two statements in one row (rated 3); it is read here as the "not a priority" statement.
AGREEMENT = {
    "lep-upper-austria": {
        "he_courses": 2,
        "soft_skills": 2,
        "critical_thinking": 2,
        "not_a_priority": 2,
        "vet_courses": 3,
        "meta_cognitive": 5,
        "educational_levels": 5,
        "personalised_pathways": 5,
        "broad_range": 5,
        "occupational_profiles": 5,
        "socio_technical": 5,
        "green_transition": 5,
        "entrepreneurial": 5,
    },
    "lep-amsterdam": {
        "he_courses": 3,
        "not_a_priority": 3,
        "personalised_pathways": 4,
        "soft_skills": 5,
        "critical_thinking": 5,
        "meta_cognitive": 5,
        "educational_levels": 5,
        "vet_courses": 5,
        "broad_range": 5,
        "occupational_profiles": 5,
        "socio_technical": 5,
        "green_transition": 5,
        "entrepreneurial": 5,
    },
    "lep-prague": {
        "he_courses": 2,
        "soft_skills": 2,
        "not_a_priority": 2,
        "vet_courses": 2,
        "critical_thinking": 3,
        "occupational_profiles": 3,
        "socio_technical": 4,
        "green_transition": 4,
        "meta_cognitive": 5,
        "educational_levels": 5,
        "personalised_pathways": 5,
        "broad_range": 5,
        "entrepreneurial": 5,
    },
    "lep-matera": {
        "vet_courses": 1,
        "not_a_priority": 2,
        "he_courses": 4,
        "soft_skills": 4,
        "critical_thinking": 4,
        "meta_cognitive": 4,
        "occupational_profiles": 4,
        "socio_technical": 4,
        "green_transition": 4,
        "educational_levels": 5,
        "personalised_pathways": 5,
        "broad_range": 5,
        "entrepreneurial": 5,
    },
}
SURVEY_PANEL = "Organising partner (SACCORD report on the LEP pilots)"
SURVEY_DATE = dt.date(2024, 12, 10)


def _stakeholder_rows(slug: str, pilot: dict, organisations: dict) -> list[Stakeholder]:
    rows: list[Stakeholder] = []
    own_slug, own_type = pilot["own"]
    for kind in INFLUENCE_ORDER:
        count = pilot["types"][kind]
        names = list(pilot["named"].get(kind, []))
        generic = 0
        for n in range(count):
            organisation = None
            if kind == own_type and n == 0:
                organisation = organisations[own_slug]
                name = organisation.name
            elif names:
                name = names.pop(0)
            else:
                generic += 1
                name = f"{GENERIC[kind]} {generic} ({pilot['area']})"
            power, interest = TYPICAL[kind]
            # Spread the scores a little, always the same way, so the grids are not one cell.
            power = max(1, min(5, power + (n % 3) - 1))
            interest = max(1, min(5, interest - (n % 2) + (1 if n % 4 == 3 else 0)))
            rows.append(
                Stakeholder(
                    name=name, type=kind, power=power, interest=interest, organisation=organisation
                )
            )
    pool = [level for level, count in pilot["influence"].items() for _ in range(count)]
    # System influence for the first rows (policymakers, networks), then direct, then indirect.
    ordered = sorted(pool, key=[INF.SYSTEM, INF.DIRECT, INF.INDIRECT].index)
    for row, level in zip(rows, ordered, strict=False):
        row.influence = level
    return rows


def seed_mapping(organisations: dict, partnerships: dict, users: dict) -> None:
    author = users.get("member@creative-region.example")
    for slug, pilot in PILOTS.items():
        partnership = partnerships[slug]
        if not Stakeholder.objects.filter(partnership=partnership).exists():
            rows = _stakeholder_rows(slug, pilot, organisations)
            for row in rows:
                row.partnership = partnership
            Stakeholder.objects.bulk_create(rows)
        AgreementSurvey.objects.get_or_create(
            partnership=partnership,
            panel=SURVEY_PANEL,
            defaults={
                "held_on": SURVEY_DATE,
                "answers": {code: level for code, level in AGREEMENT[slug].items()},
                "created_by": author if slug == "lep-upper-austria" else None,
            },
        )


# --- funding calls ----------------------------------------------------------------------------------

FUNDING_PORTAL = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/"


def _calls(today: dt.date) -> dict[str, dict]:
    return {
        "erasmus-vet-mobility": {
            "title": "Erasmus+ mobility projects for VET learners and staff",
            "programme": "Erasmus+",
            "institution": "National Agencies for Erasmus+",
            "ecosystem": "",
            "status": CallStatus.FORTHCOMING,
            "opens_on": today + dt.timedelta(days=45),
            "deadline": today + dt.timedelta(days=120),
            "funding": "Lump sums per participant; accredited organisations apply yearly",
            "summary": (
                "Mobility of vocational learners, apprentices and staff to another country: the "
                "instrument behind the Lifelong Learning Mobility partnership's target of 20% of VET "
                "learners on mobility by 2030, with 20% of mobilities for people with fewer "
                "opportunities."
            ),
            "eligibility": (
                "VET providers, companies training apprentices, and regional and local authorities "
                "acting as coordinators of a mobility consortium."
            ),
            "link": "https://erasmus-plus.ec.europa.eu/",
            "members_only": False,
        },
        "erasmus-forward-looking-projects": {
            "title": "Erasmus+ Forward-Looking Projects: skills for the green and digital transitions",
            "programme": "Erasmus+",
            "institution": "European Education and Culture Executive Agency (EACEA)",
            "ecosystem": "",
            "status": CallStatus.OPEN,
            "opens_on": today - dt.timedelta(days=30),
            "deadline": today + dt.timedelta(days=60),
            "funding": "Up to EUR 1.5 million per project",
            "summary": (
                "Large-scale projects that test innovative approaches to education and training "
                "policy, such as the SACCORD project that supports the Creative Large-Scale "
                "Partnership and its Local Ecosystem Partnerships. The Pact support services help "
                "members form a consortium from an existing partnership."
            ),
            "eligibility": (
                "Consortia of public and private organisations active in education, training and "
                "the labour market, from at least three programme countries."
            ),
            "link": FUNDING_PORTAL,
            "members_only": True,
        },
        "creative-europe-cooperation": {
            "title": "Creative Europe: European cooperation projects in the cultural and creative sectors",
            "programme": "Creative Europe",
            "institution": "European Education and Culture Executive Agency (EACEA)",
            "ecosystem": "cultural_creative",
            "status": CallStatus.OPEN,
            "opens_on": today - dt.timedelta(days=20),
            "deadline": today + dt.timedelta(days=75),
            "funding": "Up to EUR 200,000 (small-scale) to EUR 2 million (large-scale)",
            "summary": (
                "Transnational cooperation of cultural and creative organisations, including capacity "
                "building and new skills. Organisations of the Western Balkans take part through "
                "their countries' association to the programme: the Western Balkans partnership "
                "helps 15 projects apply for EU funding."
            ),
            "eligibility": (
                "Cultural and creative organisations from countries taking part in Creative Europe, "
                "including Albania, Bosnia and Herzegovina, Montenegro, North Macedonia and Serbia."
            ),
            "link": FUNDING_PORTAL,
            "members_only": False,
        },
        "interregional-innovation-investments": {
            "title": "Interregional Innovation Investments (I3): capacity building for innovation ecosystems",
            "programme": "European Regional Development Fund",
            "institution": "European Innovation Council and SMEs Executive Agency (EISMEA)",
            "ecosystem": "",
            "status": CallStatus.CLOSED,
            "opens_on": today - dt.timedelta(days=200),
            "deadline": today - dt.timedelta(days=40),
            "funding": "Up to EUR 1 million per project",
            "summary": (
                "Part of the Talent Booster Mechanism: support for regions to develop the skills and "
                "innovation capacity of their ecosystems, and to attract and retain talent."
            ),
            "eligibility": "Partnerships of regional innovation actors from at least three regions.",
            "link": FUNDING_PORTAL,
            "members_only": False,
        },
    }


def seed_calls(users: dict, partnerships: dict) -> dict[str, FundingCall]:
    author = users.get(SUPPORT)
    calls: dict[str, FundingCall] = {}
    for slug, row in _calls(timezone.localdate()).items():
        calls[slug], _created = FundingCall.objects.get_or_create(
            slug=slug, defaults={**row, "created_by": author}
        )
    bookmarks = [
        (
            "western-balkans",
            "creative-europe-cooperation",
            "15 projects to support: first two drafts in preparation.",
        ),
        (
            "lll-mobility",
            "erasmus-vet-mobility",
            "Consortium of regional authorities, coordinated by EARLALL.",
        ),
        ("lep-upper-austria", "erasmus-forward-looking-projects", ""),
    ]
    for ps_slug, call_slug, note in bookmarks:
        CallBookmark.objects.get_or_create(
            partnership=partnerships[ps_slug],
            call=calls[call_slug],
            defaults={"note": note, "created_by": None},
        )
    return calls


# --- library ---------------------------------------------------------------------------------------

PLA_TITLE = "Establishing Regional Skills Partnerships: lessons learnt and success stories"


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _stakeholder_template() -> bytes:
    header = "stakeholder,type,influence,power,interest,pact_member,notes\n"
    example = (
        "Regional development agency,policymaker,system,5,3,no,Funds the regional skills strategy\n"
    )
    readme = (
        "Stakeholder mapping template of the Local Ecosystem Partnership model.\n"
        "type: network, training, vet, higher_education, enterprise, policymaker, other\n"
        "influence: direct, indirect, system (or empty while not assessed)\n"
        "power and interest: 1 (low) to 5 (high)\n"
    )
    return _zip({"stakeholder-map.csv": header + example, "README.txt": readme})


def _survey_template() -> bytes:
    lines = ["statement,level_1_to_5"]
    lines += ['"' + str(s.text).replace('"', '""') + '",' for s in SKILLS_STATEMENTS]
    return _zip({"agreement-survey.csv": "\n".join(lines) + "\n"})


def _resources() -> dict[str, dict]:
    return {
        "pla-establishing-rsps-report": {
            "kind": ResourceKind.REPORT,
            "title": f"Peer learning activity report: {PLA_TITLE}",
            "summary": (
                "How Regional Skills Partnerships are set up and what makes them last: the key "
                "messages of the peer learning activity of 10 October 2024, with the examples of "
                "B-MORE, ECRN, KSIGune and the Tourism Large-Scale Partnership."
            ),
            "body": (
                "## Key messages\n\n"
                "- Regional Skills Partnerships can cover a single region, a macro-region spanning "
                "several Member States, or a network of regions facing similar challenges.\n"
                "- Clear objectives and commitments, and a space for mutual learning, are what give "
                "partnerships a tangible impact at regional level.\n"
                "- Areas for further action: stronger involvement of public authorities and SMEs, "
                "more mutual learning between RSPs and LSPs, and wider dissemination of tools.\n\n"
                "## What members asked for\n\n"
                "- a repository of KPIs for existing and new partnerships;\n"
                "- examples of monitoring frameworks and targets;\n"
                "- education and training resources in different languages.\n\n"
                "## The support life cycle\n\n"
                "Support services accompany a partnership through its **design** (scope, members, "
                "goals), **set-up** (roles, meetings, decision-making, monitoring) and **delivery** "
                "(tools, synergies with funding, new members, good practices)."
            ),
            "indicator": None,
            "ecosystem": "",
            "published_on": dt.date(2024, 11, 15),
            "partnership": None,
        },
        "good-practice-b-more-community-consultation": {
            "kind": ResourceKind.GOOD_PRACTICE,
            "title": "B-MORE: building a skills strategy through community consultation",
            "summary": (
                "After the decline of fishing on the Beara Peninsula, an industry-led partnership "
                "consulted companies and the community to build a skills strategy for marine digital "
                "technology and offshore renewable energy."
            ),
            "body": (
                "Key initiatives: a comprehensive skills assessment, an education framework and "
                "training programmes for local communities and businesses, and regional smart "
                "specialisation.\n\nLesson: without a coordinator, a partnership of SMEs relies on "
                "its members' voluntary efforts — name a coordinator early."
            ),
            "indicator": None,
            "ecosystem": "renewable_energy",
            "published_on": dt.date(2024, 11, 20),
            "partnership": "b-more",
        },
        "good-practice-ecrn-interregional-platform": {
            "kind": ResourceKind.GOOD_PRACTICE,
            "title": "ECRN: a trusted platform for interregional cooperation in the chemical industry",
            "summary": (
                "Workshops, training for industry professionals and knowledge exchange between "
                "regional administrations, companies and VET providers, leading members into "
                "EU-funded projects."
            ),
            "body": "",
            "indicator": None,
            "ecosystem": "energy_intensive",
            "published_on": dt.date(2024, 11, 20),
            "partnership": None,
        },
        "good-practice-ksigune-cooperation-model": {
            "kind": ResourceKind.GOOD_PRACTICE,
            "title": "KSIGune: a cooperation model for academia, business and administration",
            "summary": (
                "The Basque cluster consulted 27 educational institutions about their courses for "
                "the cultural and creative industries, funded more than 40 research projects and "
                "brought together more than 150 research groups and creative entities."
            ),
            "body": "",
            "indicator": None,
            "ecosystem": "cultural_creative",
            "published_on": dt.date(2024, 11, 22),
            "partnership": "ksigune",
        },
        "good-practice-tourism-regional-partnerships": {
            "kind": ResourceKind.GOOD_PRACTICE,
            "title": "Tourism LSP: nine regional partnerships with neutral coordinators",
            "summary": (
                "The Tourism Large-Scale Partnership works through nine regional partnerships. Their "
                "success factors: credible coordinators (usually SMEs) not competing with partners, "
                "and pragmatic action plans that attract national or regional funding."
            ),
            "body": "",
            "indicator": None,
            "ecosystem": "tourism",
            "published_on": dt.date(2024, 11, 22),
            "partnership": None,
        },
        "good-practice-lep-club-of-the-willing": {
            "kind": ResourceKind.GOOD_PRACTICE,
            "title": "Upper Austria: start with a “club of the willing”",
            "summary": (
                "Engaging every stakeholder at executive level showed little willingness to "
                "collaborate; working directly with faculties and their company partners, and piloting "
                "real-life projects, built trust faster."
            ),
            "body": (
                "- Create real-life experiences to demonstrate potential.\n"
                "- Translate complex EU agendas into local, tangible narratives.\n"
                "- Clarify leadership: who coordinates, connects and advocates.\n"
                "- Be patient: building a regional skills partnership takes time."
            ),
            "indicator": None,
            "ecosystem": "cultural_creative",
            "published_on": dt.date(2025, 1, 10),
            "partnership": "lep-upper-austria",
        },
        "kpi-organisations-participating": {
            "kind": ResourceKind.KPI_EXAMPLE,
            "title": "Counting organisations taking part: “30 organisations, including 10 faculties”",
            "summary": (
                "The Western Balkans partnership counts the organisations participating in its "
                "activities, with faculties and schools as a share of them."
            ),
            "body": "",
            "indicator": "organisations-participating",
            "ecosystem": "cultural_creative",
            "published_on": dt.date(2025, 2, 20),
            "partnership": None,
        },
        "kpi-projects-funded": {
            "kind": ResourceKind.KPI_EXAMPLE,
            "title": "Projects supported to obtain EU funding: “15 projects”",
            "summary": (
                "Count the projects the partnership helped to apply for funding that obtained it, not "
                "the applications: the Western Balkans partnership aims at 15."
            ),
            "body": "",
            "indicator": "projects-funded",
            "ecosystem": "",
            "published_on": dt.date(2025, 2, 20),
            "partnership": None,
        },
        "kpi-vet-learners-mobility-share": {
            "kind": ResourceKind.KPI_EXAMPLE,
            "title": "A share, not a sum: “20% of VET learners on mobility by 2030”",
            "summary": (
                "Percentages are reported per target and never added up across partnerships: the "
                "Lifelong Learning Mobility partnership's two targets show how."
            ),
            "body": "",
            "indicator": "vet-learners-mobility-share",
            "ecosystem": "",
            "published_on": dt.date(2024, 9, 20),
            "partnership": "lll-mobility",
        },
        "template-stakeholder-map": {
            "kind": ResourceKind.TEMPLATE,
            "title": "Stakeholder mapping template (Local Ecosystem Partnership model)",
            "summary": (
                "A spreadsheet to list the key stakeholders of an area by type, regional influence, "
                "power and interest, ready to import into the portal's stakeholder map."
            ),
            "body": "",
            "indicator": None,
            "ecosystem": "",
            "published_on": dt.date(2025, 1, 15),
            "partnership": None,
            "file": ("stakeholder-map-template.zip", _stakeholder_template),
        },
        "template-agreement-survey": {
            "kind": ResourceKind.TEMPLATE,
            "title": "Agreement survey on skills: the thirteen statements",
            "summary": (
                "The statements a panel rates from 1 (strongly disagree) to 5 (strongly agree) to "
                "understand the skills needs of a local creative ecosystem."
            ),
            "body": "",
            "indicator": None,
            "ecosystem": "cultural_creative",
            "published_on": dt.date(2025, 1, 15),
            "partnership": None,
            "file": ("agreement-survey-template.zip", _survey_template),
        },
    }


def seed_library(users: dict, partnerships: dict) -> dict[str, Resource]:
    author = users.get(SUPPORT)
    indicators = {i.code: i for i in Indicator.objects.all()}
    resources: dict[str, Resource] = {}
    for slug, row in _resources().items():
        existing = Resource.objects.filter(slug=slug).first()
        if existing is not None:
            resources[slug] = existing
            continue
        file_spec = row.pop("file", None)
        indicator = indicators.get(row.pop("indicator") or "")
        partnership = partnerships.get(row.pop("partnership") or "")
        resource = Resource(
            slug=slug,
            indicator=indicator,
            partnership=partnership,
            created_by=author,
            language="en",
            **row,
        )
        if file_spec is not None:
            name, build = file_spec
            resource.file.save(name, ContentFile(build()), save=False)
        resource.save()
        resources[slug] = resource
    return resources


# --- events ----------------------------------------------------------------------------------------


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _events(today: dt.date, report: Resource) -> dict[str, dict]:
    webinar_day = today + dt.timedelta(days=21)
    matchmaking_day = today + dt.timedelta(days=52)
    clinic_day = today + dt.timedelta(days=35)
    return {
        "pla-establishing-regional-skills-partnerships": {
            "kind": EventKind.PEER_LEARNING,
            "title": PLA_TITLE,
            "summary": (
                "A peer learning activity for Pact members on Regional Skills Partnerships: success "
                "stories, challenges and opportunities, and the Talent Booster Mechanism."
            ),
            "description": (
                "- Boosting upskilling and reskilling at regional level through the Pact\n"
                "- Examples from the ground: B-MORE, ECRN, KSIGune, the Tourism LSP\n"
                "- Challenges and opportunities: the experience of Pact members\n"
                "- The Talent Booster Mechanism: new opportunities for regions"
            ),
            "starts_at": _at(dt.date(2024, 10, 10), 9, 30),
            "ends_at": _at(dt.date(2024, 10, 10), 13, 0),
            "location": "Online",
            "capacity": 120,
            "registration_open": False,
            "ecosystem": "",
            "partnership": None,
            "report": report,
        },
        "lll-mobility-webinar-fewer-opportunities": {
            "kind": EventKind.WEBINAR,
            "title": "Learning mobility for people with fewer opportunities: good practices",
            "summary": (
                "The bi-yearly webinar of the Lifelong Learning Mobility partnership: inspiration and "
                "good practices of mobility, and what “fewer opportunities” means in each region."
            ),
            "description": "",
            "starts_at": _at(webinar_day, 14, 0),
            "ends_at": _at(webinar_day, 15, 30),
            "location": "Online",
            "capacity": None,
            "registration_open": True,
            "ecosystem": "",
            "partnership": "lll-mobility",
            "report": None,
        },
        "lll-mobility-matchmaking": {
            "kind": EventKind.MATCHMAKING,
            "title": "Mobility matchmaking: VET exchanges and staff job shadowing",
            "summary": (
                "Regional and local authorities and VET providers meet to match high-quality "
                "exchanges for learners and job shadowing for staff."
            ),
            "description": "",
            "starts_at": _at(matchmaking_day, 10, 0),
            "ends_at": _at(matchmaking_day, 16, 0),
            "location": "Brussels, Belgium",
            "capacity": 60,
            "registration_open": True,
            "ecosystem": "",
            "partnership": "lll-mobility",
            "report": None,
        },
        "western-balkans-funding-clinic": {
            "kind": EventKind.WORKSHOP,
            "title": "EU funding clinic for creative projects in the Western Balkans",
            "summary": (
                "Help with applications to Creative Europe and Erasmus+ for the partnership's "
                "members, towards its target of 15 projects supported to gain EU funding."
            ),
            "description": "",
            "starts_at": _at(clinic_day, 10, 0),
            "ends_at": _at(clinic_day, 12, 30),
            "location": "Online",
            "capacity": 40,
            "registration_open": True,
            "ecosystem": "cultural_creative",
            "partnership": "western-balkans",
            "report": None,
        },
    }


def seed_events(users: dict, partnerships: dict, report: Resource) -> dict[str, Event]:
    author = users.get(SUPPORT)
    events: dict[str, Event] = {}
    for slug, row in _events(timezone.localdate(), report).items():
        partnership = partnerships.get(row.pop("partnership") or "")
        events[slug], _created = Event.objects.get_or_create(
            slug=slug, defaults={**row, "partnership": partnership, "created_by": author}
        )
    registrations = [
        ("member@creative-region.example", "lll-mobility-webinar-fewer-opportunities"),
        ("member@catalunya.example", "lll-mobility-matchmaking"),
        ("member@catalunya.example", "pla-establishing-regional-skills-partnerships"),
    ]
    for email, slug in registrations:
        user = users.get(email)
        if user is None:
            continue
        organisation = user.organisation_memberships.select_related("organisation").first()
        if not Registration.objects.filter(event=events[slug], user=user).exists():
            Registration.objects.create(
                event=events[slug],
                user=user,
                organisation=organisation.organisation if organisation else None,
            )
    return events


# --- expressions of interest and matchmaking ---------------------------------------------------------


def seed_eois(users: dict, organisations: dict) -> None:
    from pact.models import Region

    anna = users.get("member@creative-region.example")
    marta = users.get("member@catalunya.example")
    support = users.get(SUPPORT)
    if (
        anna
        and not ExpressionOfInterest.objects.filter(
            proposed_name="Regional Skills Partnership for the Creative Industries of Upper Austria"
        ).exists()
    ):
        decided = timezone.make_aware(dt.datetime(2025, 1, 28, 15))
        eoi = ExpressionOfInterest.objects.create(
            proposed_name="Regional Skills Partnership for the Creative Industries of Upper Austria",
            shape="single_region",
            countries=["AT"],
            ecosystem="cultural_creative",
            lead_organisation=organisations["creative-region"],
            proposer=anna,
            status=EoiStatus.INFO_REQUESTED,
            challenges=(
                "Creative and cultural industries drive innovation but are underappreciated in "
                "politics and traditional business; the region has no shared vision or roadmap for "
                "skills, and RIS3 focuses on STEM skills. Curricula evolve too slowly for the "
                "future skills creative work needs."
            ),
            intended_commitments=(
                "Pilot collaboration trainings with the University of Applied Arts; a communication "
                "campaign on future skills; a practical how-to guide on micro-credentials for local "
                "skills providers."
            ),
            submitted_at=timezone.make_aware(dt.datetime(2025, 1, 20, 10)),
            decided_at=decided,
            decided_by=support,
        )
        eoi.regions.set(Region.objects.filter(code="AT31"))
        ProposedPartner.objects.create(eoi=eoi, organisation=organisations["creative-lsp"])
        ProposedPartner.objects.create(
            eoi=eoi, name="University of Applied Arts", email="skills@applied-arts.example"
        )
        EoiEvent.objects.create(
            eoi=eoi, kind=EoiEvent.Kind.SUBMITTED, author=anna, created_at=eoi.submitted_at
        )
        EoiEvent.objects.create(
            eoi=eoi,
            kind=EoiEvent.Kind.INFO_REQUESTED,
            author=support,
            created_at=decided,
            comment=(
                "Thank you. Who would coordinate the partnership day to day, and which VET "
                "providers of the kick-off meeting would join? Please name at least two."
            ),
        )
    if (
        marta
        and not ExpressionOfInterest.objects.filter(
            proposed_name="Regional Skills Partnership for Tourism Skills in Catalonia"
        ).exists()
    ):
        eoi = ExpressionOfInterest.objects.create(
            proposed_name="Regional Skills Partnership for Tourism Skills in Catalonia",
            shape="single_region",
            countries=["ES"],
            ecosystem="tourism",
            lead_organisation=organisations["catalunya-fp"],
            proposer=marta,
            status=EoiStatus.SUBMITTED,
            challenges=(
                "Seasonal work and staff shortages in hospitality; digital and green skills missing "
                "from vocational tourism programmes."
            ),
            intended_commitments=(
                "Update vocational tourism programmes with employers; upskilling for hospitality "
                "staff off season; a regional partnership under the Tourism Large-Scale Partnership."
            ),
        )
        eoi.regions.set(Region.objects.filter(code="ES51"))
        ProposedPartner.objects.create(eoi=eoi, organisation=organisations["ntg-tourism"])
        EoiEvent.objects.create(
            eoi=eoi, kind=EoiEvent.Kind.SUBMITTED, author=marta, created_at=eoi.submitted_at
        )


def seed_contact_requests(users: dict, organisations: dict) -> None:
    marta = users.get("member@catalunya.example")
    if marta is None:
        return
    ContactRequest.objects.get_or_create(
        from_organisation=organisations["catalunya-fp"],
        to_organisation=organisations["creative-region"],
        defaults={
            "message": (
                "We are preparing mobility exchanges for VET learners in creative professions and "
                "look for a partner region with creative industries. Could we talk?"
            ),
            "requested_by": marta,
        },
    )


def seed(users: dict, organisations: dict, partnerships: dict) -> None:
    """Create the support services' demo content once; running it again changes nothing."""
    seed_mapping(organisations, partnerships, users)
    seed_calls(users, partnerships)
    resources = seed_library(users, partnerships)
    seed_events(users, partnerships, resources["pla-establishing-rsps-report"])
    seed_eois(users, organisations)
    seed_contact_requests(users, organisations)
    refresh_search_vectors()
