"""Writing a post through the API: editors only, checked by the same service as the site."""

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.blog.models import Post
from parley.organisations.models import Membership, Organisation, Role
from tests.builders import bearer, post_json

NEW_POST = {
    "title": "Our response to the consultation",
    "body": "We read **every** comment.",
    "status": "published",
    "tags": ["consultation", "response"],
}


def test_an_editor_publishes_a_post_and_gets_it_back(
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
    post = Post.objects.get(slug=body["slug"])
    assert post.author == editor
    assert post.organisation == organisation
    assert post.is_public
    assert body["slug"] == "our-response-to-the-consultation"
    assert body["author"] == {"name": "Edith Editor"}
    assert body["tags"] == ["consultation", "response"]
    assert "<strong>every</strong>" in body["body_html"]
    assert body["discussion"] == post.discussion_id
    assert body["comments_open"] is True
    assert client.get(f"/api/v1/posts/{post.slug}").json() == body


def test_an_editor_signed_in_to_the_site_can_write_a_draft_with_comments_closed(
    client: Client, editor: User
) -> None:
    client.force_login(editor)

    response = post_json(
        client,
        "/api/v1/posts",
        {**NEW_POST, "status": "draft", "comments_open": False},
    )

    assert response.status_code == 201
    post = Post.objects.get(slug=response.json()["slug"])
    assert post.status == Post.Status.DRAFT
    assert not post.discussion.is_open
    assert client.get(f"/api/v1/posts/{post.slug}").status_code == 404


def test_a_scheduled_post_keeps_its_publication_time(
    client: Client, editor: User, token_for: Callable[[User], str]
) -> None:
    when = (timezone.now() + timedelta(days=2)).replace(microsecond=0)

    response = post_json(
        client,
        "/api/v1/posts",
        {**NEW_POST, "status": "scheduled", "published_at": when.isoformat()},
        headers=bearer(token_for(editor)),
    )

    assert response.status_code == 201
    assert Post.objects.get(slug=response.json()["slug"]).published_at == when


def test_a_publication_time_without_a_time_zone_is_refused(
    client: Client, editor: User, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client,
        "/api/v1/posts",
        {**NEW_POST, "status": "scheduled", "published_at": "2099-01-01T09:00:00"},
        headers=bearer(token_for(editor)),
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["published_at"]


def test_a_member_who_does_not_edit_is_forbidden(
    client: Client, participant: User, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client,
        "/api/v1/posts",
        NEW_POST,
        headers=bearer(token_for(participant)),
    )

    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Post.objects.exists()


def test_a_moderator_is_not_an_editor(
    client: Client, moderator: User, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client,
        "/api/v1/posts",
        NEW_POST,
        headers=bearer(token_for(moderator)),
    )

    assert response.status_code == 403


def test_anonymous_callers_must_authenticate(client: Client, db: None) -> None:
    response = client.post("/api/v1/posts", NEW_POST, content_type="application/json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "detail": "Sign in, or send a personal access token as `Authorization: Bearer <token>`",
        "errors": {},
    }
    assert not Post.objects.exists()


def test_an_editor_of_two_organisations_must_say_which(
    client: Client,
    editor: User,
    other_organisation: Organisation,
    token_for: Callable[[User], str],
) -> None:
    Membership.objects.create(organisation=other_organisation, user=editor, role=Role.OWNER)
    headers = bearer(token_for(editor))

    unnamed = client.post(
        "/api/v1/posts", NEW_POST, content_type="application/json", headers=headers
    )
    named = post_json(
        client,
        "/api/v1/posts",
        {**NEW_POST, "organisation": "elsewhere"},
        headers=headers,
    )

    assert unnamed.status_code == 422
    assert list(unnamed.json()["errors"]) == ["organisation"]
    assert named.status_code == 201
    assert named.json()["organisation"] == {"slug": "elsewhere", "name": "Borough of Elsewhere"}


def test_an_editor_cannot_write_for_an_organisation_they_do_not_edit(
    client: Client,
    editor: User,
    other_organisation: Organisation,
    token_for: Callable[[User], str],
) -> None:
    headers = bearer(token_for(editor))

    theirs = post_json(
        client,
        "/api/v1/posts",
        {**NEW_POST, "organisation": "elsewhere"},
        headers=headers,
    )
    unknown = post_json(
        client,
        "/api/v1/posts",
        {**NEW_POST, "organisation": "nowhere"},
        headers=headers,
    )

    assert theirs.status_code == 403
    assert list(theirs.json()["errors"]) == ["organisation"]
    assert unknown.status_code == 422
    assert list(unknown.json()["errors"]) == ["organisation"]
    assert not Post.objects.exists()


def test_the_services_objections_come_back_field_by_field(
    client: Client, editor: User, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client,
        "/api/v1/posts",
        {"title": " ", "body": "", "status": "live"},
        headers=bearer(token_for(editor)),
    )

    assert response.status_code == 422
    body = response.json()
    assert set(body["errors"]) == {"title", "body", "status"}
    assert body["errors"]["title"] == ["Enter a title"]
    assert body["detail"] == "Enter a title"


def test_a_missing_field_is_named(
    client: Client, editor: User, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client,
        "/api/v1/posts",
        {"title": "No body"},
        headers=bearer(token_for(editor)),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {"body": ["Field required"], "status": ["Field required"]}


def test_staff_must_name_the_organisation_when_there_are_several(
    client: Client,
    admin_user: User,
    organisation: Organisation,
    other_organisation: Organisation,
    token_for: Callable[[User], str],
) -> None:
    headers = bearer(token_for(admin_user))

    unnamed = client.post(
        "/api/v1/posts", NEW_POST, content_type="application/json", headers=headers
    )
    named = post_json(
        client,
        "/api/v1/posts",
        {**NEW_POST, "organisation": "testing"},
        headers=headers,
    )

    assert unnamed.status_code == 422
    assert list(unnamed.json()["errors"]) == ["organisation"]
    assert named.status_code == 201
