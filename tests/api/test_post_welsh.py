"""A post's Welsh version through the API: written with the post, read back cleaned."""

from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.organisations.models import Organisation
from tests.builders import bearer, post_json

NEW_POST = {
    "title": "Our response to the consultation",
    "body": "We read **every** comment.",
    "title_cy": "Ein hymateb i’r ymgynghoriad",
    "body_cy": 'Fe wnaethon ni ddarllen **pob** sylw.\n\n<script>alert("cy")</script>',
    "status": "published",
}


def test_an_editor_writes_a_post_with_a_welsh_version_that_is_cleaned(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client,
        "/api/v1/posts",
        NEW_POST,
        headers=bearer(token_for(editor)),
    )

    assert response.status_code == 201
    body = response.json()
    assert body["title_cy"] == "Ein hymateb i’r ymgynghoriad"
    assert "<strong>pob</strong>" in body["body_html_cy"]
    assert "<script" not in body["body_html_cy"]
    post = Post.objects.get(slug=body["slug"])
    assert post.body_markdown_cy == NEW_POST["body_cy"]
    assert client.get(f"/api/v1/posts/{post.slug}").json() == body
    listed = client.get("/api/v1/posts").json()["items"][0]
    assert listed["title_cy"] == "Ein hymateb i’r ymgynghoriad"
    page = Client().get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert "<strong>pob</strong>" in page


def test_a_post_without_welsh_reads_back_with_empty_welsh_fields(
    client: Client, post: Post
) -> None:
    body = client.get(f"/api/v1/posts/{post.slug}").json()

    assert (body["title_cy"], body["body_html_cy"]) == ("", "")


def test_refusals_stay_english_for_a_welsh_browser(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    refused = client.post(
        "/api/v1/posts",
        {**NEW_POST, "title": ""},
        content_type="application/json",
        headers=bearer(token_for(editor)),
        HTTP_ACCEPT_LANGUAGE="cy",
    )

    assert refused.status_code == 422
    assert refused.json()["errors"]["title"] == ["Enter a title"]
