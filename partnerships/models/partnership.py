"""Partnerships (the tenant) and who belongs to them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import new_token
from pact.kernel.texts import (
    LocalisedText,
    TextError,
    content_language_choices,
    validate_content_language,
)
from pact.kernel.vocabulary import Ecosystem, RegionalShape


class PartnershipKind(models.TextChoices):
    LARGE_SCALE = "lsp", _("Large-Scale Skills Partnership")
    REGIONAL = "rsp", _("Regional Skills Partnership")
    LOCAL = "lep", _("Local Ecosystem Partnership")


class PartnershipStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UNDER_REVIEW = "under_review", _("Under review")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Stage(models.TextChoices):
    DESIGN = "design", _("Design")
    SET_UP = "set_up", _("Set-up")
    DELIVERY = "delivery", _("Delivery")


class PartnershipRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")


# Active and closed partnerships are public: a closed one keeps its page, declaration and results.
PUBLIC_STATUSES = (PartnershipStatus.ACTIVE, PartnershipStatus.CLOSED)


class PartnershipQuerySet(models.QuerySet):
    def public(self) -> PartnershipQuerySet:
        """What the public sees (directory, page, declaration, news, results, open data, the
        anonymous API): the one definition, which ``pact.access`` and every reader call."""
        return self.filter(status__in=PUBLIC_STATUSES)


class Partnership(models.Model):
    # Unique among public partnerships only (the partial index below, DESIGN §9).
    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=PartnershipKind.choices)
    ecosystem = models.CharField(
        _("industrial ecosystem"), max_length=32, choices=Ecosystem.choices, blank=True
    )
    shape = models.CharField(_("shape"), max_length=20, choices=RegionalShape.choices, blank=True)
    countries = ArrayField(
        models.CharField(max_length=2), default=list, blank=True, verbose_name=_("countries")
    )
    regions = models.ManyToManyField(
        "pact.Region", blank=True, related_name="partnerships", verbose_name=_("regions")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent Large-Scale Partnership"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        limit_choices_to={"kind": PartnershipKind.LARGE_SCALE},
    )
    summary = models.TextField(_("short description"), blank=True)
    # The summary is an original in ``summary_language`` with translations ``{code: text}``:
    # read it through ``summary_text`` (a LocalisedText, pact.kernel.texts).
    summary_language = models.CharField(
        _("language of the description"),
        max_length=8,
        choices=content_language_choices,
        validators=[validate_content_language],
        default="en",
    )
    summary_translations = models.JSONField(default=dict, blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.DRAFT,
    )
    stage = models.CharField(
        _("life-cycle stage"), max_length=16, choices=Stage.choices, default=Stage.DESIGN
    )
    stage_since = models.DateTimeField(default=timezone.now)
    launched_on = models.DateField(_("launched"), null=True, blank=True)
    looking_for_members = models.BooleanField(_("looking for members"), default=False)
    looking_for = models.TextField(_("what the partnership is looking for"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Denormalised for the public directory: kept by partnerships.common.sync_members, never edited by hand.
    coordinator = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_partnerships",
    )
    member_count = models.PositiveIntegerField(default=0)
    # Optimistic concurrency for the coordinator's edits of the partnership profile.
    lock_version = models.PositiveIntegerField(default=1)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            # A name also used by a draft is accepted and flagged to staff (members.DuplicateFlag).
            models.UniqueConstraint(
                Lower("name"),
                condition=models.Q(status__in=["active", "closed"]),
                name="partnership_public_name_unique",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="partnership_search_idx"),
            GinIndex(fields=["countries"], name="partnership_countries_idx"),
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["ecosystem"]),
            # "public" as an index-only scan: visibility checks hash these ids, not whole rows.
            models.Index(fields=["status", "id"], name="partnership_status_id_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def summary_text(self) -> LocalisedText | None:
        """The short description in its original language with its translations (``None`` when
        there is none): ``{{ partnership.summary_text|localised }}`` shows the reader's."""
        if not self.summary.strip():
            return None
        try:
            return LocalisedText(
                self.summary_language,
                {**(self.summary_translations or {}), self.summary_language: self.summary},
            )
        except TextError:  # a language removed from the list since: the original alone
            return LocalisedText.of(self.summary, self.summary_language or "en")

    def audit_scope(self) -> tuple[int | None, int | None]:
        """(organisation, partnership) an audit row about this partnership is filed under."""
        return None, self.pk

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES  # as PartnershipQuerySet.public()

    @property
    def country_names(self) -> list[str]:
        from pact.kernel.map import country_name

        return [country_name(code) for code in self.countries]

    @property
    def country_list(self) -> list[tuple[str, str]]:
        """(code, name) of the countries covered, in the active language."""
        from pact.kernel.map import country_name

        return [(code, country_name(code)) for code in self.countries]


class PartnershipMembership(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="partnership_memberships"
    )
    role = models.CharField(
        max_length=16, choices=PartnershipRole.choices, default=PartnershipRole.MEMBER
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                name="one_membership_per_org_and_partnership",
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(role="coordinator"),
                name="one_coordinator_per_partnership",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "partnership"])]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.partnership} ({self.role})"


class PartnershipInvitation(models.Model):
    """An invitation to join a partnership: to an existing member organisation or to an email address."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Revoked")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="partnership_invitations",
    )
    email = models.EmailField(blank=True)
    message = models.TextField(blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                condition=models.Q(status="open", organisation__isnull=False),
                name="one_open_invitation_per_org",
            ),
            models.UniqueConstraint(
                "partnership",
                Lower("email"),
                condition=models.Q(status="open") & ~models.Q(email=""),
                name="one_open_invitation_per_address",
            ),
        ]


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="join_requests"
    )
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                condition=models.Q(status="open"),
                name="one_open_join_request",
            )
        ]


class InternalNote(models.Model):
    """A note in the partnership workspace, or a support note (visible to staff and the coordinator)."""

    class Audience(models.TextChoices):
        WORKSPACE = "workspace", _("Partnership members")
        SUPPORT = "support", _("Support services and coordinator")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="notes")
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.WORKSPACE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]


class StageChange(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="stage_history"
    )
    stage = models.CharField(max_length=16, choices=Stage.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at"]
