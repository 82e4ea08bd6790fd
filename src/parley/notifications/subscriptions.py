"""Following: an account follows (or stops following) a target at once; a guest asks to,
is sent a confirmation e-mail (by `send_confirmation`, queued after commit so that it lists
everything asked for in one request) and follows once they confirm their address."""

from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from parley.accounts.models import User
from parley.notifications import tokens
from parley.notifications.models import (
    TARGET_KINDS,
    Email,
    Kind,
    Recipient,
    Subscription,
    Target,
    stored_target_id,
)
from parley.notifications.outbox import queue_email
from parley.notifications.recipients import (
    current_language,
    guest_recipient,
    recipient_for_user,
    remember,
)
from parley.validation import Rejected

CONFIRMATION_INTERVAL = timedelta(minutes=10)  # at most one confirmation e-mail per address
CONFIRM_KIND = "confirm"


class SubscriptionRejected(Rejected):
    """The subscription was not changed."""


def check_kinds(target: str, kinds: Iterable[str]) -> list[str]:
    """The kinds, in a stable order, or SubscriptionRejected naming the field at fault."""
    if target not in Target.values:
        raise SubscriptionRejected(
            {
                "target": [
                    gettext("Choose one of: %(choices)s") % {"choices": ", ".join(Target.values)}
                ]
            },
            status=422,
        )
    allowed = TARGET_KINDS[target]
    wanted = list(dict.fromkeys(kinds))
    if not wanted:
        return list(allowed[:1]) if target == Target.DISCUSSION else list(allowed)
    if unknown := [kind for kind in wanted if kind not in allowed]:
        raise SubscriptionRejected(
            {
                "kinds": [
                    gettext("A %(target)s can be followed for: %(kinds)s (not %(unknown)r)")
                    % {"target": target, "kinds": ", ".join(allowed), "unknown": unknown[0]}
                ]
            },
            status=422,
        )
    return [kind for kind in allowed if kind in wanted]


@transaction.atomic
def follow(
    *,
    user: User,
    target: str,
    target_id: int,
    kinds: Iterable[str] = (),
    title: str = "",
    url: str = "",
) -> Subscription:
    """`user` follows a target for `kinds` (replacing earlier kinds); at once confirmed.
    `title` and `url` say what it is, for the preferences page."""
    chosen = check_kinds(target, kinds)
    recipient = recipient_for_user(user)
    remember(recipient, current_language())
    subscription, _ = Subscription.objects.update_or_create(
        recipient=recipient,
        target=target,
        target_id=stored_target_id(target, target_id),
        defaults={
            "kinds": chosen,
            "confirmed_at": timezone.now(),
            "title": _title(target, title),
            "url": url[:500],
        },
    )
    return subscription


def _title(target: str, title: str) -> str:
    everything = gettext("All of %(site)s") % {"site": settings.SITE_NAME}
    return (title or (everything if target == Target.SITE else ""))[:300]


@transaction.atomic
def unfollow(*, user: User, target: str, target_id: int) -> bool:
    """`user` stops following a target; whether they were following it."""
    deleted, _ = Subscription.objects.filter(
        recipient__user=user, target=target, target_id=stored_target_id(target, target_id)
    ).delete()
    return bool(deleted)


@transaction.atomic
def follow_as_guest(
    *,
    email: str,
    target: str,
    target_id: int,
    kinds: Iterable[str] = (),
    title: str = "",
    url: str = "",
) -> Subscription:
    """A guest asks to follow a target. Nothing is sent for it until the guest follows
    the link in the confirmation e-mail this queues (at most one per ten minutes)."""
    chosen = check_kinds(target, kinds)
    recipient = guest_recipient(email, create=True)
    if recipient is None:
        raise SubscriptionRejected({"author_email": [gettext("Enter your e-mail address")]})
    remember(recipient, current_language())
    target_id = stored_target_id(target, target_id)
    subscription = Subscription.objects.filter(
        recipient=recipient, target=target, target_id=target_id
    ).first()
    if subscription is None:
        subscription = Subscription.objects.create(
            recipient=recipient,
            target=target,
            target_id=target_id,
            kinds=chosen,
            title=_title(target, title),
            url=url[:500],
        )
    elif not set(chosen) <= set(subscription.kinds):
        # Asking for more than was confirmed needs confirming again: anyone can type an address.
        subscription.kinds = [
            k for k in TARGET_KINDS[target] if k in {*chosen, *subscription.kinds}
        ]
        subscription.confirmed_at = None
        subscription.save(update_fields=["kinds", "confirmed_at"])
    if subscription.confirmed_at is None:
        _ask_to_confirm(recipient)
    return subscription


def _ask_to_confirm(recipient: Recipient) -> None:
    now = timezone.now()
    due = Q(confirmation_sent_at=None) | Q(confirmation_sent_at__lt=now - CONFIRMATION_INTERVAL)
    if not Recipient.objects.filter(due, pk=recipient.pk).update(confirmation_sent_at=now):
        return  # the e-mail already on its way confirms this subscription too
    # Written once this commits, so it lists everything asked for in the same request.
    transaction.on_commit(partial(send_confirmation.enqueue, recipient.pk))


@transaction.atomic
def queue_confirmation(*, recipient_id: int) -> Email | None:
    """The confirmation e-mail for a guest's subscriptions still waiting for it, if any."""
    recipient = Recipient.objects.filter(pk=recipient_id, user=None).first()
    if recipient is None or not (what := _pending_descriptions(recipient)):
        return None
    context = {
        "site_name": settings.SITE_NAME,
        "confirm_url": tokens.confirm_url(recipient.pk),
        "what": what,
        "unsubscribe_url": tokens.unsubscribe_url(recipient.pk, "all"),
    }
    with translation.override(recipient.language):
        return queue_email(
            recipient=recipient,
            kind=CONFIRM_KIND,
            subject=gettext("Confirm your e-mail address to get updates from %(site)s")
            % {"site": settings.SITE_NAME},
            text=render_to_string("notifications/email/confirm.txt", context),
            html=render_to_string("notifications/email/confirm.html", context),
            unsubscribe_scope="all",
        )


@task()
def send_confirmation(recipient_id: int) -> bool:
    """Queue the e-mail asking a guest to confirm their address."""
    return queue_confirmation(recipient_id=recipient_id) is not None


def _pending_descriptions(recipient: Recipient) -> list[str]:
    pending = recipient.subscriptions.filter(confirmed_at=None)
    with translation.override(recipient.language):
        return [describe(subscription) for subscription in pending]


def lowered(label: str) -> str:
    """A label inside a sentence: "Replies to my comments" → "replies to my comments"."""
    return label[:1].lower() + label[1:]


def describe(subscription: Subscription) -> str:
    """A subscription in words, for pages and e-mails: its title, then its kinds of news."""
    labels = ", ".join(lowered(str(Kind(kind).label)) for kind in subscription.kinds)
    what = subscription.title or f"{Target(subscription.target).label} {subscription.target_id}"
    return gettext("‘%(what)s’ (%(kinds)s)") % {"what": what, "kinds": labels}


@transaction.atomic
def confirm(*, recipient_id: int) -> Recipient | None:
    """Confirm a guest's address and every subscription waiting for it (idempotent)."""
    recipient = Recipient.objects.select_for_update().filter(pk=recipient_id).first()
    if recipient is None:
        return None
    now = timezone.now()
    if recipient.confirmed_at is None:
        recipient.confirmed_at = now
        recipient.save(update_fields=["confirmed_at"])
    recipient.subscriptions.filter(confirmed_at=None).update(confirmed_at=now)
    return recipient
