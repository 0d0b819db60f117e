"""Internationalisation: the interface's languages, the content languages, formats and time zone."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pact.settings.env import BASE_DIR, envlist

# --- Internationalisation ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
# Interface languages: English, French and German ship complete. Another is switched on by
# configuration (PACT_INTERFACE_LANGUAGES=en,fr,de,it) once locale/<code>/LC_MESSAGES/django.po
# translates at least INTERFACE_COMPLETENESS of the catalogue: tests/i18n checks every configured
# one, so no page claims a language it does not speak (README: "Adding an interface language").
INTERFACE_COMPLETENESS = 0.95
_INTERFACE_NAMES = {"en": "English", "fr": "Français", "de": "Deutsch"}


def _interface_languages(codes: list[str]) -> list[tuple[str, str]]:
    from django.conf.locale import LANG_INFO

    chosen = [code.lower() for code in codes]
    if LANGUAGE_CODE not in chosen:
        raise ImproperlyConfigured(f"PACT_INTERFACE_LANGUAGES must include {LANGUAGE_CODE}")
    unknown = [code for code in chosen if code not in _INTERFACE_NAMES and code not in LANG_INFO]
    if unknown:
        raise ImproperlyConfigured(f"Unknown interface language: {', '.join(unknown)}")
    return [
        (code, _INTERFACE_NAMES.get(code) or LANG_INFO[code].get("name_local", code))
        for code in chosen
    ]


LANGUAGES = _interface_languages(envlist("PACT_INTERFACE_LANGUAGES", "en,fr,de"))
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style per language (6 December 2026 / 6 décembre 2026 / 6. Dezember 2026).
FORMAT_MODULE_PATH = ["pact.kernel.formats"]
# Languages content may be written in (texts staff and members write, organisations' preferred
# language): the 24 official languages of the EU and those of the candidate countries. A separate
# list from LANGUAGES, the languages of the interface. Read through pact.kernel.texts, never frozen into
# migrations, so a language can be added here alone.
CONTENT_LANGUAGES = [
    ("bg", _("Bulgarian")),
    ("cs", _("Czech")),
    ("da", _("Danish")),
    ("de", _("German")),
    ("el", _("Greek")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("et", _("Estonian")),
    ("fi", _("Finnish")),
    ("fr", _("French")),
    ("ga", _("Irish")),
    ("hr", _("Croatian")),
    ("hu", _("Hungarian")),
    ("it", _("Italian")),
    ("lt", _("Lithuanian")),
    ("lv", _("Latvian")),
    ("mt", _("Maltese")),
    ("nl", _("Dutch")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("ro", _("Romanian")),
    ("sk", _("Slovak")),
    ("sl", _("Slovenian")),
    ("sv", _("Swedish")),
    # Candidate countries (Albania, Bosnia and Herzegovina, Georgia, Moldova, Montenegro, North
    # Macedonia, Serbia, Türkiye, Ukraine) and Kosovo*. Moldova's official language is Romanian,
    # already listed (no separate "ro-MD": one code per language, not per country). Montenegrin has
    # no two-letter code: ISO 639-3 "cnr", what BCP 47 uses in lang attributes. Croatian and
    # Serbian-in-Latin-script are not split by script either.
    ("sq", _("Albanian")),
    ("bs", _("Bosnian")),
    ("ka", _("Georgian")),
    ("mk", _("Macedonian")),
    ("cnr", _("Montenegrin")),
    ("sr", _("Serbian")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

COUNTRIES_OVERRIDE = {"XK": _("Kosovo*")}
