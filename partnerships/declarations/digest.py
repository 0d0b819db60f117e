"""The reviewers' weekly digest: declarations waiting for review, once per ISO week and person."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pact.kernel.outbox.queue import queue_email
from pact.models import StaffRole, User
from partnerships.declarations.common import partnership_url
from partnerships.declarations.selectors import days_waiting, review_queue


def send_review_digest(today=None) -> int:
    """Email each reviewer the declarations waiting for review; once per ISO week and person."""
    today = today or timezone.localdate()
    waiting = list(review_queue())
    if not waiting:
        return 0
    year, week, _day = today.isocalendar()
    rows = [
        {
            "version": v,
            "partnership": v.partnership,
            "days": days_waiting(v),
            "url": partnership_url("declaration_review", v.partnership.slug, v.number),
        }
        for v in waiting
    ]
    sent = 0
    reviewers = User.objects.filter(
        staff_role__in=[StaffRole.REVIEWER, StaffRole.ADMIN],
        is_active=True,
        deleted_at__isnull=True,
    ).order_by("pk")
    for reviewer in reviewers:
        email = queue_email(
            to=reviewer,
            template="declarations_review_digest",
            context={
                "rows": rows,
                "week": week,
                "queue_url": settings.SITE_URL + reverse("partnerships:review_queue"),
            },
            kind="declaration.review_digest",
            dedupe_key=f"declaration-digest:{year}-W{week:02d}:{reviewer.pk}",
        )
        sent += email is not None
    return sent
