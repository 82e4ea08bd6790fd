"""Every hostile input of xss_corpus.txt, through every text field that renders, leaves
no executable markup in any page, feed, e-mail or API answer that shows it."""

import contextlib
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from parley.guidance import services as guidance
from parley.organisations.models import Membership, Organisation, Role
from tests.builders import comment_as, make_user
from tests.conftest import Mailbox
from tests.security.html_safety import (
    direction_controls_outside_bdi,
    unsafe_email,
    unsafe_feed,
    unsafe_json,
    unsafe_markup,
)
from tests.security.xss_corpus import CORPUS

# PostgreSQL cannot store U+0000: the forms and the API refuse it before any service sees
# it (the last test), so the services are given the rest.
STORABLE = [line for line in CORPUS if "\x00" not in line]
# Many inputs per comment, post or clause keep the number of requests small.
CHUNKS = [STORABLE[i : i + 25] for i in range(0, len(STORABLE), 25)]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings: Any) -> None:
    settings.PARLEY_COMMENT_RATE = "100000/60"


def chunk_text(lines: list[str]) -> str:
    return "\n\n".join(lines)


def approve_all(post: Post) -> None:
    Comment.objects.filter(discussion=post.discussion).update(status=Status.APPROVED)


def check_page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert unsafe_markup(html) == [], url
    return html


def check_feeds(client: Client, url: str) -> None:
    for address in (url, f"{url}rss/"):
        response = client.get(address)
        assert response.status_code == 200, address
        assert unsafe_feed(response.content) == [], address


def check_api(client: Client, url: str, **headers: str) -> Any:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/json")
    assert unsafe_json(response.content) == [], url
    return response.json()


def test_hostile_comment_bodies_are_inert_on_the_page_in_feeds_and_in_the_api(
    client: Client, post: Post, participant: User
) -> None:
    for line in STORABLE:
        with contextlib.suppress(discussions.CommentRejected):
            comment_as(post, participant, line)
    approve_all(post)
    assert Comment.objects.filter(discussion=post.discussion).count() > len(CORPUS) * 0.9
    check_page(client, post.get_absolute_url())
    check_feeds(client, reverse("blog:comments_feed", args=[post.slug]))
    check_page(client, reverse("people:person", args=[participant.pk]))
    check_feeds(client, reverse("people:feed", args=[participant.pk]))
    check_api(client, f"/api/v1/discussions/{post.discussion.pk}/comments")


