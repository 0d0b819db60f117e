"""Publication: approving a declaration and everything that follows from it, in one place.

``approve`` publishes the version (the previous one superseded, still readable), makes its
commitments current with their monitoring history, activates the partnership, requests the PDF
and tells the coordinator and signatories; ``request_pdf`` records the published PDF to render."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import Commitment, ProgressReport, Target
from members.models import DuplicateFlag
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from partnerships.declarations.common import (
    DeclarationError,
    follow_partnership_status,
    notify_admins,
    refresh_search,
)
from partnerships.declarations.review import coordinator_ids, decide, require_reviewer
from partnerships.models import (
    DeclarationPdf,
    DeclarationStatus,
    DeclarationTranslation,
    DeclarationVersion,
    Partnership,
    Signature,
    SignatureStatus,
)

log = logging.getLogger(__name__)
S = DeclarationStatus


def _carry_monitoring_over(old: DeclarationVersion, new: DeclarationVersion) -> int:
    """Move progress reports from the old version's targets to the new targets with the same uid."""
    new_targets = dict(
        Target.objects.filter(commitment__declaration_version=new).values_list("uid", "pk")
    )
    moved = 0
    for old_pk, uid in Target.objects.filter(commitment__declaration_version=old).values_list(
        "pk", "uid"
    ):
        if uid in new_targets:
            moved += ProgressReport.objects.filter(target_id=old_pk).update(
                target_id=new_targets[uid]
            )
    return moved


@transaction.atomic
def approve(
    version: DeclarationVersion, *, actor, note: str = "", sign_in: Assurance | None = None
) -> DeclarationVersion:
    """Publish: the version is approved, the previous approved one superseded (still readable),
    its commitments become the current ones with their monitoring history, the partnership is
    active, and a PDF is requested in the same transaction. Reviewers only (multi-factor).
    A first publication waits while a possible duplicate of the partnership is open
    (members.duplicates); a public partnership of the same name refuses it."""
    require_reviewer(actor, sign_in)
    locked = Partnership.objects.select_for_update().filter(pk=version.partnership_id).first()
    if (
        locked is not None
        and not locked.is_public
        and DuplicateFlag.objects.open().filter(partnership=locked).exists()
    ):
        raise DeclarationError(
            _(
                "A possible duplicate is waiting for staff: resolve it (not a duplicate, or "
                "merge) before approving or publishing."
            )
        )
    previous = list(
        DeclarationVersion.objects.filter(partnership_id=version.partnership_id, status=S.APPROVED)
    )
    version = decide(version, S.APPROVED, note.strip(), actor)
    moved = 0
    for old in previous:
        DeclarationVersion.objects.filter(pk=old.pk).update(status=S.SUPERSEDED)
        Commitment.objects.filter(declaration_version=old).update(is_current=False)
        moved += _carry_monitoring_over(old, version)
        log_action(
            "pact.declaration.superseded", old, actor, {"number": old.number, "by": version.number}
        )
    Commitment.objects.filter(declaration_version=version).update(is_current=True)
    log_action(
        "pact.declaration.approved",
        version,
        actor,
        {
            "number": version.number,
            "content_hash": version.content_hash,
            "reports_moved": moved,
            **({"note": note} if note else {}),
        },
    )
    partnership = version.partnership
    try:
        with transaction.atomic():
            follow_partnership_status(partnership, S.APPROVED, actor)
    except IntegrityError:  # the public-name index: a public partnership has this name
        raise DeclarationError(_("A partnership with this name already exists.")) from None
    if partnership.launched_on is None:
        Partnership.objects.filter(pk=partnership.pk).update(launched_on=timezone.localdate())
    request_pdf(version, actor=actor)
    refresh_search(partnership)
    signatory_ids = list(
        Signature.objects.filter(version=version, status=SignatureStatus.SIGNED).values_list(
            "organisation_id", flat=True
        )
    )
    notify_admins(
        sorted({*coordinator_ids(partnership), *signatory_ids}),
        "declarations_approved",
        {
            "partnership": partnership,
            "version": version,
            "url": settings.SITE_URL + reverse("partnerships:detail", args=[partnership.slug]),
        },
        kind="declaration.approved",
        key=f"declaration-approved:{version.pk}",
    )
    return version


