"""Showing texts per language (``pact.kernel.texts``) on pages: in the page's language when translated,
else the original, marked with ``lang`` whenever it is not the page's language (WCAG 3.1.2).

    {% load texts %}
    {{ question.text|localised }}                    <span lang="it">...</span> or the plain text
    {% localised question.help as help %}            a Localised (text, language) to place yourself
    <p{{ help|lang_attr }}>{{ help.text|linebreaksbr }}</p>
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from pact.kernel.texts import Localised, LocalisedText, page_language

register = template.Library()


def _localised(value) -> Localised | None:
    if value is None or value == "":
        return None
    if isinstance(value, Localised):
        return value
    if isinstance(value, LocalisedText):
        return value.get()
    return Localised(str(value), page_language())


@register.filter(name="localised")
def localised_filter(value) -> str:
    """The text in the page's language (or its original), wrapped in ``<span lang>`` if it differs."""
    found = _localised(value)
    if found is None:
        return ""
    if found.differs:
        return format_html('<span lang="{}">{}</span>', found.language, found.text)
    return format_html("{}", found.text)


@register.simple_tag(name="localised")
def localised_tag(value, *languages) -> Localised | None:
    """``{% localised text "it" "en" as t %}``: the text in the first language it has, else the
    page's, else the original; ``t.text``, ``t.language``, ``t.differs``."""
    if isinstance(value, LocalisedText):
        return value.get(*languages) if languages else value.get()
    return _localised(value)


@register.filter
def lang_attr(value) -> str:
    """`` lang="xx"`` for a text in another language than the page's, else nothing."""
    found = _localised(value)
    if found is None or not found.differs:
        return ""
    return format_html(' lang="{}"', found.language)
