"""Reads for the members' survey: who answers what, staff's view of a survey, and the results.

Totals come from validated answers only (``public_responses``: what the world may see and sum) and,
for years before the portal, from the totals the Commission published. Figures of a survey that
is not closed are provisional. Every total links to the answers behind it (``drilldown``). Sums
are kept by ``pact.data_version.remembered`` until public data changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from commitments.models import Indicator
from commitments.survey.models import (
    Breakdown,
    FigureStatus,
    PublishedTotal,
    ResponseStatus,
    Survey,
    SurveyAnswer,
    SurveyExtension,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveySource,
    SurveyTotal,
)
from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel import schedule
from pact.kernel.cache.data_version import remembered

# A headline answer this many times last year's (or a third of it) is flagged for staff to check.
OUTLIER_FACTOR = Decimal(3)


# --- what is public -----------------------------------------------------------------------------------


def public_responses() -> QuerySet[SurveyResponse]:
    """Validated responses: the only answers that count in totals and that visitors may see.

    The public data version triggers (``pact.data_version.CONDITIONS``) say the same."""
    return SurveyResponse.objects.public()


def public_answers() -> QuerySet[SurveyAnswer]:
    return SurveyAnswer.objects.filter(response__in=public_responses())


# --- surveys --------------------------------------------------------------------------------------------


def get_survey(year: int) -> Survey | None:
    return Survey.objects.filter(year=year).first()


def collected_surveys() -> QuerySet[Survey]:
    return Survey.objects.filter(source=SurveySource.COLLECTED)


def accepting_surveys(moment: dt.datetime | None = None) -> list[Survey]:
    """Surveys taking answers now (by their dates; an extension may keep one open for some)."""
    day = schedule.today(moment)
    return list(
        collected_surveys()
        .exclude(status=schedule.WindowStatus.CLOSED)
        .filter(opens_on__lte=day, closes_on__gte=day)
        .order_by("-year")
    )


def questions_of(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.select_related("indicator").order_by("position", "id"))


def response_of(survey: Survey, organisation) -> SurveyResponse | None:
    return (
        SurveyResponse.objects.filter(survey=survey, organisation=organisation)
        .select_related("updated_by", "submitted_by", "validated_by")
        .first()
    )


def answers_of(response: SurveyResponse | None) -> dict[int, SurveyAnswer]:
    if response is None:
        return {}
    return {a.question_id: a for a in response.answers.all()}


def extension_of(survey: Survey, organisation) -> SurveyExtension | None:
    return SurveyExtension.objects.filter(survey=survey, organisation=organisation).first()


def deadline_of(survey: Survey, organisation) -> dt.date:
    extension = extension_of(survey, organisation)
    return max(survey.deadline, extension.deadline) if extension else survey.deadline


# --- members ---------------------------------------------------------------------------------------------


def dashboard_context(user) -> dict:
    """The survey part of a person's dashboard: open surveys for each organisation they answer for."""
    if not getattr(user, "is_authenticated", False):
        return {"survey_tasks": []}
    org_ids = access.organisation_ids(user, Perm.ORG_REPORT)
    surveys = accepting_surveys()
    if not org_ids or not surveys:
        return {"survey_tasks": []}
    organisations = list(Organisation.objects.public().filter(pk__in=org_ids).order_by("name"))
    responses = {
        (r.survey_id, r.organisation_id): r
        for r in SurveyResponse.objects.filter(
            survey__in=surveys, organisation__in=organisations
        ).only("survey_id", "organisation_id", "status", "is_late")
    }
    extensions = {
        (survey_id, organisation_id): deadline
        for survey_id, organisation_id, deadline in SurveyExtension.objects.filter(
            survey__in=surveys, organisation__in=organisations
        ).values_list("survey_id", "organisation_id", "deadline")
    }
    tasks = []
    for survey in surveys:
        for organisation in organisations:
            response = responses.get((survey.pk, organisation.pk))
            deadline = max(
                survey.deadline, extensions.get((survey.pk, organisation.pk), survey.deadline)
            )
            tasks.append(
                {
                    "survey": survey,
                    "organisation": organisation,
                    "response": response,
                    "deadline": deadline,
                    "late": survey.phase(deadline=deadline) == schedule.Phase.LATE,
                }
            )
    return {"survey_tasks": tasks}


