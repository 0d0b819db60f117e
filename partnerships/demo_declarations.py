"""Demo declarations: the seeds' partnerships with their real challenges, ambitions, commitments
and targets, approved and published (their PDFs are recorded as pending for the worker).

Idempotent: a partnership that already has a declaration is left alone, except that a missing
PDF of its approved version is requested again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from commitments.models import Commitment, Indicator
from pact.kernel.audit import log_action
from partnerships.declarations import common, drafting, publication
from partnerships.models import (
    DeclarationStatus,
    DeclarationVersion,
    Partnership,
    PartnershipMembership,
    Signature,
    SignatureStatus,
)

D = dt.date


def _t(indicator: str, value, by: dt.date, what: str = "", baseline=0, unit: str = "") -> dict:
    return {
        "indicator": indicator,
        "target_value": Decimal(str(value)),
        "target_date": by,
        "description": what,
        "baseline": Decimal(str(baseline)),
        "unit": unit,
    }


# slug -> declaration. Commitments: (title, description, [responsible org slugs], [targets]).
DECLARATIONS: dict[str, dict] = {
    "western-balkans": {
        "language": "en",
        "challenges": (
            "Continued reforms, investment in infrastructure and human skills, and regional "
            "cooperation are essential for sustained economic growth and stability in the Western "
            "Balkans. Each of the *Western Balkans 6* (Albania, Bosnia and Herzegovina, North "
            "Macedonia, Montenegro, Kosovo\\* and Serbia) has a rich cultural heritage, but despite "
            "historical and political challenges the potential of the cultural and creative sector "
            "to drive growth and innovation is not yet recognised.\n\n"
            "- Skills gaps in digital, green and communication skills in the creative and cultural "
            "industries\n"
            "- Weak links between institutions, businesses, trade unions and associations across "
            "the region\n"
            "- Limited access to EU funding for creative projects\n\n"
            "\\* This designation is without prejudice to positions on status, and in line with "
            "UNSCR 1244 and the ICJ Opinion on the Kosovo Declaration of Independence."
        ),
        "objectives": (
            "- Promote cultural skills and jobs for sustainable businesses\n"
            "- Identify the local economy's needs\n"
            "- Develop digital, green and communication skills in the creative and cultural "
            "industries\n"
            "- Create links between regions, within the Western Balkans and with European networks"
        ),
        "ambition": (
            "Create an environment where creative industries can thrive in the Western Balkans, "
            "providing tools for people to improve their creative skills and celebrating the "
            "region's rich culture, in line with the Growth Plan for the Western Balkans."
        ),
        "governance": (
            "The Western Balkans Creative Network coordinates the partnership and its HUB.",
            "Members decide together in a yearly assembly; a steering group of the faculties and "
            "networks prepares decisions between assemblies.",
            "The coordinator collects the members' figures each year and reports progress "
            "through the Pact for Skills.",
        ),
        "commitments": [
            (
                "Establish an operational place-based HUB",
                "A HUB to facilitate training programmes, incubate creative projects and expand "
                "regional networking initiatives through partnerships with local organisations and "
                "European networks.",
                ["wb-creative"],
                [_t("hubs-established", 1, D(2026, 12, 31), "operational place-based HUB")],
            ),
            (
                "Offer upskilling opportunities in digital, green and communication skills",
                "Upskilling opportunities for people working in the creative and cultural "
                "industries.",
                ["uni-tirana-arts", "sarajevo-film-academy"],
                [_t("upskilling-opportunities", 10, D(2027, 12, 31))],
            ),
            (
                "Bring organisations into the partnership and its activities",
                "Institutions, businesses, trade unions, associations and schools of the region "
                "and neighbouring countries.",
                ["wb-creative"],
                [
                    _t(
                        "organisations-participating",
                        30,
                        D(2027, 12, 31),
                        "organisations taking part",
                    ),
                    _t(
                        "organisations-participating",
                        10,
                        D(2027, 12, 31),
                        "faculties and schools taking part",
                    ),
                ],
            ),
            (
                "Help creative projects gain EU funding",
                "Assist members with applications for relevant EU calls for proposals.",
                ["wb-creative"],
                [
                    _t(
                        "projects-funded",
                        15,
                        D(2027, 12, 31),
                        "projects supported to gain EU funding",
                    )
                ],
            ),
            (
                "Take part in events for knowledge transfer and dissemination",
                "Participate in events that foster knowledge transfer and make the sector's "
                "potential better known.",
                ["uni-tirana-arts", "sarajevo-film-academy"],
                [_t("events-held", 6, D(2027, 12, 31), "events attended or co-organised")],
            ),
        ],
    },
    "lll-mobility": {
        "language": "en",
        "challenges": (
            "Europe faces challenges with getting skilled workers into jobs they are well-suited "
            "to, and people with fewer opportunities need access to vocational education and "
            "training (VET) so they can find jobs in regions across the EU.\n\n"
            "- Regional education and training initiatives were disrupted by the COVID-19 pandemic "
            "and Russia's war of aggression on Ukraine\n"
            "- Businesses struggle to find skilled staff while many young workers face skills "
            "mismatches\n"
            "- An ageing population and declining birth rates shrink the workforce"
        ),
        "objectives": (
            "- Increase mobilities for VET, apprenticeship, adult education and informal "
            "education learners\n"
            "- Reserve a fair share of mobilities for people with fewer opportunities\n"
            "- Work with regional and local authorities for better VET linkages\n"
            "- Monitor and evaluate the impact of mobilities on local skills needs"
        ),
        "ambition": (
            "Local and regional authorities implement policies and initiatives that support "
            "educational exchanges within and between their regions and promote the recognition "
            "of qualifications and experience obtained abroad."
        ),
        "governance": (
            "EARLALL, the European Association of Regional & Local Authorities for Lifelong "
            "Learning, leads the partnership.",
            "Member regions agree the work plan at EARLALL's meetings.",
            "The partnership monitors mobility opportunities, including apprenticeships, and "
            "tracks their implementation across Pact partners.",
        ),
        "commitments": [
            (
                "20% of VET learners on mobility by 2030",
                "Member regions increase the number of mobile VET learners.",
                ["earlall", "catalunya-fp", "toscana-lll"],
                [
                    _t(
                        "vet-learners-mobility-share",
                        20,
                        D(2030, 12, 31),
                        "VET learners on mobility",
                        baseline=8,
                    )
                ],
            ),
            (
                "Reserve 20% of all mobilities for people with fewer opportunities",
                "Define what “fewer opportunities” means and how best to involve these learners.",
                ["earlall"],
                [
                    _t(
                        "fewer-opportunities-mobility-share",
                        20,
                        D(2030, 12, 31),
                        "mobilities for people with fewer opportunities",
                        baseline=5,
                    )
                ],
            ),
            (
                "Share inspiration and good practice in bi-yearly webinars",
                "Webinars and communication activities, twice a year, on mobility for people with "
                "fewer opportunities.",
                ["earlall"],
                [_t("events-held", 12, D(2030, 12, 31), "webinars (two a year)")],
            ),
            (
                "Develop lifelong learning mobility promoters",
                "Promoters who support learning mobility initiatives in the regions.",
                ["catalunya-fp", "toscana-lll"],
                [_t("people-upskilled", 100, D(2028, 12, 31), "mobility promoters trained")],
            ),
            (
                "Host matchmaking events and expand the mobility matchmaking tool",
                "Match high-quality exchanges, improve student mobility and enable job shadowing "
                "for regional and local staff.",
                ["earlall"],
                [_t("events-held", 6, D(2030, 12, 31), "matchmaking events")],
            ),
        ],
    },
    "lombardy": {
        "language": "en",
        "challenges": (
            "Institutions, businesses, trade unions and other public and private entities in "
            "Lombardy face skills challenges that none of them can solve alone, above all in "
            "digital skills and in matching young people's training with companies' needs."
        ),
        "objectives": (
            "- Make use of EU funding opportunities to upgrade digital skills\n"
            "- Create a skills observatory\n"
            "- Work with companies to assess their skills needs and develop quality training "
            "paths for young people matching those needs"
        ),
        "ambition": (
            "A new systematic approach between institutions, businesses, trade unions and other "
            "public and private entities to face skills challenges in Lombardy."
        ),
        "governance": (
            "Regione Lombardia coordinates the partnership.",
            "A regional table of the partners sets priorities each year.",
            "The skills observatory publishes the partnership's figures yearly.",
        ),
        "commitments": [
            (
                "Use EU funding opportunities to upgrade digital skills",
                "Bring EU programmes to bear on digital upskilling in the region.",
                ["regione-lombardia"],
                [
                    _t(
                        "projects-funded",
                        10,
                        D(2026, 12, 31),
                        "digital skills projects funded by the EU",
                    )
                ],
            ),
            (
                "Create a regional skills observatory",
                "",
                ["regione-lombardia"],
                [_t("hubs-established", 1, D(2025, 12, 31), "skills observatory")],
            ),
            (
                "Quality training paths for young people matching companies' needs",
                "Assess companies' skills needs, then develop training paths that answer them.",
                ["regione-lombardia"],
                [
                    _t("skills-analyses", 20, D(2026, 12, 31), "company skills-needs assessments"),
                    _t(
                        "programmes-developed",
                        15,
                        D(2026, 12, 31),
                        "training paths for young people",
                    ),
                ],
            ),
        ],
    },
    "ecrn": {
        "language": "en",
        "challenges": (
            "The chemical sector is the second largest in Europe in terms of direct jobs, but the "
            "increasingly high demand for highly trained and skilled workers poses new challenges "
            "in meeting labour market needs."
        ),
        "objectives": (
            "- Enhance the competitiveness and sustainability of the chemical sector\n"
            "- Promote the safe use of chemicals\n"
            "- Foster a culture of collaboration and continuous learning"
        ),
        "ambition": (
            "A trusted platform for interregional cooperation that keeps the chemical industry "
            "competitive and plays its role in the green and digital transition."
        ),
        "governance": (
            "The European Chemical Regions Network coordinates the partnership.",
            "Member regions decide together in the network's general assembly.",
            "The network follows its members' participation in EU projects and training each year.",
        ),
        "commitments": [
            (
                "Map vulnerable areas and workers",
                "Map vulnerable areas, identify vulnerable workers and survey regional "
                "authorities, industry, education and training providers on regional needs.",
                ["ecrn"],
                [_t("skills-analyses", 8, D(2025, 12, 31), "regional skills-needs surveys")],
            ),
            (
                "Workshops and training sessions for industry professionals",
                "",
                ["ecrn", "chemie-sachsen-anhalt"],
                [_t("training-actions", 20, D(2026, 12, 31), "workshops and training sessions")],
            ),
            (
                "Participate in EU-funded projects",
                "Training to address industry needs, circular economy skills, hydrogen and digital "
                "upskilling of chemical industry workers.",
                ["ecrn"],
                [_t("projects-funded", 5, D(2026, 12, 31), "EU-funded projects")],
            ),
        ],
    },
    "promis": {
        "language": "en",
        "challenges": (
            "Health systems across Italy's 21 regions and autonomous provinces need up- and "
            "reskilled professionals, and regions face these needs with very different means."
        ),
        "objectives": (
            "- Upskilling and reskilling in the health sector across the regions\n"
            "- A network of regions sharing socio-economic structures and skills challenges"
        ),
        "ambition": "Every region and autonomous province takes part in a shared health skills effort.",
        "governance": (
            "ProMIS (Programma Mattone Internazionale Salute) coordinates the network of regions.",
            "The regions agree priorities in ProMIS's coordination meetings.",
            "ProMIS gathers the regions' figures once a year.",
        ),
        "commitments": [
            (
                "Involve all regions and autonomous provinces",
                "",
                ["promis"],
                [
                    _t(
                        "organisations-participating",
                        21,
                        D(2026, 12, 31),
                        "regions and autonomous provinces",
                    )
                ],
            ),
            (
                "Up- and reskill health professionals",
                "",
                ["promis"],
                [_t("people-upskilled", 2000, D(2027, 12, 31), "health professionals trained")],
            ),
        ],
    },
    "b-more": {
        "language": "en",
        "challenges": (
            "After Brexit, a decline in the fishing industry hit the economy and the cultural "
            "identity of the Beara Peninsula. Its geographical isolation means training "
            "opportunities are not widely available, and skills are short in the marine and "
            "renewable energy sectors."
        ),
        "objectives": (
            "- A skills strategy answering the community's demand for marine digital technology "
            "and renewable energy\n"
            "- Tailored training programmes for local communities and businesses\n"
            "- Regional smart specialisation to create economic opportunities and combat "
            "depopulation"
        ),
        "ambition": (
            "Use the region's expertise in marine engineering, aquaculture and offshore "
            "renewable energy to create sustainable economic opportunities."
        ),
        "governance": (
            "An industry-led, community-focused partnership of local SMEs, relying on its "
            "members' voluntary efforts while it looks for a coordinator.",
            "Decisions are taken in consultation with companies and stakeholders.",
            "Members review progress together twice a year.",
        ),
        "commitments": [
            (
                "Comprehensive skills assessment",
                "Identify the training needs of the marine and renewable energy sectors.",
                ["beara-marine"],
                [_t("skills-analyses", 1, D(2025, 6, 30), "comprehensive skills assessment")],
            ),
            (
                "Education framework and training programmes",
                "For local communities and businesses.",
                ["beara-marine"],
                [_t("programmes-developed", 4, D(2026, 12, 31), "training programmes")],
            ),
        ],
    },
    "ksigune": {
        "language": "en",
        "challenges": (
            "The Basque cultural and creative industries need a cooperation model for academia, "
            "business and administration that answers the Basque government's education and "
            "cultural-linguistic strategies."
        ),
        "objectives": (
            "- Identify relevant courses and programmes for members\n"
            "- Promote collaboration between research, business and creative entities\n"
            "- Support lifelong learning through reskilling and upskilling"
        ),
        "ambition": "Position the Basque Country as a hub for cultural and creative excellence.",
        "governance": (
            "KSIGune, the Basque Higher Education & Research Cluster for the Cultural and "
            "Creative Industries, coordinates.",
            "The cluster's board of universities and creative entities decides.",
            "The cluster reports on courses, projects and research groups each year.",
        ),
        "commitments": [
            (
                "Consult educational institutions on their capacities",
                "Identify their capacities and the courses relevant to the cultural and creative "
                "industries.",
                ["ksigune"],
                [
                    _t(
                        "organisations-participating",
                        27,
                        D(2024, 12, 31),
                        "educational institutions consulted",
                    )
                ],
            ),
            (
                "Fund research projects",
                "",
                ["ksigune"],
                [_t("projects-funded", 40, D(2025, 12, 31), "research projects funded")],
            ),
            (
                "Bring research groups and creative entities together",
                "",
                ["ksigune"],
                [
                    _t(
                        "stakeholders-joined",
                        150,
                        D(2025, 12, 31),
                        "research groups and creative entities collaborating",
                    )
                ],
            ),
        ],
    },
    "tourism-lsp": {
        "language": "en",
        "challenges": (
            "The tourism workforce needs higher qualifications and new skills for the sector's "
            "transformation and post-COVID recovery, and local stakeholders often have competing "
            "interests."
        ),
        "objectives": (
            "- Address skills needs and raise the qualification of the tourism workforce, building "
            "on the Next Tourism Generation Alliance Blueprint\n"
            "- An ecosystem of regional partnerships in trade-relevant regions\n"
            "- Pragmatic action plans with concrete results to attract national or regional funding"
        ),
        "ambition": (
            "A focus on regional needs that keeps results sustainable in the long term, with "
            "tools and frameworks that address tourism skills gaps transnationally."
        ),
        "governance": (
            "The Next Tourism Generation Alliance coordinates the Large-Scale Partnership.",
            "Regional partnerships are led by coordinators, usually SMEs, with no direct "
            "competition with the other partners.",
            "Each regional partnership follows its action plan and reports yearly to the LSP.",
        ),
        "commitments": [
            (
                "Regional partnerships in trade-relevant regions",
                "Bring local stakeholders together and give them tools and frameworks.",
                ["ntg-tourism"],
                [_t("stakeholders-joined", 9, D(2024, 12, 31), "regional tourism partnerships")],
            ),
            (
                "Upskill the tourism workforce",
                "",
                ["ntg-tourism", "toscana-lll", "catalunya-fp"],
                [
                    _t(
                        "people-upskilled",
                        10000,
                        D(2027, 12, 31),
                        "tourism workers up- or reskilled",
                    )
                ],
            ),
        ],
    },
    "creative-lsp": {
        "language": "en",
        "challenges": (
            "Creative skills are not firmly on the agenda at European and local level, skills "
            "data for the cultural and creative industries are scarce, and new learning pathways "
            "such as micro-credentials are still new to the sector."
        ),
        "objectives": (
            "- Run the LSP's assembly and working groups\n"
            "- Initiate Local Ecosystem Partnerships in Italy, Upper Austria, Amsterdam and Prague\n"
            "- Increase data intelligence on up- and reskilling\n"
            "- Explore micro-credentials and new learning pathways"
        ),
        "ambition": "Put creative skills development firmly on the agenda at European and regional level.",
        "governance": (
            "Creative Skills Europe runs the secretariat, supported by the SACCORD project.",
            "The LSP's assembly decides; working groups prepare.",
            "The four LEP pilots exchange their learnings in a monthly meeting.",
        ),
        "commitments": [
            (
                "Initiate Local Ecosystem Partnerships",
                "Pilots in Matera/Basilicata, Prague, Amsterdam and Upper Austria.",
                [
                    "creative-lsp",
                    "creative-region",
                    "creative-prague",
                    "amsterdam-creative",
                    "matera-creative",
                ],
                [_t("stakeholders-joined", 4, D(2025, 12, 31), "local ecosystem partnerships")],
            ),
            (
                "Creative Skills Week",
                "Creative Skills Week 2024 (Amsterdam) and 2025 (Prague), with satellite events.",
                ["creative-lsp"],
                [_t("events-held", 2, D(2025, 12, 31), "Creative Skills Weeks")],
            ),
            (
                "Micro-credentials for the cultural and creative industries",
                "",
                ["creative-lsp"],
                [_t("programmes-developed", 10, D(2026, 12, 31), "micro-credential courses")],
            ),
        ],
    },
    "bari-metro": {
        "language": "en",
        "challenges": (
            "Local authorities, training providers and companies of the metropolitan area of "
            "Bari lack a shared picture of skills needs, and training offers do not reach "
            "enough people."
        ),
        "objectives": (
            "- Analyse skills needs with local companies\n"
            "- Deliver training actions and develop training models\n"
            "- Bring organisations of the metropolitan area together"
        ),
        "ambition": "By 2027, a metropolitan skills partnership that plans training on shared evidence.",
        "governance": (
            "The Metropolitan City of Bari coordinates.",
            "A partnership table of the members meets every quarter.",
            "The coordinator reports the partnership's figures each year.",
        ),
        "commitments": [
            (
                "Bring organisations together",
                "",
                ["bari-metro"],
                [_t("organisations-participating", 15, D(2027, 12, 31))],
            ),
            (
                "Events on skills",
                "",
                ["bari-metro"],
                [_t("events-held", 12, D(2027, 12, 31))],
            ),
            (
                "Skills-needs analyses",
                "",
                ["bari-metro"],
                [_t("skills-analyses", 10, D(2027, 12, 31))],
            ),
            (
                "Training actions",
                "",
                ["bari-metro", "matera-creative"],
                [
                    _t("training-actions", 25, D(2027, 12, 31)),
                    _t("training-participants", 150, D(2027, 12, 31)),
                ],
            ),
            (
                "Training models",
                "",
                ["bari-metro"],
                [_t("programmes-developed", 2, D(2027, 12, 31), "training models")],
            ),
        ],
    },
    "lep-upper-austria": {
        "language": "de",
        "challenges": (
            "- Die Kultur- und Kreativwirtschaft wird als Innovationstreiber anerkannt, in Politik "
            "und traditioneller Wirtschaft aber unterschätzt\n"
            "- Es fehlt eine regionale Vision für die Kompetenzentwicklung; bestehende Strategien "
            "wie RIS3 konzentrieren sich auf MINT-Kompetenzen\n"
            "- Traditionelle Lehrpläne entwickeln sich zu langsam für den Bedarf an "
            "Zukunftskompetenzen"
        ),
        "objectives": (
            "- Mit einem „Club der Willigen“ die Zusammenarbeit entlang der Bildungskette beginnen\n"
            "- Mit realen Projekten den Nutzen der Zusammenarbeit zeigen"
        ),
        "ambition": "Eine Plattform für die Zusammenarbeit entlang der Bildungskette in Oberösterreich.",
        "governance": (
            "Creative Region Linz & Upper Austria koordiniert.",
            "Entscheidungen entstehen von unten, gemeinsam mit den Fakultäten und Unternehmen.",
            "Die Fortschritte werden im monatlichen Austausch der LEP-Piloten besprochen.",
        ),
        "commitments": [
            (
                "Akteure der Bildungskette zusammenbringen",
                "Auftakt am 13. April 2024 mit Universitäten, Berufsbildungsanbietern und NGOs.",
                ["creative-region"],
                [_t("organisations-participating", 14, D(2025, 12, 31), "Akteure beim Auftakt")],
            ),
            (
                "Pilotausbildung mit der Kunstuniversität",
                "",
                ["creative-region"],
                [_t("training-actions", 1, D(2025, 12, 31), "Pilotausbildung")],
            ),
        ],
    },
    "lep-amsterdam": {
        "language": "en",
        "challenges": (
            "More than 200,000 people work in the creative industries of the Amsterdam Area, in a "
            "competitive and crowded skills landscape where generative AI changes what talent needs."
        ),
        "objectives": (
            "- Define the partnership's added value, such as micro-credentials\n"
            "- Give the demand side a leading role"
        ),
        "ambition": "Position the Amsterdam Area as a leader in creative skills innovation.",
        "governance": (
            "The Amsterdam Creative Skills Network coordinates.",
            "Demand-side members lead the agenda.",
            "The network reviews its figures each year.",
        ),
        "commitments": [
            (
                "Micro-credentials for creative professionals",
                "",
                ["amsterdam-creative"],
                [_t("programmes-developed", 3, D(2026, 12, 31), "micro-credentials")],
            ),
        ],
    },
    "lep-prague": {
        "language": "en",
        "challenges": (
            "Czech universities offer micro-credential courses, but these are not yet aligned "
            "with labour market needs, and there is no national framework for their quality "
            "and recognition."
        ),
        "objectives": (
            "- Embed the skills agenda in the Prague RIS3 strategy\n"
            "- Establish university–industry working groups"
        ),
        "ambition": "Micro-credentials and lifelong learning that match Prague's creative industries.",
        "governance": (
            "Creative Prague coordinates, with an internal team for the partnership.",
            "Partners decide in the working groups.",
            "Creative Prague reports yearly.",
        ),
        "commitments": [
            (
                "Seminars and Creative Skills Week",
                "“Microcredentials – Small Steps, Big Impact” (December 2024) and Creative Skills "
                "Week 2025.",
                ["creative-prague"],
                [_t("events-held", 2, D(2025, 12, 31))],
            ),
        ],
    },
    "lep-matera": {
        "language": "en",
        "challenges": (
            "Micro-organisations and freelancers of the creative sector in Basilicata need "
            "affordable upskilling, and skills development is tied to brain drain and rural "
            "depopulation."
        ),
        "objectives": (
            "- Finalise the mapping of local players and educational pathways\n"
            "- Gather expressions of interest for a Regional Skills Partnership in Southern Italy"
        ),
        "ambition": "Grow into a Regional Skills Partnership for the creative industries of Southern Italy.",
        "governance": (
            "Matera Basilicata Creative Hub coordinates.",
            "Co-creation workshops set the mission and the work plan.",
            "The hub shares progress in the monthly meeting of the LEP pilots.",
        ),
        "commitments": [
            (
                "Map educational pathways for the creative sector",
                "",
                ["matera-creative"],
                [_t("skills-analyses", 1, D(2025, 12, 31), "map of educational pathways")],
            ),
        ],
    },
}


def _admin_of(organisation, users: dict):
    from members.models import OrganisationMembership

    membership = (
        OrganisationMembership.objects.filter(organisation=organisation, role="admin")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _write(version: DeclarationVersion, row: dict, organisations: dict, actor) -> None:
    indicators = {i.code: i for i in Indicator.objects.all()}
    for section, data in (
        ("challenges", {"language": row["language"], "challenges": row["challenges"]}),
        ("objectives", {"objectives": row["objectives"]}),
        ("ambition", {"ambition": row["ambition"]}),
        (
            "governance",
            dict(
                zip(
                    (
                        "governance_coordination",
                        "governance_decision_making",
                        "governance_monitoring",
                    ),
                    row["governance"],
                    strict=True,
                )
            ),
        ),
    ):
        drafting.save_section(
            version, section, data, lock_version=version.lock_version, actor=actor
        )
    for title, description, responsible, targets in row["commitments"]:
        drafting.save_commitment(
            version,
            None,
            data={
                "title": title,
                "description": description,
                "responsible_organisations": [
                    organisations[s] for s in responsible if s in organisations
                ],
            },
            targets=[{**t, "indicator": indicators[t["indicator"]]} for t in targets],
            lock_version=version.lock_version,
            actor=actor,
        )


def _publish(
    version: DeclarationVersion, partnership: Partnership, reviewer, organisations, users
) -> None:
    """Signatures of every member, then submitted and approved on the launch date."""
    launched = partnership.launched_on or timezone.localdate()
    moment = timezone.make_aware(dt.datetime.combine(launched, dt.time(10, 0)))
    member_ids = PartnershipMembership.objects.filter(partnership=partnership).values_list(
        "organisation_id", flat=True
    )
    for organisation in organisations.values():
        if organisation.pk not in member_ids:
            continue
        Signature.objects.get_or_create(
            version=version,
            organisation=organisation,
            defaults={
                "status": SignatureStatus.SIGNED,
                "requested_at": moment - dt.timedelta(days=14),
                "answered_at": moment - dt.timedelta(days=7),
                "answered_by": _admin_of(organisation, users),
                "signed_content_hash": version.content_hash,
                "notified_at": moment - dt.timedelta(days=14),
            },
        )
    DeclarationVersion.objects.filter(pk=version.pk).update(
        status=DeclarationStatus.SUBMITTED, submitted_at=moment - dt.timedelta(days=5)
    )
    log_action(
        "pact.declaration.submitted", version, None, {"number": version.number, "demo": True}
    )
    DeclarationVersion.objects.filter(pk=version.pk).update(
        status=DeclarationStatus.APPROVED, decided_at=moment, decided_by=reviewer, reviewer=reviewer
    )
    Commitment.objects.filter(declaration_version=version).update(is_current=True)
    log_action(
        "pact.declaration.approved", version, reviewer, {"number": version.number, "demo": True}
    )
    version.refresh_from_db()


def seed(users: dict, organisations: dict, partnerships: dict) -> list[DeclarationVersion]:
    """Approved declarations for the demo partnerships; returns the published versions."""
    reviewer = users.get("reviewer@pact-portal.example")
    published: list[DeclarationVersion] = []
    for slug, row in DECLARATIONS.items():
        partnership = partnerships.get(slug)
        if partnership is None:
            continue
        version = (
            DeclarationVersion.objects.filter(partnership=partnership).order_by("-number").first()
        )
        if version is None:
            coordinator = common.coordinator_organisation(partnership)
            actor = _admin_of(coordinator, users) if coordinator else None
            version = drafting.start_draft(partnership, actor)
            _write(version, row, organisations, actor)
            _publish(version, partnership, reviewer, organisations, users)
        if version.status == DeclarationStatus.APPROVED:
            publication.request_pdf(version)
            published.append(version)
    if published:
        from partnerships.common import refresh_search_vector

        refresh_search_vector([v.partnership_id for v in published])
    return published
