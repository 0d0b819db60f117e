"""Demo organisations: the leading organisations and members of the seeds' partnerships."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from members.common import refresh_search_vectors
from members.models import (
    Organisation,
    OrganisationMembership,
    OrganisationStatus,
    OrganisationType,
)

T = OrganisationType

# slug, name, acronym, type, country, NUTS code, website, description, status
DEMO_ORGANISATIONS: list[tuple[str, str, str, str, str, str, str, str, str]] = [
    (
        "earlall",
        "European Association of Regional & Local Authorities for Lifelong Learning",
        "EARLALL",
        T.PUBLIC_AUTHORITY,
        "BE",
        "BE10",
        "https://earlall.eu",
        "Network of regional and local authorities promoting lifelong learning and learner mobility.",
        "active",
    ),
    (
        "regione-lombardia",
        "Regione Lombardia",
        "",
        T.PUBLIC_AUTHORITY,
        "IT",
        "ITC4",
        "https://www.regione.lombardia.it",
        "Regional government of Lombardy.",
        "active",
    ),
    (
        "ecrn",
        "European Chemical Regions Network",
        "ECRN",
        T.CLUSTER,
        "BE",
        "BE10",
        "https://www.ecrn.net",
        "Network of European regions with a strong chemical industry.",
        "active",
    ),
    (
        "promis",
        "Programma Mattone Internazionale Salute",
        "ProMIS",
        T.PUBLIC_AUTHORITY,
        "IT",
        "ITI4",
        "https://www.promisalute.it",
        "Network of Italy's regions for health policy at European level.",
        "active",
    ),
    (
        "beara-marine",
        "Beara Marine and Renewable Energy Enterprises",
        "B-MORE",
        T.SME,
        "IE",
        "IE05",
        "",
        "Industry-led, community-focused group of SMEs on the Beara Peninsula.",
        "active",
    ),
    (
        "ksigune",
        "KSIGune – Basque Higher Education & Research Cluster for the Cultural and Creative Industries",
        "KSIGune",
        T.CLUSTER,
        "ES",
        "ES21",
        "",
        "Cluster connecting academia, business and administration in the Basque cultural and creative industries.",
        "active",
    ),
    (
        "ntg-tourism",
        "Next Tourism Generation Alliance",
        "NTG",
        T.BUSINESS_ASSOCIATION,
        "BE",
        "BE10",
        "",
        "Alliance behind the Tourism Large-Scale Partnership's skills blueprint.",
        "active",
    ),
    (
        "creative-lsp",
        "Creative Skills Europe Secretariat",
        "CSE",
        T.SOCIAL_PARTNER,
        "BE",
        "BE10",
        "",
        "Secretariat of the Large-Scale Partnership for the Cultural and Creative Industries.",
        "active",
    ),
    (
        "creative-region",
        "Creative Region Linz & Upper Austria",
        "",
        T.CLUSTER,
        "AT",
        "AT31",
        "",
        "Regional agency for the creative industries in Upper Austria.",
        "active",
    ),
    (
        "amsterdam-creative",
        "Amsterdam Creative Skills Network",
        "",
        T.CLUSTER,
        "NL",
        "NL32",
        "",
        "Network of creative education and industry in the Amsterdam Area.",
        "active",
    ),
    (
        "creative-prague",
        "Creative Prague",
        "",
        T.PUBLIC_AUTHORITY,
        "CZ",
        "CZ01",
        "",
        "Prague's creative economy team at the Prague Innovation Institute.",
        "active",
    ),
    (
        "matera-creative",
        "Matera Basilicata Creative Hub",
        "",
        T.NGO,
        "IT",
        "ITF5",
        "",
        "Network of cultural and creative organisations in Matera and Basilicata.",
        "active",
    ),
    (
        "wb-creative",
        "Western Balkans Creative Network",
        "WBCN",
        T.NGO,
        "RS",
        "",
        "",
        "Cultural and creative institutions, businesses and associations of the Western Balkans.",
        "active",
    ),
    (
        "uni-tirana-arts",
        "University of Arts Tirana",
        "",
        T.EDUCATION_PROVIDER,
        "AL",
        "",
        "",
        "Higher education in the arts.",
        "active",
    ),
    (
        "sarajevo-film-academy",
        "Sarajevo Film Academy",
        "",
        T.EDUCATION_PROVIDER,
        "BA",
        "",
        "",
        "Film and media education.",
        "active",
    ),
    (
        "bari-metro",
        "Città Metropolitana di Bari",
        "",
        T.PUBLIC_AUTHORITY,
        "IT",
        "ITF4",
        "",
        "Metropolitan city of Bari.",
        "active",
    ),
    (
        "catalunya-fp",
        "Catalan Vocational Training Agency",
        "",
        T.PUBLIC_AUTHORITY,
        "ES",
        "ES51",
        "",
        "Vocational education and training in Catalonia.",
        "active",
    ),
    (
        "toscana-lll",
        "Tuscany Lifelong Learning Office",
        "",
        T.PUBLIC_AUTHORITY,
        "IT",
        "ITI1",
        "",
        "Lifelong learning and mobility in Tuscany.",
        "active",
    ),
    (
        "chemie-sachsen-anhalt",
        "Chemistry Cluster Saxony-Anhalt",
        "",
        T.CLUSTER,
        "DE",
        "DEE0",
        "",
        "Cluster of chemical companies and training providers.",
        "active",
    ),
    (
        "outsider-gmbh",
        "Outsider Training GmbH",
        "",
        T.SME,
        "DE",
        "DE21",
        "",
        "A training provider that is a Pact member but in no partnership.",
        "active",
    ),
    (
        "newcomer-vet",
        "Newcomer VET College",
        "",
        T.EDUCATION_PROVIDER,
        "PT",
        "",
        "",
        "A college whose application is waiting for review.",
        "applied",
    ),
]

# user email -> (organisation slug, role)
DEMO_ROLES: list[tuple[str, str, str]] = [
    ("coordinator@earlall.example", "earlall", "admin"),
    ("coordinator@lombardia.example", "regione-lombardia", "admin"),
    ("coordinator@creative-lsp.example", "creative-lsp", "admin"),
    ("member@catalunya.example", "catalunya-fp", "admin"),
    ("contributor@catalunya.example", "catalunya-fp", "contributor"),
    ("member@creative-region.example", "creative-region", "admin"),
    ("outsider@outsider.example", "outsider-gmbh", "admin"),
    ("applicant@newcomer.example", "newcomer-vet", "admin"),
]


def seed(users: dict) -> dict[str, Organisation]:
    now = timezone.now()
    organisations: dict[str, Organisation] = {}
    for (
        slug,
        name,
        acronym,
        type_,
        country,
        nuts,
        website,
        description,
        status,
    ) in DEMO_ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "acronym": acronym,
                "type": type_,
                "country": country,
                "nuts_region_id": nuts or None,
                "website": website,
                "description": description,
                "contact_name": "Demo contact",
                "contact_email": f"contact@{slug}.example",
                "status": status,
                "applied_at": now - timedelta(days=400 if status == "active" else 3),
                "decided_at": now - timedelta(days=390)
                if status == OrganisationStatus.ACTIVE
                else None,
                "charter_version": settings.CHARTER_VERSION,
                "charter_accepted_at": now - timedelta(days=400 if status == "active" else 3),
                "charter_principles": [1, 2, 3, 4],
            },
        )
        organisations[slug] = organisation
    for email, slug, role in DEMO_ROLES:
        OrganisationMembership.objects.get_or_create(
            organisation=organisations[slug], user=users[email], defaults={"role": role}
        )
    # Applications name their applicant: the admin who registered them.
    for email, slug, role in DEMO_ROLES:
        if role == "admin" and organisations[slug].status == OrganisationStatus.APPLIED:
            Organisation.objects.filter(pk=organisations[slug].pk, applied_by__isnull=True).update(
                applied_by=users[email], charter_accepted_by=users[email]
            )
    refresh_search_vectors(o.pk for o in organisations.values())
    return organisations
