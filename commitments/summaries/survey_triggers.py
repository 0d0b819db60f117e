"""The triggers that keep ``SurveyTotal`` (validated answers per survey and indicator) equal to
the answers, as ``triggers`` does for the reports: statement-level, deltas from the transition
tables, installed by a migration of the survey app.

- an answer inserted, changed or deleted: minus its old row, plus its new one, counted when its
  response is validated and its question has an indicator;
- a response validated, or leaving validated (returned, deleted): plus or minus its answers;
- a question moved to another indicator: its validated answers move with it.
"""

# Only this module's constant table and column names are put into the SQL; it takes no values.
# ruff: noqa: S608

from __future__ import annotations

from commitments.summaries.triggers import function_sql, removal_sql, statement_triggers_sql

TOTAL = "survey_surveytotal"
ANSWER = "survey_surveyanswer"
RESPONSE = "survey_surveyresponse"
QUESTION = "survey_surveyquestion"

CONTRIBUTION = """
    sum(sign * (a.number IS NOT NULL)::int) AS answers,
    sum(sign * coalesce(a.number, 0)) AS number_sum
"""


def _upsert(source: str) -> str:
    return f"""
    INSERT INTO {TOTAL} AS s (survey_id, indicator_id, answers, number_sum)
    SELECT survey_id, indicator_id, answers, number_sum FROM ({source}) d
     WHERE d.answers <> 0 OR d.number_sum <> 0
     ORDER BY survey_id, indicator_id
    ON CONFLICT (survey_id, indicator_id) DO UPDATE
       SET answers = s.answers + EXCLUDED.answers, number_sum = s.number_sum + EXCLUDED.number_sum;
    DELETE FROM {TOTAL} WHERE answers = 0;
    """


def answers_source(answers: str) -> str:
    """Grouped contributions of ``answers`` (a relation with ``sign`` and an answer's columns)."""
    return f"""
        SELECT r.survey_id, q.indicator_id, {CONTRIBUTION}
          FROM ({answers}) a
          JOIN {RESPONSE} r ON r.id = a.response_id AND r.status = 'validated'
          JOIN {QUESTION} q ON q.id = a.question_id AND q.indicator_id IS NOT NULL
         GROUP BY 1, 2
    """


def _answer_changed() -> str:
    branches = []
    for op, rows in {
        "INSERT": "SELECT 1 AS sign, * FROM new_rows",
        "DELETE": "SELECT -1 AS sign, * FROM old_rows",
        "UPDATE": "SELECT -1 AS sign, * FROM old_rows UNION ALL SELECT 1, * FROM new_rows",
    }.items():
        branches.append(f"IF TG_OP = '{op}' THEN {_upsert(answers_source(rows))} END IF;")
    return "\n".join(branches)


def _response_changed() -> str:
    return _upsert(
        f"""
        WITH ch AS (
            SELECT -1 AS sign, o.id, o.survey_id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE o.status = 'validated'
               AND (n.status <> 'validated' OR n.survey_id IS DISTINCT FROM o.survey_id)
            UNION ALL
            SELECT 1, n.id, n.survey_id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE n.status = 'validated'
               AND (o.status <> 'validated' OR n.survey_id IS DISTINCT FROM o.survey_id)
        )
        SELECT ch.survey_id, q.indicator_id, {CONTRIBUTION}
          FROM ch JOIN {ANSWER} a ON a.response_id = ch.id
          JOIN {QUESTION} q ON q.id = a.question_id AND q.indicator_id IS NOT NULL
         GROUP BY 1, 2
        """
    )


def _question_changed() -> str:
    return _upsert(
        f"""
        WITH ch AS (
            SELECT -1 AS sign, o.id, o.indicator_id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE o.indicator_id IS DISTINCT FROM n.indicator_id
            UNION ALL
            SELECT 1, n.id, n.indicator_id FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE o.indicator_id IS DISTINCT FROM n.indicator_id
        )
        SELECT r.survey_id, ch.indicator_id, {CONTRIBUTION}
          FROM ch JOIN {ANSWER} a ON a.question_id = ch.id
          JOIN {RESPONSE} r ON r.id = a.response_id AND r.status = 'validated'
         WHERE ch.indicator_id IS NOT NULL
         GROUP BY 1, 2
        """
    )


TRIGGERS = [
    (ANSWER, "pact_summary_survey_answer", _answer_changed(), ("INSERT", "UPDATE", "DELETE")),
    (RESPONSE, "pact_summary_survey_response", _response_changed(), ("UPDATE",)),
    (QUESTION, "pact_summary_survey_question", _question_changed(), ("UPDATE",)),
]


def totals_sql() -> str:
    """``SurveyTotal`` rows derived from the answers alone (what ``recompute`` compares with)."""
    return answers_source(f"SELECT 1 AS sign, * FROM {ANSWER}")


def rebuild_sql() -> str:
    return f"""
        DELETE FROM {TOTAL};
        INSERT INTO {TOTAL} (survey_id, indicator_id, answers, number_sum)
        SELECT survey_id, indicator_id, answers, number_sum FROM ({totals_sql()}) d
         WHERE answers <> 0;
    """


def install_sql() -> str:
    parts = [
        function_sql(f, body) + "\n" + statement_triggers_sql(t, f, ev)
        for t, f, body, ev in TRIGGERS
    ]
    parts.append(rebuild_sql())
    return "\n".join(parts)


def remove_sql() -> str:
    return removal_sql(TRIGGERS)
