"""Pact Support Services: expressions of interest, stakeholder mapping, matchmaking, funding
calls, the resource library and events."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models import Ecosystem, RegionalShape

# --- expressions of interest ------------------------------------------------------------------------


class EoiStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, waiting for support services")
    INFO_REQUESTED = "info_requested", _("More information requested")
    ACCEPTED = "accepted", _("Accepted: draft partnership set up")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ExpressionOfInterest(models.Model):
    """A group's proposal for a new Regional Skills Partnership, before it has a declaration."""

    proposed_name = models.CharField(_("proposed name"), max_length=250)
    shape = models.CharField(_("shape"), max_length=20, choices=RegionalShape.choices)
    countries = ArrayField(
        models.CharField(max_length=2), default=list, blank=True, verbose_name=_("countries")
    )
    regions = models.ManyToManyField(
        "pact.Region", blank=True, related_name="+", verbose_name=_("regions")
    )
    ecosystem = models.CharField(
        _("industrial ecosystem"), max_length=32, choices=Ecosystem.choices, blank=True
    )
    lead_organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="expressions_of_interest",
    )
    challenges = models.TextField(_("main challenges"))
    intended_commitments = models.TextField(_("intended commitments"))
    status = models.CharField(
        _("status"), max_length=20, choices=EoiStatus.choices, default=EoiStatus.SUBMITTED
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The draft partnership made from it when support services accept it.
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expressions_of_interest",
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "submitted_at"])]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")

    def __str__(self) -> str:
        return self.proposed_name

    @property
    def is_open(self) -> bool:
        return self.status in (EoiStatus.SUBMITTED, EoiStatus.INFO_REQUESTED)

    @property
    def country_names(self) -> list[str]:
        from pact.kernel.map import country_name

        return [country_name(code) for code in self.countries]

    @property
    def organisation_id(self) -> int:
        """The audit log files the proposal under its lead organisation."""
        return self.lead_organisation_id


