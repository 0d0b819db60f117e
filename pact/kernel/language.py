"""The language switcher: Django's ``set_language`` (cookie), plus the signed-in person's profile."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@csrf_exempt
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Remember the chosen language in a cookie and, for a signed-in person, in ``user.language``.

    The profile is what mails and PDFs sent to that person use; the cookie is what pages use.

    For anonymous visitors the switcher carries no CSRF token: a token would set a cookie on every
    public page and keep it out of the page cache (``pact.kernel.cache.page_cache``), and forging a visitor's
    choice of language harms no one. A signed-in person's form carries one and it is checked here,
    since the choice is saved to their profile.
    """
    if request.user.is_authenticated:
        # Checked against Django's own view (not this one, which is marked exempt).
        checker = CsrfViewMiddleware(HttpResponse)
        rejected = checker.process_view(request, django_set_language, (), {})
        if rejected is not None:
            return rejected
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and getattr(user, "language", language) != language
    ):
        user.language = language  # type: ignore[union-attr]
        user.save(update_fields=["language"])  # type: ignore[union-attr]
    return response
