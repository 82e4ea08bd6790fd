"""Fixtures for notifications: guidance to follow, and an SMTP server that refuses once."""

from collections.abc import Iterator

import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from pytest_django import Settings

from parley.accounts.models import User
from parley.guidance.models import Document
from parley.organisations.models import Organisation
from tests.builders import draft
from tests.conftest import Mailbox, smtp_server

SITE = "https://parley.example"


@pytest.fixture(autouse=True)
def _site_url(settings: Settings) -> None:
    settings.PARLEY_SITE_URL = SITE


@pytest.fixture
def document(editor: User, organisation: Organisation) -> Document:
    return draft(editor, organisation)


class RefusingOnce(Mailbox):
    """Answers the first message with a temporary failure (451), then accepts."""

    def __init__(self) -> None:
        super().__init__()
        self.refused = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if not self.refused:
            self.refused += 1
            return "451 Requested action aborted: try again later"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def refusing_smtp(settings: Settings) -> Iterator[RefusingOnce]:
    """A real SMTP server on loopback, like `smtp`, that refuses the first message."""
    with smtp_server(settings, RefusingOnce()) as mailbox:
        yield mailbox
