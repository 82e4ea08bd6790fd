from typing import Any

from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Status
from parley.guidance import services as guidance
from parley.guidance.models import Clause
from parley.organisations.models import Organisation
from tests.feeds.conftest import parse


def test_drafts_and_scheduled_posts_stay_out_of_the_post_feeds(
    client: Client, post: Post, editor: User, organisation: Organisation
) -> None:
    blog.create_post(
        author=editor,
        organisation=organisation,
        title="Secret draft",
        body="Not yet.",
        tags=["guidance"],
    )
    for url in (
        reverse("blog:feed"),
        reverse("blog:tag_feed", args=["guidance"]),
        reverse("blog:organisation_feed", args=[organisation.slug]),
    ):
        titles = [entry.title for entry in parse(client, url).entries]
        assert titles == [post.title], url


def test_a_draft_posts_comment_feed_is_not_found(
    client: Client, editor: User, organisation: Organisation
) -> None:
    draft = blog.create_post(
        author=editor, organisation=organisation, title="Secret draft", body="Not yet."
    )
    assert client.get(reverse("blog:comments_feed", args=[draft.slug])).status_code == 404


def test_held_removed_and_deleted_comments_stay_out_and_no_email_is_shown(
    client: Client, post: Post, participant: User, commented: dict[str, Any]
) -> None:
    removed = commented["post"]
    kept = discussions.post_comment(
        discussion=post.discussion,
        body="Still here.",
        author=discussions.Author(user=participant, ip="192.0.2.1"),
    ).comment
    withdrawn = discussions.post_comment(
        discussion=post.discussion,
        body="Withdrawn later.",
        author=discussions.Author(user=participant, ip="192.0.2.1"),
    ).comment
    discussions.change_status(comment=removed, status=Status.REMOVED)
    discussions.delete_comment(comment=withdrawn)
    for url in (
        reverse("blog:comments_feed", args=[post.slug]),
        reverse("people:feed", args=[participant.pk]),
    ):
        body = client.get(url).content.decode()
        parsed = parse(client, url)
        assert [entry.summary.strip() for entry in parsed.entries if "Still" in entry.summary]
        assert "Still here." in body
        assert "held comment" not in body
        assert "agree with" not in body
        assert "Withdrawn" not in body
        assert "@example" not in body
    assert kept.status == Status.APPROVED


def test_draft_guidance_has_no_feeds(
    client: Client, editor: User, organisation: Organisation
) -> None:
    document = guidance.create_document(
        user=editor, organisation=organisation, title="Unfinished", summary=""
    )
    draft = document.versions.get()
    clause = guidance.add_clause(version=draft, user=editor, heading="One", body="Text.")
    assert client.get(reverse("guidance:feed", args=[document.slug])).status_code == 404
    assert (
        client.get(
            reverse("guidance:clause_feed", args=[document.slug, 1, clause.number])
        ).status_code
        == 404
    )
    organisation_feed = parse(client, reverse("blog:organisation_feed", args=[organisation.slug]))
    assert organisation_feed.entries == []


def test_clause_comment_feed_lists_only_that_clauses_comments(
    client: Client, clause: Clause, participant: User, commented: dict[str, Any]
) -> None:
    version = clause.version
    parsed = parse(
        client,
        reverse(
            "guidance:clause_feed", args=[version.document.slug, version.number, clause.number]
        ),
    )
    assert [entry.summary.strip() for entry in parsed.entries] == ["<p>Clause 4 is right.</p>"]
