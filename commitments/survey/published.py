"""The Pact's published yearly totals from before the portal: past survey years with their source.

The Commission ran the members' survey elsewhere for 2022 and 2023 and published its totals; they
are loaded as surveys whose figures are the published ones (no answers behind them), so the results
page shows the Pact's real trajectory. Loaded by a data migration; safe to run again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

PUBLISHED_YEARS: list[dict] = [
    {
        "year": 2022,
        "respondents": 461,
        "title": {
            "en": "Pact for Skills members' survey 2022",
            "fr": "Enquête 2022 auprès des membres du Pacte pour les compétences",
            "de": "Mitgliederumfrage 2022 des Kompetenzpakts",
        },
        "source": {
            "en": "Published by the European Commission (Pact for Skills team, DG EMPL) in "
            "“Regional dimension of the Pact”, November 2023, slide “Pact members are delivering "
            "– Activities in 2022”; 461 members answered the survey.",
            "fr": "Publié par la Commission européenne (équipe du Pacte pour les compétences, DG "
            "EMPL) dans « Regional dimension of the Pact », novembre 2023, diapositive « Pact "
            "members are delivering – Activities in 2022 » ; 461 membres ont répondu à l'enquête.",
            "de": "Veröffentlicht von der Europäischen Kommission (Team des Kompetenzpakts, GD "
            "EMPL) in „Regional dimension of the Pact“, November 2023, Folie „Pact members are "
            "delivering – Activities in 2022“; 461 Mitglieder haben an der Umfrage teilgenommen.",
        },
        "totals": {
            "people-upskilled": Decimal("2000000"),
            "programmes-developed": Decimal("15500"),
            "stakeholders-joined": Decimal("21500"),
            "investment-eur": Decimal("160000000"),
            "people-reached": Decimal("19000000"),
        },
    },
    {
        "year": 2023,
        "respondents": 745,
        "title": {
            "en": "Pact for Skills members' survey 2023",
            "fr": "Enquête 2023 auprès des membres du Pacte pour les compétences",
            "de": "Mitgliederumfrage 2023 des Kompetenzpakts",
        },
        "source": {
            "en": "Totals of the 2023 members' survey as published by the European Commission "
            "(Pact for Skills); 745 members answered. The published totals cover people up- or "
            "reskilled, training programmes and investment.",
            "fr": "Totaux de l'enquête 2023 auprès des membres tels que publiés par la Commission "
            "européenne (Pacte pour les compétences) ; 745 membres ont répondu. Les totaux publiés "
            "portent sur les personnes formées, les programmes de formation et l'investissement.",
            "de": "Ergebnisse der Mitgliederumfrage 2023, wie von der Europäischen Kommission "
            "(Kompetenzpakt) veröffentlicht; 745 Mitglieder haben geantwortet. Die veröffentlichten "
            "Zahlen betreffen weitergebildete Personen, Bildungsprogramme und Investitionen.",
        },
        "totals": {
            "people-upskilled": Decimal("3500000"),
            "programmes-developed": Decimal("48000"),
            "investment-eur": Decimal("310000000"),
        },
    },
]


def load_published_years(Survey, PublishedTotal, Indicator) -> int:
    """Create or update the published years and their totals; returns how many years exist."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    for entry in PUBLISHED_YEARS:
        year = entry["year"]
        survey, _created = Survey.objects.update_or_create(
            year=year,
            defaults={
                "source": "published",
                "title": {"language": "en", "texts": entry["title"]},
                "source_note": {"language": "en", "texts": entry["source"]},
                "published_respondents": entry["respondents"],
                # The survey ran in February and March of the following year.
                "opens_on": dt.date(year + 1, 2, 1),
                "deadline": dt.date(year + 1, 3, 31),
                "closes_on": dt.date(year + 1, 3, 31),
                "status": "closed",
            },
        )
        for code, value in entry["totals"].items():
            if code in indicators:
                PublishedTotal.objects.update_or_create(
                    survey=survey, indicator=indicators[code], defaults={"value": value}
                )
    return Survey.objects.filter(source="published").count()
