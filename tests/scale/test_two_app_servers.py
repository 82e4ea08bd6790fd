"""Two app servers behind one (imagined) load balancer behave as one site.

They share one PostgreSQL database and one Redis (cache, sessions, rate limits), and two
task workers share the database task queue. One test, so that `pytest -n 2` starts the
servers once; it owns its database, Redis keys and ports, so it clashes with no other test.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
from pytest_django import Settings

from tests.conftest import Mailbox
from tests.processes import wait_until
from tests.scale.cluster import Browser, Cluster, cluster

pytestmark = pytest.mark.database_independent  # see pyproject.toml

COMMENT_RATE = 4  # per hour per person, counted in Redis whichever server answers
MAIL_SECONDS = 120  # a generous bound for the workers to send every notification


def sign_in(browser: Browser, server: str, cast: Cluster) -> None:
    assert browser.get(f"{server}/accounts/login/").status == 200
    answer = browser.post_form(
        f"{server}/accounts/login/",
        {"login": cast.seed["member"]["email"], "password": cast.password},
    )
    assert answer.status == 302, answer.body[:2000]


def comment(browser: Browser, server: str, cast: Cluster, body: str) -> dict[str, object]:
    answer = browser.post_json(
        f"{server}/api/v1/discussions/{cast.seed['discussion_id']}/comments", {"body": body}
    )
    assert answer.status == 201, (answer.body, cast.logs())
    posted: dict[str, object] = answer.json()
    assert posted["status"] == "approved"
    return posted


@pytest.mark.xdist_group("scale_out")
def test_two_app_servers_share_data_cache_sessions_limits_and_the_queue(
    tmp_path: Path, smtp: Mailbox, settings: Settings, prepared_var: Path
) -> None:
    smtp_port = settings.MAILERS["default"]["OPTIONS"]["port"]
    with cluster(
        tmp_path,
        smtp_port=smtp_port,
        environment={"PARLEY_COMMENT_RATE": f"{COMMENT_RATE}/3600"},
        static=prepared_var / "static",
    ) as cast:
        a, b = cast.servers
        page = cast.seed["post_url"]
        reader = Browser()  # an anonymous reader, who has already seen both pages
        for server in (a, b):
            assert reader.get(f"{server}{page}").status == 200, cast.logs()

        # Sessions: signed in through A, signed in on B.
        member = Browser()
        sign_in(member, a, cast)
        profile = member.get(f"{b}/accounts/profile/")
        assert profile.status == 200, cast.logs()
        assert cast.seed["member"]["name"] in profile.body

        # A comment posted through A is on B's page (and in B's API) at once.
        first = comment(member, a, cast, "Posted through server A, read through B.")
        on_b = reader.get(f"{b}{page}")
        assert "Posted through server A, read through B." in on_b.body, (on_b.status, cast.logs())
        listed = member.get(f"{b}/api/v1/discussions/{cast.seed['discussion_id']}/comments")
        assert [c["number"] for c in listed.json()["items"]] == [first["number"]]

        # A like through B is counted on A's page and in A's API at once.
        liked = member.post_json(f"{b}/api/v1/comments/{first['id']}/like", {})
        assert liked.status == 200, liked.body
        assert liked.json() == {"liked": True, "like_count": 1}
        assert "1 person likes this" in reader.get(f"{a}{page}").body
        listed = reader.get(f"{a}/api/v1/discussions/{cast.seed['discussion_id']}/comments")
        assert listed.json()["items"][0]["like_count"] == 1

        # The comment rate counts across both servers: alternating between them, the
        # allowance runs out at COMMENT_RATE comments in all, not per server.
        bodies = ["Posted through server A, read through B."]
        for n, server in enumerate([b, a, b], start=2):
            bodies.append(f"Comment number {n}, through {'A' if server == a else 'B'}.")
            comment(member, server, cast, bodies[-1])
        refused = member.post_json(
            f"{a}/api/v1/discussions/{cast.seed['discussion_id']}/comments",
            {"body": "One too many."},
        )
        assert refused.status == 429, refused.body
        assert "too quickly" in refused.body
        refused_on_b = member.post_json(
            f"{b}/api/v1/discussions/{cast.seed['discussion_id']}/comments",
            {"body": "One too many, on B."},
        )
        assert refused_on_b.status == 429

        # Each notification is sent exactly once although two workers share the queue.
        follower = cast.seed["follower"]

        def told_follower() -> list[str]:
            plain = [m.get_body(("plain",)) for m in smtp.messages if m["To"] == follower]
            return [part.get_content() for part in plain if part is not None]

        wait_until(
            lambda: len(told_follower()) >= COMMENT_RATE and cast.tasks_outstanding() == 0,
            MAIL_SECONDS,
            f"{COMMENT_RATE} notifications to the follower and an empty queue",
            watching=cast.popens,
            explain=cast.logs,
        )
        sent = cast.query(
            "SELECT status, attempts, count(*) FROM notifications_email GROUP BY 1, 2"
        )
        assert sent == [("sent", 1, len(smtp.messages))], sent
        ids = Counter(m["Message-ID"] for m in smtp.messages)
        assert all(count == 1 for count in ids.values()), ids
        told = told_follower()
        assert len(told) == COMMENT_RATE
        for body in bodies:
            assert sum(body in text for text in told) == 1, (body, told)
        assert cast.query(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status <> 'SUCCESSFUL'"
        ) == [(0,)]

        # Signing out on B signs out on A too: the session is gone from Redis as well.
        assert member.get(f"{b}/accounts/logout/").status == 200
        assert member.post_form(f"{b}/accounts/logout/", {}).status == 302
        after = member.get(f"{a}/accounts/profile/")
        assert after.status == 302
        assert re.match(r"/accounts/login/", after.headers["Location"])
