"""Examples for the API documentation, by operation id, taken from the demo data.

``schema.AutoSchema`` adds them to operations that have no examples of their own (an
``@extend_schema(examples=...)`` next to a view wins). For a list, give one item: the schema wraps
it in the page. ``tests/api/test_read_api.py`` checks every operation has a success example and
that each example matches the documented schema, so a changed serializer cannot leave a stale one.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

ORGANISATION = {
    "id": 10,
    "slug": "amsterdam-creative",
    "name": "Amsterdam Creative Skills Network",
    "acronym": "",
    "type": "cluster",
    "country": "NL",
    "nuts_region": "NL32",
    "website": "https://creative-skills.example.nl",
    "description": "Network of creative education and industry in the Amsterdam Area.",
    "status": "active",
}

PARTNERSHIP = {
    "id": 8,
    "slug": "b-more",
    "name": "Beara Peninsula, Marine and the potential for Offshore Renewable Energy",
    "acronym": "B-MORE",
    "kind": "rsp",
    "ecosystem": "renewable_energy",
    "shape": "local_area",
    "countries": ["IE"],
    "regions": ["IE05"],
    "status": "active",
    "stage": "set_up",
    "launched_on": "2024-03-01",
    "coordinator": "beara-marine",
    "parent": None,
    "member_count": 4,
    "looking_for_members": True,
}

PARTNERSHIP_DETAIL = {
    **PARTNERSHIP,
    "summary": (
        "An industry-led, community-focused partnership addressing skills shortages in "
        "Ireland's marine and renewable energy sectors."
    ),
    "website": "https://b-more.example.ie",
    "looking_for": "Training providers for offshore wind maintenance courses.",
    "children": [],
    "summary_language": "en",
    "summary_translations": [
        {
            "language": "ga",
            "summary": "Comhpháirtíocht a thugann aghaidh ar ghanntanas scileanna san fhuinneamh "
            "muirí agus in-athnuaite.",
        }
    ],
}

PARTNERSHIP_MEMBER = {
    "organisation": "beara-marine",
    "name": "Beara Marine and Renewable Energy Enterprises",
    "country": "IE",
    "role": "coordinator",
    "joined_at": "2024-03-01T10:00:00+01:00",
}

INDICATOR = {
    "id": 1,
    "code": "people-upskilled",
    "name": "People up- or reskilled",
    "definition": "People who completed an up- or reskilling activity during the year.",
    "unit": "persons",
    "aggregation": "sum",
    "kind": "flow",
    "ecosystems": [],
    "headline": True,
    "uses": 12,
}

TARGET = {
    "id": 1,
    "uid": "c2b897fe-521e-43cd-93a5-5849cd412e89",
    "commitment": 1,
    "indicator": "hubs-established",
    "unit": "count",
    "baseline": "0.00",
    "target_value": "1.00",
    "target_date": "2026-12-31",
    "description": "operational place-based HUB",
    "start_year": None,
    "progress": "1.00",
    "share": "1.0000",
}

COMMITMENT = {
    "id": 1,
    "uid": "24fa077a-260d-4719-9ffa-01427c58c5fa",
    "kind": "partnership",
    "title": "Establish an operational place-based HUB",
    "description": (
        "A HUB to facilitate training programmes, incubate creative projects and expand "
        "regional networking initiatives."
    ),
    "partnership": "western-balkans",
    "organisation": None,
    "responsible_organisations": ["wb-creative"],
    "is_current": True,
    "targets": [TARGET],
}

CYCLE = {
    "year": 2025,
    "opens_on": "2026-02-02",
    "deadline": "2026-03-31",
    "closes_on": "2026-04-30",
    "reminder_days": [14, 3],
    "status": "open",
    "opened_at": "2026-02-02T09:00:00+01:00",
    "closed_at": None,
}

REPORT = {
    "id": 42,
    "organisation": "earlall",
    "cycle": 2025,
    "target": 7,
    "value": "125.000000",
    "numerator": None,
    "denominator": None,
    "narrative": "Two new mobility courses for VET teachers.",
    "evidence_links": ["https://earlall.example/reports/2025-mobility"],
    "status": "draft",
    "is_late": False,
    "far_above_confirmed": False,
    "return_reason": "",
    "lock_version": 3,
    "submitted_at": None,
    "validated_at": None,
}

RESULT = {
    "year": 2024,
    "indicator": "people-upskilled",
    "unit": "persons",
    "total": "1932.00",
    "reports": 8,
}

NEWS: dict[str, object] = {
    "slug": "reporting-window-how-to-prepare",
    "title": "Yearly reporting: how to prepare your figures",
    "summary": "The reporting window opens soon. Gather, per target, the value achieved last year.",
    "body": "Once a year Pact members report progress on their commitments.",
    "body_html": "<p>Once a year Pact members report progress on their commitments.</p>\n",
    "language": "en",
    "published_on": "2026-11-10",
    "partnership": None,
    "related_partnerships": [],
    "ecosystems": [],
    "url": "https://pact-portal.example.eu/news/reporting-window-how-to-prepare/",
    "translations": [
        {
            "language": "fr",
            "title": "Rapport annuel : comment préparer vos chiffres",
            "summary": "La période de rapport ouvre bientôt.",
            "body": "Une fois par an, les membres du Pacte rendent compte de leurs engagements.",
        }
    ],
}

NOTIFICATION = {
    "id": 4,
    "category": "invitations",
    "kind": "partnership.invitation",
    "title": "Invitation to join the Regional Skills Partnerships for Lifelong Learning Mobility",
    "link": "/partnerships/lll-mobility/",
    "created_at": "2026-11-22T01:46:22+01:00",
    "read_at": None,
}

EVENT: dict[str, object] = {
    "slug": "pla-establishing-regional-skills-partnerships",
    "kind": "peer_learning",
    "title": "Establishing Regional Skills Partnerships: lessons learnt and success stories",
    "summary": "A peer learning activity for Pact members on Regional Skills Partnerships.",
    "description": "- Boosting upskilling and reskilling at regional level through the Pact",
    "starts_at": "2024-10-10T09:30:00+02:00",
    "ends_at": "2024-10-10T13:00:00+02:00",
    "location": "Online",
    "capacity": 120,
    "registered": 37,
    "registration_open": False,
    "is_cancelled": False,
    "ecosystem": "",
    "partnership": None,
    "report": "pla-establishing-rsps-report",
    "url": "https://pact-portal.example.eu/events/pla-establishing-regional-skills-partnerships/",
    "language": "en",
    "translations": [
        {
            "language": "de",
            "title": "Regionale Kompetenzpartnerschaften aufbauen: Erfahrungen und Erfolge",
            "summary": "Eine Peer-Learning-Aktivität für Mitglieder des Pakts.",
            "description": "",
        }
    ],
}

FUNDING_CALL: dict[str, object] = {
    "slug": "interregional-innovation-investments",
    "title": "Interregional Innovation Investments (I3): capacity building for innovation ecosystems",
    "programme": "European Regional Development Fund",
    "institution": "European Innovation Council and SMEs Executive Agency (EISMEA)",
    "ecosystem": "",
    "status": "closed",
    "opens_on": "2026-05-06",
    "deadline": "2026-10-13",
    "funding": "Up to EUR 1 million per project",
    "summary": "Support for regions to develop the skills and innovation capacity of their ecosystems.",
    "eligibility": "Partnerships of regional innovation actors from at least three regions.",
    "link": "https://ec.europa.eu/info/funding-tenders/opportunities/portal/",
    "url": "https://pact-portal.example.eu/funding/interregional-innovation-investments/",
    "language": "en",
    "translations": [],
}

RESOURCE: dict[str, object] = {
    "slug": "kpi-projects-funded",
    "kind": "kpi_example",
    "title": "Projects supported to obtain EU funding: “15 projects”",
    "summary": "Count the projects that obtained funding, not the applications.",
    "body": "",
    "indicator": "projects-funded",
    "indicator_uses": 4,
    "link": "",
    "file_url": None,
    "ecosystem": "",
    "language": "en",
    "partnership": None,
    "published_on": "2025-02-20",
    "url": "https://pact-portal.example.eu/library/kpi-projects-funded/",
    "translations": [],
}


def _response(name: str, value) -> list[OpenApiExample]:
    return [OpenApiExample(name, value=value, response_only=True)]


def _request(name: str, value) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


EXAMPLES: dict[str, list[OpenApiExample]] = {
    "organisations_list": _response("An active member organisation", ORGANISATION),
    "organisations_retrieve": _response("An active member organisation", ORGANISATION),
    "partnerships_list": _response("A regional partnership", PARTNERSHIP),
    "partnerships_retrieve": _response("A regional partnership", PARTNERSHIP_DETAIL),
    "partnerships_members_list": _response("The coordinating organisation", PARTNERSHIP_MEMBER),
    "indicators_list": _response("A headline indicator", INDICATOR),
    "indicators_retrieve": _response("A headline indicator", INDICATOR),
    "commitments_list": _response("A partnership commitment", COMMITMENT),
    "commitments_retrieve": _response("A partnership commitment", COMMITMENT),
    "targets_list": _response("A target", TARGET),
    "targets_retrieve": _response("A target", TARGET),
    "reporting_cycles_list": _response("The open reporting window", CYCLE),
    "reporting_cycles_retrieve": _response("The open reporting window", CYCLE),
    "reports_list": _response("A draft report", REPORT),
    "reports_retrieve": _response("A draft report", REPORT),
    "reports_create": [
        _request(
            "Report a value and submit it",
            {
                "organisation": "earlall",
                "cycle": 2025,
                "target": 7,
                "value": "125",
                "narrative": "Two new mobility courses for VET teachers.",
                "evidence_links": ["https://earlall.example/reports/2025-mobility"],
                "submit": True,
            },
        ),
        *_response("The report, submitted", {**REPORT, "status": "submitted", "lock_version": 1}),
    ],
    "reports_partial_update": [
        _request(
            "Correct the value (send If-Match too)", {"value": "130", "narrative": "Updated."}
        ),
        *_response("The saved report", {**REPORT, "value": "130.000000", "lock_version": 4}),
    ],
    "reports_submit_create": _response(
        "The report, submitted", {**REPORT, "status": "submitted", "lock_version": 4}
    ),
    "results_list": _response("People upskilled in 2024, from validated reports", RESULT),
    "news_list": _response("Pact news", NEWS),
    "news_retrieve": _response("Pact news", NEWS),
    "notifications_list": _response("An invitation", NOTIFICATION),
    "notifications_retrieve": _response("An invitation", NOTIFICATION),
    "events_list": _response("A peer learning activity", EVENT),
    "events_retrieve": _response("A peer learning activity", EVENT),
    "funding_calls_list": _response("An EU funding call", FUNDING_CALL),
    "funding_calls_retrieve": _response("An EU funding call", FUNDING_CALL),
    "library_list": _response("A KPI example", RESOURCE),
    "library_retrieve": _response("A KPI example", RESOURCE),
    "notifications_read_create": _response(
        "Marked as read", {**NOTIFICATION, "read_at": "2026-11-22T09:15:00+01:00"}
    ),
}
