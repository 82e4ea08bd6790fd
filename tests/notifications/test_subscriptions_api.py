"""GET/POST/DELETE /api/v1/subscriptions for the signed-in caller."""

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.guidance import services as guidance
from parley.guidance.models import Document
from parley.notifications.models import Subscription
from parley.organisations.models import Organisation
from tests.builders import bearer, csrf_client

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

URL = "/api/v1/subscriptions"


def send(client: Client, method: str, raw: str, body: object) -> "_MonkeyPatchedWSGIResponse":
    response: _MonkeyPatchedWSGIResponse = getattr(client, method)(
        URL, json.dumps(body), content_type="application/json", headers=bearer(raw)
    )
    return response


def test_following_listing_changing_and_unfollowing(
    client: Client, token_for: Callable[[User], str], participant: User, post: Post
) -> None:
    raw = token_for(participant)
    assert client.get(URL, headers=bearer(raw)).json() == {"items": [], "next": None}

    created = send(client, "post", raw, {"target": "discussion", "id": post.discussion_id})
    assert created.status_code == 201
    assert created.json() == {
        "target": "discussion",
        "id": post.discussion_id,
        "kinds": ["comment"],
    }
    site = send(client, "post", raw, {"target": "site", "kinds": ["post"]})
    assert site.status_code == 201
    changed = send(
        client, "post", raw, {"target": "discussion", "id": post.discussion_id, "kinds": ["reply"]}
    )
    assert changed.status_code == 200
    assert changed.json()["kinds"] == ["reply"]

    listed = client.get(URL, headers=bearer(raw)).json()["items"]
    assert listed == [
        {"target": "discussion", "id": post.discussion_id, "kinds": ["reply"]},
        {"target": "site", "id": 0, "kinds": ["post"]},
    ]
    deleted = send(client, "delete", raw, {"target": "discussion", "id": post.discussion_id})
    assert deleted.status_code == 204
    assert Subscription.objects.get().target == "site"
    again = send(client, "delete", raw, {"target": "discussion", "id": post.discussion_id})
    assert again.status_code == 404
    assert again.json()["errors"] == {"id": [f"You do not follow discussion {post.discussion_id}"]}


def test_a_document_and_an_organisation_can_be_followed_once_public(
    client: Client,
    token_for: Callable[[User], str],
    participant: User,
    editor: User,
    organisation: Organisation,
    document: Document,
) -> None:
    raw = token_for(participant)
    hidden = send(client, "post", raw, {"target": "document", "id": document.pk})
    assert hidden.status_code == 422  # only a draft so far: not public
    assert hidden.json()["errors"] == {"id": [f"There is no document with id {document.pk}"]}
    guidance.publish_version(version=document.versions.get(), user=editor)
    followed = send(client, "post", raw, {"target": "document", "id": document.pk})
    assert followed.json()["kinds"] == ["version", "consultation", "response"]
    body = {"target": "organisation", "id": organisation.pk, "kinds": ["document"]}
    assert send(client, "post", raw, body).json()["kinds"] == ["document"]


def test_errors_name_the_field_at_fault(
    client: Client, token_for: Callable[[User], str], participant: User, post: Post
) -> None:
    raw = token_for(participant)
    bad_target = send(client, "post", raw, {"target": "planet", "id": 1})
    assert bad_target.status_code == 422
    assert list(bad_target.json()["errors"]) == ["target"]

    bad_kind = send(
        client, "post", raw, {"target": "discussion", "id": post.discussion_id, "kinds": ["post"]}
    )
    assert bad_kind.status_code == 422
    assert bad_kind.json()["errors"] == {
        "kinds": ["A discussion can be followed for: comment, reply (not 'post')"]
    }
    missing = send(client, "post", raw, {"target": "discussion", "id": 999999})
    assert missing.status_code == 422
    assert missing.json() == {
        "detail": "There is no discussion with id 999999",
        "errors": {"id": ["There is no discussion with id 999999"]},
    }
    not_a_list = send(client, "post", raw, {"target": "site", "kinds": "post"})
    assert not_a_list.status_code == 422
    assert list(not_a_list.json()["errors"]) == ["kinds"]
    assert not Subscription.objects.exists()


def test_only_a_signed_in_caller_may_use_subscriptions(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["errors"] == {}
    posted = client.post(URL, {"target": "site"}, content_type="application/json")
    assert posted.status_code == 401


def test_a_browser_session_needs_the_csrf_token_to_follow(participant: User) -> None:
    client, token = csrf_client(participant)
    body = json.dumps({"target": "site"})
    refused = client.post(URL, body, content_type="application/json")
    assert refused.status_code == 403
    assert not Subscription.objects.exists()
    accepted = client.post(
        URL, body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201
