"""The notifications app's public names: what other apps call, each written in the module
of its journey.

- `recipients`: who is told, in which language and how often;
- `subscriptions`: following, and a guest confirming their address;
- `preferences`: how often, and unsubscribing;
- `fanout`: `notify`, telling each person about news once;
- `outbox`: queuing, sending and retrying e-mail;
- `digests`: the daily and weekly e-mails.

Domain apps decide who should hear about what and call `notify` from a background
task; this app decides, per person, whether and when an e-mail goes.
"""

from parley.notifications.digests import DIGEST_KIND, send_digests
from parley.notifications.fanout import News, announce_once, notify
from parley.notifications.outbox import (
    MAX_ATTEMPTS,
    STALE_CLAIM,
    deliver,
    queue_message,
    requeue_failed,
    retry_delay,
    send_due,
)
from parley.notifications.preferences import (
    describe_scope,
    remove_subscription,
    set_frequencies,
    unsubscribe,
)
from parley.notifications.recipients import (
    Person,
    current_language,
    frequency_of,
    language_of,
    recipient_for_user,
    remember_language,
)
from parley.notifications.subscriptions import (
    CONFIRM_KIND,
    SubscriptionRejected,
    confirm,
    describe,
    follow,
    follow_as_guest,
    queue_confirmation,
    unfollow,
)

__all__ = [
    "CONFIRM_KIND",
    "DIGEST_KIND",
    "MAX_ATTEMPTS",
    "STALE_CLAIM",
    "News",
    "Person",
    "SubscriptionRejected",
    "announce_once",
    "confirm",
    "current_language",
    "deliver",
    "describe",
    "describe_scope",
    "follow",
    "follow_as_guest",
    "frequency_of",
    "language_of",
    "notify",
    "queue_confirmation",
    "queue_message",
    "recipient_for_user",
    "remember_language",
    "remove_subscription",
    "requeue_failed",
    "retry_delay",
    "send_digests",
    "send_due",
    "set_frequencies",
    "unfollow",
    "unsubscribe",
]
