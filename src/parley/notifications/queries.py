"""Read paths shared by the preferences pages and the API."""

from django.db.models import QuerySet

from parley.accounts.models import User
from parley.notifications.models import Recipient, Subscription


def subscriptions_of(recipient: Recipient) -> list[Subscription]:
    """Everything `recipient` follows, confirmed or waiting, in a stable order."""
    return list(recipient.subscriptions.order_by("target", "target_id"))


def subscriptions_unordered(recipient: Recipient) -> QuerySet[Subscription]:
    """Everything `recipient` follows, for the API to page in its own order."""
    return recipient.subscriptions.all()


def following(*, user: User, target: str, target_id: int) -> bool:
    """Whether `user` follows a target."""
    return Subscription.objects.filter(
        recipient__user=user, target=target, target_id=target_id
    ).exists()
