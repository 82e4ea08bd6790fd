"""Background sending. Every e-mail leaves from here, never from a request.

`send_email` is queued when an outbox row commits. A failed attempt is retried by a
deferred task where the backend can defer (django-tasks-db can), and in any case by
`send_due`, which `parley send-notifications` runs (see docs/notifications.md).

A task that a service queues is written beside that service (`outbox.send_email`,
`subscriptions.send_confirmation`), so no module imports one that imports it back; they
are named here too, as tasks queued before they moved name this module.
"""

from django.tasks import task

from parley.notifications import digests, outbox
from parley.notifications.outbox import send_email
from parley.notifications.subscriptions import send_confirmation

__all__ = ["send_confirmation", "send_digests", "send_due", "send_email"]


@task()
def send_due() -> int:
    """Send every e-mail that is due, retries included."""
    return outbox.send_due()


@task()
def send_digests(frequency: str) -> int:
    """Queue the daily or weekly digests."""
    return digests.send_digests(frequency=frequency)
