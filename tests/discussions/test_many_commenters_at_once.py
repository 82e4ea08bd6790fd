"""Fifty people post 500 comments at once to one discussion through the real HTTP server:
every accepted comment is stored once, numbered 1..500 with no gap or repeat, and every
reply sits under its parent. Runs on SQLite (WAL, busy timeout) and on PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from pytest_django.live_server_helper import LiveServer

from parley.accounts.services import create_access_token
from parley.blog.models import Post
from parley.discussions.models import Comment
from tests.builders import make_user

PEOPLE = 50
EACH = 10

pytestmark = pytest.mark.django_db(transaction=True)


def test_500_comments_from_50_people_at_once_are_each_stored_once_in_order(
    live_server: LiveServer, post: Post
) -> None:
    tokens = [
        create_access_token(user=make_user(f"writer{n}@example.org", f"Writer {n}"), name="t")[1]
        for n in range(PEOPLE)
    ]
    url = f"{live_server.url}/api/v1/discussions/{post.discussion_id}/comments"

    def write(n: int) -> list[tuple[int, int | None, int]]:
        """Posts this person's comments, each odd one a reply to their one before; the
        (number, parent number, HTTP status) of each."""
        results: list[tuple[int, int | None, int]] = []
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {tokens[n]}"
            previous: int | None = None
            for i in range(EACH):
                parent = previous if i % 2 else None
                response = session.post(
                    url,
                    json={
                        "body": f"Point {i} from writer {n}: see clause {i + 1}.",
                        "parent": parent,
                    },
                    timeout=60,
                )
                number = response.json().get("number") if response.ok else 0
                results.append((number, parent, response.status_code))
                previous = number
        return results

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        answers = [answer for batch in pool.map(write, range(PEOPLE)) for answer in batch]

    assert sorted({status for _, _, status in answers}) == [201]
    numbers = sorted(number for number, _, _ in answers)
    assert numbers == list(range(1, PEOPLE * EACH + 1))

    stored = {c.number: c for c in Comment.objects.filter(discussion=post.discussion)}
    assert sorted(stored) == numbers
    for number, parent, _ in answers:
        comment = stored[number]
        if parent is None:
            assert (comment.parent_id, comment.depth) == (None, 0)
        else:
            assert comment.parent_id == stored[parent].pk
            assert comment.path.startswith(stored[parent].path + ".")
            assert comment.user_id == stored[parent].user_id
    post.discussion.refresh_from_db()
    assert post.discussion.comment_count == PEOPLE * EACH
    assert post.discussion.last_number == PEOPLE * EACH
