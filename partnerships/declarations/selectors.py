"""Reads for declarations: the public part of a partnership page, the workspace, the review queue,
the text of a version section by section, and the diff between two versions."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html import escape

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from commitments.models import Commitment, Target, Unit
from commitments.progress import Progress, standing
from commitments.results.selectors import partnership_progress
from pact import access
from pact.access import Perm
from pact.kernel import charts, markup, texts
from partnerships.models import (
    DeclarationPdf,
    DeclarationStatus,
    DeclarationVersion,
    Partnership,
    ReviewComment,
    Section,
    Signature,
    SignatureStatus,
)
from partnerships.models.declaration import PUBLISHED_STATUSES

S = DeclarationStatus


def published_version(partnership) -> DeclarationVersion | None:
    return (
        DeclarationVersion.objects.filter(
            partnership=partnership, status=DeclarationStatus.APPROVED
        )
        .order_by("-number")
        .first()
    )


def commitments_of(
    version: DeclarationVersion | None, *, responsible: bool = True
) -> list[Commitment]:
    """The version's commitments with their targets and, unless ``responsible`` is false (the
    public partnership page shows none), their responsible organisations."""
    if version is None:
        return []
    targets = Prefetch(
        "targets", queryset=Target.objects.select_related("indicator").order_by("position", "id")
    )
    related = (targets, "responsible_organisations") if responsible else (targets,)
    return list(
        Commitment.objects.filter(declaration_version=version)
        .prefetch_related(*related)
        .order_by("position", "id")
    )


def signatures_of(version: DeclarationVersion | None) -> list[Signature]:
    if version is None:
        return []
    return list(
        Signature.objects.filter(version=version)
        .select_related("organisation", "answered_by")
        .order_by("organisation__name")
    )


def language_name(code: str) -> str:
    """The language of a declaration's text, named in the reader's language ("French")."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:  # a content language Django does not know (Montenegrin)
        return texts.language_name(code)


def pdf_of(version: DeclarationVersion | None, translation=None) -> DeclarationPdf | None:
    """The published PDF of the version, or of one of its translations."""
    if version is None:
        return None
    content_hash = translation.content_hash if translation is not None else version.content_hash
    return (
        DeclarationPdf.objects.filter(version=version, draft=False, content_hash=content_hash)
        .order_by("-created_at")
        .first()
    )


def _reached(entry: dict) -> Progress:
    return entry.get("progress") or Progress(None, None, None, None, [])


def preview_of(version: DeclarationVersion) -> DeclarationPdf | None:
    """The watermarked preview of the version's current text, if one was asked for."""
    from partnerships.declarations.drafting import compute_content_hash

    content_hash = version.content_hash or compute_content_hash(version)
    return DeclarationPdf.objects.filter(
        version=version, draft=True, content_hash=content_hash
    ).first()


def pdf_file_lost(pdf: DeclarationPdf | None) -> bool:
    """A ready PDF whose file is not in storage (a storage restored without it)."""
    if pdf is None or pdf.status != DeclarationPdf.Status.READY:
        return False
    return not (pdf.file and pdf.file.storage.exists(pdf.file.name or ""))


def target_bars(commitments: list[Commitment], progress: dict[int, dict]) -> list[charts.TargetBar]:
    """Chart rows: each target of the commitments with its latest validated value, if any."""
    rows = []
    for commitment in commitments:
        for target in commitment.targets.all():
            entry = progress.get(target.pk, {})
            label = target.description or target.indicator.name
            rows.append(
                charts.TargetBar(
                    label=f"{commitment.title} — {label}",
                    target=target.target_value,
                    baseline=target.baseline,
                    # "count" says nothing a reader needs; persons, EUR and percent do.
                    unit="" if target.unit == Unit.COUNT else target.get_unit_display(),
                    # The one formula (commitments.progress): a flow's sum, a level's latest.
                    latest=_reached(entry).value,
                    year=_reached(entry).year,
                    share=_reached(entry).share,
                    due=target.target_date.strftime("%m/%Y"),
                    is_percent=target.unit == Unit.PERCENT,
                )
            )
    return rows


def progress_rows(commitments: list[Commitment], progress: dict[int, dict]) -> list[dict]:
    """The table beside the chart: the same figures, readable without the picture."""
    rows = []
    for commitment in commitments:
        for target in commitment.targets.all():
            entry = progress.get(target.pk, {})
            rows.append(
                {
                    "commitment": commitment,
                    "target": target,
                    "latest": entry.get("latest"),
                    "year": entry.get("year"),
                    "progress": _reached(entry).value,
                    "share": _reached(entry).percent,
                    # The same formula read as positions: baseline, achieved, target.
                    "standing": standing(
                        target.indicator.kind, target.baseline, target.target_value, _reached(entry)
                    ),
                    "series": entry.get("series", []),
                }
            )
    return rows


