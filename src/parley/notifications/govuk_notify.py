"""A mail backend that sends through GOV.UK Notify instead of SMTP (optional).

Notify sends only e-mails made from templates held in Notify, so every message fills
one general template whose personalisation is `subject` and `body` (the plain-text
part, which Notify formats itself); the one-click unsubscribe address is passed as
Notify's `one_click_unsubscribe_url`, which sets the RFC 8058 headers. Install the
extra (`pip install parley[notify]`) and see docs/notifications.md for the template.
"""

from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


def _client(api_key: str) -> Any:
    from notifications_python_client.notifications import NotificationsAPIClient

    return NotificationsAPIClient(api_key)


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, *, api_key: str = "", template_id: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.api_key = api_key
        self.template_id = template_id
        self.client: Any = None

    def open(self) -> bool:
        if self.client is None:
            self.client = _client(self.api_key)
            return True
        return False

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.open()
        sent = 0
        for message in email_messages:
            unsubscribe = str(message.extra_headers.get("List-Unsubscribe", "")).strip("<>")
            for address in message.recipients():
                self.client.send_email_notification(
                    email_address=address,
                    template_id=self.template_id,
                    personalisation={"subject": str(message.subject), "body": str(message.body)},
                    **({"one_click_unsubscribe_url": unsubscribe} if unsubscribe else {}),
                )
            sent += 1
        return sent
