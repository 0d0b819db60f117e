"""Signatures: requesting them from the member organisations, reminding, withdrawing a request,
and an organisation's admin signing or declining. A signature holds only for the exact text it
was given for (the content hash)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from pact.kernel.outbox import limits
from pact.kernel.outbox.queue import queue_email
from partnerships.declarations.common import (
    DeclarationError,
    NotEditable,
    StaleRead,
    actor_or_none,
    admins_of,
    coordinator_organisation,
    notify_admins,
    partnership_url,
    require_coordinator,
)
from partnerships.declarations.drafting import partnership_organisation_ids
from partnerships.models import (
    DeclarationStatus,
    DeclarationVersion,
    Signature,
    SignatureStatus,
)

S = DeclarationStatus


def _signature_context(version: DeclarationVersion, signature: Signature) -> dict:
    sign_url = partnership_url("declaration_sign", version.partnership.slug, signature.pk)
    return {
        "partnership": version.partnership,
        "version": version,
        "organisation": signature.organisation,
        "sign_url": sign_url,
        "link": sign_url,  # the notification centre's entry leads there too
    }


def _send_signature_requests(version: DeclarationVersion, signatures: Iterable[Signature]) -> int:
    sent = 0
    now = timezone.now()
    for signature in signatures:
        for user in admins_of([signature.organisation_id]):
            queue_email(
                to=user,
                template="declarations_signature_requested",
                context=_signature_context(version, signature),
                kind="declaration.signature_requested",
                dedupe_key=(
                    f"declaration-sign:{signature.pk}:{version.content_hash}:"
                    f"{signature.rerequested_at and signature.rerequested_at.timestamp()}:{user.pk}"
                ),
            )
            sent += 1
        Signature.objects.filter(pk=signature.pk).update(notified_at=now, requested_at=now)
    return sent


def notify_asked_again(version: DeclarationVersion, signature_ids: list[int]) -> int:
    """The text changed after these organisations answered: ask their administrators again now."""
    signatures = Signature.objects.filter(pk__in=signature_ids).select_related("organisation")
    return _send_signature_requests(version, signatures)


@transaction.atomic
def request_signatures(
    version: DeclarationVersion,
    organisations: Iterable[Organisation],
    *,
    actor,
    sign_in: Assurance | None = None,
) -> list[Signature]:
    """Ask member organisations to sign the draft; their administrators get an email. The
    coordinator's."""
    require_coordinator(version.partnership, actor, sign_in)
    if version.status != S.DRAFT:
        raise NotEditable(_("Signatures are collected on the draft, before it is submitted."))
    members = partnership_organisation_ids(version.partnership_id)
    created: list[Signature] = []
    for organisation in organisations:
        if organisation.pk not in members:
            raise DeclarationError(
                _("%(name)s is not a member of this partnership.") % {"name": organisation.name}
            )
        signature, was_created = Signature.objects.get_or_create(
            version=version,
            organisation=organisation,
            defaults={"requested_by": actor_or_none(actor), "status": SignatureStatus.REQUESTED},
        )
        if was_created:
            created.append(signature)
            log_action(
                "pact.declaration.signature_requested",
                version,
                actor,
                {"organisation": organisation.name, "organisation_id": organisation.pk},
            )
    _send_signature_requests(version, created)
    return created


@transaction.atomic
def send_pending_requests(
    version: DeclarationVersion, *, actor, sign_in: Assurance | None = None
) -> int:
    """Email again the organisations whose answer is still awaited (after an edit, say). Each
    press that sends something counts against the limits of mail sent to others (``limits``)."""
    require_coordinator(version.partnership, actor, sign_in)
    if version.status != S.DRAFT:
        raise NotEditable(_("Signatures are collected on the draft, before it is submitted."))
    pending = list(
        Signature.objects.filter(
            version=version, status=SignatureStatus.REQUESTED, notified_at=None
        ).select_related("organisation")
    )
    if pending:
        try:
            limits.take(actor, group=f"partnership:{version.partnership_id}")
        except limits.SendLimitReached as exc:
            raise DeclarationError(exc.message) from None
    for signature in pending:
        log_action(
            "pact.declaration.signature_requested",
            version,
            actor,
            {"organisation": signature.organisation.name, "again": True},
        )
    _send_signature_requests(version, pending)
    return len(pending)


@transaction.atomic
def withdraw_signature_request(
    signature: Signature, *, actor, sign_in: Assurance | None = None
) -> None:
    version = signature.version
    require_coordinator(version.partnership, actor, sign_in)
    if version.status != S.DRAFT:
        raise NotEditable(_("Signatures are collected on the draft, before it is submitted."))
    name = signature.organisation.name
    signature.delete()
    log_action("pact.declaration.signature_withdrawn", version, actor, {"organisation": name})


@transaction.atomic
def answer_signature(
    signature: Signature,
    *,
    sign: bool,
    comment: str,
    content_hash_read: str,
    actor,
    sign_in: Assurance | None = None,
    signer_role: str = "",
) -> Signature:
    """An organisation administrator signs or declines the text they read (``content_hash_read``).

    The signer's name and ``signer_role`` are kept with the signature: once the version is
    published they are part of it and stay after the person is erased (the signing page says so)."""
    signature = (
        Signature.objects.select_for_update()
        .select_related("version__partnership", "organisation")
        .get(pk=signature.pk)
    )
    version = signature.version
    if not access.can(actor, Perm.ORG_SIGN, signature.organisation, sign_in=sign_in):
        raise DeclarationError(_("Only an administrator of the organisation can answer."))
    refusal = access.lifecycle.not_acting_reason(signature.organisation)
    if refusal:
        raise DeclarationError(refusal)
    if version.status != S.DRAFT:
        raise NotEditable(_("This version was submitted; signatures can no longer change."))
    if content_hash_read != version.content_hash:
        raise StaleRead(
            _(
                "The declaration changed while you were reading it. Read the new text below, "
                "then sign or decline again."
            )
        )
    comment = comment.strip()
    if not sign and not comment:
        raise DeclarationError(_("Say in a comment why your organisation declines."))
    signature.status = SignatureStatus.SIGNED if sign else SignatureStatus.DECLINED
    signature.comment = comment
    signature.answered_at = timezone.now()
    signature.answered_by = actor
    # The name the published declaration shows (DESIGN.md §9), kept even if the person is erased.
    signature.signer_name = actor.display_name
    signature.signer_role = signer_role.strip()[:200] if sign else ""
    signature.signed_content_hash = version.content_hash
    signature.rerequested_at = None
    signature.save()
    log_action(
        "pact.declaration.signed" if sign else "pact.declaration.declined",
        version,
        actor,
        {
            "organisation": signature.organisation.name,
            "organisation_id": signature.organisation_id,
            "content_hash": version.content_hash,
            "number": version.number,
            **({"comment": comment} if comment else {}),
        },
    )
    coordinator = coordinator_organisation(version.partnership)
    if coordinator and coordinator.pk != signature.organisation_id:
        notify_admins(
            [coordinator.pk],
            "declarations_signature_answered",
            {
                "partnership": version.partnership,
                "version": version,
                "signature": signature,
                "organisation": signature.organisation,
                "url": partnership_url("declaration", version.partnership.slug),
            },
            kind="declaration.signature_answered",
            key=f"declaration-answer:{signature.pk}:{signature.status}:{version.content_hash}",
        )
    return signature


def valid_signature(signature: Signature, version: DeclarationVersion) -> bool:
    return (
        signature.status == SignatureStatus.SIGNED
        and signature.signed_content_hash == version.content_hash
    )
