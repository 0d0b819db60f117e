"""The KPI catalogue shipped with the portal: indicators the Pact's yearly figures and the seeds use.

Loaded by a data migration and kept up to date by ``seed_demo`` (``sync_catalogue``).
"""

from __future__ import annotations

ALL: list[str] = []  # every ecosystem

INDICATORS: list[dict] = [
    {
        "code": "people-upskilled",
        "unit": "persons",
        "aggregation": "sum",
        "headline": True,
        "name": {
            "en": "People up- or reskilled",
            "fr": "Personnes ayant bénéficié d'un perfectionnement ou d'une reconversion",
            "de": "Weitergebildete oder umgeschulte Personen",
        },
        "definition": {
            "en": "People who completed an up- or reskilling activity during the year.",
            "fr": "Personnes ayant terminé une activité de perfectionnement ou de reconversion au cours de l'année.",
            "de": "Personen, die im Jahr eine Weiterbildungs- oder Umschulungsmaßnahme abgeschlossen haben.",
        },
    },
    {
        "code": "programmes-developed",
        "unit": "count",
        "aggregation": "sum",
        "headline": True,
        "name": {
            "en": "Training programmes developed or updated",
            "fr": "Programmes de formation élaborés ou mis à jour",
            "de": "Entwickelte oder aktualisierte Bildungsprogramme",
        },
        "definition": {
            "en": "Training programmes, curricula or training models newly developed or updated during the year.",
            "fr": "Programmes, cursus ou modèles de formation créés ou mis à jour au cours de l'année.",
            "de": "Im Jahr neu entwickelte oder aktualisierte Bildungsprogramme, Lehrpläne oder Ausbildungsmodelle.",
        },
    },
    {
        "code": "stakeholders-joined",
        "unit": "count",
        "aggregation": "sum",
        "headline": True,
        "name": {
            "en": "Stakeholders joined in partnerships or networks",
            "fr": "Parties prenantes réunies en partenariats ou en réseaux",
            "de": "In Partnerschaften oder Netzwerken zusammengeschlossene Akteure",
        },
        "definition": {
            "en": "Organisations that joined forces in a skills partnership or network during the year.",
            "fr": "Organisations ayant uni leurs forces dans un partenariat ou un réseau de compétences au cours de l'année.",
            "de": "Organisationen, die sich im Jahr in einer Kompetenzpartnerschaft oder einem Netzwerk zusammengeschlossen haben.",
        },
    },
    {
        "code": "investment-eur",
        "unit": "eur",
        "aggregation": "sum",
        "headline": True,
        "name": {
            "en": "Investment in up- and reskilling",
            "fr": "Investissement dans le perfectionnement et la reconversion",
            "de": "Investitionen in Weiterbildung und Umschulung",
        },
        "definition": {
            "en": "Money invested in up- and reskilling during the year, in euro.",
            "fr": "Montant investi dans le perfectionnement et la reconversion au cours de l'année, en euros.",
            "de": "Im Jahr in Weiterbildung und Umschulung investierte Mittel, in Euro.",
        },
    },
    {
        "code": "people-reached",
        "unit": "persons",
        "aggregation": "sum",
        "headline": True,
        "name": {
            "en": "People reached by promotion and dissemination",
            "fr": "Personnes touchées par la promotion et la diffusion",
            "de": "Durch Werbung und Verbreitung erreichte Personen",
        },
        "definition": {
            "en": "People reached by campaigns, events and publications promoting up- and reskilling.",
            "fr": "Personnes touchées par des campagnes, événements et publications en faveur du perfectionnement.",
            "de": "Durch Kampagnen, Veranstaltungen und Veröffentlichungen zur Weiterbildung erreichte Personen.",
        },
    },
    {
        "code": "upskilling-opportunities",
        "unit": "count",
        "aggregation": "sum",
        "headline": False,
        "name": {
            "en": "Upskilling opportunities offered",
            "fr": "Offres de perfectionnement proposées",
            "de": "Angebotene Weiterbildungsmöglichkeiten",
        },
        "definition": {
            "en": "Courses, workshops or placements offered to people to improve their skills.",
            "fr": "Cours, ateliers ou stages proposés pour améliorer les compétences.",
            "de": "Kurse, Workshops oder Praktika, die zur Verbesserung von Kompetenzen angeboten werden.",
        },
    },
    {
        "code": "organisations-participating",
        "unit": "count",
        "aggregation": "sum",
        "kind": "level",
        "headline": False,
        "name": {
            "en": "Organisations participating",
            "fr": "Organisations participantes",
            "de": "Teilnehmende Organisationen",
        },
        "definition": {
            "en": "Organisations taking part in the partnership and its activities.",
            "fr": "Organisations prenant part au partenariat et à ses activités.",
            "de": "Organisationen, die an der Partnerschaft und ihren Aktivitäten teilnehmen.",
        },
    },
    {
        "code": "projects-funded",
        "unit": "count",
        "aggregation": "sum",
        "headline": False,
        "name": {
            "en": "Projects supported to obtain funding",
            "fr": "Projets accompagnés pour obtenir un financement",
            "de": "Bei der Finanzierung unterstützte Projekte",
        },
        "definition": {
            "en": "Projects the partnership helped to apply for and obtain EU or national funding.",
            "fr": "Projets que le partenariat a aidés à demander et obtenir un financement européen ou national.",
            "de": "Projekte, denen die Partnerschaft bei Antrag und Erhalt von EU- oder nationalen Mitteln half.",
        },
    },
    {
        "code": "events-held",
        "unit": "count",
        "aggregation": "sum",
        "headline": False,
        "name": {
            "en": "Events held",
            "fr": "Événements organisés",
            "de": "Durchgeführte Veranstaltungen",
        },
        "definition": {
            "en": "Webinars, workshops, matchmaking and dissemination events organised.",
            "fr": "Webinaires, ateliers, rencontres et événements de diffusion organisés.",
            "de": "Organisierte Webinare, Workshops, Matchmaking- und Verbreitungsveranstaltungen.",
        },
    },
    {
        "code": "skills-analyses",
        "unit": "count",
        "aggregation": "sum",
        "headline": False,
        "name": {
            "en": "Skills-needs analyses carried out",
            "fr": "Analyses des besoins en compétences réalisées",
            "de": "Durchgeführte Kompetenzbedarfsanalysen",
        },
        "definition": {
            "en": "Analyses of skills supply and demand, surveys or mappings of skills needs.",
            "fr": "Analyses de l'offre et de la demande de compétences, enquêtes ou cartographies des besoins.",
            "de": "Analysen von Kompetenzangebot und -nachfrage, Umfragen oder Bedarfserhebungen.",
        },
    },
    {
        "code": "training-actions",
        "unit": "count",
        "aggregation": "sum",
        "headline": False,
        "name": {
            "en": "Training actions delivered",
            "fr": "Actions de formation réalisées",
            "de": "Durchgeführte Bildungsmaßnahmen",
        },
        "definition": {
            "en": "Training sessions or courses actually delivered.",
            "fr": "Sessions ou cours de formation effectivement dispensés.",
            "de": "Tatsächlich durchgeführte Schulungen oder Kurse.",
        },
    },
    {
        "code": "training-participants",
        "unit": "persons",
        "aggregation": "sum",
        "headline": False,
        "name": {
            "en": "Participants in training actions",
            "fr": "Participants aux actions de formation",
            "de": "Teilnehmende an Bildungsmaßnahmen",
        },
        "definition": {
            "en": "People who took part in the training actions.",
            "fr": "Personnes ayant participé aux actions de formation.",
            "de": "Personen, die an den Bildungsmaßnahmen teilgenommen haben.",
        },
    },
    {
        "code": "hubs-established",
        "unit": "count",
        "aggregation": "sum",
        "headline": False,
        "name": {
            "en": "Hubs or centres established",
            "fr": "Pôles ou centres créés",
            "de": "Eingerichtete Zentren oder Hubs",
        },
        "definition": {
            "en": "Operational place-based hubs or centres set up for training and networking.",
            "fr": "Pôles ou centres locaux opérationnels créés pour la formation et la mise en réseau.",
            "de": "Eingerichtete ortsgebundene Zentren für Ausbildung und Vernetzung.",
        },
    },
    {
        "code": "vet-learners-mobility-share",
        "unit": "percent",
        "aggregation": "none",
        "kind": "level",
        "headline": False,
        "name": {
            "en": "Share of VET learners on mobility",
            "fr": "Part des apprenants de l'EFP en mobilité",
            "de": "Anteil der Lernenden in der Berufsbildung mit Auslandsaufenthalt",
        },
        "definition": {
            "en": "Percentage of vocational learners who spent a learning period abroad.",
            "fr": "Pourcentage d'apprenants de l'enseignement professionnel ayant effectué une période d'apprentissage à l'étranger.",
            "de": "Prozentsatz der Lernenden in der Berufsbildung mit einem Lernaufenthalt im Ausland.",
        },
    },
    {
        "code": "fewer-opportunities-mobility-share",
        "unit": "percent",
        "aggregation": "none",
        "kind": "level",
        "headline": False,
        "name": {
            "en": "Share of mobilities for people with fewer opportunities",
            "fr": "Part des mobilités réservées aux personnes ayant moins d'opportunités",
            "de": "Anteil der Mobilitäten für Menschen mit geringeren Chancen",
        },
        "definition": {
            "en": "Percentage of all mobilities that went to people with fewer opportunities.",
            "fr": "Pourcentage de l'ensemble des mobilités attribuées à des personnes ayant moins d'opportunités.",
            "de": "Prozentsatz aller Mobilitäten, die an Menschen mit geringeren Chancen gingen.",
        },
    },
    {
        "code": "observatories-established",
        "unit": "count",
        "aggregation": "sum",
        "headline": False,
        "name": {
            "en": "Skills observatories set up",
            "fr": "Observatoires des compétences créés",
            "de": "Eingerichtete Beobachtungsstellen für Kompetenzen",
        },
        "definition": {
            "en": "Observatories set up to monitor skills supply and demand and anticipate skills needs.",
            "fr": "Observatoires créés pour suivre l'offre et la demande de compétences et anticiper les besoins.",
            "de": "Eingerichtete Stellen, die Angebot und Nachfrage an Kompetenzen beobachten und künftigen Bedarf erkennen.",
        },
    },
]


