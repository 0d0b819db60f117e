"""Writes for expressions of interest: submitting, editing, withdrawing, and the triage by support
services (asking for information, declining, accepting, which creates the partnership).

Every operation checks its own preconditions (so the views and any later API share them), the
proposed area among them (``partnerships.rules``: the form only parses), moves
state by compare-and-set so two people acting at once cannot both win, writes an audit row and
queues its mails after commit.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation, OrganisationStatus
from pact import access
from pact.access import Perm
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email
from pact.models import User
from pact.support.common import (
    SupportError,
    concurrent_edit_error,
    organisation_admins,
    site_url,
    support_staff,
)
from pact.support.models import (
    EoiEvent,
    EoiStatus,
    ExpressionOfInterest,
    ProposedPartner,
)
from partnerships import rules
from partnerships.common import PartnershipError
from partnerships.declarations import drafting
from partnerships.models import Partnership, PartnershipKind
from partnerships.workspace import invitations, setup

EOI_FIELDS = (
    "proposed_name",
    "shape",
    "countries",
    "ecosystem",
    "challenges",
    "intended_commitments",
)


def _check_area(shape: str, countries: Sequence[str], regions: Sequence) -> None:
    """Refuse a proposed area that breaks the rules of a Regional Skills Partnership."""
    problems = rules.regional_proposal_problems(shape, list(countries), list(regions))
    if problems:
        field, message = problems[0]
        raise SupportError(message, field=field, problems=problems)


def _require_lead_admin(actor, organisation: Organisation) -> None:
    if not access.can(actor, Perm.ORG_CHANGE, organisation):
        raise SupportError(
            _("Only an administrator of %(org)s can propose a partnership on its behalf.")
            % {"org": organisation},
            field="lead_organisation",
        )
    if not organisation.is_active:
        raise SupportError(
            _("%(org)s is not an active Pact member yet: its application must be approved first.")
            % {"org": organisation},
            field="lead_organisation",
        )


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise SupportError(_("Give the partnership a name."), field="proposed_name")
    if Partnership.objects.public().filter(name__iexact=name).exists():  # a draft's: flagged
        raise SupportError(
            _("A partnership with this name already exists: choose another name."),
            field="proposed_name",
        )
    return name


def _set_partners(
    eoi: ExpressionOfInterest,
    organisations: Sequence[Organisation],
    others: Sequence[tuple[str, str]],
) -> None:
    eoi.partners.all().delete()
    ProposedPartner.objects.bulk_create(
        [
            ProposedPartner(eoi=eoi, organisation=o)
            for o in organisations
            if o.pk != eoi.lead_organisation_id
        ]
        + [ProposedPartner(eoi=eoi, name=name, email=email) for name, email in others]
    )


def _mail_proposer(eoi: ExpressionOfInterest, template: str, kind: str, key: str, **context):
    recipients = [eoi.proposer] if eoi.proposer and eoi.proposer.is_active else []
    recipients = recipients or organisation_admins([eoi.lead_organisation_id])
    for user in recipients:
        queue_email(
            to=user,
            template=template,
            context={
                "eoi": eoi,
                "link": site_url("support:eoi_detail", eoi.pk),
                **context,
            },
            kind=kind,
            dedupe_key=f"{key}:{user.pk}",
        )


def _mail_support(eoi: ExpressionOfInterest, template: str, key: str) -> None:
    for user in support_staff():
        queue_email(
            to=user,
            template=template,
            context={"eoi": eoi, "link": site_url("support:eoi_detail", eoi.pk)},
            kind="support.eoi_submitted",
            dedupe_key=f"{key}:{user.pk}",
        )


@transaction.atomic
def submit_eoi(
    *,
    actor,
    lead_organisation: Organisation,
    data: dict,
    regions=(),
    partners: Sequence[Organisation] = (),
    others: Sequence[tuple[str, str]] = (),
) -> ExpressionOfInterest:
    """Record a proposal for a new Regional Skills Partnership and tell support services.

    The actor must administer the lead organisation, an active member; the proposed name must not
    be taken by an existing partnership; the area must keep the regional rules.
    """
    _require_lead_admin(actor, lead_organisation)
    fields = {key: data[key] for key in EOI_FIELDS if key in data}
    _check_area(fields.get("shape") or "", fields.get("countries") or [], regions)
    fields["proposed_name"] = _check_name(data.get("proposed_name", ""))
    now = timezone.now()
    eoi = ExpressionOfInterest.objects.create(
        lead_organisation=lead_organisation,
        proposer=actor,
        created_at=now,
        submitted_at=now,
        **fields,
    )
    eoi.regions.set(list(regions))
    _set_partners(eoi, partners, others)
    EoiEvent.objects.create(eoi=eoi, kind=EoiEvent.Kind.SUBMITTED, author=actor)
    log_action(
        "pact.eoi.submitted",
        eoi,
        actor,
        {
            "name": eoi.proposed_name,
            "lead": lead_organisation.slug,
            "partners": eoi.partners.count(),
        },
    )
    _mail_support(eoi, "support_eoi_submitted", f"eoi-submitted:{eoi.pk}")
    _mail_proposer(eoi, "support_eoi_received", "support.eoi", f"eoi-received:{eoi.pk}")
    return eoi


@transaction.atomic
def update_eoi(
    eoi: ExpressionOfInterest,
    *,
    actor,
    data: dict,
    regions=(),
    partners: Sequence[Organisation] = (),
    others: Sequence[tuple[str, str]] = (),
    lock_version: int,
    note: str = "",
) -> ExpressionOfInterest:
    """Change an open proposal. When support services asked for more information, saving sends it
    back to them (resubmitted); a save based on an outdated ``lock_version`` is refused."""
    if not access.can_edit_eoi(actor, eoi):
        raise SupportError(_("This expression of interest can no longer be changed."))
    fields = {key: data[key] for key in EOI_FIELDS if key in data}
    _check_area(
        fields.get("shape", eoi.shape) or "", fields.get("countries", eoi.countries) or [], regions
    )
    name = data.get("proposed_name", eoi.proposed_name)
    if name.strip().lower() != eoi.proposed_name.lower():
        fields["proposed_name"] = _check_name(name)
    resubmitting = eoi.status == EoiStatus.INFO_REQUESTED
    if resubmitting:
        fields.update(status=EoiStatus.SUBMITTED, submitted_at=timezone.now())
    changed = ExpressionOfInterest.objects.filter(
        pk=eoi.pk,
        lock_version=lock_version,
        status__in=[EoiStatus.SUBMITTED, EoiStatus.INFO_REQUESTED],
    ).update(lock_version=F("lock_version") + 1, **fields)
    if not changed:
        raise concurrent_edit_error(_("expression of interest"))
    eoi.refresh_from_db()
    eoi.regions.set(list(regions))
    _set_partners(eoi, partners, others)
    if resubmitting:
        event = EoiEvent.objects.create(
            eoi=eoi, kind=EoiEvent.Kind.RESUBMITTED, author=actor, comment=note.strip()
        )
        log_action("pact.eoi.resubmitted", eoi, actor, {"lock_version": eoi.lock_version})
        _mail_support(eoi, "support_eoi_resubmitted", f"eoi-resubmitted:{event.pk}")
    else:
        log_action(
            "pact.eoi.updated",
            eoi,
            actor,
            {"fields": sorted(fields), "lock_version": eoi.lock_version},
        )
    return eoi


def _require_support(actor) -> None:
    if not access.can(actor, Perm.STAFF_SUPPORT):
        raise SupportError(_("Only support services decide on expressions of interest."))


def _claim(eoi: ExpressionOfInterest, status: str, actor, *, from_statuses: Sequence[str]) -> None:
    """Compare-and-set: only one decision on an open proposal counts."""
    now = timezone.now()
    changed = ExpressionOfInterest.objects.filter(pk=eoi.pk, status__in=list(from_statuses)).update(
        status=status, decided_at=now, decided_by=actor, lock_version=F("lock_version") + 1
    )
    if not changed:
        raise SupportError(_("This expression of interest has already been decided or withdrawn."))
    eoi.refresh_from_db()


@transaction.atomic
def request_information(eoi: ExpressionOfInterest, *, actor, comment: str) -> None:
    """Support services ask the proposer for more: they edit the proposal and resubmit it."""
    _require_support(actor)
    comment = comment.strip()
    if not comment:
        raise SupportError(_("Say what information is missing."), field="comment")
    _claim(eoi, EoiStatus.INFO_REQUESTED, actor, from_statuses=[EoiStatus.SUBMITTED])
    event = EoiEvent.objects.create(
        eoi=eoi, kind=EoiEvent.Kind.INFO_REQUESTED, author=actor, comment=comment
    )
    log_action("pact.eoi.info_requested", eoi, actor, {"comment": comment})
    _mail_proposer(
        eoi,
        "support_eoi_info_requested",
        "support.eoi",
        f"eoi-info:{event.pk}",
        comment=comment,
        edit_link=site_url("support:eoi_edit", eoi.pk),
    )


@transaction.atomic
def decline_eoi(eoi: ExpressionOfInterest, *, actor, comment: str) -> None:
    _require_support(actor)
    comment = comment.strip()
    if not comment:
        raise SupportError(_("Give the reason for declining."), field="comment")
    _claim(
        eoi,
        EoiStatus.DECLINED,
        actor,
        from_statuses=[EoiStatus.SUBMITTED, EoiStatus.INFO_REQUESTED],
    )
    EoiEvent.objects.create(eoi=eoi, kind=EoiEvent.Kind.DECLINED, author=actor, comment=comment)
    log_action("pact.eoi.declined", eoi, actor, {"comment": comment})
    _mail_proposer(
        eoi, "support_eoi_declined", "support.eoi", f"eoi-declined:{eoi.pk}", comment=comment
    )


def _acting_admin(eoi: ExpressionOfInterest) -> User:
    """Who sets up the partnership on the lead organisation's behalf: the proposer while they
    still administer it, otherwise another of its administrators."""
    lead = eoi.lead_organisation
    if eoi.proposer and eoi.proposer.is_active and access.can(eoi.proposer, Perm.ORG_CHANGE, lead):
        return eoi.proposer
    admins = organisation_admins([lead.pk])
    if not admins:
        raise SupportError(
            _("%(org)s has no administrator any more: nobody can coordinate the partnership.")
            % {"org": lead}
        )
    return admins[0]


@transaction.atomic
def accept_eoi(eoi: ExpressionOfInterest, *, actor, comment: str = "") -> Partnership:
    """Turn the proposal into a draft Regional Skills Partnership coordinated by the lead
    organisation, with its partners invited (members through the portal, others by email).

    The partnership is created with the partnerships' own services, so it has the same rules,
    audit rows and mails as one set up by hand; the proposal keeps a link to it.
    """
    _require_support(actor)
    eoi = ExpressionOfInterest.objects.select_for_update().get(pk=eoi.pk)
    if not eoi.is_open:
        raise SupportError(_("This expression of interest has already been decided or withdrawn."))
    lead = eoi.lead_organisation
    if lead.status != OrganisationStatus.ACTIVE:
        raise SupportError(
            _("%(org)s is no longer an active Pact member: it cannot coordinate.") % {"org": lead}
        )
    acting = _acting_admin(eoi)
    try:
        partnership = setup.create_partnership(
            organisation=lead,
            actor=actor,
            on_behalf_of=acting,
            data={
                "name": eoi.proposed_name,
                "kind": PartnershipKind.REGIONAL,
                "shape": eoi.shape,
                "countries": list(eoi.countries),
                "ecosystem": eoi.ecosystem,
                "summary": eoi.challenges,
            },
            regions=list(eoi.regions.all()),
        )
    except PartnershipError as error:
        raise SupportError(error.message) from None
    # What the proposal says reaches the declaration, so the coordinator does not type it again.
    drafting.start_from_proposal(
        partnership,
        challenges=eoi.challenges,
        intended_commitments=eoi.intended_commitments,
        actor=actor,
    )
    message = _(
        "Proposed as a partner in the expression of interest for “%(name)s”, accepted by the Pact "
        "support services."
    ) % {"name": eoi.proposed_name}
    invited, skipped = [], []
    for partner in eoi.partners.select_related("organisation"):
        try:
            with transaction.atomic():
                if partner.organisation is not None:
                    invitations.invite_organisation(
                        partnership,
                        partner.organisation,
                        actor=acting,
                        message=message,
                        limited=False,  # the portal's own invitations (DESIGN.md §9)
                    )
                else:
                    invitations.invite_by_email(
                        partnership, partner.email, actor=acting, message=message, limited=False
                    )
        except PartnershipError as error:
            skipped.append(f"{partner}: {error.message}")
        else:
            invited.append(str(partner))
    _claim(
        eoi,
        EoiStatus.ACCEPTED,
        actor,
        from_statuses=[EoiStatus.SUBMITTED, EoiStatus.INFO_REQUESTED],
    )
    ExpressionOfInterest.objects.filter(pk=eoi.pk).update(partnership=partnership)
    eoi.partnership = partnership
    note = comment.strip()
    if skipped:
        note = "\n".join(
            [note, _("Not invited:"), *skipped] if note else [_("Not invited:"), *skipped]
        )
    EoiEvent.objects.create(eoi=eoi, kind=EoiEvent.Kind.ACCEPTED, author=actor, comment=note)
    log_action(
        "pact.eoi.accepted",
        eoi,
        actor,
        {"partnership": partnership.slug, "invited": invited, "not_invited": skipped},
        partnership_id=partnership.pk,
    )
    _mail_proposer(
        eoi,
        "support_eoi_accepted",
        "support.eoi",
        f"eoi-accepted:{eoi.pk}",
        comment=comment.strip(),
        partnership=partnership,
        workspace_link=site_url("partnerships:workspace", partnership.slug),
    )
    return partnership


@transaction.atomic
def withdraw_eoi(eoi: ExpressionOfInterest, *, actor) -> None:
    if not access.can_edit_eoi(actor, eoi):
        raise SupportError(_("This expression of interest can no longer be withdrawn."))
    changed = ExpressionOfInterest.objects.filter(
        pk=eoi.pk, status__in=[EoiStatus.SUBMITTED, EoiStatus.INFO_REQUESTED]
    ).update(status=EoiStatus.WITHDRAWN, lock_version=F("lock_version") + 1)
    if not changed:
        raise SupportError(_("This expression of interest has already been decided or withdrawn."))
    eoi.refresh_from_db()
    EoiEvent.objects.create(eoi=eoi, kind=EoiEvent.Kind.WITHDRAWN, author=actor)
    log_action("pact.eoi.withdrawn", eoi, actor, {})
