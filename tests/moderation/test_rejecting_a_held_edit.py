"""A moderator rejects a held edit from the queue: the approved text stays public, the
edit is dropped, the decision is logged and the author is told (issue 18)."""

import pytest
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from parley.moderation import services
from parley.moderation.models import ModerationAction
from tests.builders import comment_as
from tests.conftest import Mailbox
from tests.notifications.helpers import text_of

EIGHT_LINKS = " ".join(f"https://shop{n}.example/cheap" for n in range(8))


@pytest.fixture
def held_edit(post: Post, participant: User) -> Comment:
    comment = comment_as(post, participant, "A fair point about the plan")
    discussions.edit_comment(comment=comment, body=EIGHT_LINKS)
    comment.refresh_from_db()
    assert comment.held_edit_at is not None
    return comment


def test_a_moderator_rejects_a_held_edit_from_the_queue_and_the_author_is_told(
    held_edit: Comment,
    post: Post,
    moderator: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = Client()
    client.force_login(moderator)
    queue = client.get("/moderation/").content.decode()
    assert f'value="reject_edit:{held_edit.pk}"' in queue
    assert "Reject the edit" in queue

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/moderation/",
            {"one": f"reject_edit:{held_edit.pk}", f"note-{held_edit.pk}": "No shop links"},
            follow=True,
        )

    assert "1 edit rejected: the earlier text stays shown" in response.content.decode()
    comment = Comment.objects.get(pk=held_edit.pk)
    assert comment.status == Status.APPROVED
    assert comment.body_markdown == "A fair point about the plan"
    assert comment.held_edit_at is None
    assert comment.held_edit_markdown == ""
    public = Client().get(post.get_absolute_url()).content.decode()
    assert "A fair point about the plan" in public
    assert "shop0.example" not in public
    assert f'reject_edit:{held_edit.pk}"' not in client.get("/moderation/").content.decode()
    assert ModerationAction.objects.filter(
        comment=comment, action="reject_edit", moderator=moderator, note="No shop links"
    ).exists()
    assert "Rejected an edit" in client.get("/moderation/log/").content.decode()
    (told,) = smtp.messages
    assert told["To"] == "member@example.org"
    assert told["Subject"] == f"Your edit of a comment on ‘{post.title}’ was not published"
    assert "No shop links" in text_of(told)


def test_the_queue_offers_rejecting_the_edit_in_welsh(held_edit: Comment, moderator: User) -> None:
    client = Client()
    client.force_login(moderator)
    client.cookies["django_language"] = "cy"
    assert "Gwrthod y golygiad" in client.get("/moderation/").content.decode()


def test_a_comment_with_no_held_edit_has_no_reject_button_and_cannot_be_rejected(
    post: Post, participant: User, moderator: User
) -> None:
    post.discussion.hold_all = True
    post.discussion.save()
    held = comment_as(post, participant, "Held, not edited")
    client = Client()
    client.force_login(moderator)
    assert "reject_edit:" not in client.get("/moderation/").content.decode()

    refused = client.post("/moderation/", {"one": f"reject_edit:{held.pk}"})

    assert refused.status_code == 400
    assert f"Comment #{held.number} has no edit waiting" in refused.content.decode()
    assert Comment.objects.get(pk=held.pk).status == Status.PENDING


def test_another_organisations_moderator_cannot_reject_the_edit(
    held_edit: Comment, other_moderator: User
) -> None:
    client = Client()
    client.force_login(other_moderator)
    assert client.post("/moderation/", {"one": f"reject_edit:{held_edit.pk}"}).status_code == 403
    with pytest.raises(services.NotAllowed):
        services.reject_edit(comment=held_edit, moderator=other_moderator)
    assert Comment.objects.get(pk=held_edit.pk).held_edit_markdown == EIGHT_LINKS


def test_the_api_rejects_a_held_edit_and_refuses_one_that_is_not_there(
    held_edit: Comment, moderator: User
) -> None:
    _, token = create_access_token(user=moderator, name="script")
    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/comments/{held_edit.pk}/moderate"

    rejected = Client().post(
        url, {"action": "reject_edit"}, content_type="application/json", headers=headers
    )
    again = Client().post(
        url, {"action": "reject_edit"}, content_type="application/json", headers=headers
    )

    assert rejected.status_code == 200
    assert rejected.json()["status"] == Status.APPROVED
    comment = Comment.objects.get(pk=held_edit.pk)
    assert comment.body_markdown == "A fair point about the plan"
    assert comment.held_edit_at is None
    assert again.status_code == 400
    assert "action" in again.json()["errors"]
