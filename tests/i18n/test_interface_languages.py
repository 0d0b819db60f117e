"""Interface languages are switched on by configuration (``PACT_INTERFACE_LANGUAGES``), and only
once their catalogue translates ``INTERFACE_COMPLETENESS`` of the portal's strings: this runs in
``make test`` with the configuration it is given, so no page claims a language it does not speak.
"""

from __future__ import annotations

import polib
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from pact.settings import languages as project_settings
from tests.i18n import catalogues

CONFIGURED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@pytest.mark.parametrize("language", CONFIGURED)
def test_every_configured_interface_language_is_translated_enough(language):
    path = catalogues.po_path(language)
    assert path.exists(), f"{language} is configured but locale/{language} has no catalogue"
    share = catalogues.completeness(catalogues.load(language), catalogues.extracted_msgids())
    assert share >= settings.INTERFACE_COMPLETENESS, (
        f"{language} translates {share:.1%} of the portal's strings, under the "
        f"{settings.INTERFACE_COMPLETENESS:.0%} needed to be an interface language"
    )


def test_the_measure_counts_only_translated_current_strings():
    marked = frozenset(("", f"String {n}", "") for n in range(20))
    po = polib.POFile()
    for n in range(19):
        po.append(polib.POEntry(msgid=f"String {n}", msgstr=f"Chaîne {n}"))
    assert catalogues.completeness(po, marked) == 0.95
    po[0].flags.append("fuzzy")
    po.append(polib.POEntry(msgid="Gone", msgstr="Parti"))  # unused: does not count
    assert catalogues.completeness(po, marked) == 0.9


def test_an_unknown_or_incomplete_configuration_is_refused_at_start():
    with pytest.raises(ImproperlyConfigured, match="Unknown interface language: xx"):
        project_settings._interface_languages(["en", "fr", "xx"])
    with pytest.raises(ImproperlyConfigured, match="must include en"):
        project_settings._interface_languages(["fr", "de"])
    assert project_settings._interface_languages(["en", "it"]) == [
        ("en", "English"),
        ("it", "italiano"),
    ]
