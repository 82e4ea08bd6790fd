"""While Redis is away (REDIS_URL set, the server stopped), nothing answers 500: reading
pages that Redis only caches keeps working; what needs it to count (rate limits, the
sign-in lockout, used one-time codes, cached sessions) answers 503 with Retry-After, HTML
for pages and JSON for the API, as for a database outage (`parley.outage`). When Redis is
back, the same requests succeed. Against a real redis-server this test starts and stops."""

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import redis
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment
from tests.builders import post_json
from tests.processes import free_port, wait_until

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class RedisServer:
    port: int
    directory: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["/usr/bin/redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        self.process = subprocess.Popen(
            [*command, "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        try:
            wait_until(answers, 30, "redis-server to answer", watching=[self.process])
        finally:
            client.close()

    def stop(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait()


@pytest.fixture
def redis_server(tmp_path: Path, settings: Settings) -> Iterator[RedisServer]:
    server = RedisServer(port=free_port(), directory=tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "parley-test",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    try:
        yield server
    finally:
        if server.process is not None and server.process.poll() is None:
            server.stop()


def assert_unavailable(response: "_MonkeyPatchedWSGIResponse", *, api: bool) -> None:
    assert response.status_code == 503, response.content[:300]
    assert int(response["Retry-After"]) > 0
    if api:
        assert response["Content-Type"].startswith("application/json")
        assert "unavailable" in response.json()["detail"]
    else:
        assert response["Content-Type"].startswith("text/html")


def test_pages_redis_only_caches_keep_working_while_redis_is_away(
    redis_server: RedisServer, post: Post, participant: User
) -> None:
    reader = Client(raise_request_exception=False)
    assert reader.get(post.get_absolute_url()).status_code == 200  # kept in Redis

    redis_server.stop()

    for path in (post.get_absolute_url(), "/", "/blog/", "/api/v1/posts"):
        assert reader.get(path).status_code == 200, path


def test_what_needs_redis_to_count_answers_503_with_retry_after_then_recovers(
    redis_server: RedisServer, post: Post, participant: User
) -> None:
    guest = Client(raise_request_exception=False)
    page = post.get_absolute_url()
    guest_comment = {
        "author_name": "Gus Guest",
        "author_email": "gus@example.net",
        "body": "While the cache is away",
        "parent": "",
    }
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(participant)

    redis_server.stop()

    assert_unavailable(guest.post(page, guest_comment), api=False)  # the comment rate limit
    assert_unavailable(signed_in.get("/accounts/profile/"), api=False)  # a cached session
    api = Client(raise_request_exception=False)
    assert_unavailable(
        post_json(
            api,
            f"/api/v1/discussions/{post.discussion.pk}/comments",
            {"author_name": "Gus", "author_email": "gus@example.net", "body": "From a script"},
        ),
        api=True,
    )
    assert_unavailable(
        Client(raise_request_exception=False).post(
            "/accounts/login/", {"login": participant.email, "password": "wrong"}
        ),
        api=False,
    )  # the sign-in lockout
    assert not Comment.objects.exists()

    redis_server.start()

    assert signed_in.get("/accounts/profile/").status_code == 200
    assert guest.post(page, guest_comment).status_code in (200, 302)
    assert Comment.objects.filter(body_markdown="While the cache is away").exists()
