import operator
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import reduce
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parley import bilingual
from parley.organisations.models import Organisation
from parley.stored_sentences import StoredSentence

PATH_WIDTH = 7  # digits per level: numbers up to 9,999,999 in one discussion sort correctly
MAX_DEPTH = 300  # keeps a thread's path within what a database index can hold


# The owners of each kind of discussion that are not public, as a query of rows with a
# `discussion` field: registered by the owning app (`register_owner`, from its AppConfig's
# `ready`), so that `discussions` knows nothing of blog or guidance.
HiddenOwners = Callable[[], models.QuerySet[Any]]
_HIDDEN_OWNERS: dict[str, HiddenOwners] = {}


def register_owner(kind: str, *, hidden: HiddenOwners) -> None:
    """Discussions of `kind` are public unless their owner is among `hidden()` (a post not
    yet published, a draft version of guidance). A kind no app registers (a wiki page's)
    is always public, and so is a discussion whose owner is gone."""
    _HIDDEN_OWNERS[kind] = hidden


def _hidden(*, discussion: str, kind: str) -> Q | None:
    """Discussions (found by the `discussion` id and `kind` fields of the query's rows)
    that belong to an owner that is not public, or None when no owner can hide one."""
    hidden = [
        Q(**{kind: owner_kind}) & Q(Exists(owners().filter(discussion=OuterRef(discussion))))
        for owner_kind, owners in _HIDDEN_OWNERS.items()
    ]
    return reduce(operator.or_, hidden) if hidden else None


class DiscussionQuerySet(models.QuerySet["Discussion"]):
    def public(self) -> "DiscussionQuerySet":
        """Discussions anyone may read: their owner is public, or they have none (one
        query; `Discussion.owner_is_public` asks about one discussion already read)."""
        hidden = _hidden(discussion="pk", kind="kind")
        return self if hidden is None else self.exclude(hidden)


# A guidance version's and a clause's discussions are named in these fixed forms (longer
# first), stored in English and said in the reader's language (parley/stored_sentences.py).
CLAUSE_TITLE = StoredSentence(
    "{title}, version {number}, clause {clause}", _("{title}, version {number}, clause {clause}")
)
VERSION_TITLE = StoredSentence("{title}, version {number}", _("{title}, version {number}"))
GUIDANCE_TITLES = [CLAUSE_TITLE, VERSION_TITLE]


