"""An organisation's reports as a spreadsheet: export (CSV, XLSX) and import with a checked preview.

The export's columns are the import's, so a file can be downloaded, filled in and uploaded again.
Every row is checked with the same rules as the report form (``values.check_value``); errors
name the line and the column, and nothing is saved before the person confirms the preview.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commitments.models import ReportImport, ReportingCycle, ReportStatus
from commitments.monitoring.exports import write_table
from commitments.reporting import selectors, services, values
from pact.kernel import tables
from pact.kernel.audit import log_action

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = [
    "target_id",
    "partnership",
    "commitment",
    "indicator",
    "unit",
    "target_value",
    "value",
    "narrative",
    "evidence_links",
    "confirm_far_above",
    "status",
]
REQUIRED = {"target_id", "value"}
YES = {"yes", "y", "true", "1", "x", "oui", "ja"}
_url = URLValidator(schemes=["http", "https"])


# The file as a whole cannot be read (wrong type, too big, no header).
ImportRejected = tables.TableRejected


# --- export -------------------------------------------------------------------------------------------


def _sheet(organisation, cycle: ReportingCycle, partnership_ids: frozenset[int] | None):
    """The organisation's sheet; for a coordinator holding its delegation (``partnership_ids``),
    only the targets of those partnerships."""
    rows = selectors.report_sheet(organisation, cycle)
    if partnership_ids is None:
        return rows
    return [r for r in rows if r.target.commitment.partnership_id in partnership_ids]


def sheet_rows(
    organisation, cycle: ReportingCycle, partnership_ids: frozenset[int] | None = None
) -> list[list]:
    rows = []
    for row in _sheet(organisation, cycle, partnership_ids):
        t, r = row.target, row.report
        rows.append(
            [
                t.pk,
                t.commitment.partnership.name
                if t.commitment.partnership
                else _("Individual pledge"),
                t.commitment.title,
                t.indicator.code,
                t.unit,
                t.target_value,
                r.value if r else None,
                r.narrative if r else "",
                " ".join(r.evidence_links) if r else "",
                "yes" if r and r.far_above_confirmed else "",
                r.status if r else "",
            ]
        )
    return rows


def export_sheet(
    organisation, cycle: ReportingCycle, fmt: str, partnership_ids: frozenset[int] | None = None
) -> bytes:
    return write_table(
        COLUMNS,
        [sheet_rows(organisation, cycle, partnership_ids)],
        fmt,
        sheet_title=str(cycle.year),
    )


# --- reading files ---------------------------------------------------------------------------------------


def read_table(
    name: str, content: bytes, required: set[str] = REQUIRED
) -> list[tuple[int, dict[str, str]]]:
    """``[(line number, {column: text})]`` from a CSV or XLSX file; raises ``ImportRejected``.

    Read by ``pact.kernel.tables``: it stops at the row limit + 1 and is bounded by the file, not
    by the sheet's declared size.
    """
    if len(content) > MAX_BYTES:
        raise ImportRejected(_("The file is larger than 2 MB."))
    raw_rows = tables.read_rows(name, content, max_rows=MAX_ROWS)
    if not raw_rows:
        raise ImportRejected(_("The file is empty."))
    header = [str(h or "").strip().lower() for h in raw_rows[0][1]]
    missing = required - set(header)
    if missing:
        raise ImportRejected(
            _("The first line must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(sorted(missing))}
        )
    rows = []
    for line, cells_read in raw_rows[1:]:
        cells = {
            header[i]: ("" if v is None else _text(v)).strip()
            for i, v in enumerate(cells_read)
            if i < len(header) and header[i]
        }
        if any(cells.values()):
            rows.append((line, cells))
    return rows


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse_decimal(text: str) -> Decimal:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if "," in cleaned and "." not in cleaned and cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    value = Decimal(cleaned)
    if not value.is_finite():
        raise InvalidOperation
    return value


# --- checking --------------------------------------------------------------------------------------------


def check_rows(
    organisation, cycle: ReportingCycle, rows, partnership_ids: frozenset[int] | None = None
) -> tuple[list[dict], list[dict]]:
    """Apply the report rules to every row: ``(rows to save, errors by line and column)``."""
    sheet = {row.target.pk: row for row in _sheet(organisation, cycle, partnership_ids)}
    good: list[dict] = []
    errors: list[dict] = []
    seen: dict[int, int] = {}

    def error(line: int, column: str, message: str) -> None:
        errors.append({"line": line, "column": column, "message": str(message)})

    for line, cells in rows:
        before = len(errors)
        raw_id = cells.get("target_id", "")
        try:
            target_id = int(Decimal(raw_id))
        except (InvalidOperation, ValueError):
            error(line, "target_id", _("Give the number of one of your targets."))
            continue
        entry = sheet.get(target_id)
        if entry is None:
            error(
                line,
                "target_id",
                _("Target %(id)s is not one your organisation reports on.") % {"id": target_id},
            )
            continue
        if target_id in seen:
            error(
                line,
                "target_id",
                _("Target %(id)s is already on line %(line)s.")
                % {"id": target_id, "line": seen[target_id]},
            )
            continue
        seen[target_id] = line
        report = entry.report
        locked = report is not None and not report.is_editable_status
        value: Decimal | None = None
        if cells.get("value"):
            try:
                value = parse_decimal(cells["value"])
            except (InvalidOperation, ValueError):
                error(
                    line, "value", _("“%(text)s” is not a number.") % {"text": cells["value"][:40]}
                )
        confirmed = cells.get("confirm_far_above", "").lower() in YES
        if value is not None:
            check = values.check_value(entry.target.unit, value, entry.target.target_value)
            for message in check.errors:
                error(line, "value", message)
            if check.far_above and not confirmed:
                error(
                    line,
                    "value",
                    _(
                        "More than %(factor)s times the target (%(target)s): write “yes” in the "
                        "confirm_far_above column if it is right."
                    )
                    % {
                        "factor": values.FAR_ABOVE_FACTOR,
                        "target": entry.target.target_value.normalize(),
                    },
                )
        narrative = cells.get("narrative", "")
        if len(narrative) > values.NARRATIVE_MAX:
            error(
                line,
                "narrative",
                _("Keep the narrative under %(n)s characters.") % {"n": values.NARRATIVE_MAX},
            )
        links = [link for link in re.split(r"[\s|]+", cells.get("evidence_links", "")) if link]
        if len(links) > values.MAX_EVIDENCE_LINKS:
            error(
                line,
                "evidence_links",
                _("Give at most %(n)s evidence links.") % {"n": values.MAX_EVIDENCE_LINKS},
            )
        for link in links:
            try:
                if len(link) > 500:
                    raise ValidationError("too long")
                _url(link)
            except ValidationError:
                error(
                    line,
                    "evidence_links",
                    _("“%(link)s” is not a web address (http or https).") % {"link": link[:80]},
                )
        if locked and report is not None:
            # A report already submitted cannot change; sent back as it was exported, it is
            # simply unchanged (the same sheet can be filled and imported again).
            if len(errors) == before and _unchanged(report, value, narrative, links):
                good.append(
                    {
                        "line": line,
                        "target_id": target_id,
                        "label": f"{entry.target.indicator.name} — {entry.target.commitment.title}"[
                            :300
                        ],
                        "unit": entry.target.unit,
                        "value": None if value is None else str(value),
                        "narrative": narrative,
                        "evidence_links": links,
                        "confirm_far_above": confirmed,
                        "lock_version": report.lock_version,
                        "unchanged": True,
                    }
                )
            elif len(errors) == before:
                error(line, "status", _("This report was already submitted and cannot be changed."))
            continue
        if value is None and not narrative and not links:
            continue
        if len(errors) == before:
            good.append(
                {
                    "line": line,
                    "target_id": target_id,
                    "label": f"{entry.target.indicator.name} — {entry.target.commitment.title}"[
                        :300
                    ],
                    "unit": entry.target.unit,
                    "value": None if value is None else str(value),
                    "narrative": narrative,
                    "evidence_links": links,
                    "confirm_far_above": confirmed,
                    "lock_version": report.lock_version if report else 0,
                }
            )
    return good, errors


def _unchanged(report, value: Decimal | None, narrative: str, links: list[str]) -> bool:
    return (
        value == report.value
        and narrative.strip() == (report.narrative or "").strip()
        and links == list(report.evidence_links)
    )


def check_upload(
    *,
    organisation,
    cycle: ReportingCycle,
    actor,
    name: str,
    content: bytes,
    partnership_ids: frozenset[int] | None = None,
) -> ReportImport:
    """Read and check a file; the result is kept for the preview and nothing else is saved.
    A coordinator holding the organisation's delegation passes its ``partnership_ids``: rows on
    other targets are errors."""
    services._require_open(cycle)
    rows = read_table(name, content)
    good, errors = check_rows(organisation, cycle, rows, partnership_ids)
    return ReportImport.objects.create(
        organisation=organisation,
        cycle=cycle,
        uploaded_by=actor,
        filename=name[:200],
        rows=good,
        errors=errors,
    )


@transaction.atomic
def confirm(report_import: ReportImport, actor, submit: bool = False) -> int:
    """Save every row of a checked import, all or nothing; returns how many reports were saved."""
    locked = (
        ReportImport.objects.select_for_update()
        .select_related("cycle", "organisation")
        .get(pk=report_import.pk)
    )
    if locked.status != ReportImport.Status.CHECKED or locked.errors:
        raise services.ReportingError(_("This import cannot be confirmed."))
    from commitments.models import Target

    targets = Target.objects.select_related("commitment").in_bulk(
        [r["target_id"] for r in locked.rows]
    )
    for row in locked.rows:
        if row.get("unchanged"):
            continue  # already submitted, sent back as it was
        value = None if row["value"] is None else Decimal(row["value"])
        try:
            services.save_report(
                organisation=locked.organisation,
                target=targets[row["target_id"]],
                cycle=locked.cycle,
                actor=actor,
                lock_version=row["lock_version"],
                value=value,
                narrative=row["narrative"],
                evidence_links=row["evidence_links"],
                far_above_confirmed=row["confirm_far_above"],
                submit=submit and value is not None,
                audit_kind="pact.report.saved_from_import",
            )
        except services.ReportingError as exc:
            raise services.ReportingError(
                _("Line %(line)s: %(message)s") % {"line": row["line"], "message": exc.message},
                exc.errors,
            ) from None
    locked.status = ReportImport.Status.CONFIRMED
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["status", "confirmed_at"])
    log_action(
        "pact.report.imported",
        locked,
        actor,
        {
            "cycle": locked.cycle.year,
            "file": locked.filename,
            "reports": len(locked.rows_to_save),
            "unchanged": len(locked.rows) - len(locked.rows_to_save),
            "submitted": submit,
        },
    )
    return len(locked.rows_to_save)


def discard(report_import: ReportImport) -> None:
    ReportImport.objects.filter(pk=report_import.pk, status=ReportImport.Status.CHECKED).update(
        status=ReportImport.Status.DISCARDED
    )


STATUS_LABELS = dict(ReportStatus.choices)
