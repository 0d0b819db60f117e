"""An invitation opened while signed out is applied once the new account's address is confirmed."""

from allauth.account.signals import email_confirmed
from django.contrib import messages
from django.dispatch import receiver
from django.utils.translation import gettext as _

from members import common
from members.colleagues import selectors
from members.colleagues import services as colleagues

# The session key under which the invitation page keeps the token a signed-out visitor opened.
PENDING_INVITATION = "members_pending_invitation"


@receiver(email_confirmed)
def _apply_pending_invitation(request, email_address, **kwargs):
    session = getattr(request, "session", None)
    token = session.pop(PENDING_INVITATION, None) if session is not None else None
    if not token:
        return
    found = selectors.invitation_by_token(token)
    if found is None or found.email.lower() != email_address.email.lower():
        return
    if not colleagues.invitation_is_open(found):
        return
    try:
        colleagues.accept_invitation(found, email_address.user)
    except common.MembershipError:
        return
    messages.success(request, _("Welcome to %(name)s.") % {"name": found.organisation.name})
