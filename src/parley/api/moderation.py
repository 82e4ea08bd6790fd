"""Moderation: the queue and decisions for moderators; flagging a comment for anyone."""

from datetime import datetime
from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from parley.accounts.models import User
from parley.api.auth import ANYONE, OPTIONAL_CREDENTIALS, WITH_POWERS, caller, signed_in_user
from parley.api.errors import ApiError, ErrorOut
from parley.api.pagination import NEXT_HELP, cursor_param, limit_param, page
from parley.discussions import queries as discussion_queries
from parley.discussions.models import Comment
from parley.moderation import flags, queries, services
from parley.moderation.models import FlagReason, RemovalReason
from parley.notifications.views import CONFIRMED_EMAIL_SESSION_KEY
from parley.organisations.permissions import can_moderate
from parley.ratelimit import client_ip

router = Router(tags=["moderation"])

NOT_A_MODERATOR = "You do not moderate any discussions"


class QueueDiscussion(Schema):
    id: int
    title: str
    url: str = Field(description="The page the discussion is shown on")


class QueueAuthor(Schema):
    name: str


class QueueItem(Schema):
    id: int
    number: int
    discussion: QueueDiscussion
    status: str = Field(
        description="pending: held, or hidden after flags; approved: still shown, but "
        "flagged for review"
    )
    held_because: str
    spam_score: float
    flag_count: int
    author: QueueAuthor
    body_html: str
    created_at: datetime


class QueueOut(Schema):
    items: list[QueueItem]
    next: str | None = Field(description=NEXT_HELP)


QUEUE_ORDER = ("created_at", "pk")  # oldest first


class ModerateIn(Schema):
    action: Literal["approve", "spam", "remove", "reject_edit"] = Field(
        description="reject_edit refuses a held edit: the approved text stays shown"
    )
    reason: str | None = Field(
        None,
        description="Needed to remove: the part of the comment policy broken, one of "
        + ", ".join(RemovalReason.values),
    )
    note: str | None = Field(None, description="For other moderators; never shown to readers")


class ModeratedOut(Schema):
    id: int
    number: int
    status: str


class FlagIn(Schema):
    reason: str = Field(description=f"One of {', '.join(FlagReason.values)}")
    note: str | None = Field(None, description="Up to 500 characters; only moderators see it")


class FlagOut(Schema):
    flag_count: int


def _moderator(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not can_moderate(user):
        raise ApiError(403, NOT_A_MODERATOR)
    return user


@router.get(
    "/moderation/queue",
    response={200: QueueOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut},
    auth=WITH_POWERS,
)
def queue(
    request: HttpRequest,
    response: HttpResponse,
    cursor: str | None = cursor_param(),
    limit: int = limit_param(),
) -> QueueOut:
    """Comments awaiting a decision in the discussions you moderate, oldest first: those
    held when posted and those hidden after readers flagged them; a page at a time."""
    comments = page(
        queries.queued(_moderator(request)),
        order=QUEUE_ORDER,
        cursor=cursor,
        limit=limit,
        request=request,
        response=response,
    )
    items = [
        QueueItem(
            id=comment.pk,
            number=comment.number,
            discussion=QueueDiscussion(
                id=comment.discussion.pk,
                title=comment.discussion.title,
                url=comment.discussion.url,
            ),
            status=comment.status,
            held_because=comment.held_because,
            spam_score=comment.spam_score,
            flag_count=comment.flag_count,
            author=QueueAuthor(name=comment.display_name),
            body_html=comment.body_html,
            created_at=comment.created_at,
        )
        for comment in comments.items
    ]
    return QueueOut(items=items, next=comments.next)


@router.post(
    "/comments/{comment_id}/moderate",
    response={200: ModeratedOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=WITH_POWERS,
)
def moderate(request: HttpRequest, comment_id: int, payload: ModerateIn) -> ModeratedOut:
    """Approve, mark as spam or remove a comment (removing needs a `reason`), or reject
    its held edit."""
    moderator = _moderator(request)
    comment = (
        Comment.objects.select_related("discussion__organisation").filter(pk=comment_id).first()
    )
    if comment is None:
        raise Http404
    try:
        if payload.action == "reject_edit":
            services.reject_edit(comment=comment, moderator=moderator, note=payload.note or "")
        else:
            services.moderate(
                comment=comment,
                moderator=moderator,
                action=payload.action,
                reason=payload.reason or "",
                note=payload.note or "",
            )
    except services.NotAllowed as refused:
        raise ApiError(403, str(refused)) from None
    return ModeratedOut(id=comment.pk, number=comment.number, status=comment.status)


def _session_key(request: HttpRequest) -> str:
    """A guest's session key, which identifies them as a reporter (sent back as a cookie)."""
    if request.session.session_key is None:
        request.session.save()
        request.session.modified = True
    return request.session.session_key or ""


@router.post(
    "/comments/{comment_id}/flag",
    response={
        201: FlagOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        415: ErrorOut,
        429: ErrorOut,
    },
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def flag(request: HttpRequest, comment_id: int, payload: FlagIn) -> Status[FlagOut]:
    """Report a published comment as breaking the comment policy, once per person.

    The comment goes to the moderators for review. When enough verified people (signed
    in, or a guest who confirmed their e-mail address in this session) have reported it,
    weighted by trust, it is hidden until a moderator decides; a guest's report without a
    confirmed address never hides it, nor does any report hide a comment by the
    discussion's own staff.
    """
    comment = discussion_queries.comment_on_public_discussion(comment_id)
    if comment is None:
        raise Http404
    user = caller(request)
    person = user if isinstance(user, User) else None
    if person is None and request.content_type != "application/json":
        # Another site's page can post a plain-text form here with no credentials, so
        # each visitor would become one more "person" flagging; it cannot send JSON.
        raise ApiError(415, "Send the flag as JSON, with Content-Type: application/json")
    flagged = flags.flag_comment(
        comment=comment,
        reason=payload.reason,
        note=payload.note or "",
        user=person,
        reporter_key="" if person else _session_key(request),
        ip=client_ip(request),
        confirmed_email="" if person else str(request.session.get(CONFIRMED_EMAIL_SESSION_KEY, "")),
    )
    return Status(201, FlagOut(flag_count=flagged.flag_count))
