"""The SACCORD LEP pilots' stakeholder maps and agreement surveys (``data/stakeholder_maps.yaml``).

One row per stakeholder the report counts by type, never more; the number of key stakeholders the
report states is given beside the map, in a workspace note, with why the two differ.
"""

from __future__ import annotations

from pact.management.demo.refs import (
    SKILLS_STATEMENTS,
    AgreementSurvey,
    InternalNote,
    Stakeholder,
)
from pact.management.demo.source import DemoDataError, choice, pick, read, text

FILE = "stakeholder_maps.yaml"


def _row_note(data: dict, kind: str, stakeholder_type: str, **values) -> str:
    types = data["type_names"][stakeholder_type][1]
    return text(data["row_notes"][kind]).format(types=types, **values)


def stakeholder_rows(slug: str, pilot: dict, organisations: dict) -> list[Stakeholder]:
    """The rows of one pilot's map: its counts by type, then the influence counts spread over them."""
    data = read(FILE)
    where = f"{FILE} {slug}"
    own = pilot["own"]
    rows: list[Stakeholder] = []
    for kind in data["row_order"]:
        choice(Stakeholder, "type", kind, where)
        named = list(pilot["named"].get(kind, []))
        generic = 0
        for n in range(pilot["types"][kind]):
            organisation = None
            if kind == own["type"] and n == 0:
                organisation = pick(organisations, own["organisation"], where)
                name, note = organisation.name, _row_note(data, "own", kind)
            elif named:
                entry = named.pop(0)
                name, note = entry["name"], _row_note(data, "named", kind, source=entry["source"])
            else:
                generic += 1
                name = f"{data['generic_names'][kind]} {generic} ({pilot['area']})"
                note = _row_note(data, "generic", kind)
            power, interest = data["typical_scores"][kind]
            rows.append(
                Stakeholder(
                    name=name,
                    type=kind,
                    power=max(1, min(5, power + (n % 3) - 1)),
                    interest=max(1, min(5, interest - (n % 2) + (1 if n % 4 == 3 else 0))),
                    organisation=organisation,
                    notes=note,
                )
            )
    levels = [
        choice(Stakeholder, "influence", level, where)
        for level in data["influence_order"]
        for _n in range(pilot["influence"].get(level, 0))
    ]
    for row, level in zip(rows, levels, strict=False):
        row.influence = level
    return rows


def _answers(agreement: dict, where: str) -> dict[str, int]:
    known = {statement.code for statement in SKILLS_STATEMENTS}
    for code, level in agreement.items():
        if code not in known or level not in range(1, 6):
            raise DemoDataError(f"{where}: {code}: {level} is not a statement rated 1 to 5")
    return dict(agreement)


def seed(users: dict, organisations: dict, partnerships: dict) -> None:
    """Create each pilot's map, survey and note once; running it again changes nothing."""
    data = read(FILE)
    note_author = users.get(data["note_author"])
    for slug, pilot in data["pilots"].items():
        partnership = partnerships.get(slug)
        if partnership is None:
            continue
        if not Stakeholder.objects.filter(partnership=partnership).exists():
            rows = stakeholder_rows(slug, pilot, organisations)
            for row in rows:
                row.partnership = partnership
            Stakeholder.objects.bulk_create(rows)
        note = text(pilot["note"])
        if not InternalNote.objects.filter(partnership=partnership, body=note).exists():
            InternalNote.objects.create(
                partnership=partnership,
                audience=InternalNote.Audience.WORKSPACE,
                author=note_author,
                body=note,
            )
        AgreementSurvey.objects.get_or_create(
            partnership=partnership,
            panel=text(pilot.get("survey_panel") or data["survey_panel"]),
            defaults={
                "held_on": data["survey_date"],
                "answers": _answers(pilot["agreement"], f"{FILE} {slug}"),
                "created_by": users.get(pilot.get("survey_by", "")),
            },
        )
