"""Erasing a person (DESIGN.md §9): everywhere but the signature snapshots of published
declarations, and a ledger of erasures re-applied after a restore from backup.

``erase`` runs for an account deletion and for the nightly purge of never-verified accounts. It
removes what belongs to the person (account details, addresses, second factors, tokens, sessions,
notifications, mail to them, subscriptions, memberships, invitations to them), then sweeps every
other text and JSON column of every table for the person's address and name and writes
"erased person" in their place (mail bodies to others, notification texts, messages, reports'
narratives, import rows, stakeholder contacts, an organisation's main contact). The audit log is
not touched: it holds no personal data (``pact.kernel.audit``). The page and figure cache is
forgotten on commit, as a stored page may show the name.

The account row stays as an anonymous anchor (``deleted-<id>@invalid``, no name, no password) so
that records and audit rows still say who acted, by key; pages show it as "erased person".
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Cast
from django.utils import timezone

from members.models import (
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    OrganisationRole,
)
from pact import access
from pact.communications.models import (
    NewsletterSubscription,
    Notification,
    NotificationPreference,
)
from pact.kernel.audit import log_action
from pact.kernel.cache.forget import forget_stored
from pact.kernel.signin_limits import address_key
from pact.models import (
    ApiToken,
    Erasure,
    IdempotentRequest,
    OutboundEmail,
    UndeliverableAddress,
    User,
)
from partnerships.models import (
    DeclarationStatus,
    PartnershipInvitation,
    Signature,
)

log = logging.getLogger(__name__)

ERASED = "[erased person]"
ERASED_ADDRESS = "erased@invalid"
# Shorter names would match inside ordinary words; such a name is still erased where it is the
# person's own (account, memberships, snapshots of unpublished versions), not swept elsewhere.
MIN_SWEPT_NAME = 4

# What the sweep leaves: the audit log (append-only, no personal data), the account row (the
# anchor, handled here), sessions (deleted), published signature snapshots (kept on purpose), the
# names of organisations and partnerships (public names, not a person's), and the ledger itself.
_SKIPPED_MODELS = {"pact.auditentry", "pact.user", "pact.erasure", "sessions.session"}
_SKIPPED_FIELDS = {
    "partnerships.signature": {"signer_name", "signer_role"},
    "members.organisation": {"name", "slug", "acronym"},
    "partnerships.partnership": {"name", "slug", "acronym"},
}
# Submitted declaration versions are immutable: only drafts are swept.
_ROWS_SWEPT = {"partnerships.declarationversion": Q(status=DeclarationStatus.DRAFT)}


# --- the sweep ----------------------------------------------------------------------------------


def _needles(email: str, name: str) -> list[str]:
    found = [email.strip().lower()] if email.strip() else []
    if len(name.strip()) >= MIN_SWEPT_NAME:
        found.append(name.strip())
    return found


def _replace(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, dict):
        return {_replace(k, pattern): _replace(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, pattern) for v in value]
    return value


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    label = model._meta.label_lower
    skipped = _SKIPPED_FIELDS.get(label, set())
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not f.primary_key
        and not f.choices  # codes, not text anyone wrote
        and f.name not in skipped
    ]


def sweep(needles: list[str]) -> dict[str, int]:
    """Write "erased person" over every occurrence of ``needles`` (case-insensitive) in every text
    and JSON column of every model but those the erasure keeps; returns rows changed per model.
    One query per model finds its rows (one scan per table); erasures are rare."""
    if not needles:
        return {}
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    changed: dict[str, int] = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        fields = _text_fields(model)
        if label in _SKIPPED_MODELS or not fields or model._meta.proxy:
            continue
        annotations = {
            f"_erasure_{f.name}": Cast(f.name, models.TextField())
            for f in fields
            if isinstance(f, models.JSONField)
        }
        match = Q()
        for field in fields:
            lookup = f"_erasure_{field.name}" if isinstance(field, models.JSONField) else field.name
            for needle in needles:
                match |= Q(**{f"{lookup}__icontains": needle})
        rows = model._base_manager.annotate(**annotations).filter(match)
        if label in _ROWS_SWEPT:
            rows = rows.filter(_ROWS_SWEPT[label])
        versioned = any(f.name == "lock_version" for f in model._meta.concrete_fields)
        count = 0
        for row in rows.only("pk", *(f.name for f in fields)).iterator(chunk_size=500):
            updates = {}
            for field in fields:
                value = getattr(row, field.attname)
                new = _replace(value, pattern)
                if isinstance(field, models.EmailField) and new != value:
                    new = ERASED_ADDRESS
                if new != value:
                    updates[field.attname] = (
                        new[: field.max_length]
                        if (isinstance(new, str) and field.max_length)
                        else new
                    )
            if updates:
                if versioned:  # an editor holding the old text gets a conflict, not a silent undo
                    updates["lock_version"] = F("lock_version") + 1
                model._base_manager.filter(pk=row.pk).update(**updates)
                count += 1
        if count:
            changed[label] = count
    return changed


# --- erasing one person ---------------------------------------------------------------------------


def delete_sessions(user_id: int) -> int:
    """Sessions are signed blobs: find the person's by decoding the live ones."""
    deleted = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=2000):
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            session.delete()
            deleted += 1
    return deleted


