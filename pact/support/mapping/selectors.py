"""Reads for a partnership's stakeholder map and agreement surveys: counts, grids and charts."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from pact.kernel import charts
from pact.support.mapping.statements import AGREEMENT_LEVELS, SKILLS_STATEMENTS
from pact.support.models import AgreementSurvey, Influence, Stakeholder, StakeholderType
from partnerships.models import Partnership

# Scores from this value up count as "high" power or interest in the quadrants.
HIGH = 3
POWER_ROWS = (5, 4, 3, 2, 1)
INTEREST_COLUMNS = (1, 2, 3, 4, 5)


def quadrant(power: int, interest: int) -> str:
    """The engagement the classic power/interest grid suggests for a stakeholder."""
    if power >= HIGH:
        return _("Manage closely") if interest >= HIGH else _("Keep satisfied")
    return _("Keep informed") if interest >= HIGH else _("Monitor")


def stakeholders(partnership: Partnership) -> list[Stakeholder]:
    rows = list(
        Stakeholder.objects.filter(partnership=partnership)
        .select_related("organisation")
        .order_by("type", "name", "id")
    )
    for row in rows:
        row.quadrant = quadrant(row.power, row.interest)  # type: ignore[attr-defined]
    return rows


def summary(partnership: Partnership, rows: list[Stakeholder]) -> dict:
    """Counts by type and influence, the two grids as SVG charts and as tables."""
    by_type = {value: 0 for value in StakeholderType.values}
    by_influence = {value: 0 for value in [*Influence.values, ""]}
    power_interest = {(p, i): 0 for p in POWER_ROWS for i in INTEREST_COLUMNS}
    influence_power = {(inf, p): 0 for inf in [*Influence.values, ""] for p in INTEREST_COLUMNS}
    members = 0
    for row in rows:
        by_type[row.type] += 1
        by_influence[row.influence] += 1
        power_interest[(row.power, row.interest)] += 1
        influence_power[(row.influence, row.power)] += 1
        members += bool(row.organisation_id)
    type_rows = [(label, by_type[value]) for value, label in StakeholderType.choices]
    influence_rows = [(label, by_influence[value]) for value, label in Influence.choices]
    unassessed = by_influence[""]
    influence_levels = list(Influence.choices) + ([("", _("Not assessed"))] if unassessed else [])
    pi_cells = [[power_interest[(p, i)] for i in INTEREST_COLUMNS] for p in POWER_ROWS]
    ip_cells = [
        [influence_power[(value, p)] for p in INTEREST_COLUMNS] for value, _l in influence_levels
    ]
    name = partnership.acronym or partnership.name
    return {
        "total": len(rows),
        "members": members,
        "type_rows": type_rows,
        "influence_rows": influence_rows,
        "unassessed": unassessed,
        "type_chart": charts.bar_chart(
            [(str(label), count) for label, count in type_rows],
            title=_("Stakeholders of %(name)s by type") % {"name": name},
            chart_id="chart-stakeholder-types",
        ),
        "power_interest_chart": charts.grid_chart(
            pi_cells,
            row_labels=[pgettext("power score", "Power %(n)s") % {"n": p} for p in POWER_ROWS],
            column_labels=[str(i) for i in INTEREST_COLUMNS],
            title=_("Stakeholders of %(name)s by power and interest") % {"name": name},
            row_title=_("Power"),
            column_title=_("Interest"),
            dividers=(POWER_ROWS.index(HIGH) + 1, INTEREST_COLUMNS.index(HIGH)),
            corner_labels=(
                _("Keep satisfied"),
                _("Manage closely"),
                _("Monitor"),
                _("Keep informed"),
            ),
            chart_id="chart-power-interest",
        ),
        "power_interest_table": [
            {"power": p, "cells": [power_interest[(p, i)] for i in INTEREST_COLUMNS]}
            for p in POWER_ROWS
        ],
        "influence_power_chart": charts.grid_chart(
            ip_cells,
            row_labels=[str(label) for _v, label in influence_levels],
            column_labels=[str(p) for p in INTEREST_COLUMNS],
            title=_("Stakeholders of %(name)s by regional influence and power") % {"name": name},
            column_title=_("Power"),
            chart_id="chart-influence-power",
        ),
        "influence_power_table": [
            {"label": label, "cells": [influence_power[(value, p)] for p in INTEREST_COLUMNS]}
            for value, label in influence_levels
        ],
        "scores": INTEREST_COLUMNS,
    }


def level_label(level: int) -> str:
    return str(dict(AGREEMENT_LEVELS).get(int(level), level))


def survey_rows(survey: AgreementSurvey) -> list[dict]:
    return [
        {
            "code": s.code,
            "text": s.text,
            "level": survey.answers.get(s.code),
            "label": level_label(survey.answers[s.code]) if s.code in survey.answers else "",
        }
        for s in SKILLS_STATEMENTS
    ]


def survey_chart(survey: AgreementSurvey):
    return charts.bar_chart(
        [(str(row["text"]), row["level"]) for row in survey_rows(survey)],
        maximum=5,
        value_text=lambda v: f"{int(v)} – {level_label(int(v))}",
        title=_("Agreement of the panel “%(panel)s” with the skills statements, 1 to 5")
        % {"panel": survey.panel},
        chart_id=f"chart-survey-{survey.pk}",
    )


def surveys(partnership: Partnership) -> list[AgreementSurvey]:
    return list(
        AgreementSurvey.objects.filter(partnership=partnership)
        .select_related("created_by")
        .order_by("-held_on", "-id")
    )


def stakeholder_counts_by_partnership(partnership_ids: list[int]) -> dict[int, int]:
    return dict(
        Stakeholder.objects.filter(partnership_id__in=partnership_ids)
        .values_list("partnership_id")
        .annotate(n=Count("id"))
        .order_by()
    )


def latest_surveys(partnership_ids: list[int]) -> dict[int, AgreementSurvey]:
    """The latest agreement survey of each partnership that has one (one query)."""
    latest: dict[int, AgreementSurvey] = {}
    for survey in AgreementSurvey.objects.filter(partnership_id__in=partnership_ids).order_by(
        "partnership_id", "-held_on", "-id"
    ):
        latest.setdefault(survey.partnership_id, survey)
    return latest


def side_by_side(columns: Sequence[tuple[Partnership, AgreementSurvey | None]]) -> list[dict]:
    """One row per skills statement, one cell per column: the level each panel gave (or None)."""
    return [
        {
            "statement": statement,
            "cells": [
                {
                    "level": survey.answers.get(statement.code) if survey else None,
                    "label": level_label(survey.answers[statement.code])
                    if survey and statement.code in survey.answers
                    else "",
                }
                for _partnership, survey in columns
            ],
        }
        for statement in SKILLS_STATEMENTS
    ]
