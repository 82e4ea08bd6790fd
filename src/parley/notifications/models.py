"""Who wants to hear about what, how often, and every e-mail queued for them.

Targets are named by kind and id (a discussion, a document, an organisation or the
whole site) rather than by foreign key, so this app stays below the domain apps.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about; each person chooses a frequency per kind."""

    REPLY = "reply", _("Replies to my comments")
    MENTION = "mention", _("Mentions of me")
    COMMENT = "comment", _("New comments on discussions I follow")
    VERSION = "version", _("New versions of documents I follow")
    CONSULTATION = "consultation", _("Consultations opening and closing")
    RESPONSE = "response", _("Responses to consultations")
    POST = "post", _("New blog posts")
    DOCUMENT = "document", _("New documents")
    OUTCOME = "outcome", _("What became of my comments")
    MODERATION = "moderation", _("My comments being approved or removed")


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("At once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never")


class Target(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    DOCUMENT = "document", _("Document")
    ORGANISATION = "organisation", _("Organisation")
    SITE = "site", _("Whole site")


def stored_target_id(target: str, target_id: int) -> int:
    """The id a subscription stores: 0 for the whole site, which is one target."""
    return 0 if target == Target.SITE else int(target_id)


# Which kinds a subscription to each target may ask for.
TARGET_KINDS: dict[str, tuple[str, ...]] = {
    Target.DISCUSSION: (Kind.COMMENT, Kind.REPLY),
    Target.DOCUMENT: (Kind.VERSION, Kind.CONSULTATION, Kind.RESPONSE),
    Target.ORGANISATION: (Kind.POST, Kind.DOCUMENT),
    Target.SITE: (Kind.POST,),
}


class Recipient(models.Model):
    """Someone who may be sent notifications: an account, or a guest's e-mail address.

    A guest's address receives nothing (but the confirmation) until `confirmed_at` is
    set by the link in the confirmation e-mail. `frequencies` holds only the kinds the
    person changed; the rest follow the defaults.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notification_recipient",
    )
    email = models.EmailField(blank=True, help_text="A guest's address; empty for an account.")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    frequencies = models.JSONField(default=dict, blank=True)
    language = models.CharField(
        max_length=10,
        default="en-gb",
        help_text="The language their e-mails are written in: the one they last used here.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(user=None), name="one_recipient_per_guest_email"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""), name="recipient_has_an_address"
            ),
        ]

    def __str__(self) -> str:
        return f"user {self.user_id}" if self.user_id else "guest"

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def address(self) -> str:
        return self.user.email if self.user is not None else self.email

    @property
    def is_confirmed(self) -> bool:
        return self.user_id is not None or self.confirmed_at is not None


class Subscription(models.Model):
    """A recipient follows a target for some kinds of news. A guest's subscription
    counts only once confirmed; an account's is confirmed when made."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="subscriptions")
    target = models.CharField(max_length=20, choices=Target.choices)
    target_id = models.PositiveBigIntegerField(help_text="0 for the whole site.")
    kinds = models.JSONField(default=list)
    title = models.CharField(max_length=300, blank=True, help_text="What is followed, in words.")
    url = models.CharField(max_length=500, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "target", "target_id"], name="one_subscription_per_target"
            )
        ]
        indexes = [models.Index(fields=["target", "target_id"], name="subscription_target")]

    def __str__(self) -> str:
        return f"{self.recipient_id} follows {self.target} {self.target_id}"


class EmailQuerySet(models.QuerySet["Email"]):
    def due(self, now: datetime | None = None) -> "EmailQuerySet":
        return self.filter(status=Email.Status.PENDING, next_attempt_at__lte=now or timezone.now())


class Email(models.Model):
    """The outbox: one row per e-mail, claimed before sending so it goes out once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed: gave up retrying")

    recipient = models.ForeignKey(
        Recipient, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    to = models.EmailField()
    kind = models.CharField(max_length=20, help_text="A notification kind, digest or confirm.")
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    unsubscribe_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = EmailQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="email_due")]

    def __str__(self) -> str:
        return f"{self.kind} to recipient {self.recipient_id} ({self.status})"


class Notification(models.Model):
    """One piece of news for one recipient. Sent at once, it points at its e-mail at
    once; collected for a digest, it waits with no e-mail until the digest goes."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    url = models.CharField(max_length=500)
    group = models.CharField(max_length=100, blank=True, help_text="e.g. discussion:12")
    group_title = models.CharField(max_length=300, blank=True)
    email = models.ForeignKey(
        Email, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["frequency", "email", "recipient"], name="notification_digest")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class Announcement(models.Model):
    """Once-only news (a consultation opening, say) already announced, so a periodic
    check that runs twice does not announce it twice."""

    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key
