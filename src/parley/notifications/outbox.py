"""The outbox: every e-mail is a row (`Email`) written in the transaction that causes
it and sent by `send_email`, a background task queued once that commits. Sending claims
the row, so each e-mail goes once, and retries with back-off; `send_due` sends whatever
is due (new rows, retries, rows a dead worker left), run by the clock.
"""

import logging
from datetime import datetime, timedelta
from email.message import EmailMessage as StdlibEmailMessage
from email.policy import Policy
from email.policy import default as default_policy
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from parley.notifications import tokens
from parley.notifications.models import Email, Recipient

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF = timedelta(minutes=1)  # doubled after each failure: 1, 2, 4 … 64 minutes
STALE_CLAIM = timedelta(minutes=15)  # a claim older than this is taken to have crashed


def queue_email(
    *, recipient: Recipient, kind: str, subject: str, text: str, html: str, unsubscribe_scope: str
) -> Email:
    """An outbox row for one e-mail, sent by a background task once this commits."""
    email = Email.objects.create(
        recipient=recipient,
        to=recipient.address,
        kind=kind,
        subject=subject[:300],
        text=text,
        html=html,
        unsubscribe_url=tokens.unsubscribe_url(recipient.pk, unsubscribe_scope),
    )
    transaction.on_commit(partial(send_email.enqueue, email.pk))
    return email


def queue_message(*, to: str, kind: str, subject: str, text: str) -> Email:
    """A plain-text e-mail to one address about that person's own doing (a receipt, a
    link to finish something), not news: no recipient row, no unsubscribe link, but sent
    and retried as every e-mail is, once this commits."""
    email = Email.objects.create(to=to, kind=kind, subject=subject[:300], text=text, html="")
    transaction.on_commit(partial(send_email.enqueue, email.pk))
    return email


@task()
def send_email(email_id: int) -> bool:
    """Send one outbox row; whether it went now. If this attempt failed, the retry is
    queued for its time (where the queue can defer)."""
    before = Email.objects.filter(pk=email_id).values_list("attempts", flat=True).first()
    if deliver(email_id=email_id):
        return True
    email = Email.objects.filter(pk=email_id, status=Email.Status.PENDING).first()
    attempted = email is not None and email.attempts != before
    if attempted and email and send_email.get_backend().supports_defer:
        send_email.using(run_after=email.next_attempt_at).enqueue(email_id)
    return False


class OneClickMessage(EmailMultiAlternatives):
    """An e-mail whose List-Unsubscribe address is never folded or encoded.

    Python folds header lines at 78 characters and writes a longer unbroken value (a
    signed unsubscribe address is one) as an RFC 2047 encoded word, which mail programs
    do not read as a URL. RFC 5322 allows lines of up to 998 characters, so use that.
    """

    def message(self, *, policy: Policy | None = None) -> StdlibEmailMessage:
        return super().message(policy=(policy or default_policy).clone(max_line_length=998))


def build_message(email: Email) -> EmailMultiAlternatives:
    """The e-mail as it goes out: plain text and HTML, with RFC 8058 one-click unsubscribe."""
    headers = {"Auto-Submitted": "auto-generated"}
    if email.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = OneClickMessage(
        subject=email.subject, body=email.text, to=[email.to], headers=headers
    )
    if email.html:  # a plain-text message (queue_message) stays plain
        message.attach_alternative(email.html, "text/html")
    return message


def retry_delay(attempts: int) -> timedelta:
    factor: int = 2 ** max(attempts - 1, 0)
    return BACKOFF * factor


def deliver(*, email_id: int, now: datetime | None = None) -> bool:
    """Send one queued e-mail if it is due, exactly once; whether it was sent now.

    The row is claimed with a conditional UPDATE (pending and due → sending) that only
    one worker can win. A failure puts it back with a later `next_attempt_at`, doubling
    each time, until MAX_ATTEMPTS, when it is marked failed (kept, never deleted).
    """
    now = now or timezone.now()
    claimed = Email.objects.filter(
        pk=email_id, status=Email.Status.PENDING, next_attempt_at__lte=now
    ).update(status=Email.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return False
    email = Email.objects.get(pk=email_id)
    try:
        build_message(email).send(using=settings.PARLEY_NOTIFICATIONS_MAILER)
    except Exception as error:  # any failure of the mail server or network: try again later
        logger.warning("E-mail %s not sent (attempt %s): %s", email.pk, email.attempts, error)
        gave_up = email.attempts >= MAX_ATTEMPTS
        Email.objects.filter(pk=email.pk, status=Email.Status.SENDING).update(
            status=Email.Status.FAILED if gave_up else Email.Status.PENDING,
            next_attempt_at=now + retry_delay(email.attempts),
            last_error=str(error)[:2000],
        )
        return False
    Email.objects.filter(pk=email.pk, status=Email.Status.SENDING).update(
        status=Email.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def send_due(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Send every e-mail that is due (new ones and retries); how many went.

    Claims older than STALE_CLAIM (a worker died mid-send) are released first. Such an
    e-mail may have left before the worker died, the one case where a second copy can go.
    """
    now = now or timezone.now()
    Email.objects.filter(status=Email.Status.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=Email.Status.PENDING
    )
    due = list(Email.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True))
    return sum(deliver(email_id=pk, now=now) for pk in due[:limit])


@transaction.atomic
def requeue_failed() -> int:
    """Give every e-mail that failed for good another MAX_ATTEMPTS tries, from now."""
    return Email.objects.filter(status=Email.Status.FAILED).update(
        status=Email.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
