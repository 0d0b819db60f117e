"""The portal's own name and address for texts rendered outside a page (mails)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def portal_url() -> str:
    """The portal's public address (``SITE_URL``), e.g. under a mail's signature."""
    return settings.SITE_URL + "/"
