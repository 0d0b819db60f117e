"""Demo members' surveys: the organisations' ecosystems and languages, a closed 2024 survey with a
dozen validated answers and an open 2025 one with answers in every state.

The figures are illustrative, and say so (the surveys' note is shown beside their totals); the
real Pact's totals are the published 2022 and 2023 years (``published.py``). Values come from a
hash of (organisation, year, indicator), so running the seed again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from commitments.survey.models import (
    Breakdown,
    QuestionKind,
    ResponseStatus,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from commitments.survey.services import headline_indicators
from members.models import Organisation, OrganisationMembership, OrganisationStatus
from pact.kernel import schedule

# slug -> (industrial ecosystems, preferred content language)
ORGANISATION_PROFILES: dict[str, tuple[list[str], str]] = {
    "earlall": ([], "en"),
    "regione-lombardia": (["digital", "mobility"], "it"),
    "ecrn": (["energy_intensive"], "en"),
    "promis": (["health"], "it"),
    "beara-marine": (["renewable_energy"], "en"),
    "ksigune": (["cultural_creative"], "es"),
    "ntg-tourism": (["tourism"], "en"),
    "creative-lsp": (["cultural_creative"], "en"),
    "creative-region": (["cultural_creative"], "de"),
    "amsterdam-creative": (["cultural_creative"], "nl"),
    "creative-prague": (["cultural_creative"], "cs"),
    "matera-creative": (["cultural_creative", "tourism"], "it"),
    "wb-creative": (["cultural_creative"], "sr"),
    "uni-tirana-arts": (["cultural_creative"], "sq"),
    "sarajevo-film-academy": (["cultural_creative"], "bs"),
    "bari-metro": (["proximity_social", "digital"], "it"),
    "catalunya-fp": ([], "es"),
    "toscana-lll": ([], "it"),
    "chemie-sachsen-anhalt": (["energy_intensive"], "de"),
    "outsider-gmbh": (["digital"], "de"),
    "newcomer-vet": (["digital"], "en"),
}

CLOSED_YEAR = 2024
OPEN_YEAR = 2025
# The dozen organisations whose 2024 answers are validated.
ANSWERED_2024 = [
    "earlall",
    "regione-lombardia",
    "ecrn",
    "promis",
    "beara-marine",
    "ksigune",
    "ntg-tourism",
    "creative-lsp",
    "amsterdam-creative",
    "creative-prague",
    "bari-metro",
    "toscana-lll",
]
# 2025, still open: answers in every state (catalunya-fp and creative-region have not started,
# so their demo people have a survey to answer).
STATES_2025 = {
    "earlall": ResponseStatus.VALIDATED,
    "ecrn": ResponseStatus.VALIDATED,
    "ntg-tourism": ResponseStatus.VALIDATED,
    "promis": ResponseStatus.SUBMITTED,
    "regione-lombardia": ResponseStatus.SUBMITTED,  # far above its 2024 answer: flagged to staff
    "ksigune": ResponseStatus.RETURNED,
    "bari-metro": ResponseStatus.DRAFT,
    "amsterdam-creative": ResponseStatus.DRAFT,
}

# Illustrative ranges per headline indicator: (low, high).
RANGES = {
    "people-upskilled": (60, 2400),
    "programmes-developed": (1, 35),
    "stakeholders-joined": (4, 120),
    "investment-eur": (20000, 950000),
    "people-reached": (800, 65000),
}
BREAKDOWNS = {
    "people-upskilled": [
        Breakdown.WOMEN,
        Breakdown.FEWER_OPPORTUNITIES,
        Breakdown.ECOSYSTEM,
        Breakdown.COUNTRY,
    ],
    "programmes-developed": [Breakdown.ECOSYSTEM],
    "stakeholders-joined": [Breakdown.COUNTRY],
    "investment-eur": [Breakdown.ECOSYSTEM, Breakdown.COUNTRY],
    "people-reached": [Breakdown.WOMEN],
}

TITLES = {
    "en": "Pact for Skills members' survey {year}",
    "fr": "Enquête {year} auprès des membres du Pacte pour les compétences",
    "de": "Mitgliederumfrage {year} des Kompetenzpakts",
}
INTRODUCTION = {
    "en": "Tell us what your organisation achieved in {year}: the Pact's yearly figures are the "
    "sum of the members' validated answers. Figures are for the whole calendar year.",
    "fr": "Dites-nous ce que votre organisation a réalisé en {year} : les chiffres annuels du "
    "Pacte sont la somme des réponses validées des membres. Les chiffres portent sur toute "
    "l'année civile.",
    "de": "Teilen Sie uns mit, was Ihre Organisation {year} erreicht hat: Die Jahreszahlen des "
    "Pakts sind die Summe der validierten Antworten der Mitglieder. Die Zahlen gelten für das "
    "ganze Kalenderjahr.",
}
ILLUSTRATIVE = {
    "en": "Illustrative figures of the demonstration portal: they are not the Pact's results.",
    "fr": "Chiffres fictifs du portail de démonstration : ce ne sont pas les résultats du Pacte.",
    "de": "Fiktive Zahlen des Demonstrationsportals: Es sind nicht die Ergebnisse des Pakts.",
}
CHOICE_QUESTION = {
    "text": {
        "en": "Did your organisation take part in a skills partnership in {year}?",
        "fr": "Votre organisation a-t-elle participé à un partenariat pour les compétences en {year} ?",
        "de": "Hat Ihre Organisation {year} an einer Kompetenzpartnerschaft teilgenommen?",
    },
    "options": {
        "en": "Yes, in a Large-Scale Partnership\nYes, in a regional or local partnership\nNo",
        "fr": "Oui, dans un partenariat à grande échelle\nOui, dans un partenariat régional ou "
        "local\nNon",
        "de": "Ja, in einer großen Partnerschaft\nJa, in einer regionalen oder lokalen "
        "Partnerschaft\nNein",
    },
}
TEXT_QUESTION = {
    "en": "What was your organisation's main up- or reskilling action in {year}?",
    "fr": "Quelle a été la principale action de perfectionnement ou de reconversion de votre "
    "organisation en {year} ?",
    "de": "Was war {year} die wichtigste Weiterbildungs- oder Umschulungsmaßnahme Ihrer "
    "Organisation?",
}
ACTIONS = [
    "Short courses on digital tools for staff of member SMEs.",
    "A train-the-trainer programme with regional VET schools.",
    "Mobility placements abroad for apprentices.",
    "Green-skills modules added to existing curricula.",
    "A regional skills-needs survey with employers, followed by new courses.",
]


def _fraction(*parts) -> Decimal:
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()
    return Decimal(int(digest[:8], 16)) / Decimal(16**8)


def _texts(entries: dict[str, str], year: int) -> dict:
    return {"language": "en", "texts": {k: v.format(year=year) for k, v in entries.items()}}


def seed_profiles(organisations: dict[str, Organisation]) -> None:
    """Ecosystems and preferred language of the demo organisations (left alone once set)."""
    for slug, (ecosystems, language) in ORGANISATION_PROFILES.items():
        organisation = organisations.get(slug)
        if organisation is None:
            continue
        Organisation.objects.filter(pk=organisation.pk, preferred_language="").update(
            ecosystems=ecosystems, preferred_language=language
        )


def _survey(year: int, creator, **dates) -> Survey:
    survey, created = Survey.objects.get_or_create(
        year=year,
        defaults={
            "title": _texts(TITLES, year),
            "introduction": _texts(INTRODUCTION, year),
            "source_note": _texts(ILLUSTRATIVE, year),
            "reminder_days": [14, 3],
            "created_by": creator,
            **dates,
        },
    )
    if created:
        for position, indicator in enumerate(headline_indicators()):
            SurveyQuestion.objects.create(
                survey=survey,
                position=position,
                kind=QuestionKind.HEADLINE,
                indicator=indicator,
                text=indicator.names,
                help=indicator.definitions,
                unit=indicator.unit,
                breakdowns=BREAKDOWNS.get(indicator.code, []),
            )
        SurveyQuestion.objects.create(
            survey=survey,
            position=20,
            kind=QuestionKind.CHOICE,
            text=_texts(CHOICE_QUESTION["text"], year),
            options=_texts(CHOICE_QUESTION["options"], year),
            required=True,
        )
        SurveyQuestion.objects.create(
            survey=survey,
            position=21,
            kind=QuestionKind.TEXT,
            text=_texts(TEXT_QUESTION, year),
        )
    return survey


def _amount(value: Decimal, unit: str) -> Decimal:
    places = Decimal("1") if unit != "eur" else Decimal("100")
    return value.quantize(places, rounding=ROUND_HALF_UP)


def _answers(response: SurveyResponse, organisation: Organisation, factor: Decimal = Decimal(1)):
    year = response.survey.year
    for question in response.survey.questions.select_related("indicator"):
        if question.kind == QuestionKind.CHOICE:
            choice = "3" if not organisation.partnership_memberships.exists() else "2"
            SurveyAnswer.objects.get_or_create(
                response=response, question=question, defaults={"choice": choice}
            )
            continue
        if question.kind == QuestionKind.TEXT:
            text = ACTIONS[int(_fraction(organisation.slug, year, "text") * len(ACTIONS))]
            SurveyAnswer.objects.get_or_create(
                response=response, question=question, defaults={"text": text}
            )
            continue
        code = question.indicator.code if question.indicator else ""
        low, high = RANGES.get(code, (1, 100))
        unit = question.number_unit
        total = _amount(
            (Decimal(low) + (Decimal(high - low) * _fraction(organisation.slug, year, code)))
            * factor,
            unit,
        )
        values: dict = {"number": total}
        if question.has_breakdown(Breakdown.WOMEN):
            values["women"] = _amount(total * Decimal("0.52"), unit)
        if question.has_breakdown(Breakdown.FEWER_OPPORTUNITIES):
            values["fewer_opportunities"] = _amount(total * Decimal("0.18"), unit)
        if question.has_breakdown(Breakdown.ECOSYSTEM) and organisation.ecosystems:
            share = _amount(total / len(organisation.ecosystems), unit)
            values["by_ecosystem"] = {e: f"{share:f}" for e in organisation.ecosystems}
        if question.has_breakdown(Breakdown.COUNTRY):
            values["by_country"] = {str(organisation.country): f"{total:f}"}
        SurveyAnswer.objects.get_or_create(response=response, question=question, defaults=values)


def _people(organisation: Organisation):
    return (
        OrganisationMembership.objects.filter(organisation=organisation)
        .order_by("role", "pk")
        .values_list("user", flat=True)
        .first()
    )


def _respond(
    survey: Survey,
    organisation: Organisation,
    state: str,
    reviewer,
    submitted: dt.datetime,
    factor: Decimal = Decimal(1),
) -> None:
    person = _people(organisation)
    response, created = SurveyResponse.objects.get_or_create(
        survey=survey,
        organisation=organisation,
        defaults={
            "status": state,
            "created_at": submitted - dt.timedelta(days=3),
            "updated_at": submitted,
            "updated_by_id": person,
            "submitted_at": submitted if state != ResponseStatus.DRAFT else None,
            "submitted_by_id": person if state != ResponseStatus.DRAFT else None,
            "validated_at": submitted + dt.timedelta(days=5)
            if state == ResponseStatus.VALIDATED
            else None,
            "validated_by": reviewer if state == ResponseStatus.VALIDATED else None,
            "return_reason": "Please give the number of people trained for the whole year, not "
            "only the first semester."
            if state == ResponseStatus.RETURNED
            else "",
        },
    )
    if created:
        _answers(response, organisation, factor)


def _invite(survey: Survey, organisations, when: dt.datetime) -> None:
    SurveyInvitation.objects.bulk_create(
        [SurveyInvitation(survey=survey, organisation=o, invited_at=when) for o in organisations],
        ignore_conflicts=True,
    )


def seed(users: dict, organisations: dict[str, Organisation]) -> dict[int, Survey]:
    seed_profiles(organisations)
    reviewer = users.get("reviewer@pact-portal.example")
    active = [o for o in organisations.values() if o.status == OrganisationStatus.ACTIVE]
    for organisation in active:
        organisation.refresh_from_db(fields=["ecosystems", "preferred_language"])

    closed_opened = timezone.make_aware(dt.datetime(CLOSED_YEAR + 1, 2, 1, 9))
    closed = _survey(
        CLOSED_YEAR,
        reviewer,
        opens_on=dt.date(CLOSED_YEAR + 1, 2, 1),
        deadline=dt.date(CLOSED_YEAR + 1, 3, 31),
        closes_on=dt.date(CLOSED_YEAR + 1, 4, 30),
        status=schedule.WindowStatus.CLOSED,
        opened_at=closed_opened,
        closed_at=timezone.make_aware(dt.datetime(CLOSED_YEAR + 1, 5, 1, 0, 10)),
    )
    _invite(closed, active, closed_opened)
    for n, slug in enumerate(ANSWERED_2024):
        if slug in organisations:
            _respond(
                closed,
                organisations[slug],
                ResponseStatus.VALIDATED,
                reviewer,
                closed_opened + dt.timedelta(days=10 + 3 * n),
            )

    today = schedule.today()
    opened = timezone.now() - dt.timedelta(days=10)
    current = _survey(
        OPEN_YEAR,
        reviewer,
        opens_on=today - dt.timedelta(days=10),
        deadline=today + dt.timedelta(days=20),
        closes_on=today + dt.timedelta(days=50),
        status=schedule.WindowStatus.OPEN,
        opened_at=opened,
    )
    _invite(current, active, opened)
    for n, (slug, state) in enumerate(STATES_2025.items()):
        if slug in organisations:
            _respond(
                current,
                organisations[slug],
                state,
                reviewer,
                opened + dt.timedelta(days=1 + n),
                factor=Decimal(6) if slug == "regione-lombardia" else Decimal("1.1"),
            )
    return {CLOSED_YEAR: closed, OPEN_YEAR: current}
