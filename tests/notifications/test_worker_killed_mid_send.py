"""Killing the task worker while it sends an e-mail loses nothing: the outbox row keeps its
claim, and once the claim is taken to have crashed the e-mail goes out, once.

The worker is the real one (`parley db_worker`, django-tasks-db) in its own process; the
mail server stalls the conversation so the worker can be killed (SIGKILL) mid-send."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.db import connection
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from parley.accounts.models import User
from parley.notifications import services
from parley.notifications.models import Email, Kind
from tests.conftest import Mailbox, smtp_server

pytestmark = pytest.mark.django_db(transaction=True)

NEWS = services.News(
    kind=Kind.REPLY,
    subject="Someone replied",
    text="Someone replied to you:\n\nHello",
    html="<p>Someone replied to you:</p>",
    url="/blog/a-post/#comment-2",
    group="discussion:1",
    group_title="A post",
)


class Stalling(Mailbox):
    """Holds the first conversation at RCPT until released; accepts the rest."""

    def __init__(self) -> None:
        super().__init__()
        self.stalled = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if not self.stalled.is_set():
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def stalling_smtp(settings: Settings) -> Iterator[tuple[Stalling, int]]:
    mailbox = Stalling()
    with smtp_server(settings, mailbox):
        port = settings.MAILERS["default"]["OPTIONS"]["port"]
        yield mailbox, port
        mailbox.release.set()


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = f"{db['USER']}:{db['PASSWORD'] or ''}"
    return f"postgres://{user}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def test_a_worker_killed_mid_send_loses_no_email_and_sends_it_once(
    participant: User,
    stalling_smtp: tuple[Stalling, int],
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    tmp_path: Path,
) -> None:
    mailbox, port = stalling_smtp
    # This test's process queues to the database, as the site does; the worker runs it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(news=NEWS, people=[participant])
    (email,) = Email.objects.all()

    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "DJANGO_SETTINGS_MODULE": "parley.settings",
    }
    log = tmp_path / "worker.log"
    with log.open("wb") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "parley.cli", "db_worker", "--queue-name", "*"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        if not mailbox.stalled.wait(timeout=60):
            pytest.fail(f"the worker never tried to send:\n{log.read_text()}")
        email.refresh_from_db()
        assert email.status == Email.Status.SENDING  # claimed, mid-send
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    mailbox.release.set()

    email.refresh_from_db()
    assert (email.status, email.sent_at) == (Email.Status.SENDING, None)
    assert mailbox.messages == []

    # The next run (the clock, a restarted worker) after the claim has gone stale sends it.
    later = timezone.now() + services.STALE_CLAIM + timedelta(minutes=1)
    assert services.send_due(now=later) == 1
    assert services.send_due(now=later) == 0
    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert [m["To"] for m in mailbox.messages] == [participant.email]