class ProposedPartner(models.Model):
    """A partner named in an expression of interest: an existing member, or a name and an address."""

    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "members.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=250, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | ~models.Q(email=""),
                name="proposed_partner_is_member_or_address",
            )
        ]

    def __str__(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return f"{self.name} <{self.email}>"


class EoiEvent(models.Model):
    """One step of an expression of interest's history, with the comment that came with it."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RESUBMITTED = "resubmitted", _("Resubmitted with more information")
        INFO_REQUESTED = "info_requested", _("More information requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    eoi = models.ForeignKey(ExpressionOfInterest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    comment = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]


# --- stakeholder mapping and the agreement survey ----------------------------------------------------


class StakeholderType(models.TextChoices):
    NETWORK = "network", _("Network organisation")
    TRAINING = "training", _("Training provider")
    VET = "vet", _("VET provider")
    HIGHER_EDUCATION = "higher_education", _("Higher education")
    ENTERPRISE = "enterprise", _("Enterprise")
    POLICYMAKER = "policymaker", _("Policymaker")
    OTHER = "other", _("Other")


class Influence(models.TextChoices):
    DIRECT = "direct", _("Direct influence")
    INDIRECT = "indirect", _("Indirect influence")
    SYSTEM = "system", _("System influence")


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Stakeholder(models.Model):
    """A key stakeholder of a partnership's area, as the LEP model maps them."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="stakeholders"
    )
    name = models.CharField(_("name"), max_length=250)
    type = models.CharField(_("type"), max_length=20, choices=StakeholderType.choices)
    influence = models.CharField(
        _("regional influence"),
        max_length=10,
        choices=Influence.choices,
        blank=True,
        help_text=_("Leave empty while it has not been assessed."),
    )
    power = models.PositiveSmallIntegerField(_("power (1-5)"), validators=SCORE_VALIDATORS)
    interest = models.PositiveSmallIntegerField(_("interest (1-5)"), validators=SCORE_VALIDATORS)
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("Pact member organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["type", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(power__gte=1, power__lte=5, interest__gte=1, interest__lte=5),
                name="stakeholder_scores_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.name


class AgreementSurvey(models.Model):
    """A panel's agreement (1-5) with the skills statements, recorded by the coordinator."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="agreement_surveys"
    )
    panel = models.CharField(
        _("panel"),
        max_length=250,
        help_text=_("Who answered, for example “organising partner” or “kick-off workshop”."),
    )
    held_on = models.DateField(_("date"))
    # statement code -> level 1..5; statements the panel was not asked about are left out.
    answers = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.panel} ({self.held_on})"


# --- matchmaking ----------------------------------------------------------------------------------------


class ContactRequest(models.Model):
    """A member organisation asks another, through the portal, to get in touch.

    The other organisation's administrators decide whether to share their contact details.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        SHARED = "shared", _("Contact details shared")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    from_organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="contact_requests_sent"
    )
    to_organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="contact_requests_received"
    )
    message = models.TextField(_("message"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_organisation", "to_organisation"],
                condition=models.Q(status="open"),
                name="one_open_contact_request_per_pair",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_organisation=models.F("to_organisation")),
                name="contact_request_to_another_organisation",
            ),
        ]
        indexes = [models.Index(fields=["from_organisation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.from_organisation} -> {self.to_organisation}"

    @property
    def organisation_id(self) -> int:
        return self.to_organisation_id


# --- funding opportunities --------------------------------------------------------------------------


class CallStatus(models.TextChoices):
    FORTHCOMING = "forthcoming", _("Forthcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FundingCall(models.Model):
    """A funding opportunity published by support services."""

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    programme = models.CharField(
        _("programme"), max_length=200, help_text=_("For example Erasmus+, ESF+ or Interreg.")
    )
    institution = models.CharField(
        _("institution"), max_length=200, help_text=_("Who runs the call.")
    )
    ecosystem = models.CharField(
        _("industrial ecosystem"), max_length=32, choices=Ecosystem.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.FORTHCOMING
    )
    opens_on = models.DateField(_("opening date"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    funding = models.CharField(
        _("funding size"),
        max_length=200,
        blank=True,
        help_text=_("For example “up to EUR 400,000 per project”."),
    )
    summary = models.TextField(_("summary"))
    eligibility = models.TextField(_("who may apply"))
    link = models.URLField(_("link to the call"), max_length=500)
    members_only = models.BooleanField(
        _("for Pact members only"),
        default=False,
        help_text=_("Only people of active member organisations see it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(default=1)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = [models.F("deadline").asc(nulls_last=True), "title"]
        indexes = [
            GinIndex(fields=["search_vector"], name="funding_call_search_idx"),
            models.Index(fields=["status", "deadline"]),
        ]
        verbose_name = _("funding call")
        verbose_name_plural = _("funding calls")

    def __str__(self) -> str:
        return self.title


class CallBookmark(models.Model):
    """A call a partnership is preparing an application for."""

    partnership = models.ForeignKey(
        "partnerships.Partnership", on_delete=models.CASCADE, related_name="call_bookmarks"
    )
    call = models.ForeignKey(FundingCall, on_delete=models.CASCADE, related_name="bookmarks")
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "call"], name="one_bookmark_per_call")
        ]


# --- the resource library ---------------------------------------------------------------------------


class ResourceKind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", _("Good practice")
    KPI_EXAMPLE = "kpi_example", _("KPI example")
    TEMPLATE = "template", _("Template")
    REPORT = "report", _("Event report")


def resource_file_path(instance: Resource, filename: str) -> str:
    return f"library/{secrets.token_hex(8)}/{filename}"


class Resource(models.Model):
    """A library resource: a good practice, a KPI example, a template or an event report."""

    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices)
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(_("summary"), max_length=600)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: paragraphs, lists, links.")
    )
    indicator = models.ForeignKey(
        "commitments.Indicator",
        verbose_name=_("indicator from the KPI catalogue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="library_examples",
    )
    file = models.FileField(_("file"), upload_to=resource_file_path, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    ecosystem = models.CharField(
        _("industrial ecosystem"), max_length=32, choices=Ecosystem.choices, blank=True
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    # The partnership whose coordinator published it; empty for support services' resources.
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("published by partnership"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="library_resources",
    )
    is_published = models.BooleanField(_("published"), default=True)
    published_on = models.DateField(_("date"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(default=1)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="library_search_idx"),
            models.Index(fields=["is_published", "kind"]),
        ]
        verbose_name = _("library resource")
        verbose_name_plural = _("library resources")

    def __str__(self) -> str:
        return self.title


# --- events ---------------------------------------------------------------------------------------------


class EventKind(models.TextChoices):
    PEER_LEARNING = "peer_learning", _("Peer learning activity")
    WEBINAR = "webinar", _("Webinar")
    MATCHMAKING = "matchmaking", _("Matchmaking event")
    WORKSHOP = "workshop", _("Workshop")
    OTHER = "other", _("Other event")


class Event(models.Model):
    """An event notice with registration: peer learning activities, webinars, matchmaking events."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.TextField(_("summary"), max_length=600)
    description = models.TextField(_("programme"), blank=True, help_text=_("Markdown."))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=250, help_text=_("An address, or “Online”."))
    online_link = models.URLField(
        _("online meeting link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to registered participants."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    ecosystem = models.CharField(
        _("industrial ecosystem"), max_length=32, choices=Ecosystem.choices, blank=True
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("organised by partnership"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    report = models.ForeignKey(
        Resource,
        verbose_name=_("report in the library"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        limit_choices_to={"kind": ResourceKind.REPORT},
    )
    is_cancelled = models.BooleanField(default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    lock_version = models.PositiveIntegerField(default=1)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="event_search_idx"),
            models.Index(fields=["starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            )
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    organisation = models.ForeignKey(
        "members.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REGISTERED)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(status="registered"),
                name="one_registration_per_person",
            )
        ]
