"""A person's own data: download it as JSON, or delete the account.

Deleting keeps what belongs to organisations and partnerships (declarations, reports, signatures,
the audit trail) and erases the person everywhere (``erasure``): the account row stays only as an
anonymous anchor (``deleted-<id>@invalid``, no name, no password), which pages show as "erased
person"; published declarations keep the signer's name and role, as the signer was told.
"""

from __future__ import annotations

import json
import re
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.models import ProgressReport
from commitments.survey.models import SurveyResponse
from members.models import (
    Organisation,
    OrganisationMembership,
    OrganisationStatus,
)
from pact.communications.models import (
    NewsItem,
    NewsletterSubscription,
    Notification,
    NotificationPreference,
)
from pact.kernel.audit import log_action
from pact.models import ApiToken, AuditEntry, OutboundEmail, User
from pact.site.personal_data import erasure
from partnerships.models import (
    InternalNote,
    ReviewComment,
    Signature,
)

EXPORT_FORMAT = "pact-portal-personal-data/1"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
REDACTED = "[someone else's address]"


class DeletionRefused(Exception):
    """The account cannot be deleted yet; the message says what to do first."""


# --- export ----------------------------------------------------------------------------------------


def _scrub(value: Any, own_email: str) -> Any:
    """Hide other people's email addresses that appear inside audit data."""
    if isinstance(value, dict):
        return {k: _scrub(v, own_email) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v, own_email) for v in value]
    if isinstance(value, str):
        return _EMAIL.sub(
            lambda m: m.group(0) if m.group(0).lower() == own_email else REDACTED, value
        )
    return value


def export_personal_data(user: User) -> dict[str, Any]:
    """Everything the portal holds about ``user`` and nobody else, as JSON-ready data."""
    own_email = user.email.lower()
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "staff_role": user.staff_role,
            "is_supporter": user.is_supporter,
            "supporter_since": user.supporter_since,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "identity_provider_links": list(
            SocialAccount.objects.filter(user=user).values(
                "provider", "uid", "date_joined", "last_login"
            )
        ),
        "two_factor_authentication": list(
            Authenticator.objects.filter(user=user).values("type", "created_at", "last_used_at")
        ),
        "api_tokens": list(
            ApiToken.objects.filter(user=user).values(
                "name", "scope", "prefix", "created_at", "last_used_at", "revoked_at"
            )
        ),
        "organisation_roles": [
            {
                "organisation": m.organisation.name,
                "organisation_slug": m.organisation.slug,
                "role": m.role,
                "since": m.created_at,
            }
            for m in OrganisationMembership.objects.filter(user=user).select_related("organisation")
        ],
        "notifications": list(
            Notification.objects.filter(user=user).values(
                "category", "kind", "title", "link", "created_at", "read_at"
            )
        ),
        "notification_preferences": {
            p.category: {"by_email": p.by_email}
            for p in NotificationPreference.objects.filter(user=user)
        },
        "emails_sent_to_you": list(
            OutboundEmail.objects.filter(Q(recipient=user) | Q(to_address__iexact=own_email))
            .order_by("created_at")
            .values(
                "kind",
                "to_address",
                "subject",
                "body_text",
                "language",
                "status",
                "created_at",
                "sent_at",
            )
        ),
        "newsletter_subscriptions": list(
            NewsletterSubscription.objects.filter(Q(user=user) | Q(email__iexact=own_email)).values(
                "email", "language", "status", "requested_at", "confirmed_at", "unsubscribed_at"
            )
        ),
        "audit_entries_where_you_acted": [
            {
                "kind": e.kind,
                "created_at": e.created_at,
                "target_type": e.target_type,
                "target_id": e.target_id,
                "target": (
                    e.target_label
                    if e.target_type != "pact.user" or e.target_id == str(user.pk)
                    else ""
                ),
                "data": _scrub(e.data, own_email),
            }
            for e in AuditEntry.objects.filter(actor=user).order_by("created_at", "id")
        ],
        "written_by_you": {
            "progress_reports": [
                {
                    "organisation": r.organisation.name,
                    "year": r.cycle.year,
                    "target": str(r.target_id),
                    "value": r.value,
                    "narrative": r.narrative,
                    "evidence_links": r.evidence_links,
                    "status": r.status,
                    "submitted_at": r.submitted_at if r.submitted_by_id == user.pk else None,
                }
                for r in ProgressReport.objects.filter(
                    Q(submitted_by=user) | Q(updated_by=user)
                ).select_related("organisation", "cycle")
            ],
            "survey_answers": [
                {
                    "organisation": r.organisation.name,
                    "year": r.survey.year,
                    "status": r.status,
                    "answers": {
                        str(a.question.text): a.number
                        if a.number is not None
                        else a.choice or a.text
                        for a in r.answers.all()
                    },
                    "submitted_at": r.submitted_at if r.submitted_by_id == user.pk else None,
                }
                for r in SurveyResponse.objects.filter(Q(submitted_by=user) | Q(updated_by=user))
                .select_related("organisation", "survey")
                .prefetch_related("answers__question")
            ],
            "partnership_notes": [
                {"partnership": n.partnership.name, "body": n.body, "created_at": n.created_at}
                for n in InternalNote.objects.filter(author=user).select_related("partnership")
            ],
            "review_comments": [
                {
                    "partnership": c.version.partnership.name,
                    "declaration_version": c.version.number,
                    "section": c.section,
                    "body": c.body,
                    "created_at": c.created_at,
                }
                for c in ReviewComment.objects.filter(author=user).select_related(
                    "version__partnership"
                )
            ],
            "signatures": [
                {
                    "organisation": s.organisation.name,
                    "partnership": s.version.partnership.name,
                    "declaration_version": s.version.number,
                    "status": s.status,
                    "comment": s.comment,
                    "answered_at": s.answered_at,
                }
                for s in Signature.objects.filter(answered_by=user).select_related(
                    "organisation", "version__partnership"
                )
            ],
            "news_items": list(
                NewsItem.objects.filter(author=user).values(
                    "title", "slug", "summary", "body", "language", "status", "published_on"
                )
            ),
        },
    }
    return data


