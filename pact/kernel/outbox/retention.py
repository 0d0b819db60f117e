"""How long the outbox keeps what a mail said (DESIGN.md §9): bodies for ``OUTBOX_BODY_RETENTION_DAYS``
(90), then only the metadata (kind, recipient, address, subject, language, status, times).

Mails still pending or being retried keep their body whatever their age: reducing them would send
an empty mail. Kernel: imports no app.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from pact.models import OutboundEmail


def reduce_old_bodies(*, days: int | None = None, batch: int = 5000) -> int:
    """Clear the bodies and headers of mails sent or failed more than ``days`` ago; returns how
    many rows were reduced. Safe to run twice (a reduced row no longer matches)."""
    days = settings.OUTBOX_BODY_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    old = (
        OutboundEmail.objects.filter(created_at__lt=cutoff)
        .exclude(status=OutboundEmail.Status.PENDING)
        .exclude(body_text="", body_html="", headers={})
    )
    reduced = 0
    while True:
        pks = list(old.order_by("pk").values_list("pk", flat=True)[:batch])
        if not pks:
            return reduced
        reduced += OutboundEmail.objects.filter(pk__in=pks).update(
            body_text="", body_html="", headers={}
        )
