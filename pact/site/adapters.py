"""allauth's account adapter: account mails in the person's language, and the sign-in steps of
sign-in through an identity provider (pact.sso)."""

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation

from pact import access
from pact.sso import session as sso_session
from pact.sso import stages as sso_stages


class AccountAdapter(DefaultAccountAdapter):
    """Account mails go in the user's language; new accounts remember the language they signed up in."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = (translation.get_language() or "en")[:2]
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

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