def _texts(Indicator, row: dict) -> dict:
    """Names and definitions as texts per language (English originals). The migration that first
    loaded the catalogue runs with the model of its time, which kept plain dicts per language."""
    fields = {field.name for field in Indicator._meta.get_fields()}
    if "names" not in fields:
        return {"name_i18n": row["name"], "definition_i18n": row["definition"]}
    return {
        "names": {"language": "en", "texts": row["name"]},
        "definitions": {"language": "en", "texts": row["definition"]},
    }


def _kind(Indicator, row: dict) -> dict:
    """Flow (the default) or level; the models of earlier migrations had no kind yet."""
    if "kind" not in {field.name for field in Indicator._meta.get_fields()}:
        return {}
    return {"kind": row.get("kind", "flow")}


def sync_catalogue(Indicator) -> int:
    """Create or update the shipped indicators; returns how many exist afterwards."""
    for position, row in enumerate(INDICATORS):
        Indicator.objects.update_or_create(
            code=row["code"],
            defaults={
                "unit": row["unit"],
                "aggregation": row["aggregation"],
                **_kind(Indicator, row),
                "headline": row["headline"],
                **_texts(Indicator, row),
                "ecosystems": row.get("ecosystems", ALL),
                "position": position,
            },
        )
    return Indicator.objects.count()
