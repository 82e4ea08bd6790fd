from django.test import Client

from parley.discussions.models import Comment, Status
from parley.moderation.models import ModerationAction

GUEST = {"author_name": "Gus Guest", "author_email": "gus@example.net", "body": "Held comment"}


def test_a_moderator_approves_a_held_comment_from_the_queue(
    client: Client, signed_in, post, moderator
) -> None:
    client.post(post.get_absolute_url(), GUEST)
    comment = Comment.objects.get()
    moderating = signed_in(moderator)
    queue = moderating.get("/moderation/").content.decode()
    assert "Held comment" in queue
    assert "gus@example.net" in queue  # moderators may see the address; readers never do
    moderating.post("/moderation/", {"comment": comment.pk, "action": "approve"})
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert "Held comment" in Client().get(post.get_absolute_url()).content.decode()
    action = ModerationAction.objects.get()
    assert (action.moderator, action.from_status, action.to_status) == (
        moderator,
        "pending",
        "approved",
    )


def test_spam_and_removal_hide_a_comment(client: Client, signed_in, post, moderator) -> None:
    client.post(post.get_absolute_url(), GUEST)
    client.post(post.get_absolute_url(), {**GUEST, "body": "Another"})
    first, second = Comment.objects.order_by("number")
    moderating = signed_in(moderator)
    moderating.post("/moderation/", {"comment": first.pk, "action": "spam"})
    moderating.post("/moderation/", {"comment": second.pk, "action": "remove"})
    assert list(Comment.objects.order_by("number").values_list("status", flat=True)) == [
        "spam",
        "removed",
    ]
    assert "Nothing is waiting" in moderating.get("/moderation/").content.decode()


def test_a_moderator_of_another_organisation_cannot_act(
    client: Client, signed_in, post, other_moderator
) -> None:
    client.post(post.get_absolute_url(), GUEST)
    comment = Comment.objects.get()
    moderating = signed_in(other_moderator)
    assert "Held comment" not in moderating.get("/moderation/").content.decode()
    response = moderating.post("/moderation/", {"comment": comment.pk, "action": "approve"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_people_who_do_not_moderate_cannot_open_the_queue(signed_in, member) -> None:
    assert signed_in(member).get("/moderation/").status_code == 403
    assert Client().get("/moderation/").status_code == 302
