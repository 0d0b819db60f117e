"""The staff health page (staff administrators only): readiness of the services, the outbox
backlog, the depth of each Celery queue and the oldest PDF still being prepared."""

from __future__ import annotations

import redis
from django.conf import settings
from django.db.models import Min
from django.shortcuts import render
from django.utils import timezone

from pact import access
from pact.access.decorators import staff_required
from pact.kernel import health
from pact.models import OutboundEmail
from partnerships.models import DeclarationPdf


def queue_depths() -> list[tuple[str, int | None]]:
    """Messages waiting in each queue of the broker (None when the broker does not answer)."""
    names = list(settings.PACT_QUEUES)
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1
        )
        pipe = client.pipeline()
        for name in names:
            pipe.llen(name)
        depths = pipe.execute()
    except Exception:
        return [(name, None) for name in names]
    return list(zip(names, depths, strict=True))


def outbox_backlog() -> dict:
    pending = OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING)
    summary = pending.aggregate(oldest=Min("created_at"))
    return {"count": pending.count(), "oldest": summary["oldest"]}


def oldest_pending_pdf() -> DeclarationPdf | None:
    return (
        DeclarationPdf.objects.filter(status=DeclarationPdf.Status.PENDING)
        .select_related("version__partnership")
        .order_by("created_at")
        .first()
    )


@staff_required(access.Perm.STAFF_ADMIN)
def health_page(request):
    context = {
        "state": sorted(health.readiness().items()),
        "beat_age": health.beat_heartbeat_age(),
        "outbox": outbox_backlog(),
        "queues": queue_depths(),
        "pdf": oldest_pending_pdf(),
        "now": timezone.now(),
    }
    return render(request, "pact/staff_health.html", context)
