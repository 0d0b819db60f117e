"""Recording mails: in the outbox first, rendered in the recipient's language, enqueued on commit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import IntegrityError, transaction
from django.db import connection as db_connection
from django.db.models import QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from pact.kernel.outbox import notices
from pact.kernel.outbox.tasks import send_email
from pact.models import OutboundEmail, User

log = logging.getLogger(__name__)


def queue_email(
    *,
    to,
    template: str,
    context: dict | None = None,
    kind: str,
    dedupe_key: str | None = None,
    headers: dict | None = None,
    language: str | None = None,
) -> OutboundEmail | None:
    """Record a mail to a user (or an address) and enqueue its sending after commit.

    ``template`` names ``templates/email/<template>.txt`` (and an optional ``.html``) whose first
    line is the subject. With a ``dedupe_key`` the mail is recorded at most once: a second call
    returns ``None``.

    A mail to a user is also a notice where the portal keeps their notifications (title: the
    subject, link: ``context["link"]``; see ``notices``). When the user chose "in the portal only"
    for the mail's kind the notice is recorded but no mail, and ``None`` is returned.
    """
    user = to if isinstance(to, User) else None
    if user is not None and user.deleted_at is not None:
        return None  # a deleted account has no address any more
    address = user.email if user else str(to)
    language = (user.language if user else None) or language or settings.LANGUAGE_CODE
    ctx = {"site_url": settings.SITE_URL, "recipient": user, **(context or {})}
    with translation.override(language):
        text = render_to_string(f"email/{template}.txt", ctx).strip()
        subject, _, body = text.partition("\n")
        try:
            html: str = render_to_string(f"email/{template}.html", ctx)
        except Exception:
            html = ""

    def create() -> OutboundEmail:
        return OutboundEmail.objects.create(
            kind=kind,
            dedupe_key=dedupe_key,
            recipient=user,
            to_address=address,
            language=language,
            subject=(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip())[:300],
            body_text=body.strip() + "\n",
            body_html=html,
            headers=headers or {},
        )

    email: OutboundEmail | None
    try:
        with transaction.atomic():
            if user is None:
                email = create()
            else:
                email = notices.notifier().for_mail(
                    user=user,
                    kind=kind,
                    title=subject,
                    context=ctx,
                    dedupe_key=dedupe_key,
                    create=create,
                )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None
    if email is None:
        return None
    enqueue_email(email.pk)
    return email


def queue_rendered_email(
    *,
    to,
    subject: str,
    body_text: str,
    body_html: str = "",
    kind: str,
    language: str,
    headers: dict | None = None,
) -> OutboundEmail:
    """Record a mail rendered elsewhere (allauth's account mails) and enqueue it after commit.

    Nothing but the outbox sends mail: what another library would send itself comes here. No
    notice is kept of it (a link to confirm an address or reset a password belongs in the mail
    only); ``kind`` starting with ``delivery.SECURITY_KIND_PREFIX`` has its body cleared once sent.
    """
    user = to if isinstance(to, User) else None
    email = OutboundEmail.objects.create(
        kind=kind,
        recipient=user,
        to_address=user.email if user else str(to),
        language=language,
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        headers=headers or {},
    )
    enqueue_email(email.pk)
    return email


def render_email(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Subject (with the site prefix), text body and HTML body (or "") of a mail in ``language``."""
    ctx = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        text = render_to_string(f"email/{template}.txt", ctx).strip()
        subject, _, body = text.partition("\n")
        html: str
        try:
            html = render_to_string(f"email/{template}.html", ctx)
        except TemplateDoesNotExist:
            html = ""
    prefixed = (settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip())[:300]
    return prefixed, body.strip() + "\n", html


def queue_bulk_emails(
    *,
    recipients: Iterable[tuple[int, str, str]],
    template: str,
    context: dict,
    kind: str,
    dedupe_key: Callable[[int], str],
    batch_size: int = 2000,
) -> int:
    """Record one mail per recipient ``(user_id, address, language)``, many rows per INSERT.

    The text must not depend on the recipient: each language is rendered once. Rows whose
    ``dedupe_key`` exists already are skipped by the database, so calling this twice records
    nothing new. Nothing is enqueued here: the caller enqueues the pending rows after commit,
    and the sweeper (``tasks.sweep_outbox``) covers a crash in between. Returns the recipients seen.
    """
    rendered: dict[str, tuple[str, str, str]] = {}
    batch: list[OutboundEmail] = []
    seen = 0
    for user_id, address, language in recipients:
        language = language or settings.LANGUAGE_CODE
        if language not in rendered:
            rendered[language] = render_email(template, context, language)
        subject, body, html = rendered[language]
        batch.append(
            OutboundEmail(
                kind=kind,
                dedupe_key=dedupe_key(user_id),
                recipient_id=user_id,
                to_address=address,
                language=language,
                subject=subject,
                body_text=body,
                body_html=html,
            )
        )
        seen += 1
        if len(batch) >= batch_size:
            # Each mail is also a notice; people who chose "portal only" get no mail.
            batch = notices.notifier().for_mails(batch, kind=kind, context=context)
            OutboundEmail.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        batch = notices.notifier().for_mails(batch, kind=kind, context=context)
        OutboundEmail.objects.bulk_create(batch, ignore_conflicts=True)
    return seen


def queue_bulk_emails_sql(
    *,
    recipients: QuerySet,
    template: str,
    context: dict,
    kind: str,
    dedupe_prefix: str,
) -> int:
    """``queue_bulk_emails`` for recipients chosen in SQL: one ``INSERT ... SELECT`` per table.

    ``recipients`` is a ``values_list("pk", "email", "language")`` queryset of users. Each
    language among them is rendered once (as ``queue_bulk_emails`` does); the database then writes
    one notice and one mail per recipient (``dedupe_key`` = ``dedupe_prefix`` + user id)
    in the same statement, without a Python object per row: for 100,000 reminders that is
    seconds instead of the half minute the ORM path takes. The rows are the same as
    ``queue_bulk_emails`` would write: same language per person, same texts, notifications for
    everybody, no mail to people who chose "in the portal only" (unless the category is
    mandatory), existing dedupe keys skipped. Returns the recipients seen.
    """
    try:
        query_sql, query_params = recipients.query.sql_with_params()
    except EmptyResultSet:
        return 0  # a queryset that can match nobody
    chosen = (
        "SELECT q.user_id, q.address, COALESCE(NULLIF(q.language, ''), %s) AS lang"  # noqa: S608 - Django's own SQL
        f" FROM ({query_sql}) AS q(user_id, address, language)"
    )
    chosen_params = [settings.LANGUAGE_CODE, *query_params]
    with db_connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT lang FROM ({chosen}) AS r", chosen_params)  # noqa: S608
        languages = sorted(row[0] for row in cursor.fetchall())
    if not languages:
        return 0
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    mails: dict[str, OutboundEmail] = {}
    titles: dict[str, str] = {}
    for language in languages:
        subject, body, html = render_email(template, context, language)
        mails[language] = OutboundEmail(
            kind=kind,
            language=language,
            subject=subject,
            body_text=body,
            body_html=html,
        )
        titles[language] = subject.removeprefix(prefix)
    key = "%s || r.user_id::text"
    noticed = notices.notifier().for_mails_sql(
        kind=kind, titles=titles, context=context, dedupe=(key, [dedupe_prefix])
    )
    mail_sql, mail_params = insert_per_recipient(
        mails,
        {
            "recipient_id": ("r.user_id", []),
            "to_address": ("r.address", []),
            "dedupe_key": (key, [dedupe_prefix]),
            "uid": ("gen_random_uuid()", []),
        },
    )
    if noticed.keep_mail:
        mail_sql += f" WHERE {noticed.keep_mail}"
    notes = f" notes AS ({noticed.insert} ON CONFLICT DO NOTHING)," if noticed.insert else ""
    with db_connection.cursor() as cursor:
        cursor.execute(
            f"WITH r AS MATERIALIZED ({chosen}),{notes}"  # noqa: S608 - table and column names only
            f" mails AS ({mail_sql} ON CONFLICT DO NOTHING)"
            " SELECT count(*) FROM r",
            [
                *chosen_params,
                *noticed.insert_params,
                *mail_params,
                *noticed.keep_mail_params,
            ],
        )
        return cursor.fetchone()[0]


def insert_per_recipient(
    rows_by_language: dict, per_recipient: dict[str, tuple[str, list]]
) -> tuple[str, list]:
    """``INSERT INTO <table> (...) SELECT ... FROM r JOIN (VALUES <one row per language>)``: the
    columns in ``per_recipient`` come from the recipient ``r`` (SQL, params), the others from the
    unsaved model instance of the recipient's language, as Django would have saved it."""
    model = type(next(iter(rows_by_language.values())))
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.column not in per_recipient and not f.primary_key
    ]
    qn = db_connection.ops.quote_name
    placeholders = ", ".join(
        ["CAST(%s AS text)", *(f"CAST(%s AS {f.db_type(db_connection)})" for f in fields)]
    )
    values: list = []
    for language, obj in rows_by_language.items():
        values += [
            language,
            *(f.get_db_prep_save(getattr(obj, f.attname), db_connection) for f in fields),
        ]
    columns = [*per_recipient, *(f.column for f in fields)]
    expressions = [sql for sql, _params in per_recipient.values()]
    expressions += [f"t.{qn('c' + str(n))}" for n in range(len(fields))]
    aliases = ", ".join(["lang", *(qn("c" + str(n)) for n in range(len(fields)))])
    params = [p for _sql, ps in per_recipient.values() for p in ps]
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)})"  # noqa: S608
        f" SELECT {', '.join(expressions)} FROM r JOIN (VALUES"
        f" {', '.join(f'({placeholders})' for _ in rows_by_language)}) AS t({aliases}) USING (lang)"
    )
    return sql, [*params, *values]


def enqueue_email(pk: int) -> None:
    def _send() -> None:
        try:
            send_email.delay(pk)
        except Exception:
            log.warning("Broker unavailable; email %s stays pending for the sweeper", pk)

    transaction.on_commit(_send)
