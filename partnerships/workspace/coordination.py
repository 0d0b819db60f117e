"""The next coordinator: when a coordinating organisation leaves its partnership, is suspended,
withdraws or is merged, the partnership opens a vacancy (a task on the staff home) and staff appoint
the next coordinator among its active members. Every step is audited; appointments are mailed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from partnerships.common import (
    PartnershipError,
    absolute_url,
    lock_partnership,
    notify_organisations,
    refresh_search_vector,
    sync_members,
)
from partnerships.models import (
    CoordinatorVacancy,
    Partnership,
    PartnershipMembership,
    PartnershipRole,
    VacancyReason,
)


def open_vacancy(
    partnership: Partnership, *, reason: str, previous: Organisation | None, actor
) -> CoordinatorVacancy:
    """Ask staff to appoint the partnership's next coordinator. One open vacancy per partnership:
    asking again returns the open one. Runs inside the caller's transaction."""
    existing = CoordinatorVacancy.objects.filter(
        partnership=partnership, closed_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    vacancy = CoordinatorVacancy.objects.create(
        partnership=partnership, reason=reason, previous=previous
    )
    log_action(
        "pact.partnership.coordinator_vacancy_opened",
        partnership,
        actor,
        {"reason": reason, "previous": previous.slug if previous else None},
    )
    return vacancy


def open_vacancies_for(organisation: Organisation, *, reason: str, actor) -> list[int]:
    """Open a vacancy in every partnership the organisation coordinates; returns their keys."""
    opened = []
    memberships = PartnershipMembership.objects.filter(
        organisation=organisation, role=PartnershipRole.COORDINATOR
    ).select_related("partnership")
    for membership in memberships:
        open_vacancy(membership.partnership, reason=reason, previous=organisation, actor=actor)
        opened.append(membership.partnership_id)
    return opened


def close_on_reinstatement(organisation: Organisation, *, actor) -> int:
    """The organisation is active again: the vacancies its suspension or withdrawal opened, in
    partnerships it still coordinates, close without an appointment. Returns how many closed."""
    closed = 0
    vacancies = CoordinatorVacancy.objects.select_for_update().filter(
        previous=organisation,
        closed_at__isnull=True,
        reason__in=[VacancyReason.SUSPENDED, VacancyReason.WITHDRAWN],
        partnership__memberships__organisation=organisation,
        partnership__memberships__role=PartnershipRole.COORDINATOR,
    )
    for vacancy in vacancies:
        vacancy.closed_at = timezone.now()
        vacancy.closed_by = actor
        vacancy.appointed = organisation
        vacancy.save(update_fields=["closed_at", "closed_by", "appointed"])
        log_action(
            "pact.partnership.coordinator_reinstated",
            vacancy.partnership,
            actor,
            {"organisation": organisation.slug, "vacancy": vacancy.pk},
        )
        closed += 1
    return closed


def candidates(partnership: Partnership) -> list[Organisation]:
    """Members that may be appointed: the active organisations of the partnership (the
    coordinator of record among them, when it is active, is confirmed by appointing it)."""
    rows = (
        PartnershipMembership.objects.filter(partnership=partnership)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return [m.organisation for m in rows if access.lifecycle.acts(m.organisation)]


@transaction.atomic
def appoint_coordinator(
    vacancy: CoordinatorVacancy,
    organisation: Organisation,
    *,
    actor,
    sign_in: Assurance | None = None,
) -> CoordinatorVacancy:
    """Staff make an active member the partnership's coordinator and close the vacancy.

    Guarantees: only a reviewer or staff administrator with a second factor (``Refused``); the
    vacancy is still open (row lock, so two staff members never both appoint); the organisation
    is an active member; the previous coordinator, if still a member, stays a member. Audited, and
    mailed to the new and the previous coordinator."""
    access.lifecycle.require(
        access.lifecycle.may_appoint_coordinator(actor, sign_in), Perm.STAFF_REVIEW
    )
    vacancy = CoordinatorVacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.closed_at is not None:
        raise PartnershipError(_("A coordinator was appointed meanwhile."))
    partnership = lock_partnership(vacancy.partnership)
    memberships = {
        m.organisation_id: m
        for m in PartnershipMembership.objects.select_for_update().filter(partnership=partnership)
    }
    new = memberships.get(organisation.pk)
    if new is None:
        raise PartnershipError(
            _("Choose a member organisation of this partnership."), field="organisation"
        )
    if not access.lifecycle.acts(organisation):
        raise PartnershipError(
            _("%(org)s is not an active Pact member.") % {"org": organisation},
            field="organisation",
        )
    old = next((m for m in memberships.values() if m.role == PartnershipRole.COORDINATOR), None)
    if old is not None and old.pk == new.pk:
        old = None  # the coordinator of record is confirmed
    elif old is not None:  # demote first: one coordinator per partnership at any moment
        old.role = PartnershipRole.MEMBER
        old.save(update_fields=["role"])
    new.role = PartnershipRole.COORDINATOR
    new.save(update_fields=["role"])
    sync_members(partnership)
    vacancy.closed_at = timezone.now()
    vacancy.closed_by = actor
    vacancy.appointed = organisation
    vacancy.save(update_fields=["closed_at", "closed_by", "appointed"])
    entry = log_action(
        "pact.partnership.coordinator_appointed",
        partnership,
        actor,
        {
            "organisation": organisation.slug,
            "previous": vacancy.previous.slug if vacancy.previous else None,
            "reason": vacancy.reason,
            "vacancy": vacancy.pk,
        },
    )
    previous_ids = [old.organisation_id] if old is not None else []
    notify_organisations(
        [organisation.pk, *previous_ids],
        "partnerships_coordinator_appointed",
        {
            "partnership": partnership,
            "organisation": organisation,
            "url": absolute_url("partnerships:workspace", partnership.slug),
        },
        kind="partnership.coordination",
        key=f"partnership-coordinator-appointed:{entry.pk}",
    )
    refresh_search_vector([partnership.pk])
    return vacancy
