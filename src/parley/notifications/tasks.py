"""Background sending. Every e-mail leaves from here, never from a request.

`send_email` is queued when an outbox row commits. A failed attempt is retried by a
deferred task where the backend can defer (django-tasks-db can), and in any case by
`send_due`, which `parley send-notifications` runs (see docs/notifications.md).
"""

from django.tasks import task

from parley.notifications import services
from parley.notifications.models import Email


@task()
def send_email(email_id: int) -> bool:
    """Send one outbox row; whether it went now. If this attempt failed, the retry is
    queued for its time (where the queue can defer)."""
    before = Email.objects.filter(pk=email_id).values_list("attempts", flat=True).first()
    if services.deliver(email_id=email_id):
        return True
    email = Email.objects.filter(pk=email_id, status=Email.Status.PENDING).first()
    attempted = email is not None and email.attempts != before
    if attempted and email and send_email.get_backend().supports_defer:
        send_email.using(run_after=email.next_attempt_at).enqueue(email_id)
    return False


@task()
def send_due() -> int:
    """Send every e-mail that is due, retries included."""
    return services.send_due()


@task()
def send_digests(frequency: str) -> int:
    """Queue the daily or weekly digests."""
    return services.send_digests(frequency=frequency)


@task()
def send_confirmation(recipient_id: int) -> bool:
    """Queue the e-mail asking a guest to confirm their address."""
    return services.queue_confirmation(recipient_id=recipient_id) is not None
