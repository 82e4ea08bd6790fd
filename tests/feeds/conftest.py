"""Public content of every kind that has a feed: a post with comments, a tag, guidance
under consultation with clause comments, and a person who comments."""

from datetime import timedelta
from typing import Any

import feedparser
import pytest
from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.guidance import services as guidance
from parley.guidance.models import Clause, Document, Version
from parley.organisations.models import Organisation
from tests.conftest import comment_as

PRINCIPLES = [
    ("Be clear about your role", "Say when you speak for yourself."),
    ("Keep to your standards", "Impartiality applies online."),
    ("Think before you share", "Check facts first."),
    ("Treat social media as just another channel", "Plan for it like any other channel."),
]


@pytest.fixture
def document(editor: User, organisation: Organisation) -> Document:
    created = guidance.create_document(
        user=editor,
        organisation=organisation,
        title="Principles for taking part online",
        summary="Short principles for staff online.",
    )
    draft = created.versions.get()
    for heading, body in PRINCIPLES:
        guidance.add_clause(version=draft, user=editor, heading=heading, body=body)
    return created


@pytest.fixture
def consulting(document: Document, editor: User) -> Version:
    """Version 1, open for comments since yesterday, closing in a week."""
    now = timezone.now()
    return guidance.schedule_consultation(
        version=document.versions.get(number=1),
        user=editor,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )


@pytest.fixture
def clause(consulting: Version) -> Clause:
    return consulting.clauses.select_related("discussion", "version__document").get(number="4")


@pytest.fixture
def commented(post: Post, clause: Clause, member: User) -> dict[str, Any]:
    """An approved comment by a member on the post and on clause 4, and a guest's comment
    held for moderation (a guest's first comment always is)."""
    on_post = comment_as(post, member, "I agree with the *principles*.")
    on_clause = comment_as(clause.discussion, member, "Clause 4 is right.", stance="support")
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
