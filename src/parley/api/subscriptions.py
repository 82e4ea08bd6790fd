"""Subscriptions: what the signed-in caller follows, and for which kinds of news.

One resource, `/subscriptions`, keyed by `{target, id}`: GET lists, POST follows (or
changes the kinds of an existing subscription), DELETE stops following. Follows made
here are confirmed at once: the account's address is already verified.
"""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from parley.api.auth import SIGNED_IN, signed_in_user
from parley.api.errors import ApiError, errors
from parley.api.pagination import NEXT_HELP, cursor_param, limit_param, page
from parley.notifications import queries, targets
from parley.notifications import services as notifications
from parley.notifications.models import TARGET_KINDS, Subscription

router = Router(tags=["subscriptions"])

TargetName = Literal["discussion", "document", "organisation", "site"]
KINDS_HELP = "; ".join(f"{target}: {', '.join(kinds)}" for target, kinds in TARGET_KINDS.items())


class SubscriptionKey(Schema):
    target: TargetName
    id: int = Field(0, description="The discussion's, document's or organisation's id; 0 for site")


class SubscriptionIn(SubscriptionKey):
    kinds: list[str] = Field(
        default_factory=list,
        description="What to hear about; when empty, everything (for a discussion: every "
        f"comment). {KINDS_HELP}",
    )


class SubscriptionOut(Schema):
    target: str
    id: int
    kinds: list[str]


class SubscriptionList(Schema):
    items: list[SubscriptionOut]
    next: str | None = Field(description=NEXT_HELP)


ORDER = ("target", "target_id", "pk")


def _out(subscription: Subscription) -> SubscriptionOut:
    return SubscriptionOut(
        target=subscription.target, id=subscription.target_id, kinds=subscription.kinds
    )


def _check_target(target: str, target_id: int) -> tuple[int, str, str]:
    """The id to store, and the target's title and address; 422 naming `id` when there
    is no such public thing."""
    found = targets.resolve(target, target_id)
    if found is None:
        message = f"There is no {target} with id {target_id}"
        raise ApiError(422, message, {"id": [message]})
    return found.id, found.title, found.url


@router.get(
    "/subscriptions",
    response={200: SubscriptionList, **errors(400, 401)},
    auth=SIGNED_IN,
)
def list_subscriptions(
    request: HttpRequest,
    response: HttpResponse,
    cursor: str | None = cursor_param(),
    limit: int = limit_param(),
) -> SubscriptionList:
    """Everything you follow, a page at a time."""
    recipient = notifications.recipient_for_user(signed_in_user(request))
    subscriptions = page(
        queries.subscriptions_unordered(recipient),
        order=ORDER,
        cursor=cursor,
        limit=limit,
        request=request,
        response=response,
    )
    return SubscriptionList(items=[_out(s) for s in subscriptions.items], next=subscriptions.next)


@router.post(
    "/subscriptions",
    response={200: SubscriptionOut, 201: SubscriptionOut, **errors(401, 403, 422)},
    auth=SIGNED_IN,
)
def follow(request: HttpRequest, payload: SubscriptionIn) -> Status[SubscriptionOut]:
    """Follow a discussion, a document, an organisation or the whole site.

    Answers 201 for a new subscription and 200 when it replaced the kinds of one you had.
    """
    user = signed_in_user(request)
    target_id, title, url = _check_target(payload.target, payload.id)
    existed = queries.following(user=user, target=payload.target, target_id=target_id)
    subscription = notifications.follow(
        user=user,
        target=payload.target,
        target_id=target_id,
        kinds=payload.kinds,
        title=title,
        url=url,
    )
    return Status(200 if existed else 201, _out(subscription))


@router.delete(
    "/subscriptions",
    response={204: None, **errors(401, 403, 404, 422)},
    auth=SIGNED_IN,
)
def unfollow(request: HttpRequest, payload: SubscriptionKey) -> Status[None]:
    """Stop following; send the same `{target, id}` you followed with."""
    user = signed_in_user(request)
    if not notifications.unfollow(user=user, target=payload.target, target_id=payload.id):
        message = f"You do not follow {payload.target} {payload.id}"
        raise ApiError(404, message, {"id": [message]})
    return Status(204, None)
