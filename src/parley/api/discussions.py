"""Discussions: reading and posting comments, and liking them."""

from datetime import datetime
from typing import Annotated

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.params import functions as param

from parley import ratelimit
from parley.accounts.models import User
from parley.api.auth import ANYONE, OPTIONAL_CREDENTIALS, SIGNED_IN, caller, signed_in_user
from parley.api.errors import ApiError, ErrorOut
from parley.api.pagination import NEXT_HELP, cursor_param, limit_param, page
from parley.discussions import queries
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Discussion
from parley.ratelimit import client_ip
from parley.validation import Rejected

router = Router(tags=["discussions"])


class CommentAuthor(Schema):
    name: str
    url: str | None = Field(description="A guest's website, if they gave one")


class CommentOut(Schema):
    id: int
    number: int = Field(description="1, 2, 3 … within the discussion; never reused")
    parent: int | None = Field(description="The number of the comment this replies to")
    depth: int = Field(description="0 for a top-level comment, 1 for a reply to it, and so on")
    author: CommentAuthor
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    like_count: int
    stance: str | None = Field(description="support, oppose or neutral, on guidance")
    quote: str | None = Field(description="The passage of the text the comment is about")
    outcome: str | None = Field(
        description="What became of it: adopted, partly, not_adopted or out_of_scope"
    )
    outcome_reason: str | None


class CommentList(Schema):
    items: list[CommentOut]
    next: str | None = Field(description=NEXT_HELP)


# Display order: each thread after its parent. `path` is unique within a discussion.
THREAD_ORDER = ("path",)


class CommentIn(Schema):
    body: str = Field(description="Markdown")
    parent: int | None = Field(None, description="The number of the comment to reply to")
    parent_id: int | None = Field(None, description="Or: the id of the comment to reply to")
    author_name: str | None = Field(None, description="Guests only")
    author_email: str | None = Field(None, description="Guests only; never shown")
    author_url: str | None = Field(None, description="Guests only; a website to link your name to")
    stance: str | None = Field(None, description="support, oppose or neutral, on guidance")
    quote: str | None = Field(None, description="The passage of the text the comment is about")


class CommentPosted(Schema):
    id: int
    number: int
    status: str = Field(description="approved, or pending while it awaits moderation")


class LikeOut(Schema):
    liked: bool
    like_count: int


def _public_discussion(discussion_id: int) -> Discussion:
    """The discussion, or 404 when it does not exist or is not public."""
    discussion = queries.public_discussion(discussion_id)
    if discussion is None:
        raise Http404
    return discussion


def _comment(comment: Comment) -> CommentOut:
    return CommentOut(
        id=comment.pk,
        number=comment.number,
        parent=comment.parent_number,
        depth=comment.depth,
        author=CommentAuthor(name=comment.display_name, url=comment.author_url or None),
        body_html=comment.body_html,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
        like_count=comment.like_count,
        stance=comment.stance or None,
        quote=comment.quote or None,
        outcome=comment.outcome or None,
        outcome_reason=comment.outcome_reason or None,
    )


@router.get(
    "/discussions/{discussion_id}/comments",
    response={200: CommentList, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def list_comments(
    request: HttpRequest,
    response: HttpResponse,
    discussion_id: int,
    cursor: str | None = cursor_param(),
    limit: int = limit_param(),
) -> CommentList:
    """A discussion's approved comments in display order (each thread after its parent),
    a page at a time."""
    discussion = _public_discussion(discussion_id)
    comments = page(
        queries.public_comments_in(discussion),
        order=THREAD_ORDER,
        cursor=cursor,
        limit=limit,
        request=request,
        response=response,
    )
    return CommentList(items=[_comment(c) for c in comments.items], next=comments.next)


IDEMPOTENCY_KEY = param.Header(
    None,
    alias="Idempotency-Key",
    min_length=1,
    max_length=255,
    description="Any unique string (a UUID, say) you choose for this comment: retrying the "
    "request with the same key returns the comment the first attempt made, never a second.",
)


@router.post(
    "/discussions/{discussion_id}/comments",
    response={
        201: CommentPosted,
        200: CommentPosted,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        415: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def post_comment(
    request: HttpRequest,
    discussion_id: int,
    payload: CommentIn,
    idempotency_key: Annotated[str | None, IDEMPOTENCY_KEY] = None,
) -> Status[CommentPosted]:
    """Comment, or reply to a comment, signed in or as a guest (give your name and e-mail).

    Answers 201 for a new comment and 200 when the same text was already posted by the
    same person a moment ago (a double submission), or when a request with the same
    `Idempotency-Key` already made it: the earlier comment is returned.
    """
    discussion = _public_discussion(discussion_id)
    user = caller(request)
    ip = client_ip(request)
    if isinstance(user, User):
        author = discussions.Author(user=user, ip=ip)
    else:
        if request.content_type != "application/json":
            # Another site's page can post a plain-text form here without credentials and
            # so post as its visitors, from their addresses; it cannot send JSON.
            raise ApiError(415, "Send the comment as JSON, with Content-Type: application/json")
        author = discussions.Author(
            name=payload.author_name or "",
            email=payload.author_email or "",
            url=payload.author_url or "",
            ip=ip,
        )
    posted = discussions.post_comment(
        discussion=discussion,
        body=payload.body,
        author=author,
        parent_number=payload.parent,
        parent_id=payload.parent_id,
        stance=payload.stance or "",
        quote=payload.quote or "",
        idempotency_key=idempotency_key or "",
    )
    comment = posted.comment
    return Status(
        201 if posted.created else 200,
        CommentPosted(id=comment.pk, number=comment.number, status=comment.status),
    )


def _likeable_comment(comment_id: int) -> Comment:
    comment = queries.comment_on_public_discussion(comment_id)
    if comment is None:
        raise Http404
    return comment


def _liker(request: HttpRequest, comment: Comment) -> User:
    """The signed-in caller, counted against PARLEY_LIKE_RATE unless they moderate the
    comment's discussion (another organisation's moderator is counted like anyone)."""
    user = signed_in_user(request)
    try:
        discussions.limit_likes(user=user, comment=comment)
    except ratelimit.RateLimited as limited:
        raise Rejected(
            {
                "__all__": [
                    f"You are liking too quickly. Try again in {limited.retry_after} seconds"
                ]
            },
            status=429,
            retry_after=limited.retry_after,
        ) from None
    return user


# Liking and withdrawing a like answer alike: the count, or why the comment cannot be liked.
LIKE_ANSWERS = {
    200: LikeOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    429: ErrorOut,
}


@router.post(
    "/comments/{comment_id}/like",
    response=LIKE_ANSWERS,
    auth=SIGNED_IN,
)
def like_comment(request: HttpRequest, comment_id: int) -> LikeOut:
    """Like a published comment; liking it again changes nothing."""
    comment = _likeable_comment(comment_id)
    count = discussions.like_comment(comment=comment, user=_liker(request, comment))
    return LikeOut(liked=True, like_count=count)


@router.delete(
    "/comments/{comment_id}/like",
    response=LIKE_ANSWERS,
    auth=SIGNED_IN,
)
def unlike_comment(request: HttpRequest, comment_id: int) -> LikeOut:
    """Withdraw your like, if you gave one."""
    comment = _likeable_comment(comment_id)
    count = discussions.unlike_comment(comment=comment, user=_liker(request, comment))
    return LikeOut(liked=False, like_count=count)
