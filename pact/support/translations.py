"""Events, funding calls and library resources in more than one language.

The same rules as every text per language (``pact.kernel.texts``, news included): any content
language except the original's, one translation per language, the reader's language (or
``?lang=``) shown when translated, else the original, marked with its ``lang``. Writing a
translation is an edit of the original: whoever may edit it may translate it (the organiser of an
event, support services for funding calls, the publisher of a resource); audited; concurrent
saves refused. A translation is as public as its original: it is only ever read through it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pact import access
from pact.kernel.audit import log_action
from pact.kernel.texts import (
    TextError,
    check_translation_language,
    language_name,
    normalise,
    pick_translation,
)
from pact.support.common import SupportError, concurrent_edit_error
from pact.support.models import (
    Event,
    EventTranslation,
    FundingCall,
    FundingCallTranslation,
    Resource,
    ResourceTranslation,
)


@dataclass(frozen=True)
class Translatable:
    """What can be translated of one kind of content, and who may."""

    model: Any  # the original's model (Event, FundingCall, Resource)
    translation_model: Any
    parent: str  # the translation's foreign key to the original
    fields: tuple[str, ...]  # the texts a translation has, title and summary first
    required: tuple[str, ...]
    editors: Callable[[Any, Any], bool]  # access's predicate: who may edit the original
    refused: Any  # lazily translated
    detail_url: str  # URL name of the original's page

    def label(self, name: str) -> str:
        """A text's name as the translation model calls it ("who may apply")."""
        return str(self.translation_model._meta.get_field(name).verbose_name)

    def missing_message(self) -> str:
        labels = ", ".join(self.label(name) for name in self.required)
        return _("Give these texts of the translation: %(fields)s.") % {"fields": labels}


EVENT = Translatable(
    model=Event,
    translation_model=EventTranslation,
    parent="event",
    fields=("title", "summary", "description"),
    required=("title", "summary"),
    editors=access.can_organise,
    refused=gettext_lazy("Only the organiser translates the event."),
    detail_url="support:event_detail",
)
CALL = Translatable(
    model=FundingCall,
    translation_model=FundingCallTranslation,
    parent="call",
    fields=("title", "summary", "eligibility"),
    required=("title", "summary", "eligibility"),
    editors=access.can_edit_call,
    refused=gettext_lazy("Only support services translate funding calls."),
    detail_url="support:funding_detail",
)
RESOURCE = Translatable(
    model=Resource,
    translation_model=ResourceTranslation,
    parent="resource",
    fields=("title", "summary", "body"),
    required=("title", "summary"),
    editors=access.can_edit_resource,
    refused=gettext_lazy("Only its publisher translates the resource."),
    detail_url="support:resource_detail",
)
KINDS = {Event: EVENT, FundingCall: CALL, Resource: RESOURCE}


def kind_of(original: models.Model) -> Translatable:
    return KINDS[type(original)]


def shown(original: Any, asked: str | None = None) -> dict[str, Any]:
    """``original``'s texts in ``asked`` (or the page's language) when translated, else its own:
    ``{"title", "summary", <third text>, "language", "is_translation"}``.

    Uses ``original.translations`` as prefetched when it was (lists prefetch them)."""
    kind = kind_of(original)
    found = {t.language: t for t in original.translations.all()}
    chosen = pick_translation(original.language, found, asked)
    source = chosen or original
    texts: dict[str, Any] = {name: getattr(source, name) for name in kind.fields}
    texts["language"] = chosen.language if chosen else original.language
    texts["is_translation"] = chosen is not None
    return texts


def languages_of(original: Any) -> list[str]:
    """The original's language first, then its translations' (prefetched when they were)."""
    return [original.language, *(t.language for t in original.translations.all())]


def check_original_language(original: Any, language: str) -> None:
    """Changing the original's language onto one it is translated into would leave two texts in
    one language: refused, naming it."""
    # The translations' languages never include the original's own, so no comparison with
    # ``original.language`` (which a bound form has already changed in memory).
    if original.pk and language and original.translations.filter(language=language).exists():
        raise SupportError(
            _(
                "There is a translation into %(language)s: the original cannot be written in "
                "the same language."
            )
            % {"language": language_name(language)},
            field="language",
        )


def save_translation(
    original: Any,
    *,
    actor,
    language: str,
    texts: dict[str, str],
    lock_version: int | None = None,
) -> Any:
    """Write the translation of ``original`` into ``language``: a new one when ``lock_version`` is
    None, else the one whose version the writer read.

    Guarantees: only someone who may edit the original; the language is a content language, not
    the original's, and a new translation is the first in its language (``SupportError`` on the
    ``language`` field says which); the required texts are given; a concurrent save is refused
    with nothing overwritten (``ConcurrentEdit``). The original's ``updated_at`` moves with it.
    """
    kind = kind_of(original)
    if not kind.editors(actor, original):
        raise SupportError(str(kind.refused))
    values = {name: (texts.get(name) or "").strip() for name in kind.fields}
    if not all(values[name] for name in kind.required):
        raise SupportError(kind.missing_message())
    translations = kind.translation_model.objects.filter(**{kind.parent: original})
    with transaction.atomic():
        if lock_version is None:
            existing = translations.values_list("language", flat=True)
            try:
                language = check_translation_language(original.language, existing, language)
            except TextError as exc:
                raise SupportError(" ".join(exc.messages), field="language") from None
            try:
                with transaction.atomic():
                    translation = kind.translation_model.objects.create(
                        **{kind.parent: original}, language=language, **values
                    )
            except IntegrityError:
                raise SupportError(
                    _("This language was translated meanwhile: edit that one."), field="language"
                ) from None
        else:
            language = normalise(language)
            changed = translations.filter(language=language, lock_version=lock_version).update(
                **values, lock_version=F("lock_version") + 1, updated_at=timezone.now()
            )
            if not changed:
                raise concurrent_edit_error(str(_("translation")))
            translation = translations.get(language=language)
        kind.model.objects.filter(pk=original.pk).update(updated_at=translation.updated_at)
        log_action(
            f"pact.{kind.parent}.translation_saved",
            original,
            actor,
            {"language": language, "created": lock_version is None},
            partnership_id=getattr(original, "partnership_id", None),
        )
    return translation
