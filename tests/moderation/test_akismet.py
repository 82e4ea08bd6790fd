"""The optional Akismet check, against a local server speaking Akismet's protocol."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.moderation import akismet, tasks
from parley.moderation.models import ModerationAction
from tests.builders import comment_as
from tests.processes import free_port

KEY = "stand-in-key"
MARKER = "replica-watches"  # the stand-in calls any comment containing this spam


class StandIn(ThreadingHTTPServer):
    """Answers comment-check, submit-spam and submit-ham as Akismet does."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.received: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()  # a "slow" request waits for this

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: StandIn

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        fields = {
            k: v[0]
            for k, v in parse_qs(self.rfile.read(length).decode(), keep_blank_values=True).items()
        }
        self.server.received.append((self.path, fields))
        content = fields.get("comment_content", "")
        if "slow" in content:
            self.server.release.wait(10)
            return  # the client has given up; answering would write to a closed socket
        if "explode" in content:
            self.send_response(500)
            self.end_headers()
            return
        if fields.get("api_key") != KEY:
            answer = "invalid"
        elif self.path == "/1.1/comment-check":
            answer = "true" if MARKER in content else "false"
        elif self.path in {"/1.1/submit-spam", "/1.1/submit-ham"}:
            answer = "Thanks for making the web a better place."
        else:
            self.send_response(404)
            self.end_headers()
            return
        body = answer.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output quiet


@pytest.fixture
def stand_in(settings: Settings) -> Iterator[StandIn]:
    server = StandIn()
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    settings.AKISMET_API_KEY = KEY
    settings.AKISMET_URL = server.url
    settings.AKISMET_BLOG_URL = "https://parley.example"
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()


def check(text: str, **extra: Any) -> bool | None:
    return akismet.check(
        text=text, author_name="Gus Guest", author_email="gus@example.net", ip="192.0.2.10", **extra
    )


def test_nothing_is_asked_without_an_api_key(stand_in: StandIn, settings: Settings) -> None:
    settings.AKISMET_API_KEY = ""
    assert check(f"Cheap {MARKER}") is None
    assert stand_in.received == []


def test_the_service_says_spam_or_not(stand_in: StandIn) -> None:
    assert check(f"Cheap {MARKER} here") is True
    assert check("The cycle lane should continue past the junction.") is False
    path, fields = stand_in.received[0]
    assert path == "/1.1/comment-check"
    assert fields == {
        "api_key": KEY,
        "blog": "https://parley.example",
        "user_ip": "192.0.2.10",
        "user_agent": "",
        "comment_type": "comment",
        "comment_author": "Gus Guest",
        "comment_author_email": "gus@example.net",
        "comment_content": f"Cheap {MARKER} here",
    }


def test_a_refused_key_is_unknown(stand_in: StandIn, settings: Settings) -> None:
    settings.AKISMET_API_KEY = "wrong"
    assert check(f"Cheap {MARKER}") is None


def test_a_server_error_is_unknown(stand_in: StandIn) -> None:
    assert check("explode") is None


def test_a_service_that_is_down_is_unknown(settings: Settings) -> None:
    port = free_port()  # nothing listens on it
    settings.AKISMET_API_KEY = KEY
    settings.AKISMET_URL = f"http://127.0.0.1:{port}"
    assert check(f"Cheap {MARKER}") is None


def test_a_service_that_does_not_answer_in_time_is_unknown(stand_in: StandIn) -> None:
    assert check("slow", timeout=0.2) is None
    stand_in.release.set()


def test_moderators_verdicts_are_reported(stand_in: StandIn) -> None:
    fields: dict[str, Any] = {
        "text": "Hello",
        "author_name": "Gus",
        "author_email": "g@example.net",
        "ip": None,
    }
    assert akismet.submit_spam(**fields) is True
    assert akismet.submit_ham(**fields) is True
    assert [path for path, _ in stand_in.received] == ["/1.1/submit-spam", "/1.1/submit-ham"]
    assert stand_in.received[0][1]["user_ip"] == ""


def test_a_spam_decision_is_reported_after_it_is_committed(
    stand_in: StandIn,
    post: Post,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    author = discussions.Author(name="Sam Spammer", email="sam@example.net", ip="198.51.100.7")
    comment = comment_as(post, author, f"Cheap {MARKER} for all")
    ModerationAction.objects.create(comment=comment, action=ModerationAction.Action.SPAM)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.after_decision(comment_ids=[comment.pk], action=ModerationAction.Action.SPAM)
    path, fields = stand_in.received[-1]  # after any check when the comment was posted
    assert path == "/1.1/submit-spam"
    assert (fields["comment_author"], fields["user_ip"]) == ("Sam Spammer", "198.51.100.7")


def test_only_approvals_of_what_akismet_flagged_are_reported_as_genuine(
    stand_in: StandIn,
    post: Post,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    guest = discussions.Author(name="Gus Guest", email="gus@example.net", ip="192.0.2.10")
    ordinary = comment_as(post, guest, "An ordinary comment")
    flagged = comment_as(post, guest, "Mentions replica furniture")
    flagged.spam_reasons = [akismet.REASON]
    flagged.save(update_fields=["spam_reasons"])
    with django_capture_on_commit_callbacks(execute=True):
        tasks.after_decision(
            comment_ids=[ordinary.pk, flagged.pk], action=ModerationAction.Action.APPROVE
        )
    reports = [(path, f["comment_content"]) for path, f in stand_in.received if "submit" in path]
    assert reports == [("/1.1/submit-ham", "Mentions replica furniture")]
