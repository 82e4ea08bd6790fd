from datetime import timedelta

from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.blog import services
from parley.blog.models import Post
from parley.organisations.models import Organisation


def test_a_tag_used_only_by_a_draft_or_a_scheduled_post_answers_not_found(
    client: Client, editor: User, organisation: Organisation
) -> None:
    services.create_post(
        author=editor, organisation=organisation, title="Secret plan", body="x", tags=["Merger"]
    )
    services.create_post(
        author=editor,
        organisation=organisation,
        title="Next week",
        body="x",
        status=Post.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=7),
        tags=["Closures"],
    )
    for slug in ("merger", "closures"):
        assert client.get(f"/blog/tags/{slug}/").status_code == 404
        assert client.get(f"/blog/tags/{slug}/feed/").status_code == 404
    assert client.get("/blog/tags/unknown/").status_code == 404


def test_a_tag_answers_once_one_of_its_posts_is_published(
    client: Client, editor: User, organisation: Organisation
) -> None:
    services.create_post(
        author=editor,
        organisation=organisation,
        title="Out now",
        body="x",
        status=Post.Status.PUBLISHED,
        tags=["Merger"],
    )
    services.create_post(
        author=editor, organisation=organisation, title="Secret plan", body="x", tags=["Merger"]
    )
    page = client.get("/blog/tags/merger/")
    assert page.status_code == 200
    assert "Out now" in page.content.decode()
    assert "Secret plan" not in page.content.decode()
    assert client.get("/blog/tags/merger/feed/").status_code == 200
