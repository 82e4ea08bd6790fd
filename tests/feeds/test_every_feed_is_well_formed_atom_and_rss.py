from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.blog.models import Post
from parley.guidance.models import Clause
from tests.feeds.conftest import parse


def feed_urls(post: Post, clause: Clause, participant: User) -> dict[str, str]:
    """Every Atom feed, by name, with what its newest entry is called."""
    document = clause.version.document
    version = clause.version
    return {
        "blog:feed": reverse("blog:feed"),
        "blog:tag_feed": reverse("blog:tag_feed", args=["guidance"]),
        "blog:organisation_feed": reverse("blog:organisation_feed", args=[post.organisation.slug]),
        "blog:comments_feed": reverse("blog:comments_feed", args=[post.slug]),
        "guidance:feed": reverse("guidance:feed", args=[document.slug]),
        "guidance:clause_feed": reverse(
            "guidance:clause_feed", args=[document.slug, version.number, clause.number]
        ),
        "people:feed": reverse("people:feed", args=[participant.pk]),
    }


@pytest.mark.parametrize("flavour", ["atom", "rss"])
def test_every_feed_parses_cleanly_with_entries(
    client: Client,
    post: Post,
    clause: Clause,
    participant: User,
    commented: dict[str, Any],
    flavour: str,
) -> None:
    for name, atom_url in feed_urls(post, clause, participant).items():
        url = atom_url if flavour == "atom" else f"{atom_url}rss/"
        parsed = parse(client, url)
        expected = "atom10" if flavour == "atom" else "rss20"
        assert parsed.version == expected, name
        assert parsed.entries, name
        assert parsed.feed.title, name
        for entry in parsed.entries:
            assert entry.id.startswith("tag:testserver,"), (name, entry.id)
            assert entry.link.startswith("http://testserver/"), (name, entry.link)


def test_the_organisation_feed_has_its_posts_and_its_guidance(
    client: Client, post: Post, clause: Clause
) -> None:
    parsed = parse(client, reverse("blog:organisation_feed", args=[post.organisation.slug]))
    titles = [entry.title for entry in parsed.entries]
    assert post.title in titles
    assert any(
        title.startswith("Consultation on Principles for taking part online") for title in titles
    )


def test_comment_entries_name_the_person_and_link_to_the_comment(
    client: Client, post: Post, commented: dict[str, Any]
) -> None:
    parsed = parse(client, reverse("blog:comments_feed", args=[post.slug]))
    (entry,) = parsed.entries
    assert entry.author == "Mina Member"
    assert entry.link.endswith(f"{post.get_absolute_url()}?comment=1#comment-1")
    assert "<em>principles</em>" in entry.summary