def export_json(user: User, *, actor=None) -> str:
    """The export as a JSON document; audited as ``pact.user.data_exported``."""
    data = export_personal_data(user)
    log_action("pact.user.data_exported", user, actor or user)
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


# --- deletion --------------------------------------------------------------------------------------


def sole_admin_organisations(user: User) -> list:
    """Organisations (still applying, active or suspended) where ``user`` is the only admin."""
    other_admins = OrganisationMembership.objects.filter(
        organisation=OuterRef("pk"), role="admin"
    ).exclude(user=user)
    return list(
        Organisation.objects.filter(
            pk__in=OrganisationMembership.objects.filter(user=user, role="admin").values(
                "organisation_id"
            ),
            status__in=[
                OrganisationStatus.APPLIED,
                OrganisationStatus.ACTIVE,
                OrganisationStatus.SUSPENDED,
            ],
        )
        .exclude(Exists(other_admins))
        .order_by("name")
    )


@transaction.atomic
def delete_account(user: User, *, reason: str = "asked by the person") -> User:
    """Erase ``user`` (``erasure.erase``: everywhere but published signature snapshots, recorded
    in the ledger) and anonymise the account row. Runs once; safe to retry.

    Refused (``DeletionRefused``) while the person is the only admin of an organisation, so no
    organisation is left without anyone able to act for it.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None:
        return user
    blockers = sole_admin_organisations(user)
    if blockers:
        names = ", ".join(o.name for o in blockers)
        raise DeletionRefused(
            ngettext(
                "You are the only administrator of %(names)s. Make a colleague an administrator "
                "(or withdraw the organisation) before deleting your account.",
                "You are the only administrator of these organisations: %(names)s. Make a "
                "colleague an administrator of each (or withdraw them) before deleting your "
                "account.",
                len(blockers),
            )
            % {"names": names}
        )
    return erasure.erase(user, reason=reason)


def check_deletion_confirmation(user: User, typed_email: str, password: str) -> str | None:
    """An error message unless the person typed their own email address and password."""
    if typed_email.strip().lower() != user.email.lower():
        return _("Type the email address of your account exactly as shown.")
    if not user.check_password(password):
        return _("The password is not correct.")
    return None