def _progress(partnership, version: DeclarationVersion | None) -> dict[int, dict]:
    if version is None or version.status != S.APPROVED:
        return {}

    return partnership_progress(partnership)


def _annotated_pdf(version: DeclarationVersion | None) -> DeclarationPdf | None:
    """The version's current PDF from the fields ``public_context`` read with the version
    (what ``pdf_of`` finds with a query of its own)."""
    if version is None or version.pdf_pk is None:  # type: ignore[attr-defined]
        return None
    return DeclarationPdf(
        pk=version.pdf_pk,  # type: ignore[attr-defined]
        version=version,
        draft=False,
        content_hash=version.content_hash,
        status=version.pdf_status,  # type: ignore[attr-defined]
        file=version.pdf_file,  # type: ignore[attr-defined]
        progress=version.pdf_progress,  # type: ignore[attr-defined]
    )


def public_context(partnership) -> dict:
    """Context for the public partnership page: published text, commitments with targets, the PDF."""
    # The published version and the superseded ones, in one query.
    # The published version, its PDF, and the superseded ones, in one query.
    pdfs = DeclarationPdf.objects.filter(
        version=OuterRef("pk"), draft=False, content_hash=OuterRef("content_hash")
    ).order_by("-created_at")
    versions = list(
        DeclarationVersion.objects.filter(partnership=partnership, status__in=PUBLISHED_STATUSES)
        .annotate(
            pdf_pk=Subquery(pdfs.values("pk")[:1]),
            pdf_status=Subquery(pdfs.values("status")[:1]),
            pdf_file=Subquery(pdfs.values("file")[:1]),
            pdf_progress=Subquery(pdfs.values("progress")[:1]),
        )
        .order_by("-number")
    )
    version = next((v for v in versions if v.status == DeclarationStatus.APPROVED), None)
    superseded = [v for v in versions if v.status == DeclarationStatus.SUPERSEDED]
    commitments = commitments_of(version, responsible=False)
    progress = _progress(partnership, version)
    signatures = [s for s in signatures_of(version) if s.status == SignatureStatus.SIGNED]
    bars = target_bars(commitments, progress)
    return {
        "declaration": version,
        "commitments": commitments,
        "declaration_pdf": _annotated_pdf(version),
        "superseded_declarations": superseded,
        "declaration_signatories": signatures,
        "declaration_language": language_name(version.language) if version else "",
        "declaration_chart": charts.targets_chart(bars, chart_id="chart-declaration-targets")
        if bars
        else "",
        "declaration_progress_rows": progress_rows(commitments, progress),
        "declaration_has_progress": bool(progress),
    }


# --- access ------------------------------------------------------------------------------------------


def get_partnership_for_declaration(user, slug: str) -> Partnership:
    """A partnership whose declaration pages the user may open at all (public or their workspace)."""
    partnership = (
        access.partnerships_visible_to(user).select_related("coordinator").filter(slug=slug).first()
    )
    if partnership is None:
        raise Http404
    return partnership


def get_version_or_404(user, partnership, number: int) -> DeclarationVersion:
    version = (
        DeclarationVersion.objects.filter(partnership=partnership, number=number)
        .select_related("partnership", "updated_by", "submitted_by", "decided_by", "reviewer")
        .first()
    )
    if version is None or not access.can_read_version(user, version):
        raise Http404
    version.partnership = partnership
    return version


def versions_of(partnership) -> list[DeclarationVersion]:
    return list(
        DeclarationVersion.objects.filter(partnership=partnership)
        .select_related("submitted_by", "decided_by")
        .order_by("-number")
    )


def current_version(partnership) -> DeclarationVersion | None:
    """The version the workspace works on: the open one, else the latest."""
    versions = DeclarationVersion.objects.filter(partnership=partnership).select_related(
        "updated_by"
    )
    open_one = versions.filter(status__in=[S.DRAFT, S.SUBMITTED, S.IN_REVIEW]).order_by("-number")
    return open_one.first() or versions.order_by("-number").first()


def signature_requests_for(user) -> list[Signature]:
    """Signature requests the user can answer for one of their organisations (dashboards)."""
    org_ids = access.organisation_ids(user, Perm.ORG_SIGN)
    if not org_ids:
        return []
    return list(
        Signature.objects.filter(
            organisation_id__in=org_ids,
            status=SignatureStatus.REQUESTED,
            version__status=S.DRAFT,
        )
        .select_related("version__partnership", "organisation")
        .order_by("requested_at")
    )


def comments_by_section(version: DeclarationVersion) -> dict[str, list[ReviewComment]]:
    grouped: dict[str, list[ReviewComment]] = {}
    for comment in ReviewComment.objects.filter(version=version).select_related("author"):
        grouped.setdefault(comment.section, []).append(comment)
    return grouped


