import re
from typing import Any

from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.blog.models import Post
from parley.guidance.models import Clause
from tests.feeds.conftest import parse
from tests.html import one_line

ALTERNATE = re.compile(
    r'<link rel="alternate" type="application/(atom|rss)\+xml" title="[^"]+" href="([^"]+)">'
)


def head(client: Client, url: str) -> str:
    page = one_line(client.get(url).content.decode())
    return page.split("</head>")[0]


def discovered(client: Client, url: str) -> set[str]:
    """The feeds a page's head announces; each must itself parse as a feed."""
    found = {href for _, href in ALTERNATE.findall(head(client, url))}
    for href in found:
        assert parse(client, href).entries is not None
    return found


def test_each_page_announces_its_own_feeds_in_its_head(
    client: Client, post: Post, clause: Clause, participant: User, commented: dict[str, Any]
) -> None:
    version = clause.version
    slug = version.document.slug
    clause_feed = reverse("guidance:clause_feed", args=[slug, version.number, clause.number])
    expectations = {
        reverse("home"): {reverse("blog:feed")},
        reverse("blog:index"): {reverse("blog:feed"), reverse("blog:feed_rss")},
        reverse("blog:tag", args=["guidance"]): {reverse("blog:tag_feed", args=["guidance"])},
        reverse("blog:organisation", args=["testing"]): {
            reverse("blog:organisation_feed", args=["testing"])
        },
        post.get_absolute_url(): {reverse("blog:comments_feed", args=[post.slug])},
        version.document.get_absolute_url(): {reverse("guidance:feed", args=[slug])},
        version.get_absolute_url(): {reverse("guidance:feed_rss", args=[slug])},
        clause.get_absolute_url(): {clause_feed, reverse("guidance:feed", args=[slug])},
        reverse("people:person", args=[participant.pk]): {
            reverse("people:feed", args=[participant.pk])
        },
    }
    for page, feeds in expectations.items():
        assert feeds <= discovered(client, page), page


def test_the_feeds_are_also_plain_links_on_the_page(
    client: Client, post: Post, clause: Clause
) -> None:
    page = client.get(post.get_absolute_url()).content.decode()
    body = page.split("<body")[1]
    assert f'href="{reverse("blog:comments_feed", args=[post.slug])}"' in body
    assert "Follow the comments on this post with a feed reader" in body
