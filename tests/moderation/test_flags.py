"""Readers flag comments: once per person, rate-limited, and enough flags hide a comment."""

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
from parley.moderation import blocks, flags
from parley.moderation import services as moderation
from parley.moderation.models import Flag, ModerationAction, ModerationRules
from tests.builders import comment_as


def flag_url(comment: Comment) -> str:
    return f"/moderation/comments/{comment.pk}/flag/"


def flag_as(person: User | None, comment: Comment, session_key: str = "s1") -> flags.Flagged:
    return flags.flag_comment(
        comment=comment,
        reason="abusive",
        user=person,
        reporter_key="" if person else session_key,
        ip="198.51.100.7",
    )


@pytest.fixture
def comment(post: Post, participant: User) -> Comment:
    return comment_as(post, participant, "Something people object to.")


def settle(*people: User) -> None:
    """Make these accounts a month old: their reports count in full."""
    for person in people:
        person.date_joined = timezone.now() - timedelta(days=30)
        person.save(update_fields=["date_joined"])


def test_three_different_people_flagging_a_comment_hide_it_for_review(
    post: Post, comment: Comment, outsider: User, other_moderator: User, admin_user: User
) -> None:
    settle(outsider, other_moderator, admin_user)
    first = Client()
    first.force_login(admin_user)
    first.post(flag_url(comment), {"reason": "abusive"})
    signed_in = Client()
    signed_in.force_login(outsider)
    signed_in.post(flag_url(comment), {"reason": "off_topic", "note": "Nothing to do with it"})
    assert Comment.objects.get(pk=comment.pk).status == Status.APPROVED

    third = flag_as(other_moderator, comment)

    comment.refresh_from_db()
    assert third.hidden
    assert (comment.status, comment.flag_count) == (Status.PENDING, 3)
    assert comment.held_because == "flagged by 3 people"
    post.discussion.refresh_from_db()
    assert post.discussion.comment_count == 0
    assert (
        "Something people object to." not in Client().get(post.get_absolute_url()).content.decode()
    )
    action = ModerationAction.objects.get()
    assert (action.action, action.moderator, action.from_status, action.to_status) == (
        "hide",
        None,
        "approved",
        "pending",
    )
    assert action.reason == "flagged by 3 people"


def test_the_same_person_flagging_twice_counts_once(
    signed_in: Callable[[User], Client], comment: Comment, outsider: User
) -> None:
    client = signed_in(outsider)
    first = client.post(flag_url(comment), {"reason": "spam"})
    again = client.post(flag_url(comment), {"reason": "abusive"})

    assert first.status_code == 302
    assert again.status_code == 409
    assert "You have already reported this comment" in again.content.decode()
    comment.refresh_from_db()
    assert comment.flag_count == 1
    assert Flag.objects.get().reporter == f"user:{outsider.pk}"
    assert (
        "You have already reported this comment" in client.get(flag_url(comment)).content.decode()
    )


def test_a_guest_flags_through_their_session_and_is_thanked(
    client: Client, post: Post, comment: Comment
) -> None:
    page = client.get(flag_url(comment))
    assert page.status_code == 200
    assert "Something people object to." in page.content.decode()

    response = client.post(flag_url(comment), {"reason": "personal_data"}, follow=True)

    # To the top of the page, where the thanks is, not to the comment below it.
    assert response.redirect_chain == [(f"{post.get_absolute_url()}#main-content", 302)]
    assert "Thank you: a moderator will look at this comment" in response.content.decode()
    flag = Flag.objects.get()
    assert flag.reporter == f"guest:{client.session.session_key}"
    assert (flag.user, flag.reason) == (None, "personal_data")
    assert client.post(flag_url(comment), {"reason": "spam"}).status_code == 409
    assert Client().post(flag_url(comment), {"reason": "spam"}).status_code == 302
    comment.refresh_from_db()
    assert comment.flag_count == 2


