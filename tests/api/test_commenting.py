"""Posting comments through the API: as a guest or signed in, through the site's own service."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Discussion
from parley.moderation.services import moderate
from parley.organisations.models import Organisation
from tests.builders import GUEST, bearer, comment_as, post_json


def url(post_or_discussion: Post | Discussion) -> str:
    discussion_id = getattr(post_or_discussion, "discussion_id", post_or_discussion.pk)
    return f"/api/v1/discussions/{discussion_id}/comments"


def test_a_guests_first_comment_awaits_moderation(client: Client, post: Post) -> None:
    response = post_json(client, url(post), {"body": "First time here.", **GUEST})

    assert response.status_code == 201
    comment = Comment.objects.get()
    assert response.json() == {"id": comment.pk, "number": 1, "status": "pending"}
    assert comment.user is None
    assert comment.author_name == "Gus Guest"
    assert comment.author_email == "gus@example.net"
    assert comment.ip_address == "127.0.0.1"
    assert client.get(url(post)).json()["items"] == []


def test_a_guest_is_approved_at_once_after_a_moderator_approved_them_before(
    client: Client, post: Post, moderator: User
) -> None:
    first = post_json(client, url(post), {"body": "First time here.", **GUEST}).json()
    moderate(comment=Comment.objects.get(pk=first["id"]), moderator=moderator, action="approve")

    second = post_json(client, url(post), {"body": "Back again.", **GUEST})

    assert second.status_code == 201
    assert second.json()["status"] == "approved"
    assert second.json()["number"] == 2
    assert [c["number"] for c in client.get(url(post)).json()["items"]] == [1, 2]


def test_a_member_with_a_token_is_approved_and_named(
    client: Client, post: Post, participant: User, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client,
        url(post),
        {"body": "Signed in and commenting."},
        headers=bearer(token_for(participant)),
    )

    assert response.status_code == 201
    assert response.json()["status"] == "approved"
    comment = Comment.objects.get()
    assert comment.user == participant
    assert comment.author_email == ""
    (item,) = client.get(url(post)).json()["items"]
    assert item["author"] == {"name": "Mina Member", "url": None}


def test_a_signed_in_author_need_not_give_a_name_and_any_given_is_ignored(
    client: Client, post: Post, participant: User, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client,
        url(post),
        {"body": "Who am I?", "author_name": "Someone Else", "author_email": "x@example.com"},
        headers=bearer(token_for(participant)),
    )

    assert response.status_code == 201
    comment = Comment.objects.get()
    assert (comment.user, comment.author_name, comment.author_email) == (participant, "", "")


def test_a_reply_names_its_parent_by_number(
    client: Client, post: Post, moderator: User, participant: User, token_for: Callable[[User], str]
) -> None:
    comment_as(post, moderator, "One.")
    two = comment_as(post, moderator, "Two.")

    response = post_json(
        client,
        url(post),
        {"body": "Replying to two.", "parent": 2},
        headers=bearer(token_for(participant)),
    )

    assert response.status_code == 201
    reply = Comment.objects.get(pk=response.json()["id"])
    assert reply.parent == two
    items = client.get(url(post)).json()["items"]
    assert [(c["number"], c["parent"], c["depth"]) for c in items] == [
        (1, None, 0),
        (2, None, 0),
        (3, 2, 1),
    ]


def test_a_reply_finds_its_parent_in_its_own_discussion_when_numbers_repeat_elsewhere(
    client: Client,
    post: Post,
    editor: User,
    organisation: Organisation,
    moderator: User,
    participant: User,
    token_for: Callable[[User], str],
) -> None:
    other = blog.create_post(
        author=editor, organisation=organisation, title="Another", body="Text.", status="published"
    )
    comment_as(post, moderator, "Number one in the first post.")
    theirs = comment_as(other, moderator, "Number one in the second post.")

    response = post_json(
        client,
        url(other),
        {"body": "Replying.", "parent": 1},
        headers=bearer(token_for(participant)),
    )

    assert response.status_code == 201
    assert Comment.objects.get(pk=response.json()["id"]).parent == theirs


def test_a_reply_may_name_its_parent_by_id(
    client: Client, post: Post, moderator: User, participant: User, token_for: Callable[[User], str]
) -> None:
    parent = comment_as(post, moderator, "One.")

    response = post_json(
        client,
        url(post),
        {"body": "Replying by id.", "parent_id": parent.pk},
        headers=bearer(token_for(participant)),
    )

    assert response.status_code == 201
    assert Comment.objects.get(pk=response.json()["id"]).parent == parent


def test_an_unknown_parent_is_unprocessable_and_named(client: Client, post: Post) -> None:
    response = post_json(client, url(post), {"body": "Replying to nothing.", "parent": 7, **GUEST})

    assert response.status_code == 422
    body = response.json()
    assert set(body["errors"]) == {"parent"}
    assert "#7" in body["errors"]["parent"][0]
    assert not Comment.objects.exists()


def test_a_missing_body_is_named(client: Client, post: Post) -> None:
    response = post_json(client, url(post), {**GUEST})

    assert response.status_code == 422
    assert response.json() == {
        "detail": "body: Field required",
        "errors": {"body": ["Field required"]},
    }


def test_a_guest_with_a_bad_email_is_told_which_field(client: Client, post: Post) -> None:
    response = post_json(
        client,
        url(post),
        {"body": "Hello.", "author_name": "Gus", "author_email": "not an address"},
    )

    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"author_email"}
    assert body["detail"] == body["errors"]["author_email"][0]
    assert not Comment.objects.exists()


def test_a_guest_without_name_or_email_is_told_both(client: Client, post: Post) -> None:
    response = post_json(client, url(post), {"body": "Who am I?"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"author_name", "author_email"}


def test_a_closed_discussion_refuses_comments_with_a_conflict(
    client: Client, post: Post, participant: User, token_for: Callable[[User], str]
) -> None:
    discussions.set_open(discussion=post.discussion, is_open=False)

    response = post_json(
        client, url(post), {"body": "Too late?"}, headers=bearer(token_for(participant))
    )

    assert response.status_code == 409
    assert set(response.json()["errors"]) == {"discussion"}


def test_commenting_too_quickly_is_refused_with_retry_after(
    client: Client,
    post: Post,
    participant: User,
    token_for: Callable[[User], str],
    settings: Settings,
) -> None:
    settings.PARLEY_COMMENT_RATE = "2/60"
    headers = bearer(token_for(participant))

    statuses = [
        post_json(client, url(post), {"body": f"Comment {n}."}, headers=headers).status_code
        for n in range(2)
    ]
    refused = post_json(client, url(post), {"body": "One too many."}, headers=headers)

    assert statuses == [201, 201]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert set(refused.json()["errors"]) == {"body"}
    assert Comment.objects.count() == 2


def test_a_double_submission_creates_one_comment(client: Client, post: Post) -> None:
    payload: dict[str, object] = {"body": "Did this go through?", **GUEST}

    first = post_json(client, url(post), payload)
    second = post_json(client, url(post), payload)

    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json() == first.json()
    assert Comment.objects.count() == 1


def test_a_stance_is_kept_on_guidance_and_refused_on_a_post(
    client: Client,
    post: Post,
    organisation: Organisation,
    participant: User,
    token_for: Callable[[User], str],
) -> None:
    guidance = discussions.create_discussion(
        kind=Discussion.Kind.GUIDANCE, title="Guidance", url="/guidance/", organisation=organisation
    )
    headers = bearer(token_for(participant))

    kept = post_json(client, url(guidance), {"body": "Yes.", "stance": "support"}, headers=headers)
    refused = post_json(client, url(post), {"body": "Yes.", "stance": "support"}, headers=headers)

    assert kept.status_code == 201
    assert client.get(url(guidance)).json()["items"][0]["stance"] == "support"
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"stance"}


@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_a_discussion_of_a_post_that_is_not_public_is_not_found(
    client: Client, editor: User, organisation: Organisation, status: str
) -> None:
    hidden = blog.create_post(
        author=editor,
        organisation=organisation,
        title="Hidden",
        body="Not yet.",
        status=status,
        published_at=timezone.now() + timedelta(days=1),
    )

    response = post_json(client, url(hidden), {"body": "Early bird.", **GUEST})

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_an_unknown_discussion_is_not_found(client: Client, db: None) -> None:
    response = post_json(
        client,
        "/api/v1/discussions/999999/comments",
        {"body": "Anyone?", **GUEST},
    )

    assert response.status_code == 404


def test_a_guest_comment_that_is_not_json_is_refused(client: Client, post: Post) -> None:
    """A cross-site plain-text form cannot post comments as its visitors."""
    from parley.discussions.models import Comment

    response = client.post(
        f"/api/v1/discussions/{post.discussion.pk}/comments",
        data='{"body": "x", "author_name": "A", "author_email": "a@example.net"}',
        content_type="text/plain",
    )
    assert response.status_code == 415
    assert response.json()["detail"].startswith("Send the comment as JSON")
    assert not Comment.objects.exists()
