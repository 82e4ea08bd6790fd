from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from parley.moderation.models import ModerationRules
from parley.moderation.rules import rules_for
from parley.organisations.models import Organisation
from tests.builders import comment_as


def test_an_organisations_rules_take_the_place_of_the_sites(
    organisation: Organisation, other_organisation: Organisation
) -> None:
    ModerationRules.objects.create(organisation=None, max_links=5)
    ModerationRules.objects.create(organisation=organisation, max_links=0)
    assert rules_for(organisation).max_links == 0
    assert rules_for(other_organisation).max_links == 5
    ModerationRules.objects.all().delete()
    assert rules_for(organisation).max_links == 2  # the defaults


def test_comments_with_too_many_links_are_held(post: Post, participant: User) -> None:
    body = "See http://a.example http://b.example http://c.example"
    assert comment_as(post, participant, body).status == Status.PENDING


def test_held_phrases_hold_and_blocked_phrases_mark_as_spam(
    post: Post, participant: User, organisation: Organisation
) -> None:
    ModerationRules.objects.create(
        organisation=organisation, held_phrases="lawyer\nsue", blocked_phrases="cheap pills"
    )
    held = comment_as(post, participant, "My lawyer will hear of this")
    spam = comment_as(post, participant, "Buy CHEAP PILLS today")
    assert (held.status, spam.status) == (Status.PENDING, Status.SPAM)
    assert "lawyer" in held.held_because
    assert "cheap pills" in spam.spam_reasons[0]


def test_a_sensitive_discussion_holds_everything_but_staff(
    post: Post, participant: User, editor: User
) -> None:
    post.discussion.hold_all = True
    post.discussion.save()
    assert comment_as(post, participant, "Ordinary view").status == Status.PENDING
    assert comment_as(post, editor, "Official answer").status == Status.APPROVED


def test_hold_nothing_publishes_a_guests_first_comment(
    post: Post, organisation: Organisation, guest: discussions.Author
) -> None:
    ModerationRules.objects.create(organisation=organisation, hold_nothing=True)
    assert comment_as(post, guest, "First time here").status == Status.APPROVED


def test_a_moderator_changes_their_organisations_rules_in_the_site(
    signed_in: Callable[[User], Client], moderator: User, organisation: Organisation
) -> None:
    client = signed_in(moderator)
    page = client.get("/moderation/rules/")
    assert page.status_code == 302
    assert page["Location"].endswith(f"?organisation={organisation.slug}")
    response = client.post(
        f"/moderation/rules/?organisation={organisation.slug}",
        {
            "hold_first_guest_comment": "on",
            "max_links": "1",
            "held_phrases": "complaint",
            "blocked_phrases": "",
            "min_seconds_to_submit": "2",
            "flags_to_hide": "4",
        },
    )
    assert response.status_code == 302
    assert rules_for(organisation).flags_to_hide == 4


def test_contradictory_rules_come_back_with_an_error(
    signed_in: Callable[[User], Client], admin_user: User
) -> None:
    response = signed_in(admin_user).post(
        "/moderation/rules/",
        {
            "max_links": "2",
            "hold_everything": "on",
            "hold_nothing": "on",
            "min_seconds_to_submit": "3",
            "flags_to_hide": "3",
            "held_phrases": "kept text",
        },
    )
    assert response.status_code == 400
    assert "Choose either hold every comment or hold nothing" in response.content.decode()
    assert "kept text</textarea>" in response.content.decode()
    assert not ModerationRules.objects.exists()


def test_only_moderators_change_rules(
    signed_in: Callable[[User], Client],
    participant: User,
    other_moderator: User,
    organisation: Organisation,
) -> None:
    assert signed_in(participant).get("/moderation/rules/").status_code == 403
    client = signed_in(other_moderator)
    assert client.get(f"/moderation/rules/?organisation={organisation.slug}").status_code == 403
    assert client.get("/moderation/rules/?organisation=elsewhere").status_code == 200


def test_trusted_guests_skip_the_first_comment_hold(
    client: Client, post: Post, moderator: User
) -> None:
    from parley.moderation import services

    guest = {"author_name": "Gus", "author_email": "gus@example.net"}
    client.post(post.get_absolute_url(), {**guest, "body": "First"})
    services.moderate(comment=Comment.objects.get(), moderator=moderator, action="approve")
    client.post(post.get_absolute_url(), {**guest, "body": "Second"})
    assert Comment.objects.get(body_markdown="Second").status == Status.APPROVED


def test_a_moderator_holds_every_comment_on_a_sensitive_discussion(
    signed_in: Callable[[User], Client],
    moderator: User,
    other_moderator: User,
    post: Post,
    participant: User,
) -> None:
    client = signed_in(moderator)
    assert "Hold every new comment here" in client.get(post.get_absolute_url()).content.decode()
    client.post(f"/moderation/discussions/{post.discussion.pk}/hold/", {"hold": "on"})
    post.discussion.refresh_from_db()
    assert post.discussion.hold_all
    assert comment_as(post, participant, "A view").status == Status.PENDING
    response = signed_in(other_moderator).post(
        f"/moderation/discussions/{post.discussion.pk}/hold/", {"hold": "off"}
    )
    assert response.status_code == 403
    post.discussion.refresh_from_db()
    assert post.discussion.hold_all