def test_flagging_too_often_shows_a_friendly_page(
    client: Client, post: Post, participant: User, settings: Settings
) -> None:
    settings.PARLEY_FLAG_RATE = "2/3600"
    comments = [comment_as(post, participant, f"Comment {n}") for n in range(3)]

    answers = [client.post(flag_url(c), {"reason": "spam"}) for c in comments]

    assert [a.status_code for a in answers] == [302, 302, 429]
    assert 3590 <= int(answers[2]["Retry-After"]) <= 3600
    assert "Please wait a little" in answers[2].content.decode()
    assert Flag.objects.count() == 2


def test_the_limit_counts_flags_from_one_address_whoever_sends_them(
    post: Post, participant: User, settings: Settings
) -> None:
    settings.PARLEY_FLAG_RATE = "2/3600"
    comment = comment_as(post, participant, "Flagged from one café's network.")
    flag_as(None, comment, session_key="first")
    flag_as(None, comment, session_key="second")

    with pytest.raises(flags.FlagRejected) as refused:
        flag_as(None, comment, session_key="third")

    assert refused.value.status == 429
    assert refused.value.retry_after is not None


def test_moderators_are_not_rate_limited(
    post: Post, participant: User, moderator: User, settings: Settings
) -> None:
    settings.PARLEY_FLAG_RATE = "1/3600"
    for n in range(3):
        flag_as(moderator, comment_as(post, participant, f"Comment {n}"))

    assert Flag.objects.count() == 3


def test_choosing_no_reason_is_shown_beside_the_field_and_the_note_is_kept(
    client: Client, comment: Comment
) -> None:
    response = client.post(flag_url(comment), {"note": "It names my neighbour"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose why you are reporting this comment" in page
    assert 'class="govuk-error-message"' in page
    assert "It names my neighbour" in page
    assert not Flag.objects.exists()


def test_a_comment_awaiting_moderation_cannot_be_flagged(
    client: Client, post: Post, guest: discussions.Author
) -> None:
    pending = comment_as(post, guest, "Not shown yet.")

    assert client.get(flag_url(pending)).status_code == 404
    assert client.post(flag_url(pending), {"reason": "spam"}).status_code == 404
    with pytest.raises(flags.FlagRejected) as refused:
        flag_as(None, pending)
    assert refused.value.status == 409


def test_a_suspended_person_cannot_flag(
    signed_in: Callable[[User], Client], comment: Comment, outsider: User, moderator: User
) -> None:
    blocks.block(
        moderator=moderator,
        kind="user",
        user=outsider,
        reason="Flagging everything in sight",
        until=timezone.now() + timedelta(days=1),
    )

    response = signed_in(outsider).post(flag_url(comment), {"reason": "spam"})

    assert response.status_code == 403
    assert "Flagging everything in sight" in response.content.decode()
    assert not Flag.objects.exists()


def test_an_organisations_rules_set_how_many_flags_hide_a_comment(
    comment: Comment, outsider: User, post: Post
) -> None:
    ModerationRules.objects.create(organisation=post.organisation, flags_to_hide=1)
    settle(outsider)

    flagged = flag_as(outsider, comment)

    assert flagged.hidden
    assert Comment.objects.get(pk=comment.pk).held_because == "flagged by 1 people"


def test_a_comment_approved_after_flags_is_not_hidden_again_by_the_next_flag(
    comment: Comment, outsider: User, editor: User, admin_user: User, moderator: User
) -> None:
    for person in (outsider, editor, admin_user):
        flag_as(person, comment)
    moderation.moderate(comment=comment, moderator=moderator, action="approve")

    fourth = flag_as(None, comment)

    assert not fourth.hidden
    assert fourth.flag_count == 4
    assert Comment.objects.get(pk=comment.pk).status == Status.APPROVED


def test_approved_comments_have_a_report_link(client: Client, post: Post, comment: Comment) -> None:
    page = client.get(post.get_absolute_url()).content.decode()

    assert f'href="{flag_url(comment)}"' in page
