"""Writes for matchmaking: contact requests sent, answered (addresses shared or not), withdrawn."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel.audit import log_action
from pact.kernel.outbox import limits
from pact.kernel.outbox.queue import queue_email
from pact.support.common import SupportError, organisation_admins, site_url
from pact.support.models import (
    ContactRequest,
)

# At most this many contact requests an organisation may have sent and still waiting within a day.
OPEN_CONTACT_REQUESTS_PER_DAY = 10


def _require_member_of(actor, organisation: Organisation) -> None:
    if not access.belongs_to_active(actor, organisation):
        raise SupportError(
            _("You can only write on behalf of an active organisation you belong to."),
            field="from_organisation",
        )


@transaction.atomic
def send_contact_request(
    *, actor, from_organisation: Organisation, to_organisation: Organisation, message: str
) -> ContactRequest:
    """Ask another member organisation to get in touch; its administrators decide whether to
    share their contact details. An organisation may have at most
    ``OPEN_CONTACT_REQUESTS_PER_DAY`` requests sent in the last 24 hours still waiting, and the
    sender and organisation are held to the limits of mail sent to others (``limits``)."""
    _require_member_of(actor, from_organisation)
    if not to_organisation.is_active:
        raise SupportError(_("This organisation is not an active Pact member."))
    if to_organisation.pk == from_organisation.pk:
        raise SupportError(_("Choose another organisation than your own."))
    message = message.strip()
    if not message:
        raise SupportError(_("Say why you would like to get in touch."), field="message")
    # Count under a row lock on the sender, so parallel requests cannot pass the limit together.
    Organisation.objects.select_for_update().filter(pk=from_organisation.pk).first()
    waiting = ContactRequest.objects.filter(
        from_organisation=from_organisation,
        status=ContactRequest.Status.OPEN,
        created_at__gte=timezone.now() - timedelta(days=1),
    ).count()
    if waiting >= OPEN_CONTACT_REQUESTS_PER_DAY:
        raise SupportError(
            _(
                "%(org)s already has %(limit)s contact requests from the last 24 hours waiting for "
                "an answer. Wait for answers or withdraw a request before sending more."
            )
            % {"org": from_organisation, "limit": OPEN_CONTACT_REQUESTS_PER_DAY}
        )
    try:
        limits.take(actor, group=f"organisation:{from_organisation.pk}")
    except limits.SendLimitReached as exc:
        raise SupportError(exc.message) from None
    try:
        with transaction.atomic():
            request = ContactRequest.objects.create(
                from_organisation=from_organisation,
                to_organisation=to_organisation,
                message=message,
                requested_by=actor,
            )
    except IntegrityError:
        raise SupportError(
            _("%(org)s has already been asked and has not answered yet.") % {"org": to_organisation}
        ) from None
    log_action(
        "pact.contact_request.sent",
        request,
        actor,
        {"from": from_organisation.slug, "to": to_organisation.slug},
    )
    for user in organisation_admins([to_organisation.pk]):
        queue_email(
            to=user,
            template="support_contact_request",
            context={"request": request, "link": site_url("support:contact_requests")},
            kind="support.contact_request",
            dedupe_key=f"contact-request:{request.pk}:{user.pk}",
        )
    return request


@transaction.atomic
def answer_contact_request(request: ContactRequest, *, actor, share: bool) -> None:
    """The asked organisation's administrator shares its contact details, or declines."""
    if not access.can(actor, Perm.ORG_CHANGE, request.to_organisation):
        raise SupportError(_("Only an administrator of the organisation can answer."))
    status = ContactRequest.Status.SHARED if share else ContactRequest.Status.DECLINED
    changed = ContactRequest.objects.filter(
        pk=request.pk, status=ContactRequest.Status.OPEN
    ).update(status=status, answered_at=timezone.now(), answered_by=actor)
    if not changed:
        raise SupportError(_("This request has already been answered or withdrawn."))
    request.refresh_from_db()
    log_action(
        "pact.contact_request.shared" if share else "pact.contact_request.declined",
        request,
        actor,
        {"from": request.from_organisation.slug},
    )
    requester = request.requested_by
    recipients = (
        [requester]
        if requester and requester.is_active
        else organisation_admins([request.from_organisation_id])
    )
    for user in recipients:
        queue_email(
            to=user,
            template="support_contact_shared" if share else "support_contact_declined",
            context={
                "request": request,
                "organisation": request.to_organisation,
                "answered_by": actor,
                "link": site_url("support:contact_requests"),
            },
            kind="support.contact_answered",
            dedupe_key=f"contact-answered:{request.pk}:{user.pk}",
        )


@transaction.atomic
def withdraw_contact_request(request: ContactRequest, *, actor) -> None:
    if request.from_organisation_id not in access.organisation_ids(actor):
        raise SupportError(_("Only people of the asking organisation can withdraw the request."))
    changed = ContactRequest.objects.filter(
        pk=request.pk, status=ContactRequest.Status.OPEN
    ).update(status=ContactRequest.Status.WITHDRAWN, answered_at=timezone.now())
    if not changed:
        raise SupportError(_("This request has already been answered or withdrawn."))
    request.refresh_from_db()
    log_action(
        "pact.contact_request.withdrawn", request, actor, {"to": request.to_organisation.slug}
    )
