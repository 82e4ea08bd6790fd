from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parley.consultations.models import Redaction
from parley.discussions.models import Comment, Status
from parley.discussions.models import RemovalReason as RemovalReason  # re-exported
from parley.moderation import reasons
from parley.organisations.models import Organisation


class FlagReason(models.TextChoices):
    OFF_TOPIC = "off_topic", _("Off-topic")
    ABUSIVE = "abusive", _("Abusive or threatening")
    PERSONAL_DATA = "personal_data", _("Contains personal information")
    SPAM = "spam", _("Spam")
    OTHER = "other", _("Something else")


class ModerationRules(models.Model):
    """Pre-moderation rules: the site's (organisation empty) or one organisation's."""

    organisation = models.OneToOneField(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="rules"
    )
    hold_first_guest_comment = models.BooleanField(
        default=True, help_text="Hold a guest's comments until a moderator approves one."
    )
    max_links = models.PositiveSmallIntegerField(
        default=2, help_text="Hold comments with more links than this."
    )
    held_phrases = models.TextField(
        blank=True, help_text="Hold comments containing any of these (one per line)."
    )
    blocked_phrases = models.TextField(
        blank=True, help_text="Treat comments containing any of these as spam (one per line)."
    )
    hold_everything = models.BooleanField(default=False)
    hold_nothing = models.BooleanField(
        default=False, help_text="Publish everything at once (spam is still caught)."
    )
    min_seconds_to_submit = models.PositiveSmallIntegerField(
        default=3, help_text="Forms sent back faster than this are treated as robots."
    )
    flags_to_hide = models.PositiveSmallIntegerField(
        default=3, help_text="Hide a comment for review once this many people flag it."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "moderation rules"

    def __str__(self) -> str:
        return f"Rules for {self.organisation or 'the site'}"


class CommentPolicy(models.Model):
    """The published comment policy; the latest row is the one in force."""

    body_markdown = models.TextField()
    body_html = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "comment policies"
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return f"Comment policy of {self.updated_at:%Y-%m-%d}"


class Flag(models.Model):
    """A reader's report that a comment breaks the policy; one per person per comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reporter = models.CharField(
        max_length=100, help_text="Who flagged: 'user:<id>', or 'guest:<session or address>'."
    )
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    note = models.CharField(max_length=500, blank=True)
    weight = models.FloatField(
        default=1.0,
        help_text="How much the report counts towards hiding the comment: by the reporter's "
        "trust; 0 for a guest with no confirmed address (it only asks for a review).",
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_flag_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.reporter} flags #{self.comment_id}"


class Block(models.Model):
    """A suspended account, or a blocked guest e-mail address or IP range, until a time."""

    class Kind(models.TextChoices):
        USER = "user", _("Account")
        EMAIL = "email", _("Guest e-mail address")
        NETWORK = "network", _("IP address range")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="blocks",
    )
    email = models.EmailField(blank=True)
    network = models.CharField(max_length=50, blank=True, help_text="e.g. 203.0.113.0/24")
    reason = models.CharField(max_length=500)
    until = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Whose discussions the block applies to; none: the whole site (site staff).",
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "until"], name="block_active")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} blocked until {self.until:%Y-%m-%d}"


class SpamModel(models.Model):
    """The learned spam classifier, trained on moderators' decisions; the latest is used."""

    trained_at = models.DateTimeField(default=timezone.now)
    examples = models.PositiveIntegerField()
    spam_examples = models.PositiveIntegerField()
    parameters = models.JSONField(help_text="The classifier's learned weights.")

    class Meta:
        ordering = ["-trained_at", "-pk"]

    def __str__(self) -> str:
        return f"Spam model of {self.trained_at:%Y-%m-%d %H:%M} ({self.examples} examples)"


class ModerationAction(models.Model):
    """One moderator decision; rows are only ever added, never changed."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        SPAM = "spam", _("Marked as spam")
        REMOVE = "remove", _("Removed")
        HIDE = "hide", _("Hidden after flags")
        BLOCK = "block", _("Blocked")
        RULES = "rules", _("Changed the rules")
        LIFT = "lift", _("Lifted a block")
        REJECT_EDIT = "reject_edit", _("Rejected an edit")
        REDACT = "redact", _("Redacted a passage of a consultation response")
        UNREDACT = "unredact", _("Undid a redaction of a consultation response")

    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="moderation"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    block = models.ForeignKey(
        "Block", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    # Whose rules or discussion an entry with no comment or block concerns (a rules change,
    # holding every comment); empty for the site's own, which only site staff see.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    reason = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action} #{self.comment_id}"

    @property
    def reason_shown(self) -> str:
        """The reason in the reader's language: a policy heading's label, or a stored reason
        (`moderation.reasons`); a moderator's own words as they wrote them."""
        labels = dict(Redaction.Reason.choices) | dict(RemovalReason.choices)
        if self.reason in labels:
            return str(labels[self.reason])
        return reasons.describe(self.reason)

    @property
    def from_status_shown(self) -> str:
        return str(dict(Status.choices).get(self.from_status, self.from_status))

    @property
    def to_status_shown(self) -> str:
        return str(dict(Status.choices).get(self.to_status, self.to_status))
