"""Windows that open, pass a deadline and close on their dates: the members' survey, reporting cycles.

DESIGN §9 "Time", in one place:

- Dates are days in Europe/Brussels. A window opens at 00:00 on its opening day; after its
  deadline (23:59:59) a submission is flagged late but accepted; after its closing day (23:59:59;
  by default 30 days after the deadline) nothing more is accepted.
- An extension moves one organisation's deadline, never past the closing day; staff move the
  closing day for everyone.
- Status goes scheduled -> open -> closed, moved by beat (``advance``) and idempotent: a second
  beat, or a retried task, finds nothing left to do.
- A save takes the window's row ``FOR SHARE`` (``lock_for_save``) and the close takes it
  ``FOR UPDATE`` (``lock_for_close``): saves never wait on each other, the close waits for the
  saves in flight, and a save that comes after the close sees it and is refused. So nothing lands
  in a closed window.
- Reminders go out N days before each organisation's own deadline (``nearest_reminder``), the
  nearest only, so a window opened late never sends several at once; each app records them with
  dedupe keys so each is sent at most once.

The models here are abstract: each app gives its window its own table (surveys, reporting
cycles), the organisation it extends for, and its own idea of "has submitted".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pact.kernel.audit import log_action

TIMEZONE = ZoneInfo("Europe/Brussels")
DEFAULT_CLOSING_DAYS = 30
MAX_REMINDER_DAYS = 365


class WindowStatus(models.TextChoices):
    SCHEDULED = "scheduled", gettext_lazy("Scheduled")
    OPEN = "open", gettext_lazy("Open")
    CLOSED = "closed", gettext_lazy("Closed")


class Phase(StrEnum):
    """Where a moment falls for one organisation (its own deadline)."""

    NOT_OPEN = "not_open"
    ON_TIME = "on_time"
    LATE = "late"  # after the deadline, before the end of the closing day: accepted, flagged
    CLOSED = "closed"

    @property
    def accepts(self) -> bool:
        return self in (Phase.ON_TIME, Phase.LATE)


# --- time ----------------------------------------------------------------------------------------------


def now() -> dt.datetime:
    return timezone.now()


def today(moment: dt.datetime | None = None) -> dt.date:
    """The day it is in Brussels."""
    return (moment or now()).astimezone(TIMEZONE).date()


def start_of(day: dt.date) -> dt.datetime:
    """00:00 of ``day`` in Brussels (summer or winter time alike)."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=TIMEZONE)


