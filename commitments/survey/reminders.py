"""Invitations, reminders and deadline notices of the members' survey: recorded once, sent in batches.

- On opening (by staff, or by beat on the opening day) every active member organisation is invited
  (``SurveyInvitation``, the survey's population); organisations that become active while it is
  open are invited by the next run. Their people get the invitation.
- N days before each organisation's own deadline (``reminder_days``; an extension moves it) the
  people of organisations that have not submitted are reminded: the nearest reminder only, and
  each once (``SurveyReminder`` per reminder and deadline).
- An extension tells the organisations concerned that have not submitted.

Mails are written in the organisation's preferred language when the portal speaks it, else in the
person's own language; the survey's title comes in that language when staff translated it. Each
is recorded by one ``INSERT ... SELECT`` with the dedupe key ``survey:<id>:<reminder>:<person>``
(``pact.kernel.outbox.queue.queue_bulk_emails_sql``: notification centre, preferences, at most once per person),
and handed to the workers in batches after commit; the outbox sweeper covers a crash in between.
"""

from __future__ import annotations

import datetime as dt
import logging
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, CharField, F, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from commitments.survey.models import (
    Survey,
    SurveyExtension,
    SurveyInvitation,
    SurveyReminder,
    SurveyResponse,
    SurveySource,
)
from members.models import Organisation, OrganisationMembership
from pact.kernel import schedule
from pact.kernel.outbox import claims
from pact.kernel.outbox import queue as mail
from pact.models import OutboundEmail

log = logging.getLogger(__name__)

AUDIT = "pact.survey"
SEND_BATCH = 500
KIND_OPENING = "survey.reminder_opening"
KIND_BEFORE = "survey.reminder_before"
KIND_EXTENDED = "survey.deadline_extended"


def dedupe_prefix(survey_id: int, key: str) -> str:
    return f"survey:{survey_id}:{key}:"


# --- who ----------------------------------------------------------------------------------------------


def invite_missing(survey: Survey) -> list[int]:
    """Invite every active member organisation not invited yet; returns the new ones."""
    invitation = SurveyInvitation._meta.db_table
    organisation = Organisation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {invitation} (survey_id, organisation_id, invited_at)"  # noqa: S608
            f" SELECT %s, o.id, %s FROM {organisation} o WHERE o.status = 'active'"
            " ON CONFLICT DO NOTHING RETURNING organisation_id",
            [survey.pk, schedule.now()],
        )
        return [row[0] for row in cursor.fetchall()]


def outstanding_sql(deadline: bool = False, invited_before: bool = False) -> str:
    """``(organisation_id[, deadline])`` of active organisations invited to survey ``%s`` that
    have not submitted, with their own deadline (the survey's, or a later extension); with
    ``invited_before``, only those invited before the moment given as a second parameter."""
    i, s = SurveyInvitation._meta.db_table, Survey._meta.db_table
    e, r = SurveyExtension._meta.db_table, SurveyResponse._meta.db_table
    o = Organisation._meta.db_table
    columns = "i.organisation_id" + (
        ", GREATEST(s.deadline, COALESCE(e.deadline, s.deadline)) AS deadline" if deadline else ""
    )
    return f"""
        SELECT {columns}
          FROM {i} i JOIN {s} s ON s.id = i.survey_id
          JOIN {o} o ON o.id = i.organisation_id AND o.status = 'active'
          LEFT JOIN {e} e ON e.survey_id = i.survey_id AND e.organisation_id = i.organisation_id
         WHERE i.survey_id = %s {"AND i.invited_at < %s" if invited_before else ""}
           AND NOT EXISTS (
               SELECT 1 FROM {r} r WHERE r.survey_id = i.survey_id
                  AND r.organisation_id = i.organisation_id
                  AND r.status IN ('submitted', 'validated'))
    """  # noqa: S608 - table names only


def outstanding_deadlines(survey: Survey, invited_before: dt.datetime) -> list[dt.date]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT x.deadline FROM ({outstanding_sql(True, True)}) x"  # noqa: S608
            " ORDER BY 1",
            [survey.pk, invited_before],
        )
        return [row[0] for row in cursor.fetchall()]


def recipients(organisations_sql: str, params: list):
    """``(user id, address, language)`` of the people of the organisations the SQL names.

    The language: the organisation's preferred one when the portal speaks it, else the person's.
    """
    interface = [code for code, _name in settings.LANGUAGES]
    language = Case(
        When(
            organisation__preferred_language__in=interface,
            then=F("organisation__preferred_language"),
        ),
        default=F("user__language"),
        output_field=CharField(),
    )
    return (
        OrganisationMembership.objects.filter(
            organisation_id__in=RawSQL(organisations_sql, params),  # noqa: S611 - fixed SQL
            user__is_active=True,
            user__deleted_at__isnull=True,
        )
        .annotate(mail_language=language)
        .order_by("user_id")
        .values_list("user_id", "user__email", "mail_language")
    )


# --- recording mails -------------------------------------------------------------------------------------