def test_hostile_comment_bodies_posted_through_the_api_are_inert(
    client: Client, post: Post
) -> None:
    for number, lines in enumerate(CHUNKS):
        response = client.post(
            f"/api/v1/discussions/{post.discussion.pk}/comments",
            {
                "body": chunk_text(lines),
                "author_name": f"Guest {number}",
                "author_email": f"guest{number}@example.net",
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        assert unsafe_json(response.content) == []
    approve_all(post)
    check_page(client, post.get_absolute_url())
    check_api(client, f"/api/v1/discussions/{post.discussion.pk}/comments")


def test_hostile_guest_names_and_websites_are_inert_and_cannot_reorder_text(
    client: Client, post: Post
) -> None:
    accepted_urls = 0
    for number, line in enumerate(CORPUS):
        author = discussions.Author(
            name=line[:80] if line.strip() else "x",
            email=f"guest{number}@example.net",
            url=line if number % 2 else f"https://example.org/{line}",
            ip="192.0.2.10",
        )
        try:
            comment_as(post, author, f"Comment {number}")
            accepted_urls += 1
        except discussions.CommentRejected:
            author = discussions.Author(name=author.name, email=author.email, url="", ip=author.ip)
            comment_as(post, author, f"Comment {number}")
    assert accepted_urls > 0
    approve_all(post)
    html = check_page(client, post.get_absolute_url())
    assert direction_controls_outside_bdi(html) == []
    check_feeds(client, reverse("blog:comments_feed", args=[post.slug]))
    check_api(client, f"/api/v1/discussions/{post.discussion.pk}/comments")


def test_hostile_display_names_are_inert_in_pages_feeds_and_e_mails(
    client: Client,
    editor: User,
    organisation: Organisation,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    people = [
        make_user(f"person{number}@example.org", line[:80] or "x")
        for number, line in enumerate(CORPUS)
    ]
    # Fifty commenters a post: every comment matches @mentions against every participant.
    for group in range(0, len(people), 50):
        post = blog.create_post(
            author=editor,
            organisation=organisation,
            title=f"Post {group}",
            body="Views welcome.",
            status=Post.Status.PUBLISHED,
        )
        first = comment_as(post, participant, "A comment to reply to.")
        for number, person in enumerate(people[group : group + 50], start=group):
            if number % 20:
                comment_as(post, person, f"Comment {number}")
                continue
            # Every twentieth replies, so the member is told by e-mail (a sample keeps it
            # quick); the organisation's editors are never held, so it is public at once.
            Membership.objects.create(organisation=organisation, user=person, role=Role.EDITOR)
            with django_capture_on_commit_callbacks(execute=True):
                comment_as(post, person, f"Reply {number}", parent_number=first.number)
        approve_all(post)
        html = check_page(client, post.get_absolute_url())
        assert direction_controls_outside_bdi(html) == []
        check_feeds(client, reverse("blog:comments_feed", args=[post.slug]))
        check_api(client, f"/api/v1/discussions/{post.discussion.pk}/comments")
    for person in people[::25]:
        check_page(client, reverse("people:person", args=[person.pk]))
        check_feeds(client, reverse("people:feed", args=[person.pk]))
    assert len(smtp.messages) >= len(people) // 20
    for message in smtp.messages:
        assert unsafe_email(message) == []
        assert direction_controls_outside_bdi(message.as_string()) == []


def test_hostile_replies_are_inert_in_notification_e_mails(
    post: Post,
    participant: User,
    editor: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = comment_as(post, participant, "A comment to reply to.")
    for lines in CHUNKS:
        with django_capture_on_commit_callbacks(execute=True):
            comment_as(post, editor, chunk_text(lines), parent_number=first.number)
    assert len(smtp.messages) >= len(CHUNKS)
    for message in smtp.messages:
        assert unsafe_email(message) == []


def test_hostile_posts_are_inert_in_pages_feeds_and_the_api(
    client: Client, editor: User, organisation: Organisation
) -> None:
    posts = [
        blog.create_post(
            author=editor,
            organisation=organisation,
            title=" ".join(lines)[:200],
            body=chunk_text(lines),
            status=Post.Status.PUBLISHED,
            tags=[line[:60] for line in lines[:3]],
        )
        for lines in CHUNKS
    ]
    check_page(client, reverse("blog:index"))
    check_feeds(client, reverse("blog:feed"))
    check_api(client, "/api/v1/posts")
    for post in posts:
        check_page(client, post.get_absolute_url())
        check_api(client, f"/api/v1/posts/{post.slug}")
    for tag in posts[0].tags.all():
        check_page(client, reverse("blog:tag", args=[tag.slug]))


def test_hostile_posts_written_through_the_api_are_inert(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    headers = {"Authorization": f"Bearer {token_for(editor)}"}
    for lines in CHUNKS:
        response = client.post(
            "/api/v1/posts",
            {
                "title": " ".join(reversed(lines))[:200],
                "body": chunk_text(lines),
                "status": "published",
                "organisation": organisation.slug,
                "tags": [line[:60] for line in lines[-3:]],
            },
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 201, response.content
        assert unsafe_json(response.content) == []
        check_page(client, f"/blog/{response.json()['slug']}/")
    check_feeds(client, reverse("blog:feed"))


def test_hostile_guidance_is_inert_on_its_pages_and_in_the_api(
    client: Client, editor: User, organisation: Organisation
) -> None:
    document = guidance.create_document(
        user=editor, organisation=organisation, title="Hostile guidance", summary="x"
    )
    version = document.versions.get()
    for lines in CHUNKS:
        guidance.add_clause(
            version=version, user=editor, heading=" ".join(lines)[:200], body=chunk_text(lines)
        )
    guidance.update_version(version=version, user=editor, introduction=chunk_text(STORABLE[:200]))
    guidance.publish_version(version=version, user=editor)
    check_page(client, reverse("guidance:document", args=[document.slug]))
    check_page(client, reverse("guidance:version", args=[document.slug, version.number]))
    check_feeds(client, reverse("guidance:feed", args=[document.slug]))
    check_api(client, f"/api/v1/documents/{document.slug}/versions/{version.number}")


def test_a_null_character_is_refused_by_the_api_and_the_comment_form(
    client: Client, post: Post, editor: User, token_for: Callable[[User], str]
) -> None:
    for url, body, headers in [
        (
            f"/api/v1/discussions/{post.discussion.pk}/comments",
            {"body": "Hi\x00", "author_name": "Gus", "author_email": "gus@example.net"},
            {},
        ),
        (
            "/api/v1/posts",
            {"title": "T", "body": "B", "status": "draft", "tags": ["a\x00"]},
            {"Authorization": f"Bearer {token_for(editor)}"},
        ),
    ]:
        response = client.post(url, body, content_type="application/json", headers=headers)
        assert response.status_code == 400, response.content
    response = client.get("/api/v1/posts", {"cursor": "\x00"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Null characters are not allowed"
    for address in [
        "/api/v1/posts/a%00b",
        "/api/v1/documents/a%00b",
        "/guidance/x/versions/1/clauses/%00/",
    ]:
        assert client.get(address).status_code == 404
    assert client.get("/moderation/blocks/", {"account": "\x00"}).status_code == 400
    response = client.post(
        post.get_absolute_url(),
        {"body": "Hi\x00", "author_name": "Gus", "author_email": "gus@example.net"},
    )
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.content.decode()
    assert not Comment.objects.filter(
        discussion=post.discussion, body_markdown__startswith="Hi"
    ).exists()
