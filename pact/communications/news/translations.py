"""News items in more than one language: the original (``NewsItem.language``) and translations.

The same rules as every text per language (``pact.kernel.texts``): any content language except
the original's, one translation per language, the reader's language (or ``?lang=``) shown when
translated, else the original, marked with its ``lang``. Writing a translation is an edit of the
item: whoever may edit the item may translate it; audited; concurrent saves refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from pact import access
from pact.communications.models import NewsItem, NewsTranslation
from pact.communications.news.services import NewsError, StaleVersion
from pact.kernel.audit import log_action
from pact.kernel.texts import TextError, check_translation_language, normalise, pick_translation


@dataclass(frozen=True)
class ShownNews:
    """A news item's texts in one language, as a page or a newsletter shows them."""

    title: str
    summary: str
    body: str
    language: str
    is_translation: bool


def shown(item: NewsItem, asked: str | None = None) -> ShownNews:
    """``item`` in ``asked`` (or the page's language) when translated, else its original.

    Uses ``item.translations`` as prefetched when it was (lists prefetch them)."""
    found = {t.language: t for t in item.translations.all()}
    chosen = pick_translation(item.language, found, asked)
    source = chosen or item
    return ShownNews(
        title=source.title,
        summary=source.summary,
        body=source.body,
        language=chosen.language if chosen else item.language,
        is_translation=chosen is not None,
    )


def save_translation(
    item: NewsItem,
    *,
    actor,
    language: str,
    title: str,
    summary: str,
    body: str,
    lock_version: int | None = None,
) -> NewsTranslation:
    """Write the translation of ``item`` into ``language``: a new one when ``lock_version`` is
    None, else the one whose version the writer read.

    Guarantees: only someone who may edit the item; the language is a content language, not the
    original's, and a new translation is the first in its language (``NewsError`` says which);
    title, summary and text are all given; a concurrent save is refused (``StaleVersion``).
    """
    if not access.can_edit_news(actor, item):
        raise NewsError(_("You cannot edit this news item."))
    title, summary, body = title.strip(), summary.strip(), body.strip()
    if not (title and summary and body):
        raise NewsError(_("Give the title, the summary and the text of the translation."))
    existing = set(item.translations.values_list("language", flat=True))
    with transaction.atomic():
        if lock_version is None:
            try:
                language = check_translation_language(item.language, existing, language)
            except TextError as exc:
                raise NewsError(" ".join(exc.messages)) from None
            try:
                with transaction.atomic():
                    translation = NewsTranslation.objects.create(
                        item=item, language=language, title=title, summary=summary, body=body
                    )
            except IntegrityError:
                raise NewsError(
                    _("This language was translated meanwhile: edit that one.")
                ) from None
        else:
            language = normalise(language)
            changed = NewsTranslation.objects.filter(
                item=item, language=language, lock_version=lock_version
            ).update(title=title, summary=summary, body=body, lock_version=F("lock_version") + 1)
            if not changed:
                raise StaleVersion()
            translation = NewsTranslation.objects.get(item=item, language=language)
        # The item changed for readers: its updated_at moves (feeds and caches follow it).
        NewsItem.objects.filter(pk=item.pk).update(updated_at=translation.updated_at)
        log_action(
            "pact.news.translation_saved",
            item,
            actor,
            {"language": language, "created": lock_version is None},
            partnership_id=item.partnership_id,
        )
    return translation
