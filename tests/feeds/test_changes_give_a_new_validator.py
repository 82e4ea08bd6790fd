"""Nothing stale is ever served: each change a reader could see gives a new ETag."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Status
from parley.guidance import services as guidance
from parley.guidance.models import Clause
from tests.builders import close, comment_as


def still_fresh(client: Client, url: str, etag: str) -> bool:
    return client.get(url, headers={"if-none-match": etag}).status_code == 304


def etags(client: Client, urls: list[str]) -> dict[str, str]:
    return {url: client.get(url).headers["ETag"] for url in urls}


def post_urls(post: Post) -> list[str]:
    return [
        post.get_absolute_url(),
        reverse("blog:comments_feed", args=[post.slug]),
        reverse("blog:index"),
    ]


COMMENT_CHANGES: dict[str, Callable[[dict[str, Any], User, User], object]] = {
    "a new approved comment": lambda c, participant, moderator: comment_as(
        c["post"].discussion, participant, "Another thought"
    ),
    "an approved guest comment": lambda c, participant, moderator: discussions.change_status(
        comment=c["held"], status=Status.APPROVED
    ),
    "a removed comment": lambda c, participant, moderator: discussions.change_status(
        comment=c["post"], status=Status.REMOVED
    ),
    "an edited comment": lambda c, participant, moderator: discussions.edit_comment(
        comment=c["post"], body="Edited words"
    ),
    "a deleted comment": lambda c, participant, moderator: discussions.delete_comment(
        comment=c["post"]
    ),
    "a like": lambda c, participant, moderator: discussions.like_comment(
        comment=c["post"], user=moderator
    ),
    "comments closed": lambda c, participant, moderator: discussions.set_open(
        discussion=c["post"].discussion, is_open=False
    ),
}


@pytest.mark.parametrize("change", COMMENT_CHANGES)
def test_a_change_to_the_comments_changes_the_post_page_and_feeds(
    client: Client,
    post: Post,
    participant: User,
    moderator: User,
    commented: dict[str, Any],
    change: str,
) -> None:
    urls = [post.get_absolute_url(), reverse("blog:comments_feed", args=[post.slug])]
    before = etags(client, urls)
    COMMENT_CHANGES[change](commented, participant, moderator)
    for url in urls:
        assert not still_fresh(client, url, before[url]), (change, url)


def test_a_like_withdrawn_changes_the_page_again(
    client: Client, post: Post, moderator: User, commented: dict[str, Any]
) -> None:
    discussions.like_comment(comment=commented["post"], user=moderator)
    url = post.get_absolute_url()
    liked = client.get(url).headers["ETag"]
    discussions.unlike_comment(comment=commented["post"], user=moderator)
    assert not still_fresh(client, url, liked)


def test_an_edited_or_liked_post_changes_its_page_and_the_lists(
    client: Client, post: Post, participant: User
) -> None:
    before = etags(client, post_urls(post))
    blog.like_post(post=post, user=participant)
    assert not still_fresh(client, post.get_absolute_url(), before[post.get_absolute_url()])
    before = etags(client, post_urls(post))
    blog.update_post(post=post, title="Retitled", body="New body", status=Post.Status.PUBLISHED)
    for url in post_urls(post):
        assert not still_fresh(client, url, before[url]), url


def test_a_scheduled_post_coming_due_changes_the_lists(
    client: Client, post: Post, editor: User
) -> None:
    scheduled = blog.create_post(
        author=editor,
        organisation=post.organisation,
        title="Later",
        body="Soon.",
        status=Post.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=1),
    )
    before = etags(client, [reverse("blog:index"), reverse("blog:feed")])
    # The clock reaching the publication time, with no write to any row.
    Post.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    for url, etag in before.items():
        assert not still_fresh(client, url, etag), url


def guidance_urls(clause: Clause) -> list[str]:
    version = clause.version
    return [
        version.document.get_absolute_url(),
        version.get_absolute_url(),
        clause.get_absolute_url(),
    ]


def test_a_comment_on_a_clause_changes_every_page_of_the_document(
    client: Client, clause: Clause, participant: User
) -> None:
    """The version page counts each clause's comments; the clause page lists them."""
    before = etags(client, guidance_urls(clause))
    comment_as(clause.discussion, participant, "On clause 4", stance="oppose")
    for url in guidance_urls(clause):
        assert not still_fresh(client, url, before[url]), url


def test_a_consultation_closing_on_time_changes_the_pages(client: Client, clause: Clause) -> None:
    before = etags(client, guidance_urls(clause))
    close(clause.version)
    for url in guidance_urls(clause):
        assert not still_fresh(client, url, before[url]), url


def test_guidance_edits_change_the_pages_and_the_feed(
    client: Client, clause: Clause, editor: User
) -> None:
    urls = [*guidance_urls(clause), reverse("guidance:feed", args=[clause.version.document.slug])]
    before = etags(client, urls)
    guidance.update_document(
        document=clause.version.document, user=editor, title="Retitled", summary="New summary"
    )
    for url in urls:
        assert not still_fresh(client, url, before[url]), url


def test_a_post_showing_a_guidance_card_is_never_answered_not_modified(
    client: Client, editor: User, clause: Clause
) -> None:
    """The card's comment count lives in another discussion."""
    with_card = blog.create_post(
        author=editor,
        organisation=clause.version.document.organisation,
        title="Have your say",
        body=f"[Clause 4]({clause.get_absolute_url()})",
        status=Post.Status.PUBLISHED,
    )
    response = client.get(with_card.get_absolute_url())
    assert "parley-card" in response.content.decode()
    assert "ETag" not in response.headers


def test_a_commenter_renaming_themselves_changes_the_pages_showing_their_comments(
    client: Client, post: Post, participant: User, commented: dict[str, Any], signed_in: Any
) -> None:
    urls = [
        post.get_absolute_url(),
        reverse("blog:comments_feed", args=[post.slug]),
        reverse("people:person", args=[participant.pk]),
    ]
    before = etags(client, urls)
    # On their account page, as a person would.
    signed_in(participant).post("/accounts/profile/", {"form": "profile", "display_name": "Mina R"})
    assert User.objects.get(pk=participant.pk).display_name == "Mina R"
    for url in urls:
        assert not still_fresh(client, url, before[url]), url


def test_a_retitled_post_changes_the_comment_feeds_that_name_it(
    client: Client, post: Post, participant: User, commented: dict[str, Any]
) -> None:
    url = reverse("people:feed", args=[participant.pk])
    before = client.get(url).headers["ETag"]
    blog.update_post(post=post, title="Retitled", body="Body", status=Post.Status.PUBLISHED)
    assert not still_fresh(client, url, before)
