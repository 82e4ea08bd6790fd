"""Inputs a hostile tester sent that once answered 500: each is now a clear 4xx, the API's
naming the field, on SQLite and PostgreSQL alike (issue 18, "Bad input")."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.guidance.models import Version
from parley.wiki.models import Page
from tests.builders import GUEST, bearer, post_json

SUPERSCRIPT_TWO = "²"  # str.isdigit() says yes; int() says no
HUGE = "99999999999999999999"  # beyond every database's integer


def clause_url(version: Version) -> str:
    clause = version.clauses.order_by("position").first()
    assert clause is not None
    return f"/guidance/{version.document.slug}/versions/{version.number}/clauses/{clause.number}/"


# Numbers in addresses ----------------------------------------------------------------------


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, HUGE])
def test_a_reply_to_a_number_that_is_not_one_shows_the_page_without_a_reply(
    client: Client, post: Post, consulting: Version, value: str
) -> None:
    for path in (f"/blog/{post.slug}/", clause_url(consulting)):
        assert client.get(path, {"reply": value}).status_code == 200, path


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, HUGE])
def test_a_reply_on_a_wiki_page_to_a_number_that_is_not_one_shows_the_page(
    client: Client, wiki_page: Page, value: str
) -> None:
    path = f"/wiki/{wiki_page.space.slug}/{wiki_page.slug}/"
    assert client.get(path, {"reply": value}).status_code == 200


@pytest.mark.parametrize("name", ["p", "page_id", "replytocom"])
@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, HUGE])
def test_an_old_wordpress_link_with_a_number_that_is_not_one_is_not_found(
    client: Client, db: None, name: str, value: str
) -> None:
    assert client.get("/", {name: value}).status_code in (200, 404)


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, HUGE])
def test_comparing_wiki_revisions_that_cannot_exist_is_not_found(
    client: Client, wiki_page: Page, value: str
) -> None:
    path = f"/wiki/{wiki_page.space.slug}/{wiki_page.slug}/compare/"
    assert client.get(path, {"from": value}).status_code == 404
    assert client.get(path, {"to": value}).status_code == 404


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, HUGE])
def test_the_moderation_queue_refuses_an_action_on_a_comment_that_is_not_one(
    signed_in: Callable[[User], Client], moderator: User, post: Post, value: str
) -> None:
    client = signed_in(moderator)
    response = client.post("/moderation/", {"one": f"approve:{value}"})
    assert response.status_code in (200, 302, 400)
    response = client.post("/moderation/", {"action": "approve", "comments": [value]})
    assert response.status_code in (200, 302, 400)


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, HUGE])
def test_the_blocks_page_ignores_a_person_that_is_not_one(
    signed_in: Callable[[User], Client], moderator: User, value: str
) -> None:
    assert signed_in(moderator).get("/moderation/blocks/", {"user": value}).status_code == 200


# Lone surrogates in JSON -------------------------------------------------------------------


def test_a_comment_with_a_lone_surrogate_is_refused_naming_the_field(
    client: Client, post: Post
) -> None:
    path = f"/api/v1/discussions/{post.discussion_id}/comments"
    body = '{"body": "Broken \\ud800 text", "author_name": "Gus", "author_email": "g@example.net"}'
    response = post_json(client, path, body)
    assert response.status_code in (400, 422)
    assert "body" in response.json()["errors"]


def test_a_clause_with_a_lone_surrogate_is_refused_naming_the_field(
    client: Client, editor: User, document: Any, token_for: Callable[[User], str]
) -> None:
    path = f"/api/v1/documents/{document.slug}/versions/1/clauses"
    response = post_json(
        client, path, '{"heading": "\\udfff", "body": "x"}', headers=bearer(token_for(editor))
    )
    assert response.status_code in (400, 422)
    assert "heading" in response.json()["errors"]


# Over-long values, which SQLite stores and PostgreSQL refuses ------------------------------


def test_a_guest_website_over_200_characters_is_refused_naming_the_field(
    client: Client, post: Post
) -> None:
    path = f"/api/v1/discussions/{post.discussion_id}/comments"
    url = "https://example.net/" + "a" * 300
    response = post_json(client, path, {"body": "Hello.", "author_url": url, **GUEST})
    assert response.status_code in (400, 422)
    assert "author_url" in response.json()["errors"]
    assert not Comment.objects.exists()


def test_a_guest_website_over_200_characters_is_refused_beside_the_field_on_the_page(
    client: Client, post: Post
) -> None:
    url = "https://example.net/" + "a" * 300
    response = client.post(
        f"/blog/{post.slug}/", {"body": "Hello.", "author_url": url, "shown_at": "", **GUEST}
    )
    assert response.status_code in (200, 400)
    assert not Comment.objects.exists()


def test_a_guest_email_over_254_characters_is_refused_naming_the_field(
    client: Client, post: Post
) -> None:
    path = f"/api/v1/discussions/{post.discussion_id}/comments"
    email = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".net"
    response = post_json(client, path, {"body": "Hi.", "author_name": "Gus", "author_email": email})
    assert response.status_code in (400, 422)
    assert "author_email" in response.json()["errors"]
    assert not Comment.objects.exists()


def test_an_overlong_document_title_is_refused_naming_the_field(
    client: Client, editor: User, organisation: Any, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client,
        "/api/v1/documents",
        {"title": "T" * 201, "summary": "s"},
        headers=bearer(token_for(editor)),
    )
    assert response.status_code in (400, 422)
    assert "title" in response.json()["errors"]


@pytest.mark.parametrize(("field", "length"), [("number", 21), ("heading", 201)])
def test_an_overlong_clause_number_or_heading_is_refused_naming_the_field(
    client: Client,
    editor: User,
    document: Any,
    token_for: Callable[[User], str],
    field: str,
    length: int,
) -> None:
    path = f"/api/v1/documents/{document.slug}/versions/1/clauses"
    body = {"body": "Text.", field: "9" * length}
    response = post_json(client, path, body, headers=bearer(token_for(editor)))
    assert response.status_code in (400, 422)
    assert field in response.json()["errors"]
    patch = client.patch(
        f"{path}/1", body, content_type="application/json", headers=bearer(token_for(editor))
    )
    assert patch.status_code in (400, 422)
    assert field in patch.json()["errors"]


# Dates at the end of time ------------------------------------------------------------------


def test_a_consultation_closing_near_the_year_9999_is_refused_naming_the_field(
    client: Client, editor: User, document: Any, token_for: Callable[[User], str]
) -> None:
    path = f"/api/v1/documents/{document.slug}/versions/1/schedule"
    opens = (timezone.now() + timedelta(days=1)).isoformat()
    response = post_json(
        client,
        path,
        {"opens_at": opens, "closes_at": "9999-12-31T23:59:59+00:00"},
        headers=bearer(token_for(editor)),
    )
    assert response.status_code in (400, 422)
    assert "closes_at" in response.json()["errors"]


def test_a_consultation_closing_near_the_year_9999_is_refused_on_the_page(
    signed_in: Callable[[User], Client], editor: User, document: Any
) -> None:
    response = signed_in(editor).post(
        f"/guidance/{document.slug}/versions/1/schedule/",
        {"opens_at": "2030-01-01 09:00", "closes_at": "9999-12-31 23:59"},
    )
    assert response.status_code in (200, 400)


# Bodies of the wrong shape, charset or size -------------------------------------------------


@pytest.mark.parametrize("body", ["[1, 2, 3]", "null", '"text"', "7"])
def test_a_clause_change_that_is_not_an_object_is_unprocessable(
    client: Client, editor: User, document: Any, token_for: Callable[[User], str], body: str
) -> None:
    path = f"/api/v1/documents/{document.slug}/versions/1/clauses/1"
    response = client.patch(
        path, body, content_type="application/json", headers=bearer(token_for(editor))
    )
    assert response.status_code == 422
    assert response.json()["detail"]


def test_a_form_posted_in_utf16_is_a_bad_request(client: Client, post: Post) -> None:
    body = "body=Hello&author_name=Gus&author_email=gus%40example.net".encode("utf-16")
    response = client.generic(
        "POST",
        f"/blog/{post.slug}/",
        body,
        content_type="application/x-www-form-urlencoded; charset=utf-16",
        headers={"Origin": "http://testserver"},
    )
    assert response.status_code == 400


def test_an_api_body_over_the_size_limit_is_a_json_413(
    client: Client, post: Post, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    path = f"/api/v1/discussions/{post.discussion_id}/comments"
    response = post_json(client, path, {"body": "x" * 2000, **GUEST})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize("provider", ["facebook", "twitter_oauth2", "wordpress_com"])
def test_signing_in_with_a_provider_that_is_not_set_up_is_not_found(
    client: Client, db: None, provider: str
) -> None:
    assert client.get(f"/accounts/{provider}/login/").status_code == 404
    assert client.get(f"/accounts/{provider}/login/callback/").status_code == 404