def end_of(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` 23:59:59 in Brussels: 00:00 of the next day."""
    return start_of(day + dt.timedelta(days=1))


def default_closing_day(deadline: dt.date) -> dt.date:
    return deadline + dt.timedelta(days=DEFAULT_CLOSING_DAYS)


def phase(
    opens_on: dt.date,
    deadline: dt.date,
    closes_on: dt.date,
    moment: dt.datetime | None = None,
    *,
    closed: bool = False,
) -> Phase:
    """The phase of ``moment`` in a window with these days (``deadline``: the organisation's)."""
    moment = moment or now()
    if closed or moment >= end_of(closes_on):
        return Phase.CLOSED
    if moment < start_of(opens_on):
        return Phase.NOT_OPEN
    if moment >= end_of(deadline):
        return Phase.LATE
    return Phase.ON_TIME


def date_errors(opens_on, deadline, closes_on) -> dict[str, list[str]]:
    """What is wrong with a window's days, by field (empty when they are in order)."""
    errors: dict[str, list[str]] = {}
    if opens_on and deadline and deadline < opens_on:
        errors["deadline"] = [_("The deadline must be on or after the opening day.")]
    if deadline and closes_on and closes_on < deadline:
        errors["closes_on"] = [_("The closing day must be on or after the deadline.")]
    return errors


def nearest_reminder(reminder_days: Iterable[int], deadline: dt.date, day: dt.date) -> int | None:
    """The "N days before the deadline" reminder due on ``day``: the smallest N that has been
    reached (``deadline - N <= day``), while the deadline has not passed; else ``None``."""
    days_left = (deadline - day).days
    if days_left < 0:
        return None
    reached = [n for n in reminder_days if n > 0 and n >= days_left]
    return min(reached) if reached else None


def parse_reminder_days(text: str) -> list[int]:
    """``"14, 3"`` -> ``[14, 3]``; raises ValueError with a message for a person."""
    days: set[int] = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 0 < int(part) <= MAX_REMINDER_DAYS:
            raise ValueError(
                _("Give whole numbers of days between 1 and 365, separated by commas (e.g. 14, 3).")
            )
        days.add(int(part))
    return sorted(days, reverse=True)


# --- models ----------------------------------------------------------------------------------------------


class ScheduledWindow(models.Model):
    """An opening day, a deadline and a closing day, and the status beat keeps in step with them."""

    opens_on = models.DateField(gettext_lazy("opening day"))
    deadline = models.DateField(gettext_lazy("deadline"))
    closes_on = models.DateField(gettext_lazy("closing day"))
    reminder_days = ArrayField(
        models.PositiveSmallIntegerField(),
        default=list,
        blank=True,
        verbose_name=gettext_lazy("reminders, days before each organisation's deadline"),
    )
    status = models.CharField(
        max_length=16, choices=WindowStatus.choices, default=WindowStatus.SCHEDULED
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")),
                name="%(app_label)s_%(class)s_deadline_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("deadline")),
                name="%(app_label)s_%(class)s_closes_after_deadline",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.status == WindowStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == WindowStatus.CLOSED

    @property
    def is_scheduled(self) -> bool:
        return self.status == WindowStatus.SCHEDULED

    def phase(self, moment: dt.datetime | None = None, deadline: dt.date | None = None) -> Phase:
        """The phase for an organisation whose deadline is ``deadline`` (else the window's)."""
        return phase(
            self.opens_on,
            deadline or self.deadline,
            self.closes_on,
            moment,
            closed=self.is_closed,
        )

    @property
    def opens_at(self) -> dt.datetime:
        return start_of(self.opens_on)

    @property
    def closes_at(self) -> dt.datetime:
        return end_of(self.closes_on)


class DeadlineExtension(models.Model):
    """One organisation's later deadline in a window (the concrete model names both)."""

    deadline = models.DateField(gettext_lazy("extended deadline"))
    reason = models.TextField(gettext_lazy("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class ReminderRecord(models.Model):
    """A reminder recorded once for the organisations whose deadline is ``deadline``."""

    key = models.CharField(max_length=32)  # "before-14"
    deadline = models.DateField()
    recipients = models.PositiveIntegerField(default=0)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


# --- locking ---------------------------------------------------------------------------------------------


W = TypeVar("W", bound=ScheduledWindow)


def lock_for_save(window: W) -> W:
    """Take the window's row ``FOR SHARE`` for the rest of the transaction and return it fresh.

    Saves share the lock (they never wait on each other); the close's ``FOR UPDATE`` waits for
    them, and a save that starts after the close waits for it and then sees it closed.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("lock_for_save must run inside a transaction")
    model = type(window)
    table = connection.ops.quote_name(model._meta.db_table)
    fresh = model._default_manager.raw(
        f"SELECT * FROM {table} WHERE id = %s FOR SHARE",  # noqa: S608 - the table name only
        [window.pk],
    )
    return next(iter(fresh))


def lock_for_close(window: W) -> W:
    """Take the window's row ``FOR UPDATE`` (waits for saves in flight) and return it fresh."""
    return type(window)._default_manager.select_for_update().get(pk=window.pk)


# --- moving the status on its dates ----------------------------------------------------------------------


Hook = Callable[[ScheduledWindow], None]


def advance(
    queryset: models.QuerySet,
    *,
    audit_prefix: str,
    day: dt.date | None = None,
    on_open: Hook | None = None,
    on_close: Hook | None = None,
) -> dict[str, list]:
    """Open the windows whose opening day has come and close those whose closing day has passed.

    Each change is its own transaction: the row is locked (``FOR UPDATE``), the condition checked
    again, the status moved, the change audited and the hook run, so two beats at once, or a
    retried task, change each window once. Returns the primary keys opened and closed.
    """
    day = day or today()
    done: dict[str, list] = {"opened": [], "closed": []}
    due_open = queryset.filter(
        status=WindowStatus.SCHEDULED, opens_on__lte=day, closes_on__gte=day
    ).values_list("pk", flat=True)
    for pk in list(due_open):
        with transaction.atomic():
            window = queryset.model.objects.select_for_update().get(pk=pk)
            if window.status != WindowStatus.SCHEDULED or window.opens_on > day:
                continue
            _open(window, audit_prefix, actor=None)
            if on_open:
                on_open(window)
        done["opened"].append(pk)
    due_close = queryset.exclude(status=WindowStatus.CLOSED).filter(closes_on__lt=day)
    for pk in list(due_close.values_list("pk", flat=True)):
        with transaction.atomic():
            window = lock_for_close(queryset.model(pk=pk))
            if window.status == WindowStatus.CLOSED or window.closes_on >= day:
                continue
            _close(window, audit_prefix, actor=None)
            if on_close:
                on_close(window)
        done["closed"].append(pk)
    return done


def _open(window: ScheduledWindow, audit_prefix: str, actor) -> None:
    window.status = WindowStatus.OPEN
    window.opened_at = now()
    window.save(update_fields=["status", "opened_at"])
    log_action(
        f"{audit_prefix}.opened",
        window,
        actor,
        {"opens_on": window.opens_on.isoformat(), "by": "staff" if actor else "schedule"},
    )


def _close(window: ScheduledWindow, audit_prefix: str, actor) -> None:
    window.status = WindowStatus.CLOSED
    window.closed_at = now()
    window.save(update_fields=["status", "closed_at"])
    log_action(
        f"{audit_prefix}.closed",
        window,
        actor,
        {"closes_on": window.closes_on.isoformat(), "by": "staff" if actor else "schedule"},
    )


class ScheduleError(Exception):
    """A refused change of dates, with messages by field for the person who tried it."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


def open_now(window: W, actor, *, audit_prefix: str) -> W:
    """Staff open a scheduled window today (its opening day becomes today if it was later)."""
    with transaction.atomic():
        locked = lock_for_close(window)
        if locked.status != WindowStatus.SCHEDULED:
            raise ScheduleError(_("Only a scheduled window can be opened."))
        day = today()
        if locked.closes_on < day:
            raise ScheduleError(_("Its closing day has passed: move the closing day first."))
        if locked.opens_on > day:
            locked.opens_on = day
            if locked.deadline < day:
                locked.deadline = day
            locked.save(update_fields=["opens_on", "deadline"])
        _open(locked, audit_prefix, actor)
    return locked


def check_new_deadline(
    window: ScheduledWindow, new_deadline: dt.date, current: dt.date
) -> dict[str, list[str]]:
    """Why ``new_deadline`` cannot replace ``current`` (an organisation's or everyone's)."""
    if new_deadline > window.closes_on:
        return {
            "deadline": [
                _(
                    "The new deadline is after the closing day (%(day)s). Move the closing day "
                    "first: it applies to everyone."
                )
                % {"day": window.closes_on.isoformat()}
            ]
        }
    if new_deadline <= current:
        return {
            "deadline": [
                _("An extension must be later than the current deadline (%(day)s).")
                % {"day": current.isoformat()}
            ]
        }
    if new_deadline < window.opens_on:
        return {"deadline": [_("The deadline must be on or after the opening day.")]}
    return {}


def extend_deadline(
    window: W,
    *,
    actor,
    deadline: dt.date,
    organisations: list | None,
    reason: str,
    audit_prefix: str,
    current_deadline: Callable[[W, int], dt.date],
    also_save: tuple[str, ...] = (),
) -> list[int] | None:
    """Move a window's deadline for everyone (``organisations`` None) or give the named
    organisations a later one of their own (the window's ``extensions``), audited one entry each.

    ``window`` is the row the caller locked (``lock_for_close``) and found still open to changes;
    ``current_deadline`` is the deadline an organisation has now. Refused (``ScheduleError``, by
    field) past the closing day or not later than the deadline it replaces. Returns the ids of the
    organisations extended, or None for everyone.
    """
    if organisations is None:
        errors = check_new_deadline(window, deadline, window.deadline)
        if errors:
            raise ScheduleError(errors["deadline"][0], errors)
        previous = window.deadline
        window.deadline = deadline
        window.save(update_fields=["deadline", *also_save])
        _audit_extension(window, actor, audit_prefix, previous, deadline, "everyone", reason)
        return None
    if not organisations:
        raise ScheduleError(
            _("Choose the organisations to extend the deadline for."),
            {"organisations": [_("Choose at least one organisation.")]},
        )
    for organisation in organisations:
        current = current_deadline(window, organisation.pk)
        errors = check_new_deadline(window, deadline, current)
        if errors:
            message = f"{organisation.name}: {errors['deadline'][0]}"
            raise ScheduleError(message, {"deadline": [message]})
        window.extensions.update_or_create(  # type: ignore[attr-defined]
            organisation=organisation,
            defaults={"deadline": deadline, "reason": reason, "created_by": actor},
        )
        _audit_extension(
            window, actor, audit_prefix, current, deadline, organisation.name, reason, organisation
        )
    return [o.pk for o in organisations]


def _audit_extension(
    window, actor, audit_prefix, previous, deadline, who, reason, organisation=None
):
    log_action(
        f"{audit_prefix}.deadline_extended",
        window,
        actor,
        {
            "year": window.year,
            "from": previous.isoformat(),
            "to": deadline.isoformat(),
            "for": who,
            "reason": reason,
        },
        organisation_id=organisation.pk if organisation is not None else None,
    )


def check_new_closing_day(
    window: ScheduledWindow, closes_on: dt.date, latest_deadline: dt.date
) -> dict[str, list[str]]:
    if window.is_closed:
        return {"closes_on": [_("This window is closed: its closing day cannot move any more.")]}
    if closes_on < latest_deadline:
        return {
            "closes_on": [
                _("The closing day cannot be before a deadline (the latest is %(day)s).")
                % {"day": latest_deadline.isoformat()}
            ]
        }
    if window.is_open and closes_on < today():
        return {"closes_on": [_("The closing day of an open window cannot be in the past.")]}
    return {}
