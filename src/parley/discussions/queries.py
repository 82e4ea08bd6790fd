"""Read paths shared by pages and the API."""

from parley.discussions.models import Comment, CommentLike, Discussion, Status
from parley.markup import Mentionable


def thread(discussion: Discussion, *, user_id: int | None, own_ids: list[int]) -> list[Comment]:
    """The comments a viewer sees, in display order, in one query.

    Approved comments, removed ones as placeholders (so replies keep their place),
    and the viewer's own comments that are awaiting moderation.
    """
    return list(
        Comment.objects.filter(discussion=discussion)
        .public_or_own(user_id=user_id, own_ids=own_ids)
        .select_related("user")
        .in_thread_order()
    )


def approved_comments(discussion: Discussion) -> list[Comment]:
    """Approved comments in display order, for the API and feeds."""
    return list(
        Comment.objects.filter(discussion=discussion, deleted_at__isnull=True)
        .approved()
        .select_related("user")
        .in_thread_order()
    )


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
        Comment.objects.filter(discussion=discussion, status=Status.APPROVED, deleted_at=None)
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
