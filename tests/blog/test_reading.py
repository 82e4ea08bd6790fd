from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog import services
from parley.blog.models import Post
from parley.organisations.models import Organisation


def make_posts(editor: User, organisation: Organisation, count: int, **extra: Any) -> list[Post]:
    return [
        services.create_post(
            author=editor,
            organisation=organisation,
            title=f"Post number {n}",
            body=f"Body {n}",
            status=Post.Status.PUBLISHED,
            **extra,
        )
        for n in range(count)
    ]


def test_the_index_lists_published_posts_newest_first_and_paginates(
    client: Client, editor: User, organisation: Organisation, settings: Settings
) -> None:
    settings.PARLEY_POSTS_PER_PAGE = 2
    posts = make_posts(editor, organisation, 3)
    for age, post in enumerate(reversed(posts)):
        Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(days=age))
    first = client.get("/blog/").content.decode()
    second = client.get("/blog/?page=2").content.decode()
    assert first.index("Post number 2") < first.index("Post number 1")
    assert "Post number 0" not in first
    assert "Post number 0" in second
    assert 'rel="next"' in first


def test_drafts_are_hidden_from_readers_but_shown_to_their_editors(
    client: Client, signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    draft = services.create_post(
        author=editor, organisation=organisation, title="Secret plan", body="Not yet"
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret plan" not in client.get("/blog/").content.decode()
    page = signed_in(editor).get(draft.get_absolute_url())
    assert page.status_code == 200
    assert "Only editors can see it" in page.content.decode()


def test_a_scheduled_post_appears_when_its_time_comes(
    client: Client, editor: User, organisation: Organisation
) -> None:
    soon = timezone.now() + timedelta(hours=1)
    post = services.create_post(
        author=editor,
        organisation=organisation,
        title="Later news",
        body="Scheduled",
        status=Post.Status.SCHEDULED,
        published_at=soon,
    )
    assert client.get(post.get_absolute_url()).status_code == 404
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert client.get(post.get_absolute_url()).status_code == 200
    assert "Later news" in client.get("/blog/").content.decode()


def test_tag_pages_list_only_their_posts(
    client: Client, editor: User, organisation: Organisation
) -> None:
    tagged = services.create_post(
        author=editor,
        organisation=organisation,
        title="Tagged one",
        body="x",
        status="published",
        tags=["Social media"],
    )
    services.create_post(
        author=editor, organisation=organisation, title="Untagged one", body="x", status="published"
    )
    page = client.get("/blog/tags/social-media/").content.decode()
    assert "Tagged one" in page
    assert "Untagged one" not in page
    assert (
        'href="/blog/tags/social-media/"' in client.get(tagged.get_absolute_url()).content.decode()
    )
    assert client.get("/blog/tags/nothing/").status_code == 404


def test_the_archive_groups_posts_by_month(
    client: Client, editor: User, organisation: Organisation
) -> None:
    make_posts(editor, organisation, 2)
    page = client.get("/blog/archive/").content.decode()
    assert timezone.localtime().strftime("%B %Y") in page
    assert "Post number 1" in page


def test_the_post_page_renders_markdown_safely(
    client: Client, editor: User, organisation: Organisation
) -> None:
    post = services.create_post(
        author=editor,
        organisation=organisation,
        title="Formatting",
        status="published",
        body="## Heading\n\n<script>alert(1)</script>\n\n**bold**",
    )
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<h2>Heading</h2>" in page  # a post's highest heading is h2, under its title
    assert "<strong>bold</strong>" in page
    assert "<script>alert(1)" not in page


def test_the_home_page_shows_the_latest_posts(client: Client, post: Post) -> None:
    assert post.title in client.get("/").content.decode()


def test_pages_carry_a_strict_content_security_policy(client: Client, post: Post) -> None:
    policy = client.get(post.get_absolute_url())["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
