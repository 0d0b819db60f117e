"""Bringing in the members registered through EU Survey, by staff: check a file, confirm it (with a
decision on each doubtful row), invite each contact to claim their organisation, resend.

Imported organisations are active members whose Charter acceptance is recorded as given through
EU Survey on the submission date. Each keeps its contribution ID, so a second import of the same
file changes nothing. The claim invitations are system mail (not rate-limited), queued in the
outbox in the same transaction and sent in batches after commit.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.common import MembershipError, absolute_url, refresh_search_vectors, unique_slug
from members.duplicates.services import flag_organisation
from members.eusurvey import checks
from members.models import (
    CharterChannel,
    DuplicateFlag,
    EuSurveyImport,
    Organisation,
    OrganisationInvitation,
    OrganisationRole,
    OrganisationStatus,
)
from pact import access
from pact.access import Perm
from pact.kernel.audit import log_action
from pact.kernel.outbox.queue import queue_email
from pact.models import User

# What staff may decide for a doubtful row: a new organisation, or the existing one it names.
NEW = "new"
SKIP = "skip"


def _require_staff(actor: User) -> None:
    access.require(actor, Perm.STAFF_REVIEW)


def check_upload(actor: User, *, name: str, content: bytes) -> EuSurveyImport:
    """Read and sort a file; kept for the preview, nothing else changes."""
    _require_staff(actor)
    rows, errors = checks.sort_rows(checks.read(name, content))
    return EuSurveyImport.objects.create(
        uploaded_by=actor, filename=name[:200], rows=rows, errors=errors
    )


@transaction.atomic
def confirm(checked: EuSurveyImport, actor: User, decisions: dict[int, str]) -> dict[str, int]:
    """Register the new organisations, link or register the doubtful ones as ``decisions`` say
    (by line: ``"new"``, ``"skip"`` or the pk of the candidate it is), and invite the contacts.

    A doubtful row without a decision is skipped; one registered as new is flagged to staff as a
    possible duplicate (members.duplicates) of the organisations it looked like and of the
    organisations this file registered from the earlier rows it looked like. Rows whose
    contribution ID was imported since the check are left alone (the second of two confirmations
    changes nothing).
    """
    _require_staff(actor)
    claimed = EuSurveyImport.objects.filter(
        pk=checked.pk, status=EuSurveyImport.Status.CHECKED
    ).update(status=EuSurveyImport.Status.CONFIRMED, confirmed_at=timezone.now())
    if not claimed:
        raise MembershipError(_("This file was already imported or discarded."))
    counts = {"created": 0, "linked": 0, "matched": 0, "skipped": 0}
    created: list[Organisation] = []
    by_line: dict[int, int] = {}  # line -> organisation, for rows of this file alike
    for row in checked.rows:
        values = row["values"]
        taken = Organisation.objects.filter(contribution_id=values["contribution_id"]).exists()
        if row["state"] == "matched" or taken:
            counts["matched"] += 1
            continue
        decision = NEW if row["state"] == "new" else decisions.get(row["line"], SKIP)
        if decision == SKIP:
            counts["skipped"] += 1
            continue
        if decision != NEW:
            candidate = int(decision)
            if candidate not in {c["pk"] for c in row["candidates"]}:
                raise MembershipError(_("Choose one of the organisations suggested."))
            linked = Organisation.objects.filter(pk=candidate, contribution_id="").update(
                contribution_id=values["contribution_id"]
            )
            if linked:
                log_action(
                    "pact.organisation.eu_survey_linked",
                    Organisation.objects.get(pk=candidate),
                    actor,
                    {"contribution_id": values["contribution_id"], "import": checked.pk},
                )
            counts["linked" if linked else "skipped"] += 1
            continue
        organisation = _register(values, actor, checked)
        if organisation is None:
            counts["skipped"] += 1
            continue
        created.append(organisation)
        by_line[row["line"]] = organisation.pk
        counts["created"] += 1
        alike = [{"pk": c["pk"], "why": c["why"]} for c in row["candidates"]] + [
            {"pk": by_line[t["line"]], "why": t["why"]}
            for t in row.get("twins", [])
            if t["line"] in by_line
        ]
        if alike:
            flag_organisation(organisation, DuplicateFlag.Source.IMPORT, pairs=alike)
    refresh_search_vectors([o.pk for o in created])
    for organisation in created:
        invite_to_claim(organisation, actor)
    EuSurveyImport.objects.filter(pk=checked.pk).update(result=counts)
    log_action("pact.eu_survey.imported", checked, actor, {"filename": checked.filename, **counts})
    return counts


def _register(values: dict, actor: User, checked: EuSurveyImport) -> Organisation | None:
    submitted = dt.date.fromisoformat(values["submission_date"])
    when = timezone.make_aware(dt.datetime.combine(submitted, dt.time(12)))
    organisation = Organisation(
        name=values["organisation_name"],
        slug=unique_slug(values["organisation_name"]),
        acronym=values["acronym"],
        type=values["type"],
        country=values["country"],
        website=values["website"],
        contact_name=values["contact_name"],
        contact_email=values["contact_email"],
        ecosystems=values["ecosystems"],
        preferred_language=values["language"],
        status=OrganisationStatus.ACTIVE,
        applied_at=when,
        decided_at=timezone.now(),
        decided_by=actor,
        charter_version=settings.CHARTER_VERSION,
        charter_accepted_at=when,
        charter_channel=CharterChannel.EU_SURVEY,
        contribution_id=values["contribution_id"],
    )
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:  # the same name in the same country was registered meanwhile
        return None
    log_action(
        "pact.organisation.eu_survey_imported",
        organisation,
        actor,
        {
            "contribution_id": organisation.contribution_id,
            "charter_accepted_on": values["submission_date"],
            "import": checked.pk,
        },
    )
    return organisation


def invite_to_claim(organisation: Organisation, actor: User) -> OrganisationInvitation:
    """Invite the organisation's contact to claim its account as its administrator (a fresh link;
    an earlier open one is revoked)."""
    _require_staff(actor)
    if organisation.memberships.filter(role=OrganisationRole.ADMIN).exists():
        raise MembershipError(_("This organisation has been claimed already."))
    OrganisationInvitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    invitation = OrganisationInvitation.objects.create(
        organisation=organisation,
        email=organisation.contact_email,
        role=OrganisationRole.ADMIN,
        invited_by=actor,
    )
    log_action(
        "pact.organisation.claim_invited",
        organisation,
        actor,
        {"invitation": invitation.pk, "contribution_id": organisation.contribution_id},
    )
    recipient = User.objects.filter(email__iexact=organisation.contact_email).first()
    queue_email(
        to=recipient or organisation.contact_email,
        template="members_claim_invitation",
        context={
            "organisation": organisation,
            "accept_url": absolute_url(reverse("members:invitation", args=[invitation.token])),
            "valid_days": settings.INVITATION_VALIDITY_DAYS,
        },
        kind="members.claim_invitation",
        dedupe_key=f"members.claim_invitation.{invitation.pk}",
        language=organisation.preferred_language or None,
    )
    return invitation


def discard(checked: EuSurveyImport, actor: User) -> None:
    _require_staff(actor)
    EuSurveyImport.objects.filter(pk=checked.pk, status=EuSurveyImport.Status.CHECKED).update(
        status=EuSurveyImport.Status.DISCARDED
    )
