"""Public content of every kind that has a feed: a post with comments, a tag, guidance
under consultation with clause comments, and a person who comments."""

from typing import Any

import feedparser
import pytest
from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.guidance.models import Clause, Version
from tests.builders import comment_as


@pytest.fixture
def clause(consulting: Version) -> Clause:
    return consulting.clauses.select_related("discussion", "version__document").get(number="4")


@pytest.fixture
def commented(post: Post, clause: Clause, participant: User) -> dict[str, Any]:
    """An approved comment by a member on the post and on clause 4, and a guest's comment
    held for moderation (a guest's first comment always is)."""
    on_post = comment_as(post, participant, "I agree with the *principles*.")
    on_clause = comment_as(clause.discussion, participant, "Clause 4 is right.", stance="support")
    held = comment_as(
        post,
        discussions.Author(name="Gus Guest", email="gus@example.net", ip="192.0.2.10"),
        "A guest's held comment.",
    )
    return {"post": on_post, "clause": on_clause, "held": held}


def parse(client: Client, url: str) -> Any:
    """The feed at `url` as a feed reader sees it; fails unless it is well formed."""
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed
