"""A respondent's e-mails (the confirmation link, the receipt, the link to finish a draft)
go through the notifications outbox: the same text as before, plain, to a real SMTP
server, and a send that fails is retried rather than lost."""

from datetime import timedelta

from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture
from pytest_django import Settings

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Response
from parley.guidance.models import Version
from parley.notifications import services as notifications
from parley.notifications.models import Email
from tests.conftest import Mailbox, smtp_server
from tests.consultations.conftest import good_answers


def respond(version: Version, participant: User) -> Response:
    return consultations.respond(
        version=version,
        respondent=consultations.Respondent(user=participant),
        consent="named",
        answers=good_answers(),
    ).response


def test_the_receipt_arrives_through_the_outbox_as_plain_text(
    open_version: Version,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = respond(open_version, participant)
    [receipt] = smtp.messages
    assert receipt["To"] == participant.email
    assert receipt["Subject"] == f"Your response {response.reference} has been received"
    assert receipt.get_content_type() == "text/plain"
    assert "Shorter, please." in receipt.get_content()
    assert receipt["List-Unsubscribe"] is None
    sent = Email.objects.get(kind="respondent")
    assert (sent.status, sent.to, sent.attempts) == (Email.Status.SENT, participant.email, 1)


def test_a_failed_send_is_retried_until_it_arrives(
    open_version: Version,
    participant: User,
    settings: Settings,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},  # nothing listens
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = respond(open_version, participant)
    waiting = Email.objects.get(kind="respondent")
    assert (waiting.status, waiting.attempts) == (Email.Status.PENDING, 1)
    assert waiting.last_error
    with smtp_server(settings, Mailbox()) as mailbox:
        assert notifications.send_due() == 0  # not yet time to try again
        assert notifications.send_due(now=timezone.now() + timedelta(minutes=2)) == 1
    [receipt] = mailbox.messages
    assert response.reference in receipt["Subject"]
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts) == (Email.Status.SENT, 2)