TEMPLATES = {
    KIND_OPENING: "survey_invitation",
    KIND_BEFORE: "survey_reminder",
    KIND_EXTENDED: "survey_deadline_extended",
}


def _queue(survey: Survey, key: str, kind: str, sql: str, params: list, **context) -> int:
    count = mail.queue_bulk_emails_sql(
        recipients=recipients(sql, params),
        template=TEMPLATES[kind],
        context={
            "survey": survey,
            "year": survey.year,
            "closes_on": survey.closes_on,
            "path": "/survey/",
            **context,
        },
        kind=kind,
        dedupe_prefix=dedupe_prefix(survey.pk, key),
    )
    survey_id = survey.pk
    transaction.on_commit(lambda: enqueue_pending(survey_id))
    return count


def record_opening(survey: Survey, organisation_ids: list[int]) -> int:
    """The invitation, to the people of the organisations just invited."""
    if not organisation_ids:
        return 0
    return _queue(
        survey,
        "opening",
        KIND_OPENING,
        "SELECT unnest(%s::bigint[])",
        [organisation_ids],
        deadline=survey.deadline,
    )


def record_due_reminders(survey: Survey, day: dt.date) -> dict[str, int]:
    """For each deadline among organisations that have not submitted, the reminder due ``day``.

    Organisations invited that day are left out: their invitation has just told them.
    """
    done: dict[str, int] = {}
    invited_before = schedule.start_of(day)
    for deadline in outstanding_deadlines(survey, invited_before):
        days = schedule.nearest_reminder(survey.reminder_days, deadline, day)
        if days is None:
            continue
        key = f"before-{days}"
        with transaction.atomic():
            record, created = SurveyReminder.objects.get_or_create(
                survey=survey, key=key, deadline=deadline
            )
            if not created:
                continue
            sql = (
                f"SELECT x.organisation_id FROM ({outstanding_sql(True, True)}) x"  # noqa: S608
                " WHERE x.deadline = %s"
            )
            record.recipients = _queue(
                survey,
                key,
                KIND_BEFORE,
                sql,
                [survey.pk, invited_before, deadline],
                deadline=deadline,
                days_before=(deadline - day).days,  # what is left, said in the mail
            )
            record.recorded_at = timezone.now()
            record.save(update_fields=["recipients", "recorded_at"])
        done[f"{key}:{deadline.isoformat()}"] = record.recipients
    return done


def record_extension(survey: Survey, deadline: dt.date, organisation_ids: list[int] | None) -> int:
    """Tell the organisations concerned (all, or the named ones) that have not submitted."""
    sql = f"SELECT x.organisation_id FROM ({outstanding_sql()}) x"  # noqa: S608
    params: list = [survey.pk]
    if organisation_ids is not None:
        sql += " WHERE x.organisation_id = ANY(%s)"
        params.append(organisation_ids)
    return _queue(
        survey,
        f"extended-{deadline.isoformat()}",
        KIND_EXTENDED,
        sql,
        params,
        deadline=deadline,
    )


# --- sending ------------------------------------------------------------------------------------------------


def pending_ids(survey_id: int):
    stale = timezone.now() - claims.CLAIM_TIMEOUT
    return (
        OutboundEmail.objects.filter(
            status=OutboundEmail.Status.PENDING,
            dedupe_key__startswith=f"survey:{survey_id}:",
        )
        .filter(claims.unclaimed_or_stale(stale))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def enqueue_pending(survey_id: int) -> int:
    """Hand the survey's unsent mails to the workers, ``SEND_BATCH`` per task."""
    from commitments.tasks import send_reminder_batch

    ids = pending_ids(survey_id).iterator(chunk_size=SEND_BATCH * 4)
    queued = 0
    while batch := list(islice(ids, SEND_BATCH)):
        try:
            send_reminder_batch.delay(batch)
        except Exception:
            log.warning("Could not enqueue %s survey mails; the sweeper will", len(batch))
        queued += len(batch)
    return queued


# --- the hourly run ---------------------------------------------------------------------------------------


def run(day: dt.date | None = None, survey_id: int | None = None) -> dict:
    """Open and close surveys on their dates, invite, remind. Safe to run any number of times."""
    day = day or schedule.today()
    surveys = Survey.objects.filter(source=SurveySource.COLLECTED)
    if survey_id is not None:
        surveys = surveys.filter(pk=survey_id)
    result: dict = schedule.advance(surveys, audit_prefix=AUDIT, day=day)
    for survey in surveys.filter(status=schedule.WindowStatus.OPEN):
        if survey.closes_on < day:
            continue
        with transaction.atomic():
            invited = invite_missing(survey)
            mailed = record_opening(survey, invited)
        if invited:
            result[f"{survey.year}:invited"] = len(invited)
            result[f"{survey.year}:opening"] = mailed
        for key, count in record_due_reminders(survey, day).items():
            result[f"{survey.year}:{key}"] = count
    if any(result.values()):
        log.info("Survey schedule: %s", result)
    return result
