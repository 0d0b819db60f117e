"""Umbrella organisations bring in their own members: a checked CSV, confirmed before anything
is created (the reading and checking itself lives in ``members.imports.checks``)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.common import MembershipError, name_taken, private_slug, refresh_search_vectors
from members.duplicates.services import flag_organisation
from members.imports import checks as imports
from members.joining.services import CHARTER_PRINCIPLES
from members.models import DuplicateFlag, MemberImport, Organisation, OrganisationStatus
from pact import access
from pact.kernel.audit import log_action
from pact.models import User


def _require_umbrella(organisation: Organisation, actor: User) -> None:
    access.require(actor, access.Perm.ORG_CHANGE, organisation)
    if organisation.status != OrganisationStatus.ACTIVE:
        raise MembershipError(_("Only an active member organisation can bring in its own members."))


@transaction.atomic
def check_member_import(
    organisation: Organisation, actor: User, upload: UploadedFile
) -> MemberImport:
    """Check an uploaded CSV row by row and store the result for the preview. Creates no
    organisation; raises ``imports.ImportFileError`` if the file cannot be read at all."""
    _require_umbrella(organisation, actor)
    if (upload.size or 0) > imports.MAX_FILE_BYTES:
        raise imports.ImportFileError(
            _("The file is too large; the limit is %(limit)s KB.")
            % {"limit": imports.MAX_FILE_BYTES // 1024}
        )
    upload.seek(0)
    result = imports.check_csv(upload.read(imports.MAX_FILE_BYTES + 1))
    member_import = MemberImport.objects.create(
        organisation=organisation,
        uploaded_by=actor,
        filename=(upload.name or "members.csv")[-200:],
        rows=result.rows,
        errors=result.errors,
    )
    log_action(
        "pact.member_import.checked",
        member_import,
        actor,
        {
            "filename": member_import.filename,
            "rows": len(result.rows),
            "valid": len(result.valid_rows),
            "problems": len(result.errors),
        },
    )
    return member_import


@transaction.atomic
def confirm_member_import(member_import: MemberImport, actor: User) -> list[Organisation]:
    """Create the valid rows as applications brought in by the umbrella (status applied).

    Runs once (compare-and-set on the status). Names registered since the check are skipped and
    reported in the audit row rather than failing the whole import.
    """
    organisation = member_import.organisation
    _require_umbrella(organisation, actor)
    claimed = MemberImport.objects.filter(
        pk=member_import.pk, status=MemberImport.Status.CHECKED
    ).update(status=MemberImport.Status.CONFIRMED, confirmed_at=timezone.now())
    if not claimed:
        raise MembershipError(_("This import was already confirmed or discarded."))
    now = timezone.now()
    created: list[Organisation] = []
    skipped: list[int] = []
    for row in member_import.rows:
        if not row.get("ok"):
            continue
        values = row["values"]
        if name_taken(values["name"], values["country"]):
            skipped.append(row["line"])
            continue
        new = Organisation(
            slug=private_slug(values["name"]),
            name=values["name"],
            acronym=values["acronym"],
            type=values["type"],
            country=values["country"],
            nuts_region_id=values["nuts_region"] or None,
            website=values["website"],
            contact_name=values["contact_name"],
            contact_email=values["contact_email"],
            status=OrganisationStatus.APPLIED,
            applied_at=now,
            applied_by=actor,
            umbrella=organisation,
            charter_version=settings.CHARTER_VERSION,
            charter_accepted_at=now,
            charter_accepted_by=actor,
            charter_principles=list(CHARTER_PRINCIPLES),
        )
        try:
            with transaction.atomic():
                new.save()
        except IntegrityError:
            skipped.append(row["line"])
            continue
        log_action(
            "pact.organisation.applied",
            new,
            actor,
            {
                "umbrella": organisation.pk,
                "member_import": member_import.pk,
                "line": row["line"],
                "charter_version": settings.CHARTER_VERSION,
            },
        )
        created.append(new)
        flag_organisation(new, DuplicateFlag.Source.APPLICATION)
    refresh_search_vectors(o.pk for o in created)
    member_import.refresh_from_db()
    log_action(
        "pact.member_import.confirmed",
        member_import,
        actor,
        {"created": len(created), "skipped_lines": skipped},
    )
    return created


@transaction.atomic
def discard_member_import(member_import: MemberImport, actor: User) -> None:
    access.require(actor, access.Perm.ORG_CHANGE, member_import.organisation)
    changed = MemberImport.objects.filter(
        pk=member_import.pk, status=MemberImport.Status.CHECKED
    ).update(status=MemberImport.Status.DISCARDED)
    if changed:
        log_action("pact.member_import.discarded", member_import, actor)
