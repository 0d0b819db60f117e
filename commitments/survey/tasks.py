"""Survey tasks: thin wrappers around the schedule's run; each is safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="commitments.survey.tasks.run_schedule", acks_late=True)
def run_schedule(survey_id: int | None = None) -> dict:
    """Hourly (beat), and right after staff open a survey: open and close surveys on their dates,
    invite organisations, send the reminders due."""
    from commitments.survey import reminders

    return reminders.run(survey_id=survey_id)