def _hand_over_contacts(user: User, email: str) -> None:
    """Organisations whose main contact is the person get another admin as contact, or none."""
    for organisation in Organisation.objects.filter(contact_email__iexact=email):
        other = (
            OrganisationMembership.objects.filter(
                organisation=organisation, role=OrganisationRole.ADMIN, user__deleted_at=None
            )
            .exclude(user=user)
            .select_related("user")
            .order_by("created_at", "pk")
            .first()
        )
        organisation.contact_name = other.user.full_name if other else ""
        organisation.contact_email = other.user.email if other else ""
        organisation.save(update_fields=["contact_name", "contact_email"])


def _remove_own(user: User, email: str) -> None:
    """What belongs to the person alone: removed."""
    ApiToken.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()  # its extra data holds the provider's claims
    EmailAddress.objects.filter(user=user).delete()
    IdempotentRequest.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    NewsletterSubscription.objects.filter(Q(user=user) | Q(email__iexact=email)).delete()
    OutboundEmail.objects.filter(Q(recipient=user) | Q(to_address__iexact=email)).delete()
    UndeliverableAddress.objects.filter(address__iexact=email).delete()
    OrganisationMembership.objects.filter(user=user).delete()
    # Invitations to the person, whatever their state: they only said the address was invited.
    OrganisationInvitation.objects.filter(email__iexact=email).delete()
    PartnershipInvitation.objects.filter(organisation__isnull=True, email__iexact=email).delete()
    PartnershipInvitation.objects.filter(email__iexact=email).update(email="")
    # The signer's name and role stay only on published declarations (DESIGN.md §9).
    Signature.objects.filter(answered_by=user).exclude(
        version__status__in=[DeclarationStatus.APPROVED, DeclarationStatus.SUPERSEDED]
    ).update(signer_name="", signer_role="")
    delete_sessions(user.pk)


def _anonymise(user: User) -> None:
    user.email = f"deleted-{user.pk}@invalid"
    user.full_name = ""
    user.set_unusable_password()
    user.deleted_at = timezone.now()
    user.is_active = False
    user.is_superuser = False
    user.staff_role = ""
    user.is_supporter = False
    user.supporter_since = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    access.forget(user)


@transaction.atomic
def erase(user: User, *, reason: str, by_themselves: bool = True) -> User:
    """Erase ``user`` everywhere but published signature snapshots, record it in the ledger and
    anonymise the account row. Runs once per person; safe to run again (it then does nothing).
    Callers check first whether the person may go (``services.delete_account``). Audited as done
    by the person, or by the portal (no actor) for a purge (``by_themselves=False``)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None:
        return user
    email, name = user.email.lower(), user.full_name
    _hand_over_contacts(user, email)
    _remove_own(user, email)
    _anonymise(user)
    changed = sweep(_needles(email, name))
    record(user.pk, address_key(email), reason)
    transaction.on_commit(forget_stored)
    log_action(
        "pact.user.deleted",
        user,
        user if by_themselves else None,
        {"user_id": user.pk, "reason": reason, "rows_swept": sum(changed.values())},
    )
    return user


# --- the ledger -----------------------------------------------------------------------------------


def record(user_id: int, address_hash: str, reason: str) -> None:
    """Write the erasure to the ledger table and append it to the ledger file (outside backups)."""
    erased_at = timezone.now()
    Erasure.objects.get_or_create(
        user_id=user_id,
        address_hash=address_hash,
        defaults={"reason": reason[:40], "erased_at": erased_at},
    )
    path = Path(settings.ERASURE_LEDGER_PATH)
    line = {
        "user_id": user_id,
        "address_hash": address_hash,
        "reason": reason[:40],
        "erased_at": erased_at.isoformat(),
    }

    def append() -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as ledger:
            ledger.write(json.dumps(line) + "\n")

    transaction.on_commit(append)


def ledger_entries() -> list[dict[str, Any]]:
    """The ledger: the table's rows and the file's lines (a restored table lacks the later ones)."""
    entries = {
        (e.user_id, e.address_hash): {
            "user_id": e.user_id,
            "address_hash": e.address_hash,
            "reason": e.reason,
            "erased_at": e.erased_at.isoformat(),
        }
        for e in Erasure.objects.all()
    }
    path = Path(settings.ERASURE_LEDGER_PATH)
    if path.exists():
        for raw in path.read_text(encoding="utf-8").splitlines():
            try:
                line = json.loads(raw)
                entries.setdefault((int(line["user_id"]), str(line["address_hash"])), line)
            except (ValueError, KeyError, TypeError):
                log.warning("Unreadable line in the erasure ledger skipped")
    return list(entries.values())


def reapply_ledger() -> int:
    """After a restore: erase again every person of the ledger found back in the database (the
    account with that id whose address has that hash), and put missing ledger rows back. Returns
    how many people were erased again."""
    erased = 0
    for entry in ledger_entries():
        user_id, address_hash = int(entry["user_id"]), str(entry["address_hash"])
        try:
            with transaction.atomic():
                Erasure.objects.get_or_create(
                    user_id=user_id,
                    address_hash=address_hash,
                    defaults={"reason": str(entry.get("reason", ""))[:40]},
                )
        except IntegrityError:  # pragma: no cover - a concurrent run wrote it
            pass
        user = User.objects.filter(pk=user_id, deleted_at__isnull=True).first()
        if user is not None and address_key(user.email) == address_hash:
            erase(user, reason="erased again after a restore", by_themselves=False)
            erased += 1
    return erased
