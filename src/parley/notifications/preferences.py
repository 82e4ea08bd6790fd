"""Preferences and unsubscribing: how often each kind of news comes, removing one
subscription, and the one-click unsubscribe links in every e-mail.
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from parley.notifications.models import Frequency, Kind, Recipient
from parley.notifications.recipients import frequency_of
from parley.notifications.subscriptions import SubscriptionRejected, describe, lowered


@transaction.atomic
def set_frequencies(*, recipient: Recipient, frequencies: dict[str, str]) -> Recipient:
    """Choose how often to hear about each kind; kinds not given keep their setting."""
    errors = {
        kind: [gettext("Choose one of: %(choices)s") % {"choices": ", ".join(Frequency.values)}]
        for kind, value in frequencies.items()
        if kind in Kind.values and value not in Frequency.values
    }
    if unknown := [kind for kind in frequencies if kind not in Kind.values]:
        errors["kinds"] = [gettext("Unknown kind %(kind)r") % {"kind": unknown[0]}]
    if errors:
        raise SubscriptionRejected(errors)
    recipient.frequencies = {**(recipient.frequencies or {}), **frequencies}
    recipient.save(update_fields=["frequencies"])
    return recipient


@transaction.atomic
def remove_subscription(*, recipient: Recipient, subscription_id: int) -> bool:
    deleted, _ = recipient.subscriptions.filter(pk=subscription_id).delete()
    return bool(deleted)


def describe_scope(recipient: Recipient, scope: str) -> str:
    """What unsubscribing with `scope` stops, in words for the confirm page."""
    what, _, value = scope.partition(":")
    if what == "sub":
        subscription = recipient.subscriptions.filter(pk=int(value or 0)).first()
        if subscription is None:
            return gettext("these updates")
        return gettext("updates on %(what)s") % {"what": describe(subscription)}
    if what == "kind" and value in Kind.values:
        return lowered(str(Kind(value).label))
    if what == "digest" and value in Frequency.values:
        return gettext("everything in your %(digest)s") % {
            "digest": lowered(str(Frequency(value).label))
        }
    return gettext("every e-mail from %(site)s") % {"site": settings.SITE_NAME}


@transaction.atomic
def unsubscribe(*, recipient_id: int, scope: str) -> Recipient | None:
    """Stop what `scope` names: one subscription ("sub:<id>"), a kind ("kind:<kind>"),
    a digest ("digest:<frequency>") or everything ("all"). Safe to repeat."""
    recipient = Recipient.objects.select_for_update().filter(pk=recipient_id).first()
    if recipient is None:
        return None
    what, _, value = scope.partition(":")
    frequencies = dict(recipient.frequencies or {})
    if what == "sub" and value.isdigit():
        recipient.subscriptions.filter(pk=int(value)).delete()
    elif what == "kind" and value in Kind.values:
        frequencies[value] = Frequency.NEVER
    elif what == "digest" and value in Frequency.values:
        for kind in Kind.values:
            if frequency_of(recipient, kind) == value:
                frequencies[kind] = Frequency.NEVER
    else:
        recipient.subscriptions.all().delete()
        frequencies = dict.fromkeys(Kind.values, Frequency.NEVER)
    if frequencies != recipient.frequencies:
        recipient.frequencies = frequencies
        recipient.save(update_fields=["frequencies"])
    return recipient
