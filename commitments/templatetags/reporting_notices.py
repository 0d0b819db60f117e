"""Staff's own text of a reporting mail (``commitments.monitoring.notices``), in the language the
mail is rendered in, its placeholders filled from the mail's context."""

from __future__ import annotations

from django import template

from commitments.monitoring import notices

register = template.Library()


@register.simple_tag(takes_context=True)
def notice_text(context, part: str) -> str:
    notice = context.get("notice")
    if notice is None:
        return ""
    text = getattr(notice, part)
    return notices.fill(text.get().text, context.flatten())
