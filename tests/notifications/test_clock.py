"""`parley clock` (run by `parley serve`) sends due e-mail every minute and the digests
once a day from 07:00 local time (weekly ones on Mondays), never twice."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog.models import Post
from parley.management.commands.clock import digests_due, tick
from parley.notifications import services
from parley.notifications.models import Kind
from tests.builders import comment_as
from tests.conftest import Mailbox

LONDON = ZoneInfo("Europe/London")
TUESDAY = datetime(2026, 11, 24, tzinfo=LONDON)
MONDAY = datetime(2026, 11, 30, tzinfo=LONDON)


def test_daily_digests_are_due_once_a_day_from_seven_local_time(db: None) -> None:
    assert digests_due(TUESDAY.replace(hour=6, minute=59)) == []
    assert digests_due(TUESDAY.replace(hour=7, minute=0)) == ["daily"]
    assert digests_due(TUESDAY.replace(hour=7, minute=1)) == []
    assert digests_due(TUESDAY.replace(hour=22)) == []
    assert digests_due(TUESDAY.replace(day=25, hour=9)) == ["daily"]


def test_weekly_digests_are_due_on_mondays(db: None) -> None:
    assert digests_due(MONDAY.replace(hour=7)) == ["daily", "weekly"]
    assert digests_due(MONDAY.replace(hour=8)) == []


def test_a_tick_sends_the_daily_digest_once(
    post: Post,
    participant: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    services.set_frequencies(
        recipient=services.recipient_for_user(participant), frequencies={Kind.REPLY: "daily"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_as(post, participant, "First")
        comment_as(post, outsider, "A reply for the digest", parent_number=first.number)
    assert smtp.messages == []

    with django_capture_on_commit_callbacks(execute=True):
        assert tick(TUESDAY.replace(hour=6))["digests queued"] == 0
        done = tick(TUESDAY.replace(hour=7))
        assert tick(TUESDAY.replace(hour=7, minute=1))["digests queued"] == 0
    assert done["digests queued"] == 1
    (digest,) = smtp.messages
    assert digest["To"] == participant.email
    assert digest["Subject"].startswith("Daily digest")


def test_the_clock_command_runs_a_tick(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("clock", "--once")  # nothing to do: says nothing, and exits
    assert capsys.readouterr().out == ""