# --- PDF -----------------------------------------------------------------------------------------


def request_pdf(
    version: DeclarationVersion, *, actor=None, translation: DeclarationTranslation | None = None
) -> DeclarationPdf:
    """Record that the published version (or one of its translations) needs its PDF; a task
    renders it after commit.

    Keyed by the content hash (the translation's own for a translation), so asking twice yields
    one row and one file. A failed rendering, or a ready one whose file was lost from storage,
    asked again goes back to pending.
    """
    if not version.is_published:
        raise DeclarationError(_("Only an approved declaration is published as a PDF."))
    content_hash = translation.content_hash if translation else version.content_hash
    key = {"version": version, "content_hash": content_hash, "draft": False}
    with transaction.atomic():
        try:
            pdf, created = DeclarationPdf.objects.get_or_create(
                **key, defaults={"translation": translation}
            )
        except IntegrityError:
            pdf, created = DeclarationPdf.objects.get(**key), False
        file_lost = (
            pdf.status == DeclarationPdf.Status.READY
            and bool(pdf.file)
            and not pdf.file.storage.exists(pdf.file.name or "")
        )
        if not created and (pdf.status == DeclarationPdf.Status.FAILED or file_lost):
            DeclarationPdf.objects.filter(pk=pdf.pk).update(
                status=DeclarationPdf.Status.PENDING, claimed_at=None, progress=0, last_error=""
            )
            pdf.refresh_from_db()
            created = True
        if created:
            data = {"number": version.number, "content_hash": content_hash}
            if translation is not None:
                data["language"] = translation.language
            log_action(
                "pact.declaration_pdf.requested",
                pdf,
                actor,
                data,
                partnership_id=version.partnership_id,
            )
            enqueue_pdf(pdf.pk)
    return pdf


def request_preview(version: DeclarationVersion, *, actor=None) -> DeclarationPdf:
    """Record that a version not published needs its watermarked preview; the worker renders it
    like a published PDF (with progress), never the web process.

    Keyed by the content hash: asking again for unchanged text reuses the preview (a failed one, or
    one whose file was lost, goes back to pending); previews of earlier texts of the version go.
    """
    from partnerships.declarations.drafting import compute_content_hash

    if version.is_published:
        raise ValueError("a published version has its PDF: request_pdf")
    content_hash = version.content_hash or compute_content_hash(version)
    with transaction.atomic():
        for old in DeclarationPdf.objects.filter(version=version, draft=True).exclude(
            content_hash=content_hash
        ):
            if old.file and old.file.storage.exists(old.file.name or ""):
                old.file.storage.delete(old.file.name or "")
            old.delete()
        pdf, created = DeclarationPdf.objects.get_or_create(
            version=version, content_hash=content_hash, draft=True
        )
        file_lost = pdf.status == DeclarationPdf.Status.READY and not (
            pdf.file and pdf.file.storage.exists(pdf.file.name or "")
        )
        if not created and (pdf.status == DeclarationPdf.Status.FAILED or file_lost):
            DeclarationPdf.objects.filter(pk=pdf.pk).update(
                status=DeclarationPdf.Status.PENDING, claimed_at=None, progress=0, last_error=""
            )
            pdf.refresh_from_db()
            created = True
        if created:
            enqueue_pdf(pdf.pk)
    return pdf


def enqueue_pdf(pk: int) -> None:
    from partnerships.tasks import render_pdf

    def _enqueue() -> None:
        try:
            render_pdf.delay(pk)
        except Exception:
            # The row stays pending: the sweeper enqueues it again once the broker is back.
            log.warning("Broker unavailable; declaration PDF %s stays pending", pk)

    transaction.on_commit(_enqueue)
