"""Reads for the notification centre: a person's own notifications."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from pact.communications.models import (
    Notification,
)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at=None).count()


def notifications_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    items = Notification.objects.filter(user=user)
    if unread_only:
        items = items.filter(read_at=None)
    return items.order_by("-created_at", "-id")


def get_notification_or_404(user, pk: int) -> Notification:
    try:
        return Notification.objects.get(pk=pk, user=user)
    except Notification.DoesNotExist:
        raise Http404 from None