def review_queue():
    """Declarations waiting for a decision, oldest submission first."""
    return (
        DeclarationVersion.objects.filter(status__in=[S.SUBMITTED, S.IN_REVIEW])
        .select_related("partnership", "partnership__coordinator", "reviewer")
        .annotate(comment_count=Count("review_comments"))
        .order_by("submitted_at", "pk")
    )


def days_waiting(version: DeclarationVersion) -> int:
    if version.submitted_at is None:
        return 0
    return (timezone.now() - version.submitted_at).days


def previous_submitted(version: DeclarationVersion) -> DeclarationVersion | None:
    """The last version before this one that the Commission saw (for the reviewer's diff)."""
    return (
        DeclarationVersion.objects.filter(
            partnership_id=version.partnership_id, number__lt=version.number
        )
        .exclude(status=S.DRAFT)
        .order_by("-number")
        .first()
    )


# --- text and diff -------------------------------------------------------------------------------------


def _number(value) -> str:
    return charts.number(value)


def commitments_text(commitments: list[Commitment]) -> str:
    """The commitments section as text, one fact per line, so a diff shows what changed."""
    lines: list[str] = []
    for index, commitment in enumerate(commitments, start=1):
        lines.append(f"{index}. {commitment.title}")
        description = markup.plain_text(commitment.description)
        if description:
            lines.extend(description.splitlines())
        names = ", ".join(sorted(o.name for o in commitment.responsible_organisations.all()))
        if names:
            lines.append(_("Responsible: %(names)s") % {"names": names})
        for target in commitment.targets.all():
            lines.append(
                _("Target: %(indicator)s — from %(baseline)s to %(value)s%(unit)s by %(date)s")
                % {
                    "indicator": target.description or target.indicator.name,
                    "baseline": _number(target.baseline),
                    "value": _number(target.target_value),
                    "unit": "" if target.unit == Unit.COUNT else " " + target.get_unit_display(),
                    "date": target.target_date.isoformat(),
                }
            )
    return "\n".join(lines)


def signatories_text(signatures: list[Signature]) -> str:
    return "\n".join(f"{s.organisation.name}: {s.get_status_display()}" for s in signatures)


def section_texts(version: DeclarationVersion, commitments: list[Commitment] | None = None) -> dict:
    commitments = commitments if commitments is not None else commitments_of(version)
    return {
        Section.CHALLENGES: markup.plain_text(version.challenges),
        Section.OBJECTIVES: markup.plain_text(version.objectives),
        Section.AMBITION: markup.plain_text(version.ambition),
        Section.COMMITMENTS: commitments_text(commitments),
        Section.GOVERNANCE: "\n".join(
            part
            for part in (
                _("Coordination: %s") % markup.plain_text(version.governance_coordination)
                if version.governance_coordination
                else "",
                _("Decision making: %s") % markup.plain_text(version.governance_decision_making)
                if version.governance_decision_making
                else "",
                _("Monitoring: %s") % markup.plain_text(version.governance_monitoring)
                if version.governance_monitoring
                else "",
            )
            if part
        ),
    }


_TOKEN = re.compile(r"\n|[^\S\n]+|[^\s]+")


def inline_diff(old: str, new: str) -> SafeString:
    """Word-level diff of two texts as HTML with <del> and <ins>; line breaks kept."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[str] = []

    def render(tokens: list[str]) -> str:
        return "".join("<br>" if t == "\n" else escape(t) for t in tokens)

    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(render(a[i1:i2]))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{render(a[i1:i2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{render(b[j1:j2])}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every token is escaped above


@dataclass
class SectionDiff:
    section: str
    label: str
    changed: bool
    html: SafeString
    comments: list = field(default_factory=list)


def diff_versions(old: DeclarationVersion, new: DeclarationVersion) -> list[SectionDiff]:
    """Per section, what changed from ``old`` to ``new`` (computed on the rendered text)."""
    old_texts, new_texts = section_texts(old), section_texts(new)
    result = []
    for section, label in Section.choices:
        if section == Section.SIGNATORIES:
            continue
        before, after = old_texts.get(section, ""), new_texts.get(section, "")
        result.append(
            SectionDiff(
                section=section,
                label=str(label),
                changed=before != after,
                html=inline_diff(before, after),
            )
        )
    return result


def language_changed(old: DeclarationVersion, new: DeclarationVersion) -> bool:
    return old.language != new.language


def waiting_summary() -> dict:
    queue = review_queue()
    return {
        "count": queue.count(),
        "oldest": queue.first(),
        "in_review": queue.filter(Q(status=S.IN_REVIEW)).count(),
    }
