from typing import Any

from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.guidance import services as guidance
from parley.guidance.models import Clause
from tests.feeds.conftest import parse


def test_an_edited_post_keeps_its_entry_id(client: Client, post: Post) -> None:
    before = parse(client, reverse("blog:feed")).entries[0]
    blog.update_post(
        post=post,
        title="A completely new title",
        body="New words.",
        status=Post.Status.PUBLISHED,
        tags=["guidance"],
    )
    after = parse(client, reverse("blog:feed")).entries[0]
    assert after.title == "A completely new title"
    assert after.id == before.id
    assert "principles" not in after.id
    assert "new-title" not in after.id


def test_an_edited_comment_keeps_its_entry_id_in_every_feed(
    client: Client, post: Post, participant: User, commented: dict[str, Any]
) -> None:
    urls = [
        reverse("blog:comments_feed", args=[post.slug]),
        reverse("people:feed", args=[participant.pk]),
    ]
    before = {url: {e.id for e in parse(client, url).entries} for url in urls}
    discussions.edit_comment(comment=commented["post"], body="I now agree even more.")
    for url in urls:
        entries = parse(client, url).entries
        assert {e.id for e in entries} == before[url], url
        assert any("even more" in e.summary for e in entries), url


def test_a_version_keeps_its_entry_id_when_it_is_published(
    client: Client, clause: Clause, editor: User
) -> None:
    from tests.builders import close

    version = clause.version
    url = reverse("guidance:feed", args=[version.document.slug])
    (before,) = parse(client, url).entries
    guidance.update_document(
        document=version.document, user=editor, title="Renamed principles", summary="New."
    )
    guidance.publish_version(version=close(version), user=editor)
    (after,) = parse(client, url).entries
    assert after.id == before.id
    assert after.title == "Renamed principles, version 1, published"


def test_the_same_comment_has_the_same_id_in_its_page_feed_and_its_persons_feed(
    client: Client, clause: Clause, participant: User, commented: dict[str, Any]
) -> None:
    version = clause.version
    clause_feed = parse(
        client,
        reverse(
            "guidance:clause_feed", args=[version.document.slug, version.number, clause.number]
        ),
    )
    person_feed = parse(client, reverse("people:feed", args=[participant.pk]))
    assert clause_feed.entries[0].id in {e.id for e in person_feed.entries}
