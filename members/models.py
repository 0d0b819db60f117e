"""Pact members: organisations that accepted the Charter, and the people acting for them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from pact.kernel.texts import content_language_choices, validate_content_language


class OrganisationType(models.TextChoices):
    LARGE_COMPANY = "large_company", _("Large company")
    SME = "sme", _("SME")
    BUSINESS_ASSOCIATION = "business_association", _("Business association or chamber of commerce")
    SOCIAL_PARTNER = "social_partner", _("Social partner (trade union, employers' organisation)")
    EDUCATION_PROVIDER = (
        "education_provider",
        _("Education and training provider (VET, higher education, adult learning)"),
    )
    PUBLIC_AUTHORITY = "public_authority", _("Public authority (national, regional, local)")
    EMPLOYMENT_SERVICE = "employment_service", _("Public employment service")
    CLUSTER = "cluster", _("Cluster or network organisation")
    NGO = "ngo", _("NGO / civil society")
    RESEARCH = "research", _("Research organisation")
    OTHER = "other", _("Other")


class OrganisationStatus(models.TextChoices):
    APPLIED = "applied", _("Application pending")
    ACTIVE = "active", _("Active member")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MERGED = "merged", _("Merged into another organisation")


# A suspended or withdrawn member keeps a profile page that shows its status (issue 21).
PROFILE_STATUSES = (
    OrganisationStatus.ACTIVE,
    OrganisationStatus.SUSPENDED,
    OrganisationStatus.WITHDRAWN,
)


class CharterChannel(models.TextChoices):
    PORTAL = "portal", _("the portal")
    EU_SURVEY = "eu_survey", _("EU Survey")


class OrganisationRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    CONTRIBUTOR = "contributor", _("Contributor")


def ecosystem_choices() -> list[tuple[str, object]]:
    """The 14 industrial ecosystems (partnerships' models import this module, so read on use)."""
    from partnerships.models import Ecosystem

    return list(Ecosystem.choices)


def logo_path(instance: Organisation, filename: str) -> str:
    return f"logos/{secrets.token_hex(8)}.png"


class OrganisationQuerySet(models.QuerySet):
    def public(self) -> OrganisationQuerySet:
        """What the public sees (directory, profile, logo, open data, the anonymous API): the one
        definition, which ``pact.access`` and every page, feed and export call."""
        return self.filter(status=OrganisationStatus.ACTIVE)

    def public_profiles(self) -> OrganisationQuerySet:
        """Organisations whose profile page anyone may open: the public ones, and members the
        Commission suspended or that withdrew, whose page says so (they are listed nowhere)."""
        return self.filter(status__in=PROFILE_STATUSES)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    country = CountryField(_("country"))
    nuts_region = models.ForeignKey(
        "pact.Region",
        verbose_name=_("NUTS region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_path, blank=True)
    contact_name = models.CharField(_("main contact name"), max_length=200)
    contact_email = models.EmailField(_("main contact email"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.APPLIED,
    )
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    umbrella = models.ForeignKey(
        "self",
        verbose_name=_("brought in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brought_in",
    )
    charter_version = models.CharField(max_length=20, blank=True)
    charter_accepted_at = models.DateTimeField(null=True, blank=True)
    charter_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # DESIGN §9: the industrial ecosystems it works in (zero or more of the 14) and the content
    # language it prefers (pact.kernel.texts), used by the survey, searches and mail.
    ecosystems = ArrayField(
        models.CharField(max_length=32, choices=ecosystem_choices),
        default=list,
        blank=True,
        verbose_name=_("industrial ecosystems"),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        choices=content_language_choices,
        validators=[validate_content_language],
    )
    # The numbers (1-4) of the Charter principles accepted, each ticked separately.
    charter_principles = models.JSONField(default=list, blank=True)
    # Where the Charter was accepted: in the portal, or in the EU Survey form the Pact used before
    # the portal (then ``charter_accepted_at`` is the survey's submission date).
    charter_channel = models.CharField(
        _("Charter accepted through"),
        max_length=16,
        choices=CharterChannel.choices,
        default=CharterChannel.PORTAL,
    )
    # A duplicate merged by staff points to the organisation it was merged into; it keeps what
    # could not move (rows the kept organisation already had) as history.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    # Why the Commission suspended it, or why it withdrew, and when its status last changed
    # (the audit log keeps who and every earlier change).
    status_reason = models.TextField(_("reason for the status"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # The EU Survey "Contribution ID" of an organisation registered there (staff search by it).
    contribution_id = models.CharField(_("EU Survey contribution ID"), max_length=64, blank=True)
    # Raised by every profile save; a save carrying an older value is refused (no lost updates).
    lock_version = models.PositiveIntegerField(default=0)
    search_vector = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            # DESIGN §9: a name is unique among public (active) organisations of a country only;
            # one also used by a pending or private organisation is accepted and flagged to staff
            # (DuplicateFlag), so nobody learns from a refusal that a private one exists.
            models.UniqueConstraint(
                Lower("name"),
                "country",
                condition=models.Q(status="active"),
                name="organisation_public_name_unique_in_country",
            ),
            models.UniqueConstraint(
                "contribution_id",
                condition=~models.Q(contribution_id=""),
                name="organisation_contribution_id_unique",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="organisation_search_idx"),
            models.Index(fields=["status", "applied_at"]),
            models.Index(fields=["country", "status"]),
            # "public" as an index-only scan: visibility checks hash these ids, not whole rows.
            models.Index(fields=["status", "id"], name="organisation_status_id_idx"),
            # The directory's facets (members.directory.facets) in one index-only pass.
            models.Index(
                fields=["status", "country", "nuts_region"],
                include=["type", "id"],
                name="organisation_directory_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[int | None, int | None]:
        """(organisation, partnership) an audit row about this organisation is filed under."""
        return self.pk, None

    @property
    def is_active(self) -> bool:
        return self.status == OrganisationStatus.ACTIVE

    @property
    def has_public_profile(self) -> bool:
        """This organisation in ``public_profiles()``, without a query."""
        return self.status in PROFILE_STATUSES

    def get_ecosystems_display(self) -> str:
        names = dict(ecosystem_choices())
        return ", ".join(str(names.get(code, code)) for code in self.ecosystems)


class OrganisationMembership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    role = models.CharField(
        max_length=16, choices=OrganisationRole.choices, default=OrganisationRole.CONTRIBUTOR
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="one_membership_per_user_and_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    def audit_label(self) -> str:
        return f"user #{self.user_id} @ {self.organisation} ({self.role})"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class OrganisationInvitation(models.Model):
    """An invitation for a colleague, by email, to join an organisation with a role."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(
        max_length=16, choices=OrganisationRole.choices, default=OrganisationRole.CONTRIBUTOR
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                name="one_open_invitation_per_email",
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} -> {self.organisation}"

    def audit_label(self) -> str:
        return f"invitation #{self.pk} -> {self.organisation}"


class AdminAppointment(models.Model):
    """Staff gave an organisation that lost its last administrator a new one, after a check they
    describe here (who they spoke to, which document they saw). Audited and mailed."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="admin_appointments"
    )
    # The person appointed, when they have an account; else the invitation they received.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitation = models.ForeignKey(
        OrganisationInvitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    check_performed = models.TextField(_("check performed"))
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"admin appointment #{self.pk}"

    def audit_scope(self) -> tuple[int | None, int | None]:
        return self.organisation_id, None


class MemberImport(models.Model):
    """An umbrella organisation's CSV upload, checked row by row and confirmed before anything is created."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="member_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CHECKED)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)


class EuSurveyImport(models.Model):
    """An EU Survey export of the Pact's registration form, checked row by row by staff; on
    confirmation the new organisations become active members and their contacts are invited to
    claim them."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DISCARDED = "discarded", _("Discarded")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    # [{"line", "values", "state": "new" | "matched" | "doubtful", "organisation": pk | None,
    #   "candidates": [{"pk", "name", "why"}]}]
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=list)  # [{"line", "column", "message"}]
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CHECKED)
    result = models.JSONField(default=dict, blank=True)  # counts once confirmed
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class DuplicateFlagQuerySet(models.QuerySet):
    def open(self) -> DuplicateFlagQuerySet:
        """Not resolved yet: the flagged organisation or partnership waits for staff."""
        return self.filter(resolved_at__isnull=True)


class DuplicateFlag(models.Model):
    """A possible duplicate, shown to staff only (DESIGN §9): the one flag mechanism, raised by
    applications, profile changes, new partnerships and the EU Survey import.

    Either two organisations or two partnerships: ``subject`` is the newer one (whose approval or
    publication waits until staff resolve the flag), ``similar`` the one it looks like. Resolved
    as "not a duplicate" or by merging the two (members.merging).
    """

    # Codes only: staff pages word them themselves (templates/members/_duplicate_flags.html).
    class Why(models.TextChoices):
        NAME = "name"
        ACRONYM = "acronym"
        WEBSITE = "website"

    class Source(models.TextChoices):
        APPLICATION = "application"
        PROFILE = "profile"
        IMPORT = "import"
        PARTNERSHIP = "partnership"

    class Resolution(models.TextChoices):
        NOT_DUPLICATE = "not_duplicate"
        MERGED = "merged"

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    similar_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    similar_partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    why = models.CharField(max_length=16, choices=Why.choices)
    source = models.CharField(max_length=16, choices=Source.choices)
    raised_at = models.DateTimeField(default=timezone.now)
    resolution = models.CharField(max_length=16, choices=Resolution.choices, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DuplicateFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        organisation__isnull=False,
                        similar_organisation__isnull=False,
                        partnership__isnull=True,
                        similar_partnership__isnull=True,
                    )
                    | models.Q(
                        organisation__isnull=True,
                        similar_organisation__isnull=True,
                        partnership__isnull=False,
                        similar_partnership__isnull=False,
                    )
                ),
                name="duplicate_flag_two_of_a_kind",
            ),
            models.UniqueConstraint(
                "organisation",
                "similar_organisation",
                condition=models.Q(resolved_at__isnull=True, organisation__isnull=False),
                name="one_open_flag_per_organisation_pair",
            ),
            models.UniqueConstraint(
                "partnership",
                "similar_partnership",
                condition=models.Q(resolved_at__isnull=True, partnership__isnull=False),
                name="one_open_flag_per_partnership_pair",
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "raised_at"])]

    def __str__(self) -> str:
        subject = self.organisation_id or self.partnership_id
        similar = self.similar_organisation_id or self.similar_partnership_id
        return f"possible duplicate {subject} ~ {similar}"

    @property
    def subject(self):
        return self.organisation if self.organisation_id else self.partnership

    @property
    def similar(self):
        return self.similar_organisation if self.organisation_id else self.similar_partnership
