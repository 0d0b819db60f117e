"""Panels of the members' survey on other pages (home headline, results, dashboard, staff home),
and the way an answer is shown. Each panel reads what it shows itself."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django_countries import countries

from commitments.models import Indicator
from commitments.results import selectors as report_selectors
from commitments.survey import selectors
from commitments.survey.models import Breakdown, QuestionKind, SurveyAnswer, SurveyQuestion
from commitments.templatetags.commitments_tags import with_unit
from pact import access
from pact.access import Perm
from partnerships.models import Ecosystem

register = template.Library()


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


@register.inclusion_tag("survey/_home_headline.html")
def survey_headline(fallback=None) -> dict:
    """The last closed survey year's totals, with the commitment-based totals of that year beside
    them; ``fallback`` (the report totals) when no survey year has closed yet."""
    year = selectors.last_closed_year()
    if year is None:
        return {"year": None, "fallback": fallback or []}
    report_totals = report_selectors.totals_by_year()
    rows = [
        {
            "indicator": indicator,
            "total": year.totals[indicator.pk],
            "reports": report_totals.get((indicator.pk, year.year)),
        }
        for indicator in selectors.headline_indicators()
        if indicator.pk in year.totals
    ]
    return {"year": year, "rows": rows}


@register.inclusion_tag("survey/_results.html", takes_context=True)
def survey_results(context) -> dict:
    """The survey section of the results page: totals per year (provisional while a survey is
    open, published years with their source), the survey beside the commitment-based totals, and
    the breakdowns of one year and indicator, every figure linking to the answers behind it."""
    request = context["request"]
    years = selectors.survey_years()
    if not years:
        return {"years": []}
    indicators = selectors.headline_indicators()
    report_totals = report_selectors.totals_by_year()
    table: list[dict] = [
        {
            "indicator": indicator,
            "cells": [(year, year.totals.get(indicator.pk)) for year in years],
        }
        for indicator in indicators
        if any(indicator.pk in year.totals for year in years)
    ]
    requested = _int(request.GET.get("survey_year"))
    by_year = {y.year: y for y in years}
    selected_year = (by_year.get(requested) if requested else None) or years[-1]
    code = request.GET.get("survey_indicator", "")
    shown: list[Indicator] = [row["indicator"] for row in table]
    selected = next((i for i in shown if i.code == code), shown[0] if shown else None)
    beside = [
        {
            "indicator": indicator,
            "survey": selected_year.totals.get(indicator.pk),
            "reports": report_totals.get((indicator.pk, selected_year.year)),
        }
        for indicator in shown
    ]
    parts = None
    if selected is not None and not selected_year.published:
        found = selectors.breakdown(selected_year.year, selected)
        ecosystems = dict(Ecosystem.choices)
        parts = {
            "women": found[Breakdown.WOMEN],
            "fewer": found[Breakdown.FEWER_OPPORTUNITIES],
            "ecosystems": [
                {**row, "label": ecosystems.get(row["key"], row["key"])}
                for row in found[Breakdown.ECOSYSTEM]
            ],
            "countries": [
                {**row, "label": countries.name(row["key"]) or row["key"]}
                for row in found[Breakdown.COUNTRY]
            ],
        }
    return {
        "request": request,
        "years": years,
        "table": table,
        "selected_year": selected_year,
        "selected": selected,
        "shown": shown,
        "beside": beside,
        "parts": parts,
        "sources": [y for y in years if y.survey.source_note or y.survey.source_url],
        "any_provisional": any(y.provisional for y in years),
    }


@register.inclusion_tag("survey/_dashboard.html", takes_context=True)
def survey_dashboard(context) -> dict:
    return selectors.dashboard_context(context["request"].user)


@register.inclusion_tag("survey/_staff_home.html", takes_context=True)
def survey_staff(context) -> dict:
    user = context["request"].user
    return {
        "open_surveys": selectors.accepting_surveys(),
        "waiting": selectors.review_queue().count(),
        "can_act": access.can(user, Perm.STAFF_REVIEW),
    }


@register.simple_tag
def answer_parts(question: SurveyQuestion, answer: SurveyAnswer | None) -> list[tuple[str, str]]:
    """``[(what, value)]`` for showing an answer: the figure and each part of its breakdown."""
    if answer is None:
        return []
    if question.kind == QuestionKind.CHOICE:
        label = question.choice_label(answer.choice)
        return [(_("Answer"), label.text if label else answer.choice)] if answer.choice else []
    if question.kind == QuestionKind.TEXT:
        return [(_("Answer"), answer.text)] if answer.text else []
    unit = question.number_unit
    parts = []
    if answer.number is not None:
        parts.append((_("Figure for the year"), with_unit(answer.number, unit)))
    if answer.women is not None:
        parts.append((str(Breakdown.WOMEN.label), with_unit(answer.women, unit)))
    if answer.fewer_opportunities is not None:
        parts.append(
            (str(Breakdown.FEWER_OPPORTUNITIES.label), with_unit(answer.fewer_opportunities, unit))
        )
    ecosystems = dict(Ecosystem.choices)
    for code, value in sorted(answer.part(Breakdown.ECOSYSTEM).items()):
        parts.append((str(ecosystems.get(code, code)), with_unit(value, unit)))
    for code, value in sorted(answer.part(Breakdown.COUNTRY).items()):
        parts.append((str(countries.name(code) or code), with_unit(value, unit)))
    return parts
