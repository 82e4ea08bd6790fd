"""Read paths shared by pages and the API."""

from datetime import datetime
from typing import Any

from django.db.models import Count, Max, OuterRef, Subquery

from parley.discussions.models import Comment, CommentLike, CommentQuerySet, Discussion
from parley.markup import Mentionable
from parley.organisations.models import Membership, Role

# The roles a comment's author is shown with (`author_role`): a member is shown as no one.
SHOWN_ROLES = [Role.OWNER, Role.EDITOR, Role.MODERATOR]


def author_role() -> Subquery:
    """For a Comment query: the author's role in the discussion's organisation, when they
    own, edit or moderate it (their comments carry a badge), else None."""
    return Subquery(
        Membership.objects.filter(
            user_id=OuterRef("user_id"),
            organisation_id=OuterRef("discussion__organisation_id"),
            role__in=SHOWN_ROLES,
        ).values("role")[:1]
    )


def thread_versions(
    discussion: Discussion, *, user_id: int | None, own_ids: list[int]
) -> list[tuple[Any, ...]]:
    """The comments a viewer sees, in display order, as one small row each: everything
    that can change about how a comment looks, without its text (which only changes with
    `edited_at`). Rows start with the id, status, user id and path (which gives the number
    and the parent's, for the comment's ids); `discussions.fragments` keys on them (one
    query).

    Approved comments, removed ones as placeholders (so replies keep their place), and the
    viewer's own comments that are awaiting moderation.
    """
    return list(
        Comment.objects.filter(discussion=discussion)
        .public_or_own(user_id=user_id, own_ids=own_ids)
        .in_thread_order()
        .annotate(author_role=author_role())
        .values_list(
            "pk",
            "status",
            "user_id",
            "path",
            "user__display_name",
            "author_name",
            "author_url",
            "edited_at",
            "deleted_at",
            "like_count",
            "outcome",
            "outcome_reason",
            "removal_reason",
            "user__is_staff",
            "author_role",
        )
    )


def comments_by_id(ids: list[int]) -> list[Comment]:
    """Comments with their authors and their roles (`author_role`), in no particular
    order (one query)."""
    return list(
        Comment.objects.filter(pk__in=ids)
        .select_related("user", "discussion__organisation")
        .annotate(author_role=author_role())
    )


def public_discussion(discussion_id: int) -> Discussion | None:
    """The discussion with its organisation, unless it does not exist or belongs to
    something that is not public: a post not yet published, or a draft version of guidance
    or one of its clauses.

    Its owner is asked about in a small query of its own (`Discussion.owner_is_public`):
    one query joining every kind of owner cost more to build than two small ones (posting)."""
    discussion = Discussion.objects.select_related("organisation").filter(pk=discussion_id).first()
    if discussion is None or not discussion.owner_is_public():
        return None
    return discussion


def comment_on_public_discussion(comment_id: int) -> Comment | None:
    """The comment, with its author, discussion and organisation, if its discussion is
    public (`Discussion.objects.public()`), whatever the comment's own status (one query)."""
    return (
        Comment.objects.on_public_discussions()
        .select_related("user", "discussion__organisation")
        .filter(pk=comment_id)
        .first()
    )


def public_comments_in(discussion: Discussion) -> CommentQuerySet:
    """Approved comments of a discussion, unordered (the API pages them in thread order)."""
    return Comment.objects.filter(discussion=discussion).public().select_related("user")


def liked_comment_ids(discussion: Discussion, user_id: int | None) -> set[int]:
    if user_id is None:
        return set()
    return set(
        CommentLike.objects.filter(comment__discussion=discussion, user_id=user_id).values_list(
            "comment_id", flat=True
        )
    )


def mentionables(discussion: Discussion) -> list[Mentionable]:
    """Everyone who has commented in `discussion`, linked to their latest comment there."""
    latest: dict[str, Mentionable] = {}
    rows = (
        Comment.objects.filter(discussion=discussion)
        .public()
        .order_by("number")
        .values_list("pk", "number", "user_id", "user__display_name", "author_name")
    )
    for pk, number, user_id, display_name, author_name in rows:
        name = display_name if user_id else author_name
        if name:
            latest[name.lower()] = Mentionable(
                name=name, href=f"#comment-{number}", key=f"{pk}:{user_id or 0}"
            )
    return list(latest.values())


def latest_public_comments(discussion: Discussion, count: int) -> list[Comment]:
    """The newest approved, undeleted comments of a discussion, newest first (one query)."""
    return list(
        Comment.objects.filter(discussion=discussion)
        .public()
        .select_related("user", "discussion")
        .order_by("-created_at", "-pk")[:count]
    )


def public_comments_by(user_id: int) -> CommentQuerySet:
    """A person's public comments on public discussions (not an editor's note on a draft),
    newest first, with what they are on."""
    return (
        Comment.objects.filter(user_id=user_id)
        .public()
        .on_public_discussions()
        .select_related("user", "discussion")
        .order_by("-created_at", "-pk")
    )


def comments_freshness(comments: CommentQuerySet) -> tuple[int, datetime | None]:
    """How many `comments` there are and the latest activity in their discussions (one
    query): a comment edited, removed or liked bumps its discussion's activity."""
    found = comments.order_by().aggregate(
        count=Count("pk"), activity=Max("discussion__last_activity_at")
    )
    return found["count"], found["activity"]
