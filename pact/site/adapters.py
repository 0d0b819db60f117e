"""allauth's account adapter: account mails in the person's language, and the sign-in steps of
sign-in through an identity provider (pact.sso)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from pact.kernel.outbox.queue import queue_rendered_email
from pact.sso import session as sso_session
from pact.sso import stages as sso_stages

# allauth's mails that carry a link or code: confirmation, reset, sign-in by code.
SECURITY_MAILS = ("email_confirm", "password_reset", "login_code")


class AccountAdapter(DefaultAccountAdapter):
    """Account mails go in the user's language; new accounts remember the language they signed up in."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = (translation.get_language() or "en")[:2]
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context):
        """Account mails go through the outbox like every other mail; those holding a link or a
        code that signs in, confirms or resets are security mails (their bodies cleared once
        sent)."""
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language() or "en"
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), ""
        )
        name = template_prefix.rsplit("/", 1)[-1]
        secret = name.startswith(SECURITY_MAILS)
        queue_rendered_email(
            to=user if user is not None and getattr(user, "email", "") == email else email,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
            kind=f"{'security' if secret else 'account'}.{name}",
            language=language[:8],
        )

    def get_login_stages(self):
        # The second-factor step is skipped for a sign-in that already had one (pact.sso.stages).
        return sso_stages.login_stages(super().get_login_stages())

    def get_logout_redirect_url(self, request):
        # Signing out of a provider sign-in also ends the provider's session, where it offers that.
        return sso_session.end_session_url(request) or super().get_logout_redirect_url(request)
