"""The optional GOV.UK Notify backend fills one Notify template per e-mail."""

from typing import Any

import pytest
from django.core.mail import EmailMultiAlternatives
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.notifications import govuk_notify, services
from parley.notifications.models import Email, Kind


class FakeNotify:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def send_email_notification(self, **kwargs: Any) -> dict[str, str]:
        self.sent.append(kwargs)
        return {"id": "notification-id"}


@pytest.fixture
def notify(monkeypatch: pytest.MonkeyPatch, settings: Any) -> FakeNotify:
    fake = FakeNotify()
    monkeypatch.setattr(govuk_notify, "_client", lambda api_key: fake)
    settings.MAILERS = {
        "default": {
            "BACKEND": "parley.notifications.govuk_notify.NotifyEmailBackend",
            "OPTIONS": {"api_key": "test-key", "template_id": "template-uuid"},
        }
    }
    return fake


def test_a_notification_is_sent_through_the_notify_template_with_one_click_unsubscribe(
    notify: FakeNotify,
    participant: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    news = services.News(
        kind=Kind.REPLY, subject="A reply", text="Someone replied.", html="", url="/blog/x/"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(news=news, people=[participant])
    (sent,) = notify.sent
    email = Email.objects.get()
    assert email.status == Email.Status.SENT
    assert sent["email_address"] == "member@example.org"
    assert sent["template_id"] == "template-uuid"
    assert sent["personalisation"]["subject"] == "A reply"
    assert "Someone replied." in sent["personalisation"]["body"]
    assert sent["one_click_unsubscribe_url"] == email.unsubscribe_url


def test_a_message_without_unsubscribe_address_is_sent_without_one(notify: FakeNotify) -> None:
    EmailMultiAlternatives("Hello", "Body", to=["a@example.org"]).send()
    assert "one_click_unsubscribe_url" not in notify.sent[0]
