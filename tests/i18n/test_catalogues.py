"""The French and German catalogues are complete, current and compiled."""

from __future__ import annotations

import polib
import pytest

from tests.i18n import catalogues


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_it_has_no_untranslated_fuzzy_or_broken_entry(language):
    po = catalogues.load(language)
    assert len(catalogues.active(po)) > 50
    found = catalogues.problems(po)
    assert not found, f"{language}/django.po needs work:\n" + "\n".join(found)


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_it_ships_a_compiled_catalogue_matching_the_po_file(language):
    po = catalogues.load(language)
    mo = polib.mofile(str(catalogues.po_path(language).with_suffix(".mo")))
    compiled = {catalogues.key(e): catalogues.translations(e) for e in mo}
    source = {
        catalogues.key(e): catalogues.translations(e)
        for e in catalogues.active(po)
        if "fuzzy" not in e.flags
    }
    stale = sorted(k[1][:60] for k, v in source.items() if compiled.get(k) != v)
    assert not stale, f"Run `python manage.py compilemessages` for {language}: {stale[:20]}"


def test_it_covers_every_string_marked_in_the_code_and_templates():
    marked = catalogues.extracted_msgids()
    assert len(marked) > 50
    for language in catalogues.LANGUAGES:
        known = {catalogues.key(e) for e in catalogues.active(catalogues.load(language))}
        missing = sorted(msgid[:70] for _, msgid, _ in marked - known)
        assert not missing, (
            f"{len(missing)} strings are not in {language}/django.po: run `make messages` and "
            f"translate them:\n" + "\n".join(missing[:40])
        )


@pytest.mark.parametrize("language", catalogues.LANGUAGES)
def test_it_keeps_no_entry_that_nothing_uses_any_more(language):
    marked = catalogues.extracted_msgids()
    found = catalogues.obsolete(catalogues.load(language), marked)
    assert not found, (
        f"{language}/django.po keeps translations of strings no longer in the code or "
        f"templates: remove these entries, then compile:\n" + "\n".join(found[:40])
    )


def test_it_detects_obsolete_and_unused_entries():
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Partnerships", msgstr="Partenariats"))
    po.append(polib.POEntry(msgid="Commitment", msgstr="Engagement"))
    po.append(polib.POEntry(msgid="Old caption", msgstr="Ancienne légende", obsolete=True))
    found = catalogues.obsolete(po, {("", "Partnerships", "")})
    assert found == [
        "kept as obsolete (#~): 'Old caption'",
        "no longer used: 'Commitment'",
    ]


def test_it_detects_untranslated_fuzzy_and_placeholder_errors(tmp_path):
    po = polib.POFile()
    po.metadata = {"Plural-Forms": "nplurals=2; plural=(n > 1);"}
    po.append(polib.POEntry(msgid="Partnerships", msgstr=""))
    po.append(polib.POEntry(msgid="Reports", msgstr="Rapports", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Hello %(name)s", msgstr="Bonjour %(nom)s"))
    po.append(polib.POEntry(msgid="Fine", msgstr="Bien"))
    found = catalogues.problems(po)
    assert found == [
        "untranslated: 'Partnerships'",
        "fuzzy: 'Reports'",
        "placeholders differ (['name'] vs ['nom']): 'Hello %(name)s'",
    ]
