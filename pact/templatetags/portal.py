"""The portal's own name and address for texts rendered outside a page (mails), and the dates
the format modules style beyond Django's own format names."""

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils import formats, translation

register = template.Library()


@register.simple_tag
def portal_url() -> str:
    """The portal's public address (``SITE_URL``), e.g. under a mail's signature."""
    return settings.SITE_URL + "/"


@register.filter
def with_weekday(value) -> str:
    """A date and time with its weekday in the active language's style (``WEEKDAY_DATETIME_FORMAT``
    of ``pact.kernel.formats``): Sunday 6 December 2026, 14:00 · Sonntag, 6. Dezember 2026, 14:00.
    Django's ``date`` filter only knows its own format names, so this one looks the name up."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    for module in formats.get_format_modules(language):
        style = getattr(module, "WEEKDAY_DATETIME_FORMAT", None)
        if style:
            return date_filter(value, style)
    return date_filter(value, "DATETIME_FORMAT")
