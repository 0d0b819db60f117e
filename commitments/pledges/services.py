"""Individual pledges: an organisation's own commitments with measurable targets, created and
edited by its people, reviewed by staff before they become public. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commitments.models import (
    Commitment,
    Indicator,
    PledgeReview,
    Target,
)
from commitments.reporting.services import EditConflict, NotEditable, ReportingError
from members.common import absolute_url, people_of
from pact import access
from pact.access import Perm
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email

# --- pledges --------------------------------------------------------------------------------------------


@dataclass
class TargetInput:
    indicator: Indicator
    target_value: Decimal
    target_date: date
    baseline: Decimal = Decimal(0)
    description: str = ""
    pk: int | None = None
    delete: bool = False


def _apply_targets(commitment: Commitment, targets: list[TargetInput]) -> None:
    existing = {t.pk: t for t in commitment.targets.all()}
    position = 0
    for row in targets:
        target = existing.get(row.pk) if row.pk else None
        if row.delete:
            if target is not None:
                if target.reports.exists():
                    raise ReportingError(
                        _("A target with progress reports cannot be removed."),
                        {"targets": [_("A target with progress reports cannot be removed.")]},
                    )
                target.delete()
            continue
        if target is None:
            target = Target(commitment=commitment)
        elif target.indicator_id != row.indicator.pk and target.reports.exists():
            raise ReportingError(
                _("The indicator of a target with progress reports cannot change."),
                {"targets": [_("The indicator of a target with progress reports cannot change.")]},
            )
        target.indicator = row.indicator
        target.unit = row.indicator.unit
        target.baseline = row.baseline
        target.target_value = row.target_value
        target.target_date = row.target_date
        target.description = row.description
        target.position = position
        position += 1
        target.save()
    if position == 0:
        raise ReportingError(
            _("A pledge needs at least one measurable target."),
            {"targets": [_("A pledge needs at least one measurable target.")]},
        )


@transaction.atomic
def create_pledge(
    *, organisation, actor, title: str, description: str, targets: list[TargetInput]
) -> Commitment:
    """An organisation's individual pledge: current at once, so it is reported on in the next cycle,
    and public once staff approve it."""
    _require_acting(organisation)
    pledge = Commitment.objects.create(
        organisation=organisation,
        title=title,
        description=description,
        is_current=True,
        review=PledgeReview.PENDING,
        position=Commitment.objects.filter(organisation=organisation).count(),
    )
    _apply_targets(pledge, targets)
    log_action(
        "pact.pledge.created",
        pledge,
        actor,
        {"title": title, "targets": len([t for t in targets if not t.delete])},
    )
    return pledge


@transaction.atomic
def update_pledge(
    pledge: Commitment,
    *,
    actor,
    lock_version: int,
    title: str,
    description: str,
    targets: list[TargetInput],
) -> Commitment:
    """Change a pledge; a changed pledge waits for staff's review again before it is public."""
    locked = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=pledge.pk)
    )
    _require_acting(locked.organisation)
    if locked.lock_version != lock_version:
        raise EditConflict(
            str(
                gettext_lazy(
                    "Someone else changed this pledge while you were editing it. Nothing was "
                    "saved: your text is kept below. Check the current version, then save again."
                )
            )
        )
    locked.title = title
    locked.description = description
    locked.lock_version += 1
    locked.updated_at = timezone.now()
    locked.review = PledgeReview.PENDING
    locked.save()
    _apply_targets(locked, targets)
    log_action("pact.pledge.updated", locked, actor, {"title": title})
    return locked


def _require_acting(organisation) -> None:
    refusal = access.lifecycle.not_acting_reason(organisation)
    if refusal:
        raise NotEditable(refusal)


# --- review by staff --------------------------------------------------------------------------------


@transaction.atomic
def review_pledge(
    pledge: Commitment,
    *,
    actor,
    approve: bool,
    note: str = "",
    lock_version: int,
    sign_in: Assurance | None = None,
) -> Commitment:
    """Staff approve a pledge (it becomes public, on the organisation's profile too) or do not
    accept it, with a note the organisation reads.

    Guarantees: only a reviewer or staff administrator with a second factor (``Refused``); only
    the version staff read (``lock_version``), so a pledge changed meanwhile is reviewed again; a
    refusal says why. Audited; the organisation's people are mailed the decision (sent after
    commit, through the outbox)."""
    access.lifecycle.require(access.lifecycle.may_review_pledges(actor, sign_in), Perm.STAFF_REVIEW)
    locked = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=pledge.pk, partnership__isnull=True)
    )
    if locked.lock_version != lock_version:
        raise EditConflict(
            _("The organisation changed this pledge while you were reading it. Review it again.")
        )
    note = note.strip()
    if not approve and not note:
        raise ReportingError(_("Say why the pledge is not accepted."), {"note": [_("Say why.")]})
    locked.review = PledgeReview.APPROVED if approve else PledgeReview.REJECTED
    locked.review_note = note
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = actor
    locked.save(update_fields=["review", "review_note", "reviewed_at", "reviewed_by"])
    entry = log_action(
        "pact.pledge.approved" if approve else "pact.pledge.rejected",
        locked,
        actor,
        {"title": locked.title, **({"note": note} if note else {})},
    )
    _tell_decision(locked, approve=approve, note=note, decision=entry.pk)
    return locked


def _tell_decision(pledge: Commitment, *, approve: bool, note: str, decision: int) -> None:
    """Mail the decision to the organisation's people (admins and contributors: both write its
    pledges), as membership decisions are told, each in their own language; to its main contact
    when nobody acts for it any more. Once per decision (``decision``: its audit entry)."""
    organisation = pledge.organisation
    if organisation is None:  # a pledge without a partnership has one (commitment_has_owner)
        return
    kind = f"commitments.pledge_{'approved' if approve else 'rejected'}"
    pledges_url = absolute_url(reverse("commitments:pledges"))
    context = {
        "pledge": pledge,
        "organisation": organisation,
        "note": note,
        "link": pledges_url,  # the notification centre's entry leads there too
        "pledges_url": pledges_url,
        "edit_url": absolute_url(
            reverse("commitments:pledge_edit", args=[organisation.slug, pledge.pk])
        ),
        "profile_url": absolute_url(reverse("members:profile", args=[organisation.slug])),
    }
    template = "pledges_approved" if approve else "pledges_rejected"
    people = people_of(organisation)
    for person in people:
        queue_email(
            to=person,
            template=template,
            context=context,
            kind=kind,
            dedupe_key=f"{kind}.{decision}.{person.pk}",
        )
    if not people and organisation.contact_email:
        queue_email(
            to=organisation.contact_email,
            template=template,
            context=context,
            kind=kind,
            dedupe_key=f"{kind}.{decision}.contact",
            language=organisation.preferred_language or None,
        )
