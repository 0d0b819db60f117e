"""``{{ text|markdown }}``: user-written Markdown as sanitised HTML (see ``pact.kernel.markup``)."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from pact.kernel import markup

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value) -> SafeString:
    return mark_safe(markup.render(str(value or "")))  # noqa: S308 - sanitised by nh3
