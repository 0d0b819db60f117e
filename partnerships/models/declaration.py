"""Declarations of commitment: versioned, signed, reviewed, published as PDF."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pact.kernel.texts import content_language_choices, validate_content_language
from partnerships.models.partnership import Partnership


class DeclarationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded")


class Section(models.TextChoices):
    CHALLENGES = "challenges", _("Main challenges")
    OBJECTIVES = "objectives", _("Key objectives")
    AMBITION = "ambition", _("Ambition")
    COMMITMENTS = "commitments", _("Commitments")
    GOVERNANCE = "governance", _("Governance")
    SIGNATORIES = "signatories", _("Signatories")


# A version in one of these states is the partnership's one open version (at most one at a time).
OPEN_STATUSES = ("draft", "submitted", "in_review")
# Columns frozen once a version leaves the draft state (also enforced by a database trigger).
CONTENT_FIELDS = (
    "language",
    "challenges",
    "objectives",
    "ambition",
    "governance_coordination",
    "governance_decision_making",
    "governance_monitoring",
    "content_hash",
)


# Approved, or superseded by a later approved version: public once approved, still readable after.
PUBLISHED_STATUSES = (DeclarationStatus.APPROVED, DeclarationStatus.SUPERSEDED)


class DeclarationVersionQuerySet(models.QuerySet):
    def public(self) -> DeclarationVersionQuerySet:
        """What the public sees (the partnership page, its PDF, the API): published versions of
        public partnerships."""
        return self.filter(
            status__in=PUBLISHED_STATUSES, partnership__in=Partnership.objects.public()
        )


class DeclarationVersion(models.Model):
    """One version of a partnership's declaration. Only a draft may change; the others are frozen.

    ``lock_version`` is the optimistic-concurrency counter: a save names the version it read and is
    refused when another save came first.
    """

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="declarations"
    )
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=DeclarationStatus.choices, default=DeclarationStatus.DRAFT
    )
    language = models.CharField(
        _("language of the text"),
        max_length=8,
        choices=content_language_choices,
        validators=[validate_content_language],
        default="en",
    )
    challenges = models.TextField(_("main challenges"), blank=True)
    objectives = models.TextField(_("key objectives"), blank=True)
    ambition = models.TextField(_("ambition"), blank=True)
    governance_coordination = models.TextField(_("coordination"), blank=True)
    governance_decision_making = models.TextField(_("decision making"), blank=True)
    governance_monitoring = models.TextField(_("monitoring"), blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    content_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_started_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DeclarationVersionQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="declaration_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(status__in=list(OPEN_STATUSES)),
                name="one_open_declaration_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == DeclarationStatus.DRAFT

    @property
    def is_published(self) -> bool:
        """Approved or superseded: public once approved, and still readable after an amendment."""
        return self.status in PUBLISHED_STATUSES

    @property
    def is_waiting_for_review(self) -> bool:
        return self.status in (DeclarationStatus.SUBMITTED, DeclarationStatus.IN_REVIEW)


class SignatureStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SIGNED = "signed", _("Signed")
    DECLINED = "declined", _("Declined")


class Signature(models.Model):
    """An organisation's signature of one declaration version: who, when, which version."""

    version = models.ForeignKey(
        DeclarationVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="signatures"
    )
    status = models.CharField(
        max_length=16, choices=SignatureStatus.choices, default=SignatureStatus.REQUESTED
    )
    comment = models.TextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_content_hash = models.CharField(max_length=64, blank=True)
    # Who answered for the organisation, as published (DESIGN.md §9): a snapshot kept with the
    # signature, so the published declaration keeps naming them.
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_role = models.CharField(_("role of the signatory"), max_length=200, blank=True)
    # Set when an edit of the draft cancelled an earlier answer: the organisation must answer again.
    rerequested_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation"], name="one_signature_per_org_and_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} / {self.version}"

    @property
    def partnership_id(self) -> int:
        return self.version.partnership_id


class ReviewComment(models.Model):
    """A reviewer's comment on one section of a submitted version."""

    version = models.ForeignKey(
        DeclarationVersion, on_delete=models.CASCADE, related_name="review_comments"
    )
    section = models.CharField(max_length=20, choices=Section.choices)
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_section_display()} / {self.version}"

    @property
    def partnership_id(self) -> int:
        return self.version.partnership_id


# The texts a translation of a version carries (commitments and targets stay in the original).
TRANSLATED_FIELDS = (
    "challenges",
    "objectives",
    "ambition",
    "governance_coordination",
    "governance_decision_making",
    "governance_monitoring",
)


class DeclarationTranslation(models.Model):
    """A translation of a published version into another content language.

    A separate document attached to the version, never signed: the signed original stays the
    authoritative text and its ``content_hash`` never changes. Its own ``content_hash`` covers the
    original's hash, its language and its texts, and keys its own PDF.
    """

    version = models.ForeignKey(
        DeclarationVersion, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(
        _("language of the translation"),
        max_length=8,
        choices=content_language_choices,
        validators=[validate_content_language],
    )
    challenges = models.TextField(_("main challenges"), blank=True)
    objectives = models.TextField(_("key objectives"), blank=True)
    ambition = models.TextField(_("ambition"), blank=True)
    governance_coordination = models.TextField(_("coordination"), blank=True)
    governance_decision_making = models.TextField(_("decision making"), blank=True)
    governance_monitoring = models.TextField(_("monitoring"), blank=True)
    content_hash = models.CharField(max_length=64)
    lock_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.language})"

    @property
    def partnership_id(self) -> int:
        return self.version.partnership_id


class DeclarationPdf(models.Model):
    """The need for a PDF, recorded with the version; a Celery task renders it, keyed by content hash."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    version = models.ForeignKey(DeclarationVersion, on_delete=models.CASCADE, related_name="pdfs")
    # Set for the PDF of a translation (keyed by the translation's own hash), empty for the original.
    translation = models.ForeignKey(
        DeclarationTranslation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pdfs",
    )
    content_hash = models.CharField(max_length=64)
    draft = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="declarations/", blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "content_hash", "draft"], name="one_pdf_per_content"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"PDF {self.version} {self.content_hash[:12]}"

    @property
    def partnership_id(self) -> int:
        return self.version.partnership_id
