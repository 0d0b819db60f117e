"""Translations of a published declaration: separate, unsigned documents attached to a version.

The signed original stays authoritative: writing a translation never touches the version (its
texts, its ``content_hash``, its signatures, its PDF). Each translation has its own content hash
(the original's hash, its language and its texts) and its own PDF, which the worker renders like
the original's (``pdf.render_and_store``). Commitments and targets are not translated: the pages
and PDFs show them in the original's language, marked with its ``lang``.

Languages follow the one text-per-language rule of ``pact.kernel.texts``: any content language
except the original's, one translation per language.
"""

from __future__ import annotations

import copy
import hashlib
import json

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pact import access
from pact.kernel.audit import log_action
from pact.kernel.texts import (
    TextError,
    check_translation_language,
    language_name,
    normalise,
    pick_translation,
)
from partnerships.declarations.common import DeclarationError, EditConflict, actor_or_none
from partnerships.declarations.publication import request_pdf
from partnerships.models import TRANSLATED_FIELDS, DeclarationTranslation, DeclarationVersion


class LanguageRefused(DeclarationError):
    """The language of a new translation is refused: unknown, the original's, or translated."""


def translation_hash(version: DeclarationVersion, language: str, texts: dict[str, str]) -> str:
    """SHA-256 of what a translation says, tied to the signed original it translates."""
    payload = {
        "original": version.content_hash,
        "language": language,
        **{field: (texts.get(field) or "").strip() for field in TRANSLATED_FIELDS},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def missing_sections(version: DeclarationVersion, texts: dict[str, str]) -> list[str]:
    """The fields the original has and the translation leaves empty."""
    return [
        field
        for field in TRANSLATED_FIELDS
        if getattr(version, field).strip() and not (texts.get(field) or "").strip()
    ]


def save_translation(
    version: DeclarationVersion,
    *,
    language: str,
    texts: dict[str, str],
    actor,
    lock_version: int | None = None,
) -> DeclarationTranslation:
    """Write the translation of ``version`` into ``language``: a new one when ``lock_version`` is
    None, else the one whose ``lock_version`` the writer read.

    Guarantees: the actor may translate (``access.can_translate_declaration``); the version is
    published; the language is a content language other than the original's, and a new
    translation is the first in its language (else ``DeclarationError`` saying which); every
    section the original has is translated; a concurrent save is refused (``EditConflict``), not
    overwritten; the version itself is never written; audited; its PDF requested on commit.
    """
    partnership = version.partnership
    if not access.can_translate_declaration(actor, partnership):
        raise access.Refused("declaration.translate")
    if not version.is_published:
        raise DeclarationError(_("Only an approved declaration can be translated."))
    creating = lock_version is None
    existing = set(version.translations.values_list("language", flat=True))
    try:
        if creating:
            language = check_translation_language(version.language, existing, language)
        else:
            language = normalise(language)
            if language not in existing:
                raise DeclarationError(_("This translation does not exist."))
    except TextError as exc:
        raise LanguageRefused(" ".join(exc.messages)) from None
    texts = {field: (texts.get(field) or "").strip() for field in TRANSLATED_FIELDS}
    missing = missing_sections(version, texts)
    if missing:
        labels = [
            str(getattr(DeclarationTranslation._meta.get_field(f), "verbose_name", f))
            for f in missing
        ]
        raise DeclarationError(
            _("Translate every section the original has (missing: %(sections)s).")
            % {"sections": ", ".join(labels)}
        )
    content_hash = translation_hash(version, language, texts)
    now = timezone.now()
    with transaction.atomic():
        if lock_version is None:
            try:
                with transaction.atomic():
                    translation = DeclarationTranslation.objects.create(
                        version=version,
                        language=language,
                        content_hash=content_hash,
                        created_by=actor_or_none(actor),
                        updated_by=actor_or_none(actor),
                        **texts,
                    )
            except IntegrityError:
                # Another writer created the same language meanwhile: the unique index decides.
                raise LanguageRefused(
                    _("There is already a translation into %(language)s: edit that one.")
                    % {"language": language_name(language)}
                ) from None
        else:
            changed = DeclarationTranslation.objects.filter(
                version=version, language=language, lock_version=lock_version
            ).update(
                content_hash=content_hash,
                updated_at=now,
                updated_by=actor_or_none(actor),
                lock_version=F("lock_version") + 1,
                **texts,
            )
            if not changed:
                raise EditConflict(
                    _(
                        "Somebody else saved this translation since you opened it; nothing was "
                        "overwritten. Open it again to see their text."
                    )
                )
            translation = DeclarationTranslation.objects.get(version=version, language=language)
        log_action(
            "pact.declaration.translation_saved",
            translation,
            actor_or_none(actor),
            {
                "number": version.number,
                "language": language,
                "content_hash": content_hash,
                "original_content_hash": version.content_hash,
                "created": creating,
            },
            partnership_id=partnership.pk,
        )
        translation.version = version
        request_pdf(version, actor=actor_or_none(actor), translation=translation)
    return translation


# --- reading -------------------------------------------------------------------------------------


def translations_of(version: DeclarationVersion) -> list[DeclarationTranslation]:
    return list(version.translations.order_by("language"))


def choose(
    version: DeclarationVersion,
    translations: list[DeclarationTranslation],
    asked: str | None,
) -> DeclarationTranslation | None:
    """The translation a reader sees (``pact.kernel.texts.pick_translation``): the one in
    ``?lang=`` when asked, else the one in the page's language, else none (the original)."""
    return pick_translation(version.language, {t.language: t for t in translations}, asked)


def as_shown(version: DeclarationVersion, translation: DeclarationTranslation | None):
    """The version as a page or PDF shows it: itself, or an unsaved copy carrying the
    translation's language and texts (never saved: the database refuses changes anyway)."""
    if translation is None:
        return version
    shown = copy.copy(version)
    shown.language = translation.language
    for field in TRANSLATED_FIELDS:
        setattr(shown, field, getattr(translation, field))
    shown.save = _refuse_save  # type: ignore[method-assign]
    return shown


def _refuse_save(*args, **kwargs):
    raise RuntimeError("A translated view of a declaration version is never saved")