def my_responses(user) -> QuerySet[SurveyResponse]:
    return (
        SurveyResponse.objects.filter(
            organisation_id__in=access.organisation_ids(user, Perm.ORG_VIEW)
        )
        .select_related("survey", "organisation")
        .order_by("-survey__year", "organisation__name")
    )


# --- staff ----------------------------------------------------------------------------------------------

STAFF_STATES = ("not_started", "draft", "submitted", "returned", "validated", "late")


def survey_counts(survey: Survey) -> dict[str, int]:
    invited = SurveyInvitation.objects.filter(survey=survey).count()
    by_status = dict(
        SurveyResponse.objects.filter(survey=survey)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    counts = {status: by_status.get(status, 0) for status in ResponseStatus.values}
    counts["invited"] = invited
    counts["responses"] = sum(by_status.values())
    counts["not_started"] = max(0, invited - counts["responses"])
    counts["late"] = SurveyResponse.objects.filter(survey=survey, is_late=True).count()
    counts["extensions"] = SurveyExtension.objects.filter(survey=survey).count()
    done = counts[ResponseStatus.SUBMITTED] + counts[ResponseStatus.VALIDATED]
    counts["share"] = round(100 * done / invited) if invited else 0
    return counts


def staff_rows(survey: Survey, state: str = "") -> QuerySet[SurveyInvitation]:
    """One row per invited organisation: its response's state and its own deadline."""
    response = SurveyResponse.objects.filter(survey=survey, organisation=OuterRef("organisation"))
    extension = SurveyExtension.objects.filter(survey=survey, organisation=OuterRef("organisation"))
    rows = (
        SurveyInvitation.objects.filter(survey=survey)
        .select_related("organisation")
        .annotate(
            response_id=Subquery(response.values("pk")[:1]),
            response_status=Subquery(response.values("status")[:1]),
            response_late=Subquery(response.values("is_late")[:1]),
            submitted_at=Subquery(response.values("submitted_at")[:1]),
            extended_to=Subquery(extension.values("deadline")[:1]),
        )
        .order_by("organisation__name", "organisation_id")
    )
    if state == "not_started":
        rows = rows.filter(response_status__isnull=True)
    elif state == "late":
        rows = rows.filter(response_late=True)
    elif state in ResponseStatus.values:
        rows = rows.filter(response_status=state)
    return rows


def review_queue(survey: Survey | None = None) -> QuerySet[SurveyResponse]:
    qs = SurveyResponse.objects.filter(status=ResponseStatus.SUBMITTED)
    if survey is not None:
        qs = qs.filter(survey=survey)
    return qs.select_related("organisation", "survey").order_by("submitted_at", "pk")


@dataclass
class CheckedAnswer:
    question: SurveyQuestion
    answer: SurveyAnswer | None
    last_year: Decimal | None = None
    outlier: bool = False


def checked_answers(response: SurveyResponse) -> list[CheckedAnswer]:
    """Each question with the answer, and for numbers last year's validated answer of the same
    organisation on the same indicator, flagged when it is more than ``OUTLIER_FACTOR`` times
    larger or smaller."""
    questions = questions_of(response.survey)
    answers = answers_of(response)
    previous = dict(
        public_answers()
        .filter(
            response__organisation_id=response.organisation_id,
            response__survey__year=response.survey.year - 1,
            question__indicator__isnull=False,
            number__isnull=False,
        )
        .values_list("question__indicator_id", "number")
    )
    rows = []
    for question in questions:
        answer = answers.get(question.pk)
        row = CheckedAnswer(question=question, answer=answer)
        last_year = previous.get(question.indicator_id) if question.indicator_id else None
        if last_year is not None:
            row.last_year = last_year
            if answer is not None and answer.number is not None:
                row.outlier = is_outlier(answer.number, last_year)
        rows.append(row)
    return rows


def plain_answers(
    questions: list[SurveyQuestion], response: SurveyResponse | None
) -> list[CheckedAnswer]:
    """Each question with its answer (no comparison): for showing answers read-only."""
    answers = answers_of(response)
    return [CheckedAnswer(question=q, answer=answers.get(q.pk)) for q in questions]


def is_outlier(value: Decimal, last_year: Decimal) -> bool:
    if last_year <= 0:
        return False
    return value >= last_year * OUTLIER_FACTOR or value * OUTLIER_FACTOR <= last_year


# --- results ---------------------------------------------------------------------------------------------


@dataclass
class SurveyYear:
    """One year on the results page: its survey, respondents and totals per indicator."""

    survey: Survey
    respondents: int
    invited: int | None
    totals: dict[int, Decimal] = field(default_factory=dict)  # indicator id -> total
    answers: dict[int, int] = field(default_factory=dict)  # indicator id -> answers summed

    @property
    def year(self) -> int:
        return self.survey.year

    @property
    def provisional(self) -> bool:
        return self.survey.is_provisional

    @property
    def published(self) -> bool:
        return self.survey.is_published_source

    @property
    def response_rate(self) -> int | None:
        if not self.invited:
            return None
        return round(100 * self.respondents / self.invited)


def survey_years() -> list[SurveyYear]:
    """Every year with figures (published, or at least one survey that has opened), oldest first."""
    return remembered("survey-years", _survey_years, scope=("figures",))


def _survey_years() -> list[SurveyYear]:
    surveys = list(
        Survey.objects.filter(
            Q(source=SurveySource.PUBLISHED) | ~Q(status=schedule.WindowStatus.SCHEDULED)
        ).order_by("year")
    )
    # Validated answers' totals, maintained by triggers (commitments.summaries.survey_triggers).
    answered = SurveyTotal.objects.values_list("survey_id", "indicator_id", "number_sum", "answers")
    respondents = dict(
        public_responses()
        .values_list("survey_id")
        .annotate(n=Count("id"))
        .values_list("survey_id", "n")
    )
    invited = dict(
        SurveyInvitation.objects.values_list("survey_id")
        .annotate(n=Count("id"))
        .values_list("survey_id", "n")
    )
    years = {
        s.pk: SurveyYear(
            survey=s,
            respondents=s.published_respondents or 0
            if s.is_published_source
            else respondents.get(s.pk, 0),
            invited=None if s.is_published_source else invited.get(s.pk, 0),
        )
        for s in surveys
    }
    for survey_id, indicator_id, number_sum, answers in answered:
        year = years.get(survey_id)
        if year is not None:
            year.totals[indicator_id] = number_sum
            year.answers[indicator_id] = answers
    for total in PublishedTotal.objects.filter(survey__in=surveys):
        years[total.survey_id].totals[total.indicator_id] = total.value
    return list(years.values())


def headline_indicators() -> list[Indicator]:
    return list(Indicator.objects.filter(headline=True, aggregation="sum").order_by("position"))


def last_closed_year() -> SurveyYear | None:
    """The most recent closed survey year with figures: what the home page's headline shows."""
    closed = [y for y in survey_years() if not y.provisional and y.totals]
    return closed[-1] if closed else None


PARTS = (Breakdown.WOMEN, Breakdown.FEWER_OPPORTUNITIES)


def breakdown(year: int, indicator: Indicator) -> dict:
    """A year's validated answers on an indicator by part: women, fewer opportunities, ecosystem,
    country (kept until public data changes)."""
    return remembered(
        f"survey-breakdown:{year}:{indicator.pk}",
        lambda: _breakdown(year, indicator),
        scope=("figures",),
    )


def _breakdown(year: int, indicator: Indicator) -> dict:
    answers = public_answers().filter(
        response__survey__year=year, question__indicator=indicator, number__isnull=False
    )
    people = answers.aggregate(
        women_total=Sum("women"),
        women_answers=Count("id", filter=Q(women__isnull=False)),
        fewer_total=Sum("fewer_opportunities"),
        fewer_answers=Count("id", filter=Q(fewer_opportunities__isnull=False)),
    )
    result: dict[str, object] = {
        Breakdown.WOMEN: (people["women_total"], people["women_answers"]),
        Breakdown.FEWER_OPPORTUNITIES: (people["fewer_total"], people["fewer_answers"]),
    }
    sql, params = answers.values("pk").query.sql_with_params()
    for part, column in ((Breakdown.ECOSYSTEM, "by_ecosystem"), (Breakdown.COUNTRY, "by_country")):
        table = SurveyAnswer._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT kv.key, sum(kv.value::numeric), count(*) FROM {table} a,"  # noqa: S608
                f" jsonb_each_text(a.{column}) kv WHERE a.id IN ({sql})"
                " GROUP BY kv.key ORDER BY 2 DESC, 1",
                params,
            )
            result[part] = [
                {"key": key, "total": total, "answers": n} for key, total, n in cursor.fetchall()
            ]
    return result


