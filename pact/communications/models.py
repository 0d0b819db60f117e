"""News, the notification centre, the newsletter and its subscribers."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pact.kernel.texts import content_language_choices, validate_content_language
from pact.kernel.vocabulary import Ecosystem
from partnerships.models import Partnership


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class NewsItemQuerySet(models.QuerySet):
    def public(self) -> NewsItemQuerySet:
        """What the public sees (the news pages, feeds, the API, newsletters): published items, never
        those of a partnership that is not (or no longer) public."""
        return self.filter(status=NewsStatus.PUBLISHED).filter(
            models.Q(partnership__isnull=True)
            | models.Q(partnership__in=Partnership.objects.public())
        )


class NewsItem(models.Model):
    """A news item: Pact news written by staff, or a partnership's news written by its coordinator."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences shown in lists and feeds.")
    )
    body = models.TextField(_("text"), help_text=_("Markdown: paragraphs, lists, links, headings."))
    # The original's language; translations are NewsTranslation rows.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=content_language_choices,
        validators=[validate_content_language],
        default="en",
    )
    published_on = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Left empty, the day it is published.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    # The partnership whose coordinator writes the item; empty for Pact news written by staff.
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("published by partnership"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_news",
    )
    related_partnerships = models.ManyToManyField(
        "partnerships.Partnership",
        blank=True,
        related_name="news_items",
        verbose_name=_("related partnerships"),
    )
    ecosystems = ArrayField(
        models.CharField(max_length=32, choices=Ecosystem.choices),
        default=list,
        blank=True,
        verbose_name=_("industrial ecosystems"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_on"]),
            GinIndex(fields=["ecosystems"], name="news_ecosystems_idx"),
        ]
        verbose_name = _("news item")
        verbose_name_plural = _("news")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("communications:news_detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == NewsStatus.PUBLISHED

    @property
    def is_public(self) -> bool:
        """This item in ``NewsItemQuerySet.public()``, without a query."""
        return self.is_published and (self.partnership is None or self.partnership.is_public)

    def get_ecosystems_display(self) -> list[str]:
        return [label for _code, label in self.ecosystem_choices()]

    def ecosystem_choices(self) -> list[tuple[str, str]]:
        labels = dict(Ecosystem.choices)
        return [(code, str(labels.get(code, code))) for code in self.ecosystems]


class NotificationCategory(models.TextChoices):
    INVITATIONS = "invitations", _("Invitations")
    MEMBERSHIP = "membership", _("Membership decisions")
    SIGNATURES = "signatures", _("Signature requests")
    REVIEWS = "reviews", _("Review decisions")
    REPORTING = "reporting", _("Reporting reminders and deadlines")
    STAFF = "staff", _("Staff work (review queues and digests)")
    GENERAL = "general", _("Other messages")


class Notification(models.Model):
    """One entry of a person's notification centre; recorded for every mail queued to them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    category = models.CharField(max_length=16, choices=NotificationCategory.choices)
    kind = models.CharField(max_length=80)
    title = models.CharField(max_length=300)
    link = models.CharField(max_length=500, blank=True)
    # Same key as the mail's: deciding to notify is as idempotent as deciding to send.
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    email = models.ForeignKey(
        "pact.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(
                fields=["user"], name="notification_unread_idx", condition=models.Q(read_at=None)
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A person's choice for one category: in the portal only, or also by email (the default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(max_length=16, choices=NotificationCategory.choices)
    by_email = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="one_preference_per_user_and_category"
            )
        ]


def new_secret() -> str:
    return secrets.token_urlsafe(16)


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class NewsletterSubscription(models.Model):
    """An address that asked for the newsletter. Only confirmed addresses receive it (double opt-in)."""

    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="newsletter_subscriptions",
    )
    # The language the subscriber reads the newsletter in (any content language; the mail's
    # labels are in it when the interface speaks it, else in English).
    language = models.CharField(
        max_length=8,
        choices=content_language_choices,
        validators=[validate_content_language],
        default="en",
    )
    status = models.CharField(
        max_length=16, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING
    )
    # Rotated at every (re)subscription so an older confirmation link cannot be replayed.
    secret = models.CharField(max_length=32, default=new_secret)
    created_at = models.DateTimeField(default=timezone.now)
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # Confirmed because the person became a supporter, not asked for on its own: stopping the
    # support stops it too. Asking for the newsletter itself (the form, its link) clears it.
    via_supporter = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="one_subscription_per_address")]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self) -> str:
        # Used as the audit log's label: the address itself stays out of the append-only log.
        return f"newsletter subscription #{self.pk}"


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class Newsletter(models.Model):
    """A newsletter composed by staff from recent news items and sent to confirmed subscribers."""

    subject = models.CharField(_("subject"), max_length=200)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Optional. Markdown: paragraphs, lists, links.")
    )
    # The language subject and introduction are written in; NewsletterTranslation has the others.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=content_language_choices,
        validators=[validate_content_language],
        default="en",
    )
    news_items = models.ManyToManyField(
        NewsItem, related_name="newsletters", verbose_name=_("news items")
    )
    status = models.CharField(
        max_length=16, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=1)
    test_sent_at = models.DateTimeField(null=True, blank=True)
    send_requested_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class NewsletterDelivery(models.Model):
    """One recipient of one newsletter, snapshotted when sending starts; claimed once by a worker."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        NewsletterSubscription, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    queued_at = models.DateTimeField(null=True, blank=True)
    email = models.ForeignKey(
        "pact.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "subscription"], name="one_delivery_per_subscriber"
            )
        ]
        indexes = [
            models.Index(
                fields=["newsletter"],
                name="newsletter_delivery_todo_idx",
                condition=models.Q(queued_at=None),
            )
        ]


class NewsTranslation(models.Model):
    """A news item in another content language than its original (``NewsItem.language``)."""

    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        _("language of the translation"),
        max_length=8,
        choices=content_language_choices,
        validators=[validate_content_language],
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600)
    body = models.TextField(_("text"))
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "language"], name="one_news_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} ({self.language})"


class NewsletterTranslation(models.Model):
    """A newsletter's subject and introduction in another content language than its original."""

    newsletter = models.ForeignKey(
        Newsletter, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(
        _("language of the translation"),
        max_length=8,
        choices=content_language_choices,
        validators=[validate_content_language],
    )
    subject = models.CharField(_("subject"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "language"], name="one_newsletter_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.newsletter} ({self.language})"
