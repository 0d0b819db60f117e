from django.conf import settings

from pact import access


def portal(request):
    user = getattr(request, "user", None)
    return {
        "is_staff_member": access.is_staff(user) if user else False,
        "staff_needs_mfa": access.is_staff_without_mfa(user) if user else False,
        "LANGUAGES": settings.LANGUAGES,
        "SITE_URL": settings.SITE_URL,
    }