def drilldown(filters: dict) -> QuerySet[SurveyAnswer]:
    """The validated answers behind a survey total; ``filters``: year, indicator (code), and one
    of part (women, fewer_opportunities), ecosystem, country."""
    qs = public_answers().filter(question__indicator__isnull=False, number__isnull=False)
    if filters.get("year"):
        qs = qs.filter(response__survey__year=filters["year"])
    if filters.get("indicator"):
        qs = qs.filter(question__indicator__code=filters["indicator"])
    if filters.get("part") == Breakdown.WOMEN:
        qs = qs.filter(women__isnull=False)
    elif filters.get("part") == Breakdown.FEWER_OPPORTUNITIES:
        qs = qs.filter(fewer_opportunities__isnull=False)
    if filters.get("ecosystem"):
        qs = qs.filter(by_ecosystem__has_key=filters["ecosystem"])
    if filters.get("country"):
        qs = qs.filter(by_country__has_key=filters["country"])
    return qs.select_related(
        "response__organisation", "response__survey", "question__indicator"
    ).order_by("-response__survey__year", "response__organisation__name", "pk")


def drilldown_total(answers: QuerySet[SurveyAnswer], filters: dict) -> Decimal | None:
    """The sum of what each of ``answers`` adds to the filtered total (as the results page)."""
    amount = DecimalField(max_digits=18, decimal_places=2)
    if filters.get("part"):
        expression = Sum(filters["part"])
    elif filters.get("ecosystem"):
        expression = Sum(Cast(KT(f"by_ecosystem__{filters['ecosystem']}"), amount))
    elif filters.get("country"):
        expression = Sum(Cast(KT(f"by_country__{filters['country']}"), amount))
    else:
        expression = Sum("number")
    return answers.aggregate(total=expression)["total"]


