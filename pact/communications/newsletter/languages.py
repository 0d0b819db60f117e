"""A newsletter in more than one language: its subject and introduction written in an original
language with translations, and its news items in each reader's language when translated.

Each subscriber receives the newsletter in their language (``NewsletterSubscription.language``)
when it was translated into it, else in the original; each news item likewise. The mail's own
labels are in that language when the interface speaks it, else in English.
The rules on languages are those of every text per language (``pact.kernel.texts``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from pact.communications.models import Newsletter, NewsletterTranslation
from pact.communications.news import translations as news_translations
from pact.kernel import markup
from pact.kernel.texts import LocalisedText, TextError, pick_translation


@dataclass(frozen=True)
class Row:
    """One translation as written: its language, subject and introduction."""

    language: str
    subject: str
    introduction: str = ""


class LanguageError(ValueError):
    def __init__(self, messages: list[str]):
        super().__init__(" ".join(messages))
        self.messages = messages


def checked(language: str, subject: str, rows: Iterable[Row]) -> list[Row]:
    """The translations to keep (empty rows dropped), or ``LanguageError`` with every problem:
    an unknown language, the original's language, two rows in one language, an introduction
    without a subject."""
    rows = [r for r in rows if (r.language or r.subject.strip() or r.introduction.strip())]
    problems = [
        _("Give the subject of the translation into %(language)s.") % {"language": r.language}
        for r in rows
        if r.introduction.strip() and not r.subject.strip()
    ]
    try:
        LocalisedText.build(language, subject or "-", [(r.language, r.subject) for r in rows])
    except TextError as exc:
        problems += exc.messages
    if problems:
        raise LanguageError(problems)
    return [
        Row(r.language.strip().lower(), r.subject.strip(), r.introduction)
        for r in rows
        if r.subject.strip()
    ]


def store(newsletter: Newsletter, rows: list[Row]) -> None:
    """Make the newsletter's translations exactly ``rows``."""
    keep = {r.language for r in rows}
    newsletter.translations.exclude(language__in=keep).delete()
    for row in rows:
        NewsletterTranslation.objects.update_or_create(
            newsletter=newsletter,
            language=row.language,
            defaults={"subject": row.subject, "introduction": row.introduction},
        )


def rows_of(newsletter: Newsletter) -> list[Row]:
    return [Row(t.language, t.subject, t.introduction) for t in newsletter.translations.all()]


def newsletter_context(newsletter: Newsletter, language: str | None = None) -> dict:
    """What the newsletter mail and its preview show to a reader of ``language`` (the page's when
    None): subject, introduction and each item in it when translated, else in the original.
    Built once per language and reused for every recipient of that language."""
    items = list(
        newsletter.news_items.select_related("partnership")
        .prefetch_related("translations")
        .order_by("-published_on", "-id")
    )
    subject, introduction, shown_language = in_language(newsletter, language)
    shown_items = [(item, news_translations.shown(item, language)) for item in items]
    return {
        "newsletter": newsletter,
        "subject": subject,
        "language": shown_language,
        "introduction_html": markup.render(introduction),
        "introduction_text": markup.plain_text(introduction),
        "items": [
            {
                "title": shown.title,
                "summary": shown.summary,
                "language": shown.language,
                "date": item.published_on,
                "partnership": item.partnership.name if item.partnership else "",
                "url": _absolute(
                    item.get_absolute_url()
                    + (f"?lang={shown.language}" if shown.is_translation else "")
                ),
            }
            for item, shown in shown_items
        ],
        "news_url": _absolute(reverse("communications:news_list")),
    }


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def in_language(newsletter: Newsletter, language: str | None) -> tuple[str, str, str]:
    """``(subject, introduction, language)`` for a reader of ``language``."""
    chosen = pick_translation(
        newsletter.language, {t.language: t for t in newsletter.translations.all()}, language
    )
    if chosen is None:
        return newsletter.subject, newsletter.introduction, newsletter.language
    return chosen.subject, chosen.introduction, chosen.language
