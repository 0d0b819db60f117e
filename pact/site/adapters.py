"""allauth's account adapter: account mails in the person's language, and the sign-in steps of
sign-in through an identity provider (pact.sso)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from pact import access
from pact.kernel import signin_limits
from pact.kernel.client_ip import client_ip
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

    # --- failed passwords (pact.kernel.signin_limits) -------------------------------------------

    def pre_authenticate(self, request, **credentials):
        address = credentials.get("email") or credentials.get("username") or ""
        key = signin_limits.address_key(address)
        signed_in = getattr(request, "user", None)
        known_browser = key in signin_limits.known_browser_accounts(
            request.COOKIES.get(signin_limits.KNOWN_BROWSER_COOKIE)
        ) or (  # a verified session of this very account (re-entering the password)
            getattr(signed_in, "is_authenticated", False)
            and signin_limits.address_key(signed_in.email) == key
        )
        refused = signin_limits.refused(self.get_client_ip(request), address, known_browser)
        if refused == signin_limits.SLOWED:
            raise self.validation_error("too_many_login_attempts")
        if refused == signin_limits.CEILING:
            raise forms.ValidationError(
                _(
                    "There were too many failed attempts to sign in to this account. To sign in, "
                    "reset your password with the link we send by email."
                )
            )

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            address = credentials.get("email") or credentials.get("username") or ""
            signin_limits.succeeded(self.get_client_ip(request), address)
        return user

    def authentication_failed(self, request, **credentials):
        address = credentials.get("email") or credentials.get("username") or ""
        signin_limits.failed(self.get_client_ip(request), address)

    def post_login(self, request, user, **kwargs):
        # This browser now knows the account: the ceiling on failed passwords does not stop it.
        response = super().post_login(request, user, **kwargs)
        if response is not None and getattr(user, "email", ""):
            response.set_cookie(
                signin_limits.KNOWN_BROWSER_COOKIE,
                signin_limits.remember_browser(
                    request.COOKIES.get(signin_limits.KNOWN_BROWSER_COOKIE), user.email
                ),
                max_age=signin_limits.KNOWN_BROWSER_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def get_client_ip(self, request):
        # The sign-in limits count by the same address as the API throttles.
        return client_ip(request) or super().get_client_ip(request)

    def get_login_stages(self):
        # The second-factor step is skipped for a sign-in that already had one (pact.sso.stages).
        return sso_stages.login_stages(super().get_login_stages())

    def get_login_redirect_url(self, request):
        # Staff land on the staff home (not on "My portal", made for members).
        if access.is_staff(request.user) or access.is_staff_without_mfa(request.user):
            return reverse("staff_home")
        return super().get_login_redirect_url(request)

    def get_logout_redirect_url(self, request):
        # Signing out of a provider sign-in also ends the provider's session, where it offers that.
        return sso_session.end_session_url(request) or super().get_logout_redirect_url(request)


class SignupForm(AllauthSignupForm):
    """Sign-up does the same work whether or not the address is taken: the password is hashed
    (and thrown away) and one mail is queued either way, so the answer's time tells nothing."""

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)
