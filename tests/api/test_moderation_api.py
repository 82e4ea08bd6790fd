"""Moderating through the API (the queue, decisions), flagging, and the like rate limit."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from parley.moderation import flags
from parley.moderation.models import Flag, ModerationAction
from tests.builders import bearer, comment_as, post_json

QUEUE = "/api/v1/moderation/queue"


def moderate_url(comment_id: int) -> str:
    return f"/api/v1/comments/{comment_id}/moderate"


def flag_url(comment_id: int) -> str:
    return f"/api/v1/comments/{comment_id}/flag"


@pytest.fixture
def held(post: Post, guest: discussions.Author) -> Comment:
    return comment_as(post, guest, "A guest's first comment.")


def test_a_moderator_sees_held_and_flagged_comments_in_the_queue(
    client: Client,
    post: Post,
    held: Comment,
    participant: User,
    outsider: User,
    editor: User,
    admin_user: User,
    moderator: User,
    token_for: Callable[[User], str],
) -> None:
    flagged = comment_as(post, participant, "Rude words.")
    for person in (outsider, editor, admin_user):
        person.date_joined = timezone.now() - timedelta(days=30)  # settled: reports count
        person.save(update_fields=["date_joined"])
    for person in (outsider, editor, admin_user):
        flags.flag_comment(
            comment=flagged, reason="abusive", user=person, reporter_key="", ip="192.0.2.5"
        )

    response = client.get(QUEUE, headers=bearer(token_for(moderator)))

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [held.pk, flagged.pk]
    assert items[1] == {
        "id": flagged.pk,
        "number": 2,
        "discussion": {
            "id": post.discussion_id,
            "title": post.discussion.title,
            "url": post.discussion.url,
        },
        "status": "pending",
        "held_because": "flagged by 3 people",
        "spam_score": 0.0,
        "flag_count": 3,
        "author": {"name": "Mina Member"},
        "body_html": flagged.body_html,
        "created_at": items[1]["created_at"],
    }
    assert "gus@example.net" not in response.content.decode()


def test_the_queue_holds_only_the_callers_organisations(
    client: Client, held: Comment, other_moderator: User, token_for: Callable[[User], str]
) -> None:
    response = client.get(QUEUE, headers=bearer(token_for(other_moderator)))

    assert response.json() == {"items": [], "next": None}


def test_the_queue_is_for_moderators_only(
    client: Client, participant: User, token_for: Callable[[User], str]
) -> None:
    assert client.get(QUEUE).status_code == 401
    refused = client.get(QUEUE, headers=bearer(token_for(participant)))
    assert refused.status_code == 403
    assert refused.json() == {"detail": "You do not moderate any discussions", "errors": {}}


def test_a_moderator_approves_a_held_comment(
    client: Client, held: Comment, moderator: User, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client,
        moderate_url(held.pk),
        {"action": "approve", "note": "Fine"},
        bearer(token_for(moderator)),
    )

    assert response.status_code == 200
    assert response.json() == {"id": held.pk, "number": 1, "status": "approved"}
    action = ModerationAction.objects.get()
    assert (action.action, action.moderator, action.note) == ("approve", moderator, "Fine")


def test_removing_needs_a_reason_from_the_policy(
    client: Client, held: Comment, moderator: User, token_for: Callable[[User], str]
) -> None:
    headers = bearer(token_for(moderator))

    refused = post_json(client, moderate_url(held.pk), {"action": "remove"}, headers)
    removed = post_json(
        client, moderate_url(held.pk), {"action": "remove", "reason": "off_topic"}, headers
    )

    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"reason"}
    assert removed.json()["status"] == "removed"


def test_moderators_cannot_decide_on_another_organisations_comments(
    client: Client, held: Comment, other_moderator: User, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client, moderate_url(held.pk), {"action": "spam"}, bearer(token_for(other_moderator))
    )

    assert response.status_code == 403
    held.refresh_from_db()
    assert held.status == Status.PENDING


def test_moderating_asks_for_a_moderator_a_known_comment_and_a_known_action(
    client: Client,
    held: Comment,
    participant: User,
    moderator: User,
    token_for: Callable[[User], str],
) -> None:
    as_moderator = bearer(token_for(moderator))

    assert post_json(client, moderate_url(held.pk), {"action": "approve"}).status_code == 401
    as_member = bearer(token_for(participant))
    assert (
        post_json(client, moderate_url(held.pk), {"action": "approve"}, as_member).status_code
        == 403
    )
    unknown = post_json(client, moderate_url(999_999), {"action": "approve"}, as_moderator)
    assert unknown.status_code == 404
    wrong = post_json(client, moderate_url(held.pk), {"action": "promote"}, as_moderator)
    assert wrong.status_code == 422
    assert set(wrong.json()["errors"]) == {"action"}
    held.refresh_from_db()
    assert held.status == Status.PENDING


def test_a_guest_flags_a_comment_once(client: Client, post: Post, participant: User) -> None:
    comment = comment_as(post, participant, "Questionable.")

    first = post_json(client, flag_url(comment.pk), {"reason": "spam", "note": "Advert"})
    again = post_json(client, flag_url(comment.pk), {"reason": "spam"})
    someone_else = post_json(Client(), flag_url(comment.pk), {"reason": "abusive"})

    assert first.status_code == 201
    assert first.json() == {"flag_count": 1}
    assert again.status_code == 409
    assert again.json()["errors"] == {"comment": ["You have already reported this comment"]}
    assert someone_else.json() == {"flag_count": 2}
    assert Flag.objects.filter(reporter__startswith="guest:").count() == 2


def test_a_signed_in_person_flags_with_a_token(
    client: Client, post: Post, participant: User, outsider: User, token_for: Callable[[User], str]
) -> None:
    comment = comment_as(post, participant, "Questionable.")
    headers = bearer(token_for(outsider))

    assert post_json(client, flag_url(comment.pk), {"reason": "spam"}, headers).status_code == 201
    assert post_json(client, flag_url(comment.pk), {"reason": "spam"}, headers).status_code == 409
    assert Flag.objects.get().user == outsider


def test_flagging_refuses_unknown_hidden_and_unexplained_flags(
    client: Client, post: Post, held: Comment, participant: User
) -> None:
    comment = comment_as(post, participant, "Questionable.")

    assert post_json(client, flag_url(999_999), {"reason": "spam"}).status_code == 404
    assert post_json(client, flag_url(held.pk), {"reason": "spam"}).status_code == 409
    wrong = post_json(client, flag_url(comment.pk), {"reason": "boring"})
    assert wrong.status_code == 400
    assert wrong.json()["errors"] == {"reason": ["Choose why you are reporting this comment"]}
    assert not Flag.objects.exists()


def test_flagging_too_often_is_refused_with_retry_after(
    client: Client, post: Post, participant: User, settings: Settings
) -> None:
    settings.PARLEY_FLAG_RATE = "1/600"
    first, second = (comment_as(post, participant, f"Comment {n}") for n in range(2))

    assert post_json(client, flag_url(first.pk), {"reason": "spam"}).status_code == 201
    limited = post_json(client, flag_url(second.pk), {"reason": "spam"})

    assert limited.status_code == 429
    assert 590 <= int(limited["Retry-After"]) <= 600
    assert set(limited.json()["errors"]) == {"__all__"}


def test_liking_too_often_is_refused_with_retry_after_except_for_moderators(
    client: Client,
    post: Post,
    participant: User,
    moderator: User,
    token_for: Callable[[User], str],
    settings: Settings,
) -> None:
    settings.PARLEY_LIKE_RATE = "2/60"
    comment = comment_as(post, participant, "Likeable.")
    url = f"/api/v1/comments/{comment.pk}/like"
    as_member = bearer(token_for(participant))
    as_moderator = bearer(token_for(moderator))

    client.post(url, headers=as_member)
    client.delete(url, headers=as_member)
    limited = client.post(url, headers=as_member)
    moderators = [client.post(url, headers=as_moderator).status_code for _ in range(3)]

    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert moderators == [200, 200, 200]
    comment.refresh_from_db()
    assert comment.like_count == 1


def test_a_guest_flag_must_be_sent_as_json_so_other_sites_forms_cannot_send_one(
    client: Client, post: Post, participant: User
) -> None:
    comment = comment_as(post, participant, "Questionable.")

    response = client.post(
        flag_url(comment.pk), '{"reason": "spam", "x": "="}', content_type="text/plain"
    )

    assert response.status_code == 415
    assert not Flag.objects.exists()