class Discussion(models.Model):
    """Everything people can comment on owns one Discussion; comments belong to it."""

    class Kind(models.TextChoices):
        POST = "post", _("Blog post")
        GUIDANCE = "guidance", _("Guidance")
        CLAUSE = "clause", _("Clause")
        WIKI = "wiki", _("Wiki page")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    # In Welsh where the owner has a Welsh name; guidance's in the same form as `title`.
    title_cy = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=500, help_text="The page the discussion is shown on.")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="discussions"
    )
    is_open = models.BooleanField(default=True)
    hold_all = models.BooleanField(
        default=False, help_text="Hold every comment for moderation (for sensitive topics)."
    )
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    last_number = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    # What a page of threads counts, kept here by discussions.services in the transaction
    # of every change that moves them (by its delta, `services._shown_counts`; rare changes
    # count again, `services.recount_threads`), so a page never counts
    # a big discussion's comments: its top-level threads anyone sees (approved, or removed
    # after being public, as placeholders; copies of a letter left out), and its removed
    # comments shown as placeholders.
    thread_count = models.PositiveIntegerField(default=0)
    removed_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # Bumped by discussions.services on every write a reader could see (a comment posted,
    # edited, deleted, moderated or liked; opening or closing), so pages and feeds can
    # answer conditional requests from it without reading the comments.
    last_activity_at = models.DateTimeField(default=timezone.now)

    objects = DiscussionQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title

    @property
    def title_shown(self) -> SafeString:
        """The title as HTML in the reader's language: the Welsh name where there is one,
        else the English marked `lang="en"` on a Welsh page; the "version" and "clause" of
        guidance's titles said in the reader's language (`GUIDANCE_TITLES`)."""
        name = bilingual.choose(self.title, self.title_cy)
        if self.kind in {self.Kind.GUIDANCE, self.Kind.CLAUSE}:
            for sentence in GUIDANCE_TITLES:
                if found := sentence.pattern.fullmatch(name.text):
                    fields = found.groupdict() | {
                        "title": bilingual.Shown(found["title"], name.language).html
                    }
                    return format_html(str(sentence.said), **fields)
        return name.html

    def owner_is_public(self) -> bool:
        """Whether anyone may read this discussion, as `DiscussionQuerySet.public` says:
        one small query of its owner (none for a kind that is always public)."""
        hidden = _HIDDEN_OWNERS.get(self.kind)
        return hidden is None or not hidden().filter(discussion=self).exists()

    @property
    def allows_stance(self) -> bool:
        return self.kind in {self.Kind.GUIDANCE, self.Kind.CLAUSE}

    @property
    def not_yet_open(self) -> bool:
        return self.opens_at is not None and timezone.now() < self.opens_at

    @property
    def accepting_comments(self) -> bool:
        """Open, and within its window if it has one: closing needs no one to press a button."""
        now = timezone.now()
        return (
            self.is_open
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class Stance(models.TextChoices):
    SUPPORT = "support", _("Support")
    OPPOSE = "oppose", _("Oppose")
    NEUTRAL = "neutral", _("Neutral or suggestion")


class Outcome(models.TextChoices):
    """What became of a comment, decided when the body responds to a consultation."""

    ADOPTED = "adopted", _("Adopted")
    PARTLY_ADOPTED = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


class RemovalReason(models.TextChoices):
    """Why a moderator may remove a comment: the headings of the comment policy."""

    OFF_TOPIC = "off_topic", _("Off-topic")
    ABUSIVE = "abusive", _("Abusive, threatening or discriminatory")
    PERSONAL_DATA = "personal_data", _("Contains personal information")
    SPAM = "spam", _("Spam or advertising")
    ILLEGAL = "illegal", _("Breaks the law")


class Status(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    SPAM = "spam", _("Spam")
    REMOVED = "removed", _("Removed")


class CommentQuerySet(models.QuerySet["Comment"]):
    def public(self) -> "CommentQuerySet":
        """Comments anyone may read: approved and not deleted (`Comment.is_public`). Whether
        their discussion is public too is `on_public_discussions`."""
        return self.filter(status=Status.APPROVED, deleted_at__isnull=True)

    def on_public_discussions(self) -> "CommentQuerySet":
        """Comments whose discussion is public (`DiscussionQuerySet.public`), whatever
        their own status; no more queries."""
        hidden = _hidden(discussion="discussion_id", kind="discussion__kind")
        return self if hidden is None else self.exclude(hidden)

    def in_thread_order(self) -> "CommentQuerySet":
        return self.order_by("path")

    def with_held_edit(self) -> "CommentQuerySet":
        """Comments with an edit awaiting moderation (the moderation queue's to show)."""
        return self.filter(held_edit_at__isnull=False)

    def public_or_own(self, *, user_id: int | None, own_ids: list[int]) -> "CommentQuerySet":
        """What a viewer sees: approved, removed ones that had been public (as a placeholder),
        plus their own pending. A comment removed before anyone saw it is not shown."""
        visible = Q(status=Status.APPROVED) | Q(status=Status.REMOVED, was_public=True)
        if own_ids:
            visible |= Q(pk__in=own_ids, status=Status.PENDING)
        if user_id is not None:
            visible |= Q(user_id=user_id, status=Status.PENDING)
        return self.filter(visible)


class Comment(models.Model):
    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="comments")
    number = models.PositiveIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    depth = models.PositiveIntegerField(default=0)
    path = models.CharField(max_length=(PATH_WIDTH + 1) * (MAX_DEPTH + 1))

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author_name = models.CharField(max_length=80, blank=True)
    author_email = models.EmailField(blank=True)
    author_url = models.URLField(blank=True)

    body_markdown = models.TextField()
    body_html = models.TextField()
    stance = models.CharField(max_length=10, choices=Stance.choices, blank=True)
    quote = models.TextField(blank=True, help_text="The passage of the text this comment is about.")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    held_because = models.CharField(max_length=200, blank=True)
    spam_score = models.FloatField(default=0)
    spam_reasons = models.JSONField(default=list, blank=True)
    removal_reason = models.CharField(max_length=20, choices=RemovalReason.choices, blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    # Set by `change_status` when a public comment is taken out of the thread: only such a
    # comment, once removed, keeps a placeholder there.
    was_public = models.BooleanField(default=False)
    # An edit of a public comment that pre-moderation held: the public text stays as it
    # was until a moderator approves the edit (`services.approve_edit`) or rejects it.
    held_edit_markdown = models.TextField(blank=True)
    held_edit_html = models.TextField(blank=True)
    held_edit_at = models.DateTimeField(null=True, blank=True)
    held_edit_because = models.CharField(max_length=200, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # SHA-256 of the author and the Idempotency-Key they sent (API header, or the comment
    # form's own key): a retried submission finds the comment the first one made.
    idempotency_key = models.CharField(max_length=64, blank=True, default="")

    like_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    # A top-level comment that sends the same letter as an earlier one in its discussion (a
    # campaign the insights found, `services.mark_copies`): pages of threads show the
    # earlier one with a count and a link to its copies, not every copy.
    copy_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )

    objects = CommentQuerySet.as_manager()

    # Worked out per viewer by discussions.views just before rendering; never stored.
    indent: int = 0
    beyond_indent: bool = False
    liked: bool = False
    mine: bool = False
    can_edit: bool = False
    role_badge: str = ""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["discussion", "number"], name="comment_number_unique"),
            models.UniqueConstraint(
                fields=["discussion", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="comment_idempotency_key_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["discussion", "path"], name="comment_thread_order"),
            models.Index(fields=["author_email", "status"], name="comment_guest_history"),
            models.Index(fields=["status", "created_at"], name="comment_queue"),
            # A discussion's comments of the last minute: the duplicate check
            # (services._earlier_duplicate), which otherwise read the whole discussion.
            models.Index(fields=["discussion", "created_at"], name="comment_recent"),
            # A discussion's threads a page at a time (queries.thread_page): how many there
            # are and which are on page N, read from this index alone rather than from
            # every comment's row (which holds its text): the page's cost barely grows
            # with the discussion. `copy_of` before `path`: the threads of a page are those
            # that copy no other letter (or the copies of one), in path order.
            models.Index(
                fields=["discussion", "depth", "copy_of", "path", "status", "was_public"],
                name="comment_threads",
            ),
            # Guests of a discussion by their name in lower case: who an "@Name" in a new
            # comment may mean (queries.mentionables), without reading every comment.
            models.Index(F("discussion"), Lower("author_name"), name="comment_guest_names"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} in {self.discussion_id}"

    def get_absolute_url(self) -> str:
        """Its discussion's page, asked for the comment (`?comment=N`): the page redirects to
        whichever of its pages holds it now (`discussions.paging`)."""
        return f"{self.discussion.url}?comment={self.number}#{self.anchor}"

    @property
    def display_name(self) -> str:
        if self.user_id is not None and self.user is not None:
            return self.user.display_name
        return self.author_name or gettext("A former participant")

    @property
    def parent_number(self) -> int | None:
        """Read from the path, so showing a thread needs no query for parents."""
        parts = self.path.split(".")
        return int(parts[-2]) if len(parts) > 1 else None

    @property
    def anchor(self) -> str:
        return f"comment-{self.number}"

    @property
    def body_lang(self) -> SafeString:
        """` lang="en"` on a Welsh page for a comment written in English (or "cy" on an
        English page), for the body's container; nothing when the language is not plain
        (`bilingual.written_in`)."""
        return bilingual.lang_attribute(bilingual.written_in(self.body_markdown))

    @property
    def quote_lang(self) -> SafeString:
        return bilingual.lang_attribute(bilingual.written_in(self.quote))

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_public(self) -> bool:
        """Approved and not deleted, as `CommentQuerySet.public` says."""
        return self.status == Status.APPROVED and self.deleted_at is None

    def editable_until(self) -> datetime:
        return self.created_at + timedelta(minutes=settings.PARLEY_COMMENT_EDIT_MINUTES)


class Mention(models.Model):
    """An @mention in a comment of an earlier commenter (a user, or a guest's comment)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions")
    mentioned_comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="mentioned_in"
    )
    mentioned_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )

    def __str__(self) -> str:
        return f"#{self.comment_id} mentions #{self.mentioned_comment_id}"


class CommentLike(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_like_per_comment")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.comment_id}"
