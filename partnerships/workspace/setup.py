"""Setting a partnership up: creating it (its coordinator the first member) and editing its
profile. The kind and area rules (``partnerships.rules``) are enforced here, whoever asks."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.duplicates.services import flag_partnership
from members.models import Organisation
from pact import access
from pact.access import Perm
from pact.kernel.assurance import Assurance
from pact.kernel.audit import log_action
from pact.kernel.texts import LocalisedText, TextError
from partnerships import rules
from partnerships.common import (
    ConcurrentEdit,
    PartnershipError,
    refresh_search_vector,
    refuse_broken_rules,
    require_coordinator,
    require_org_admin,
)
from partnerships.models import (
    Partnership,
    PartnershipKind,
    PartnershipMembership,
    PartnershipRole,
    PartnershipStatus,
    Stage,
    StageChange,
)


def _private_slug(name: str) -> str:
    """A draft's slug: the name's with a random ending, whatever else exists, so it never tells
    the coordinator that another (private) partnership holds the plain one (DESIGN §9)."""
    base = slugify(name)[:90] or "partnership"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not Partnership.objects.filter(slug=slug).exists():
            return slug


# --- creation and profile --------------------------------------------------------------------------


PROFILE_FIELDS = (
    "acronym",
    "ecosystem",
    "shape",
    "countries",
    "parent",
    "summary",
    "summary_language",
    "summary_translations",
    "website",
    "looking_for_members",
    "looking_for",
)


def _check_summary(fields: dict) -> None:
    """The summary's translations (``[(code, text)]`` as written) follow the rules of every text
    per language: stored as ``{code: text}``, or refused with every problem named."""
    if "summary_translations" not in fields and "summary_language" not in fields:
        return
    language = fields.get("summary_language") or "en"
    rows = fields.get("summary_translations") or []
    if isinstance(rows, dict):
        rows = list(rows.items())
    summary = (fields.get("summary") or "").strip()
    if not summary:
        if any((text or "").strip() for _code, text in rows):
            raise PartnershipError(
                _("Write the short description in its original language first."), field="summary"
            )
        fields["summary_language"], fields["summary_translations"] = language, {}
        return
    try:
        text = LocalisedText.build(language, summary, rows)
    except TextError as exc:
        raise PartnershipError(" ".join(exc.messages), field="summary") from None
    fields["summary_language"] = text.language
    fields["summary_translations"] = text.translations


def _check_rules(kind: str, fields: dict, regions) -> None:
    """Refuse a kind or area that breaks ``partnerships.rules``; an LSP has no regional shape."""
    if kind == PartnershipKind.LARGE_SCALE:
        fields["shape"] = ""
    refuse_broken_rules(
        rules.partnership_problems(
            kind,
            ecosystem=fields.get("ecosystem") or "",
            parent=fields.get("parent"),
            shape=fields.get("shape") or "",
            countries=list(fields.get("countries") or []),
            regions=list(regions),
        )
    )


@transaction.atomic
def create_partnership(
    *, organisation: Organisation, actor, data: dict, regions=(), on_behalf_of=None
) -> Partnership:
    """Create a draft partnership coordinated by ``organisation``, in the design stage.

    The actor must administer the organisation and the organisation must be an active member; the
    kind and area must keep ``partnerships.rules``. When support services set it up for the
    organisation (an accepted expression of interest), ``on_behalf_of`` is the organisation's
    administrator who must pass that check, and the actor, who must be support staff, is the one
    the audit log and the stage history name.
    """
    if on_behalf_of is not None:
        if not access.can(actor, Perm.STAFF_SUPPORT):
            raise PartnershipError(_("Only support services set up a partnership for others."))
        require_org_admin(on_behalf_of, organisation)
    else:
        require_org_admin(actor, organisation)
    name = data["name"].strip()
    # Only a public partnership's name is refused; a draft's is accepted and flagged to staff.
    if Partnership.objects.public().filter(name__iexact=name).exists():
        raise PartnershipError(_("A partnership with this name already exists."), field="name")
    fields = {key: data[key] for key in ("kind", *PROFILE_FIELDS) if key in data}
    _check_summary(fields)
    if fields.get("kind") not in PartnershipKind.values:
        raise PartnershipError(_("Choose the kind of partnership."), field="kind")
    _check_rules(fields["kind"], fields, regions)
    partnership = Partnership.objects.create(
        name=name,
        slug=_private_slug(name),
        status=PartnershipStatus.DRAFT,
        stage=Stage.DESIGN,
        stage_since=timezone.now(),
        created_by=actor,
        coordinator=organisation,
        member_count=1,
        **fields,
    )
    partnership.regions.set(list(regions))
    PartnershipMembership.objects.create(
        partnership=partnership, organisation=organisation, role=PartnershipRole.COORDINATOR
    )
    StageChange.objects.create(
        partnership=partnership,
        stage=Stage.DESIGN,
        changed_by=actor,
        changed_at=partnership.stage_since,
        note=_("Partnership created."),
    )
    log_action(
        "pact.partnership.created",
        partnership,
        actor,
        {"kind": partnership.kind, "coordinator": organisation.slug},
    )
    refresh_search_vector([partnership.pk])
    flag_partnership(partnership)
    access.forget(on_behalf_of or actor)
    return partnership


@transaction.atomic
def update_profile(
    partnership: Partnership,
    *,
    actor,
    data: dict,
    regions=(),
    lock_version: int,
    sign_in: Assurance | None = None,
) -> Partnership:
    """Save the coordinator's edit unless someone else saved since ``lock_version`` was read; the
    partnership's kind and the new area must keep ``partnerships.rules``."""
    require_coordinator(partnership, actor, sign_in)
    fields = {key: data[key] for key in PROFILE_FIELDS if key in data}
    if "summary_translations" in fields or "summary_language" in fields:
        checked = {"summary": partnership.summary, **fields}
        _check_summary(checked)
        fields["summary_language"] = checked["summary_language"]
        fields["summary_translations"] = checked["summary_translations"]
    current = {key: getattr(partnership, key) for key in PROFILE_FIELDS}
    _check_rules(partnership.kind, {**current, **fields}, regions)
    if partnership.kind == PartnershipKind.LARGE_SCALE:
        fields["shape"] = ""
    changed = Partnership.objects.filter(pk=partnership.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1, **fields
    )
    if not changed:
        raise ConcurrentEdit(
            _(
                "Someone else saved this partnership while you were editing it. Your text is kept "
                "below: review the current version and save again."
            )
        )
    partnership.refresh_from_db()
    partnership.regions.set(list(regions))
    log_action(
        "pact.partnership.updated",
        partnership,
        actor,
        {"fields": sorted(fields), "lock_version": partnership.lock_version},
    )
    refresh_search_vector([partnership.pk])
    return partnership
