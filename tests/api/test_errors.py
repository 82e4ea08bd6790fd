"""Every error the API gives is JSON: a detail for people, and errors field by field."""

from django.test import Client

from parley.blog.models import Post
from tests.builders import post_json


def test_a_body_that_is_not_json_is_a_bad_request(client: Client, post: Post) -> None:
    response = post_json(
        client,
        f"/api/v1/discussions/{post.discussion_id}/comments",
        "{not json",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body", "errors": {}}


def test_an_empty_body_is_missing_every_required_field(client: Client, post: Post) -> None:
    response = client.post(
        f"/api/v1/discussions/{post.discussion_id}/comments", content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"body": ["Field required"]}


def test_a_field_of_the_wrong_type_is_named(client: Client, post: Post) -> None:
    response = post_json(
        client,
        f"/api/v1/discussions/{post.discussion_id}/comments",
        {"body": "Hi.", "parent": "the first one"},
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["parent"]


def test_a_path_that_is_not_a_number_is_named(client: Client, db: None) -> None:
    response = client.get("/api/v1/discussions/first/comments")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["discussion_id"]


def test_an_unknown_address_under_the_api_is_a_json_not_found(client: Client, db: None) -> None:
    for response in [
        client.get("/api/v1/nothing-here"),
        client.post("/api/v1/posts/some-post/comments"),
        client.get("/api/v1/posts/"),
    ]:
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.json() == {"detail": "Not found", "errors": {}}


def test_the_openapi_schema_describes_the_endpoints(client: Client, db: None) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"] == {"title": "Parley API", "version": "1", "description": ""}
    assert set(schema["paths"]) == {
        "/api/v1/posts",
        "/api/v1/posts/{slug}",
        "/api/v1/discussions/{discussion_id}/comments",
        "/api/v1/comments/{comment_id}/like",
        "/api/v1/documents",
        "/api/v1/moderation/queue",
        "/api/v1/comments/{comment_id}/moderate",
        "/api/v1/comments/{comment_id}/flag",
        "/api/v1/documents/{slug}",
        "/api/v1/documents/{slug}/versions",
        "/api/v1/documents/{slug}/versions/{n}",
        "/api/v1/documents/{slug}/versions/{n}/clauses",
        "/api/v1/documents/{slug}/versions/{n}/clauses/{number}",
        "/api/v1/documents/{slug}/versions/{n}/schedule",
        "/api/v1/documents/{slug}/versions/{n}/publish",
        "/api/v1/documents/{slug}/versions/{n}/response",
        "/api/v1/documents/{slug}/compare/{a}/{b}",
        "/api/v1/subscriptions",
        "/api/v1/organisations",
        "/api/v1/organisations/{slug}",
        "/api/v1/wiki/{space}/{page}",
        "/api/v1/documents/{slug}/adoptions",
        "/api/v1/documents/{slug}/versions/{n}/insights",
        "/api/v1/documents/{slug}/versions/{n}/questions",
        "/api/v1/documents/{slug}/versions/{n}/files",
        "/api/v1/documents/{slug}/versions/{n}/responses",
        "/api/v1/documents/{slug}/versions/{n}/responses.csv",
        "/api/v1/documents/{slug}/versions/{n}/responses.jsonl",
        "/api/v1/documents/{slug}/versions/{n}/responses.xlsx",
        "/api/v1/documents/{slug}/versions/{n}/responses.consult.json",
        "/api/v1/campaigns/{campaign_id}",
        "/api/v1/documents/{slug}/versions/{n}/responses/publish",
        "/api/v1/responses/{reference}",
        "/api/v1/documents/{slug}/versions/{n}/consultation",
        "/api/v1/documents/{slug}/versions/{n}/question-sets",
        "/api/v1/documents/{slug}/versions/{n}/response-due",
    }
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}


def test_messages_are_english_whatever_language_the_client_asks_for(
    client: Client, post: Post
) -> None:
    response = client.post(
        f"/api/v1/discussions/{post.discussion_id}/comments",
        {"body": " ", "author_name": "Gwen", "author_email": "gwen@example.net"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="cy",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"body": ["Enter your comment"]}
