"""A feed reader has no page to resolve a relative link against: every link and image
inside an entry's HTML is a full address."""

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.blog.models import Post
from parley.guidance.models import Clause
from tests.builders import comment_as
from tests.feeds.conftest import parse
from tests.feeds.test_every_feed_is_well_formed_atom_and_rss import feed_urls


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value or "" for name, value in attrs if name in {"href", "src"}]


@pytest.mark.parametrize("flavour", ["atom", "rss"])
def test_links_inside_every_feed_entry_are_full_addresses(
    client: Client,
    post: Post,
    clause: Clause,
    participant: User,
    commented: dict[str, Any],
    flavour: str,
) -> None:
    comment_as(post, participant, "As @Mina Member said in #1, see the [policy](/comment-policy/).")
    Post.objects.filter(pk=post.pk).update(  # as a post written with a relative link renders
        body_html='<p>Read the <a href="/guidance/">guidance</a>.</p>', updated_at=timezone.now()
    )
    faults = []
    for name, atom_url in feed_urls(post, clause, participant).items():
        parsed = parse(client, atom_url if flavour == "atom" else f"{atom_url}rss/")
        for entry in parsed.entries:
            for content in [*entry.get("content", []), {"value": entry.get("summary", "")}]:
                links = Links()
                links.feed(content["value"])
                faults += [
                    f"{name}: {entry.link}: {link!r}"
                    for link in links.found
                    if not link.startswith("http://testserver/")
                ]
    assert not faults, "\n".join(faults)
