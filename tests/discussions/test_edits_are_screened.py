"""An edit goes through the same screening as a new comment; a held edit keeps the
approved text public until a moderator approves it (issue 18, item 4)."""

from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services
from parley.discussions.models import Comment, Status
from parley.organisations.models import Organisation
from tests.builders import comment_as

EIGHT_LINKS = " ".join(f"https://shop{n}.example/cheap" for n in range(8))


def test_an_approved_comment_edited_to_carry_eight_links_keeps_its_text_public(
    signed_in: Callable[[User], Client], post: Post, participant: User
) -> None:
    comment = comment_as(post, participant, "A fair point about the plan")
    assert comment.status == Status.APPROVED
    client = signed_in(participant)

    response = client.post(f"/comments/{comment.pk}/edit/", {"body": EIGHT_LINKS}, follow=True)

    assert "Your edit is awaiting moderation" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body_markdown == "A fair point about the plan"
    assert comment.status == Status.APPROVED
    assert comment.held_edit_markdown == EIGHT_LINKS
    assert comment.held_edit_because
    public = Client().get(post.get_absolute_url()).content.decode()
    assert "A fair point about the plan" in public
    assert "shop0.example" not in public
    assert list(Comment.objects.with_held_edit()) == [comment]


def test_a_new_comment_with_those_links_is_held_too(post: Post, participant: User) -> None:
    assert comment_as(post, participant, EIGHT_LINKS).status == Status.PENDING


def test_an_edit_with_blocked_words_is_held(
    post: Post, participant: User, organisation: Organisation
) -> None:
    from parley.moderation.models import ModerationRules

    ModerationRules.objects.create(organisation=organisation, blocked_phrases="casino bonus")
    comment = comment_as(post, participant, "Reasonable words")
    services.edit_comment(comment=comment, body="Claim your casino bonus")
    comment.refresh_from_db()
    assert comment.body_markdown == "Reasonable words"
    assert comment.held_edit_markdown == "Claim your casino bonus"


def test_a_moderator_approving_the_edit_publishes_it(post: Post, participant: User) -> None:
    comment = comment_as(post, participant, "Before")
    services.edit_comment(comment=comment, body=EIGHT_LINKS)
    services.approve_edit(comment=comment)
    comment.refresh_from_db()
    assert comment.body_markdown == EIGHT_LINKS
    assert comment.edited_at is not None
    assert comment.held_edit_at is None
    assert "shop0.example" in Client().get(post.get_absolute_url()).content.decode()


def test_a_rejected_edit_leaves_the_approved_text(post: Post, participant: User) -> None:
    comment = comment_as(post, participant, "Before")
    services.edit_comment(comment=comment, body=EIGHT_LINKS)
    services.reject_edit(comment=comment)
    comment.refresh_from_db()
    assert comment.body_markdown == "Before"
    assert not Comment.objects.with_held_edit().exists()


def test_an_ordinary_edit_still_shows_at_once(post: Post, participant: User) -> None:
    comment = comment_as(post, participant, "Frist")
    services.edit_comment(comment=comment, body="First")
    comment.refresh_from_db()
    assert comment.body_markdown == "First"
    assert comment.held_edit_at is None


def test_a_moderators_edit_is_not_held(post: Post, moderator: User) -> None:
    comment = comment_as(post, moderator, "Links follow")
    services.edit_comment(comment=comment, body=EIGHT_LINKS)
    comment.refresh_from_db()
    assert comment.body_markdown == EIGHT_LINKS


def test_the_moderation_queue_shows_a_held_edit_and_approving_publishes_it(
    signed_in: Callable[[User], Client], post: Post, participant: User, moderator: User
) -> None:
    comment = comment_as(post, participant, "Before")
    services.edit_comment(comment=comment, body=EIGHT_LINKS)
    client = signed_in(moderator)
    queue = client.get("/moderation/").content.decode()
    assert "Edit awaiting moderation" in queue
    assert "shop0.example" in queue
    assert client.post("/moderation/", {"one": f"approve:{comment.pk}"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body_markdown == EIGHT_LINKS
    assert comment.status == Status.APPROVED
    assert "Edit awaiting moderation" not in client.get("/moderation/").content.decode()
