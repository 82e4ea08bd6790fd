"""The outbox: every e-mail leaves from a background task, once, and is retried."""

from datetime import timedelta
from typing import cast

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from parley.accounts.models import User
from parley.notifications import services
from parley.notifications.models import Email, Kind
from tests.conftest import Mailbox
from tests.notifications.conftest import RefusingOnce
from tests.notifications.helpers import html_of, text_of

NEWS = services.News(
    kind=Kind.REPLY,
    subject="Someone replied",
    text="Someone replied to you:\n\nHello",
    html="<p>Someone replied to you:</p><blockquote><p>Hello &amp; welcome</p></blockquote>",
    url="/blog/a-post/#comment-2",
    group="discussion:1",
    group_title="A post",
)


def test_an_email_is_queued_in_the_outbox_and_sent_only_after_the_transaction_commits(
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(news=NEWS, people=[participant])
    email = Email.objects.get()
    assert email.status == Email.Status.PENDING
    assert smtp.messages == []
    for callback in callbacks:
        callback()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.SENT, 1)
    assert email.sent_at is not None
    assert len(smtp.messages) == 1


def test_every_email_has_plain_text_and_html_and_one_click_unsubscribe_headers(
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(news=NEWS, people=[participant])
    (message,) = smtp.messages
    assert message["To"] == "member@example.org"
    assert message["Subject"] == "Someone replied"
    unsubscribe = str(message["List-Unsubscribe"])
    # As sent: one plain line, not folded or encoded, so mail programs can read the URL.
    assert dict(message.raw_items())["List-Unsubscribe"] == unsubscribe
    assert unsubscribe.startswith("<https://parley.example/notifications/unsubscribe/")
    assert unsubscribe.endswith("/>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Hello" in text_of(message)
    assert "https://parley.example/blog/a-post/#comment-2" in text_of(message)
    assert unsubscribe.strip("<>") in text_of(message)
    assert "<blockquote><p>Hello &amp; welcome</p></blockquote>" in html_of(message)
    assert unsubscribe.strip("<>") in html_of(message)


def test_a_refused_send_is_retried_later_and_delivered_once(
    participant: User,
    refusing_smtp: RefusingOnce,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(news=NEWS, people=[participant])
    email = Email.objects.get()
    assert refusing_smtp.refused == 1
    assert refusing_smtp.messages == []
    assert (email.status, email.attempts) == (Email.Status.PENDING, 1)
    assert "451" in email.last_error
    assert email.next_attempt_at > timezone.now()

    assert services.send_due() == 0  # not due yet: back-off
    assert services.send_due(now=email.next_attempt_at) == 1
    assert services.send_due(now=email.next_attempt_at + timedelta(hours=1)) == 0
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (Email.Status.SENT, 2, "")
    assert len(refusing_smtp.messages) == 1


def test_the_back_off_doubles_after_each_failure() -> None:
    delays = [services.retry_delay(attempt) for attempt in range(1, 5)]
    assert delays == [timedelta(minutes=m) for m in (1, 2, 4, 8)]


def test_an_email_already_claimed_or_sent_is_not_sent_again(
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        services.notify(news=NEWS, people=[participant])
    email = Email.objects.get()
    # A second worker finds the row claimed by the first (status "sending").
    Email.objects.filter(pk=email.pk).update(status=Email.Status.SENDING, claimed_at=timezone.now())
    assert services.deliver(email_id=email.pk) is False
    assert services.send_due() == 0
    assert smtp.messages == []
    Email.objects.filter(pk=email.pk).update(status=Email.Status.PENDING)
    assert services.deliver(email_id=email.pk) is True
    assert services.deliver(email_id=email.pk) is False
    assert services.send_due(now=timezone.now() + timedelta(days=1)) == 0
    assert len(smtp.messages) == 1


def test_a_claim_left_by_a_crashed_worker_is_released_after_a_while(
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        services.notify(news=NEWS, people=[participant])
    claimed = timezone.now() - services.STALE_CLAIM - timedelta(minutes=1)
    Email.objects.update(status=Email.Status.SENDING, claimed_at=claimed)
    assert services.send_due() == 1
    assert len(smtp.messages) == 1


def test_after_the_last_attempt_an_email_is_kept_as_failed_until_requeued(
    participant: User,
    settings: Settings,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        services.notify(news=NEWS, people=[participant])
    Email.objects.update(attempts=services.MAX_ATTEMPTS - 1)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},  # nothing listens
        }
    }
    assert services.send_due() == 0
    email = Email.objects.get()
    assert (email.status, email.attempts) == (Email.Status.FAILED, services.MAX_ATTEMPTS)
    assert services.send_due(now=timezone.now() + timedelta(days=30)) == 0

    assert services.requeue_failed() == 1
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert services.send_due() == 1
    email.refresh_from_db()
    assert email.status == Email.Status.SENT


def test_the_send_notifications_command_sends_due_emails_and_digests(
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    capsys: pytest.CaptureFixture[str],
) -> None:
    services.set_frequencies(
        recipient=services.recipient_for_user(participant), frequencies={Kind.REPLY: "daily"}
    )
    with django_capture_on_commit_callbacks(execute=False):
        services.notify(news=NEWS, people=[participant])
    assert Email.objects.count() == 0  # kept for the daily digest
    call_command("send-notifications", "--digests", "daily")
    assert "queued 1 digest; sent 1 e-mail;" in capsys.readouterr().out
    (digest,) = smtp.messages
    assert digest["Subject"] == "Daily digest from Parley: 1 update"
    call_command("send_notifications", "--digests", "daily")
    assert len(smtp.messages) == 1


def test_with_a_queue_that_can_defer_a_failed_send_is_queued_again_for_its_retry_time(
    participant: User,
    settings: Settings,
    refusing_smtp: RefusingOnce,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from django.tasks import default_task_backend
    from django.tasks.backends.dummy import DummyBackend

    from parley.notifications import tasks

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(news=NEWS, people=[participant])
    email = Email.objects.get()
    assert tasks.send_email.call(email.pk) is False  # the server answers 451
    email.refresh_from_db()
    backend = cast(DummyBackend, default_task_backend)  # as set above
    retry = backend.results[-1]
    assert retry.task.func is tasks.send_email.func
    assert retry.args == [email.pk]
    assert retry.task.run_after == email.next_attempt_at
    assert tasks.send_email.call(email.pk) is False  # not due yet: nothing is sent early
    assert backend.results[-1] is retry  # and no second retry is queued
    assert services.deliver(email_id=email.pk, now=email.next_attempt_at) is True
    assert len(refusing_smtp.messages) == 1
