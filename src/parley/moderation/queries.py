"""What moderators see: the queue with its context, and the log of decisions."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from parley.accounts.models import User
from parley.discussions.models import Comment, Status
from parley.moderation import reasons
from parley.moderation.models import Flag, FlagReason, ModerationAction
from parley.organisations.permissions import moderated_organisation_ids

if TYPE_CHECKING:
    from parley.insights.models import Campaign


def flagged_but_shown() -> Q:
    """Published comments with reports no moderator has decided on yet."""
    open_flags = Flag.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True)
    return Q(status=Status.APPROVED) & Q(Exists(open_flags))


def queue(moderator: User, *, spam: bool = False) -> QuerySet[Comment]:
    """Comments awaiting moderation (held, hidden by flags, or shown but flagged) that
    `moderator` may decide on, oldest first; or, with `spam`, those caught as spam, newest
    first, so a moderator can rescue one that was caught wrongly. The page shows it a page
    at a time (`QUEUE_PER_PAGE`)."""
    order = ["-created_at", "-pk"] if spam else ["created_at", "pk"]
    return queued(moderator, spam=spam).order_by(*order)


def queued(moderator: User, *, spam: bool = False) -> QuerySet[Comment]:
    """The comments of `queue`, unordered, with their discussion and author (the API
    pages them)."""
    if spam:
        comments = Comment.objects.filter(status=Status.SPAM)
    else:
        comments = Comment.objects.filter(
            Q(status=Status.PENDING) | flagged_but_shown() | Q(held_edit_at__isnull=False)
        )
    organisation_ids = moderated_organisation_ids(moderator)
    if organisation_ids is not None:
        comments = comments.filter(discussion__organisation_id__in=organisation_ids)
    return comments.select_related("discussion", "user")


def decidable(moderator: User, ids: list[int]) -> dict[int, Comment]:
    """Those of `ids` that are waiting, flagged or caught as spam and that `moderator` may
    decide on."""
    comments = Comment.objects.filter(
        Q(status__in=[Status.PENDING, Status.SPAM])
        | flagged_but_shown()
        | Q(held_edit_at__isnull=False),
        pk__in=ids,
    )
    organisation_ids = moderated_organisation_ids(moderator)
    if organisation_ids is not None:
        comments = comments.filter(discussion__organisation_id__in=organisation_ids)
    return {c.pk: c for c in comments.select_related("discussion__organisation")}


@dataclass
class QueueItem:
    comment: Comment
    thread_above: list[Comment] = field(default_factory=list)
    history: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    campaign: "Campaign | None" = None  # the campaign of near-identical comments it joins

    @property
    def held_because(self) -> str:
        """Why the comment waits, in the reader's language."""
        return reasons.describe_held(self.comment.held_because)

    @property
    def held_edit_because(self) -> str:
        """Why the comment's edit waits (discussions' held edits), in the reader's language."""
        return reasons.describe_held(self.comment.held_edit_because)

    @property
    def spam_reasons(self) -> list[str]:
        return [reasons.describe(reason) for reason in self.comment.spam_reasons or []]

    @property
    def flag_reasons(self) -> list[tuple[str, int]]:
        """Why readers flagged it, by label, with how many flagged it for each reason."""
        labels = dict(FlagReason.choices)
        return [(str(labels.get(code, code)), count) for code, count in self.flags.items()]


def _author_key(user_id: int | None, email: str) -> str:
    return f"user:{user_id}" if user_id else f"email:{email.lower()}"


def with_context(comments: list[Comment]) -> list[QueueItem]:
    """A page of the queue, each comment with the thread above it, its author's record
    (their other comments by status), the reasons it was flagged and the campaign of
    near-identical comments it joins, if any: a fixed number of queries, whatever the page."""
    if not comments:
        return []
    ancestors: set[tuple[int, int]] = set()
    for comment in comments:
        for part in comment.path.split(".")[:-1]:
            ancestors.add((comment.discussion_id, int(part)))
    above: dict[tuple[int, int], Comment] = {}
    if ancestors:
        wanted = Q()
        for discussion_id, number in ancestors:
            wanted |= Q(discussion_id=discussion_id, number=number)
        above = {
            (c.discussion_id, c.number): c
            for c in Comment.objects.filter(wanted).select_related("user")
        }
    users = {c.user_id for c in comments if c.user_id}
    emails = {c.author_email for c in comments if not c.user_id and c.author_email}
    history: dict[str, Counter[str]] = defaultdict(Counter)
    for row in (
        Comment.objects.filter(Q(user_id__in=users) | Q(user=None, author_email__in=emails))
        .values("user_id", "author_email", "status")
        .annotate(count=Count("pk"))
    ):
        history[_author_key(row["user_id"], row["author_email"])][row["status"]] += row["count"]
    flags: dict[int, Counter[str]] = defaultdict(Counter)
    for flag_row in (
        Flag.objects.filter(comment__in=comments, resolved_at__isnull=True)
        .values("comment_id", "reason")
        .annotate(count=Count("pk"))
    ):
        flags[flag_row["comment_id"]][flag_row["reason"]] += flag_row["count"]
    # Insights sits above moderation: asked here, at run time, so the import stays one-way.
    from parley.insights.queries import campaigns_nearly_copied

    campaigns = campaigns_nearly_copied(comments)
    return [
        QueueItem(
            comment=comment,
            thread_above=[
                above[(comment.discussion_id, int(part))]
                for part in comment.path.split(".")[:-1]
                if (comment.discussion_id, int(part)) in above
            ],
            history=history[_author_key(comment.user_id, comment.author_email)],
            flags=flags[comment.pk],
            campaign=campaigns.get(comment.pk),
        )
        for comment in comments
    ]


def log(moderator: User) -> QuerySet[ModerationAction]:
    """Decisions on the discussions `moderator` moderates, newest first."""
    actions = ModerationAction.objects.select_related(
        "comment__discussion", "moderator", "block"
    ).order_by("-created_at", "-pk")
    organisation_ids = moderated_organisation_ids(moderator)
    if organisation_ids is not None:
        # A block's entry names whom it blocks, a rules or hold-every-comment entry says what
        # an organisation screens for: only that organisation's moderators see them, and only
        # site staff see the site's own (organisation empty).
        actions = actions.filter(
            Q(comment__discussion__organisation_id__in=organisation_ids)
            | Q(block__organisation_id__in=organisation_ids)
            | Q(comment__isnull=True, block__isnull=True, organisation_id__in=organisation_ids)
        )
    return actions
