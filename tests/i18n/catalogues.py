"""Read and check the French and German catalogues; help translators fill them.

    python -m tests.i18n.catalogues todo fr > fr.json     # untranslated or fuzzy entries
    python -m tests.i18n.catalogues apply fr fr.json      # write translations back, then
    python manage.py compilemessages --ignore=.venv       # compile the .mo files

The JSON file is a list of {"msgctxt", "msgid", "msgid_plural", "msgstr" | "msgstr_plural"}.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
LANGUAGES = ("fr", "de")
# Python-format placeholders, including those blocktranslate makes of {{ variables }}.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{\w*\}")
# What `make messages` leaves out of the scan (the Makefile's --ignore list).
NOT_SCANNED = {".venv", ".devdata", "tests", "bench", "locale", ".git", "node_modules", "static"}


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def load(language: str) -> polib.POFile:
    return polib.pofile(str(po_path(language)), wrapwidth=100)


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def active(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def problems(po: polib.POFile) -> list[str]:
    """Untranslated, fuzzy or placeholder-breaking entries, one readable line each."""
    found: list[str] = []
    for entry in active(po):
        label = f"{entry.msgid[:70]!r}" + (f" (context {entry.msgctxt!r})" if entry.msgctxt else "")
        texts = translations(entry)
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {label}")
        if not all(text.strip() for text in texts):
            found.append(f"untranslated: {label}")
            continue
        if entry.msgid_plural and len(texts) < po_plural_count(po):
            found.append(f"missing plural forms: {label}")
        wanted = set(PLACEHOLDER.findall(entry.msgid)) | set(
            PLACEHOLDER.findall(entry.msgid_plural or "")
        )
        for text in texts:
            got = set(PLACEHOLDER.findall(text))
            # A singular form may spell the number out ("one report"), so only extras are wrong.
            if got - wanted or (not entry.msgid_plural and wanted - got):
                found.append(f"placeholders differ ({sorted(wanted)} vs {sorted(got)}): {label}")
    return found


def po_plural_count(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def obsolete(po: polib.POFile, marked: set[tuple[str, str, str]]) -> list[str]:
    """Entries no string of the code or templates uses any more: kept as ``#~`` by makemessages,
    or still active though their text is gone. Each is a translation nobody reads; remove it."""
    found = [f"kept as obsolete (#~): {entry.msgid[:70]!r}" for entry in po if entry.obsolete]
    overridden = third_party_msgids()
    found += [
        f"no longer used: {entry.msgid[:70]!r}"
        for entry in active(po)
        if key(entry) not in marked and key(entry) not in overridden and entry.msgid
    ]
    return found


@functools.cache
def third_party_msgids() -> frozenset[tuple[str, str, str]]:
    """Strings of the libraries whose wording the portal overrides in its own catalogue (allauth's
    account pages and mails, in formal German): used, though not marked in the portal's code."""
    import allauth

    source = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"
    return frozenset(key(entry) for entry in active(polib.pofile(str(source))))


@functools.cache
def extracted_msgids() -> frozenset[tuple[str, str, str]]:
    """Run `makemessages` on a copy of the sources and return every msgid it finds."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src"
        copy.mkdir()
        for child in ROOT.iterdir():
            if (
                child.name in NOT_SCANNED
                or child.name.startswith(".")
                or child.name.endswith(".egg-info")
            ):
                continue
            if child.is_dir():
                shutil.copytree(
                    child, copy / child.name, ignore=shutil.ignore_patterns("__pycache__")
                )
            elif child.suffix == ".py":
                shutil.copy2(child, copy / child.name)
        (copy / "locale").mkdir()
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "-v", "0"],
            cwd=copy,
            check=True,
            capture_output=True,
            env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "pact.settings"},
            timeout=300,
        )
        po = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
        return frozenset(key(entry) for entry in active(po))


def completeness(po: polib.POFile, marked: frozenset[tuple[str, str, str]]) -> float:
    """The share of the strings marked in the code and templates that ``po`` translates (every
    form filled, not fuzzy): what decides whether an interface language may be switched on."""
    if not marked:
        return 1.0
    done = {
        key(entry)
        for entry in active(po)
        if "fuzzy" not in entry.flags and all(text.strip() for text in translations(entry))
    }
    return len(marked & done) / len(marked)


def todo(language: str) -> list[dict]:
    po = load(language)
    items = []
    for entry in active(po):
        if "fuzzy" in entry.flags or not all(t.strip() for t in translations(entry)):
            item = {"msgctxt": entry.msgctxt, "msgid": entry.msgid}
            if entry.msgid_plural:
                item["msgid_plural"] = entry.msgid_plural
                item["msgstr_plural"] = [""] * po_plural_count(po)
            else:
                item["msgstr"] = ""
            if "fuzzy" in entry.flags:
                item["fuzzy_suggestion"] = entry.msgstr or entry.msgstr_plural.get(0, "")
            items.append(item)
    return items


def apply(language: str, items: list[dict]) -> int:
    po = load(language)
    by_key = {key(entry): entry for entry in active(po)}
    applied = 0
    for item in items:
        entry = by_key.get(
            (item.get("msgctxt") or "", item["msgid"], item.get("msgid_plural") or "")
        )
        if entry is None:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = dict(enumerate(item["msgstr_plural"]))
        else:
            entry.msgstr = item["msgstr"]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgid_plural = None
        entry.previous_msgctxt = None
        applied += 1
    po.save()
    return applied


def main(argv: list[str]) -> int:
    command, language, *rest = argv
    if command == "todo":
        json.dump(todo(language), sys.stdout, ensure_ascii=False, indent=1)
        return 0
    if command == "apply":
        items = json.loads(Path(rest[0]).read_text(encoding="utf-8"))
        print(f"{apply(language, items)} entries translated", file=sys.stderr)
        return 0
    if command == "check":
        found = problems(load(language))
        print("\n".join(found) or "complete")
        return 1 if found else 0
    raise SystemExit(__doc__)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