def drilldown_value(answer: SurveyAnswer, filters: dict) -> Decimal | None:
    """The part of ``answer`` a filtered total adds up."""
    if filters.get("part") == Breakdown.WOMEN:
        return answer.women
    if filters.get("part") == Breakdown.FEWER_OPPORTUNITIES:
        return answer.fewer_opportunities
    if filters.get("ecosystem"):
        return answer.part(Breakdown.ECOSYSTEM).get(filters["ecosystem"])
    if filters.get("country"):
        return answer.part(Breakdown.COUNTRY).get(filters["country"])
    return answer.number


def open_data_rows():
    """The survey totals per year and indicator, with their status and source, for open data."""
    columns = [
        "year",
        "indicator",
        "unit",
        "total",
        "answers",
        "respondents",
        "invited",
        "status",
        "source",
    ]
    indicators = {i.pk: i for i in Indicator.objects.all()}

    def rows():
        for year in survey_years():
            status = (
                FigureStatus.PUBLISHED
                if year.published
                else (FigureStatus.PROVISIONAL if year.provisional else FigureStatus.FINAL)
            )
            note = year.survey.source_note.original if year.survey.source_note else ""
            for indicator_id, total in sorted(year.totals.items()):
                indicator = indicators[indicator_id]
                yield {
                    "year": year.year,
                    "indicator": indicator.code,
                    "unit": indicator.unit,
                    "total": total,
                    "answers": year.answers.get(indicator_id),
                    "respondents": year.respondents,
                    "invited": year.invited,
                    "status": status,
                    "source": note,
                }

    return columns, rows()
