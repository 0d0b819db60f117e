"""Demo declarations (``data/declarations/<slug>.yaml``): the seeds' partnerships with their
challenges, ambitions, commitments and targets, approved and published (their PDFs are recorded
as pending for the worker).

Written through the declaration services, as a coordinator would, then signed by every member and
approved on the launch date. Idempotent: a partnership that already has a declaration is left
alone, except that a missing PDF of its approved version is requested again.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pact import access
from pact.management.demo.refs import (
    Commitment,
    DeclarationStatus,
    DeclarationVersion,
    Indicator,
    OrganisationMembership,
    Partnership,
    PartnershipMembership,
    Signature,
    SignatureStatus,
    declaration_common,
    declaration_drafting,
    declaration_publication,
    declaration_translations,
    log_action,
    refresh_partnership_search,
    sync_catalogue,
)
from pact.management.demo.source import decimal, keys, pick, read, read_folder, text

FOLDER = "declarations"
SIGNATORIES = "signatories.yaml"
TARGET_KEYS = {"indicator", "value", "by", "what", "baseline", "results"}
COMMITMENT_KEYS = {"title", "description", "responsible", "targets"}
DECLARATION_KEYS = {
    "language",
    "challenges",
    "objectives",
    "ambition",
    "governance",
    "commitments",
    "translations",
}
TRANSLATION_KEYS = {"challenges", "objectives", "ambition", "governance"}
GOVERNANCE = {
    "coordination": "governance_coordination",
    "decision_making": "governance_decision_making",
    "monitoring": "governance_monitoring",
}


def _admin_of(organisation):
    membership = (
        OrganisationMembership.objects.filter(organisation=organisation, role="admin")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def target_values(target: dict, indicators: dict, where: str) -> dict:
    """What the declaration services take for one target of a data file."""
    keys(target, TARGET_KEYS, where)
    return {
        "indicator": pick(indicators, target["indicator"], where),
        "target_value": decimal(target["value"]),
        "target_date": target["by"],
        "description": text(target.get("what")),
        "baseline": decimal(target.get("baseline", 0)),
        "unit": "",
    }


def _write(version: DeclarationVersion, slug: str, row: dict, organisations: dict, actor) -> None:
    where = f"{FOLDER}/{slug}.yaml"
    keys(row, DECLARATION_KEYS, where)
    keys(row["governance"], set(GOVERNANCE), f"{where} governance")
    indicators = {i.code: i for i in Indicator.objects.all()}
    sections = {
        "challenges": {"language": row["language"], "challenges": text(row["challenges"])},
        "objectives": {"objectives": text(row["objectives"])},
        "ambition": {"ambition": text(row["ambition"])},
        "governance": {GOVERNANCE[key]: text(value) for key, value in row["governance"].items()},
    }
    for section, data in sections.items():
        declaration_drafting.save_section(
            version, section, data, lock_version=version.lock_version, actor=actor
        )
    for commitment in row["commitments"]:
        keys(commitment, COMMITMENT_KEYS, f"{where} {commitment['title']}")
        declaration_drafting.save_commitment(
            version,
            None,
            data={
                "title": commitment["title"],
                "description": text(commitment.get("description")),
                "responsible_organisations": [
                    pick(organisations, s, where) for s in commitment["responsible"]
                ],
            },
            targets=[target_values(t, indicators, where) for t in commitment["targets"]],
            lock_version=version.lock_version,
            actor=actor,
        )


def signatories() -> dict[str, dict]:
    """Who signed for each organisation (``data/signatories.yaml``, illustrative people)."""
    rows = read(SIGNATORIES)["signatories"]
    for slug, row in rows.items():
        keys(row, {"name", "role"}, f"{SIGNATORIES} {slug}")
    return rows


def _publish(version: DeclarationVersion, partnership: Partnership, reviewer) -> None:
    """Signatures of every member, then submitted and approved on the launch date."""
    launched = partnership.launched_on or timezone.localdate()
    moment = timezone.make_aware(dt.datetime.combine(launched, dt.time(10, 0)))
    memberships = PartnershipMembership.objects.filter(partnership=partnership).select_related(
        "organisation"
    )
    signers = signatories()
    for membership in memberships.order_by("pk"):
        signer = pick(signers, membership.organisation.slug, SIGNATORIES)
        Signature.objects.get_or_create(
            version=version,
            organisation=membership.organisation,
            defaults={
                "status": SignatureStatus.SIGNED,
                "requested_at": moment - dt.timedelta(days=14),
                "answered_at": moment - dt.timedelta(days=7),
                "answered_by": _admin_of(membership.organisation),
                "signer_name": signer["name"],
                "signer_role": signer["role"],
                "signed_content_hash": version.content_hash,
                "notified_at": moment - dt.timedelta(days=14),
            },
        )
    DeclarationVersion.objects.filter(pk=version.pk).update(
        status=DeclarationStatus.SUBMITTED, submitted_at=moment - dt.timedelta(days=5)
    )
    log_action(
        "pact.declaration.submitted", version, None, {"number": version.number, "demo": True}
    )
    DeclarationVersion.objects.filter(pk=version.pk).update(
        status=DeclarationStatus.APPROVED, decided_at=moment, decided_by=reviewer, reviewer=reviewer
    )
    Commitment.objects.filter(declaration_version=version).update(is_current=True)
    log_action(
        "pact.declaration.approved", version, reviewer, {"number": version.number, "demo": True}
    )
    version.refresh_from_db()


def seed(users: dict, organisations: dict, partnerships: dict) -> list[DeclarationVersion]:
    """Approved declarations for the demo partnerships; returns the published versions."""
    # Targets name indicators the catalogue may have gained since the database was migrated.
    sync_catalogue(Indicator)
    reviewer = users.get("reviewer@pact-portal.example")
    published: list[DeclarationVersion] = []
    for slug, row in read_folder(FOLDER).items():
        partnership = partnerships.get(slug)
        if partnership is None:
            continue
        version = (
            DeclarationVersion.objects.filter(partnership=partnership).order_by("-number").first()
        )
        if version is None:
            coordinator = declaration_common.coordinator_organisation(partnership)
            actor = (_admin_of(coordinator) if coordinator else None) or access.SYSTEM
            version = declaration_drafting.start_draft(partnership, actor)
            _write(version, slug, row, organisations, actor)
            _publish(version, partnership, reviewer)
        if version.status == DeclarationStatus.APPROVED:
            declaration_publication.request_pdf(version)
            _translate(version, slug, row)
            published.append(version)
    if published:
        refresh_partnership_search([v.partnership_id for v in published])
    return published


def _translate(version: DeclarationVersion, slug: str, row: dict) -> None:
    """The ``translations`` of the file (``{language: sections}``), each a separate unsigned
    document with its own PDF; one already there keeps its text (its PDF is asked for again)."""
    where = f"{FOLDER}/{slug}.yaml translations"
    existing = {t.language: t for t in version.translations.all()}
    for language, sections in (row.get("translations") or {}).items():
        if language in existing:
            declaration_publication.request_pdf(version, translation=existing[language])
            continue
        keys(sections, TRANSLATION_KEYS, f"{where} {language}")
        texts = {
            key: text(sections.get(key, "")) for key in ("challenges", "objectives", "ambition")
        }
        texts.update(
            {GOVERNANCE[key]: text(value) for key, value in sections.get("governance", {}).items()}
        )
        declaration_translations.save_translation(
            version, language=language, texts=texts, actor=access.SYSTEM
        )
