"""The comment form without JavaScript: post, reply, errors that lose nothing."""

import re
from collections.abc import Callable

from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment, Status
from parley.moderation import services as moderation
from tests import html
from tests.builders import comment_as

GUEST = {"author_name": "Gus Guest", "author_email": "gus@example.net", "author_url": ""}


def test_a_first_time_guest_is_held_and_sees_their_comment_awaiting_moderation(
    client: Client, post: Post
) -> None:
    response = client.post(post.get_absolute_url(), {**GUEST, "body": "My first thought"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.number}"
    assert comment.status == Status.PENDING
    page = client.get(post.get_absolute_url()).content.decode()
    assert "My first thought" in page
    assert "Awaiting moderation" in page
    assert "My first thought" not in Client().get(post.get_absolute_url()).content.decode()


def test_a_guest_posting_again_finds_their_name_and_address_typed_once(
    client: Client, post: Post
) -> None:
    """Without JavaScript the page reloads after posting: the next form keeps what the
    guest typed about themselves (as the page with JavaScript does), once, and only for
    them; nothing is remembered for later unless they ask."""
    details = {**GUEST, "author_url": "https://gus.example.net/"}
    client.post(post.get_absolute_url(), {**details, "body": "My first thought"})

    page = client.get(post.get_absolute_url()).content.decode()
    assert 'value="Gus Guest"' in page
    assert 'value="gus@example.net"' in page
    assert 'value="https://gus.example.net/"' in page
    assert "gus@example.net" not in Client().get(post.get_absolute_url()).content.decode()
    remembered = client.cookies.get("parley_guest")
    assert remembered is None or remembered.value == ""  # they did not ask to be remembered

    client.post(post.get_absolute_url(), {**details, "body": "And a second one"})
    assert Comment.objects.filter(author_email="gus@example.net").count() == 2
    client.get(post.get_absolute_url())
    assert 'value="Gus Guest"' not in client.get(post.get_absolute_url()).content.decode()


def test_a_guest_approved_once_appears_at_once_next_time(
    client: Client, post: Post, moderator: User
) -> None:
    client.post(post.get_absolute_url(), {**GUEST, "body": "First"})
    moderation.moderate(comment=Comment.objects.get(), moderator=moderator, action="approve")
    client.post(
        post.get_absolute_url(), {**GUEST, "author_email": "GUS@example.net", "body": "Second"}
    )
    assert Comment.objects.get(body_markdown="Second").status == Status.APPROVED
    assert "Second" in Client().get(post.get_absolute_url()).content.decode()


def test_a_signed_in_person_comments_as_themselves_at_once(
    signed_in: Callable[[User], Client], post: Post, participant: User
) -> None:
    client = signed_in(participant)
    client.post(post.get_absolute_url(), {"body": "Signed-in view"})
    comment = Comment.objects.get()
    assert comment.user == participant
    assert comment.status == Status.APPROVED
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "Signed-in view" in page
    assert "Mina Member" in page


def test_the_guest_email_is_never_shown_on_the_page(
    client: Client, post: Post, moderator: User
) -> None:
    client.post(post.get_absolute_url(), {**GUEST, "body": "Hello"})
    moderation.moderate(comment=Comment.objects.get(), moderator=moderator, action="approve")
    assert "gus@example.net" not in Client().get(post.get_absolute_url()).content.decode()


def test_missing_details_come_back_beside_each_field_with_what_was_typed(
    client: Client, post: Post
) -> None:
    response = client.post(
        post.get_absolute_url(),
        {"author_name": "", "author_email": "not-an-address", "body": "Keep this text"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter your name" in page
    assert "Enter an e-mail address in the correct format" in page
    assert "Keep this text</textarea>" in page
    assert 'value="not-an-address"' in page
    assert not Comment.objects.exists()


def test_an_empty_or_too_long_body_is_refused(client: Client, post: Post) -> None:
    empty = client.post(post.get_absolute_url(), {**GUEST, "body": "   "})
    long = client.post(post.get_absolute_url(), {**GUEST, "body": "x" * 10_001})
    assert "Enter your comment" in empty.content.decode()
    assert "10,000 characters or fewer" in long.content.decode()
    assert not Comment.objects.exists()


def test_replying_to_an_unknown_or_removed_comment_is_refused_keeping_the_text(
    client: Client, post: Post, participant: User, moderator: User
) -> None:
    removed = comment_as(post, participant, "Soon gone")
    moderation.moderate(comment=removed, moderator=moderator, action="remove", reason="abusive")
    unknown = client.post(post.get_absolute_url(), {**GUEST, "body": "Reply A", "parent": "99"})
    gone = client.post(
        post.get_absolute_url(), {**GUEST, "body": "Reply B", "parent": str(removed.number)}
    )
    assert "There is no comment #99 in this discussion" in unknown.content.decode()
    assert "Reply A</textarea>" in unknown.content.decode()
    assert "no longer shown" in gone.content.decode()
    assert Comment.objects.count() == 1


def test_a_reply_link_works_without_javascript(
    client: Client, post: Post, participant: User
) -> None:
    first = comment_as(post, participant, "Parent")
    page = client.get(f"{post.get_absolute_url()}?reply={first.number}").content.decode()
    assert "Reply to comment #1" in page
    assert 'name="parent" value="1"' in page
    client.post(post.get_absolute_url(), {**GUEST, "body": "Child", "parent": "1"})
    assert Comment.objects.get(body_markdown="Child").parent == first


def test_a_closed_discussion_shows_its_comments_and_refuses_new_ones(
    client: Client, post: Post, participant: User
) -> None:
    comment_as(post, participant, "Said before closing")
    post.discussion.is_open = False
    post.discussion.save()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Said before closing" in page
    assert "Comments are closed" in page
    assert 'id="comment-form" class="parley-comment-form"' not in page
    response = client.post(post.get_absolute_url(), {**GUEST, "body": "Too late"})
    assert response.status_code == 409
    assert "Comments are closed" in response.content.decode()
    assert "Too late</textarea>" in response.content.decode()
    assert Comment.objects.count() == 1


def test_double_submission_creates_one_comment(client: Client, post: Post) -> None:
    for _ in range(2):
        response = client.post(post.get_absolute_url(), {**GUEST, "body": "Same words"})
        assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_the_form_remembers_a_guest_who_asks(client: Client, post: Post) -> None:
    client.post(
        post.get_absolute_url(),
        {**GUEST, "author_url": "https://gus.example.net/", "body": "Hi", "remember": "on"},
    )
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'value="Gus Guest"' in page
    assert 'value="https://gus.example.net/"' in page


def test_the_form_forgets_a_guest_who_does_not_ask(client: Client, post: Post) -> None:
    client.post(post.get_absolute_url(), {**GUEST, "body": "Hi", "remember": "on"})
    client.post(post.get_absolute_url(), {**GUEST, "body": "Hi again"})
    assert 'value="Gus Guest"' not in client.get(post.get_absolute_url()).content.decode()


def test_robots_that_fill_the_hidden_field_are_marked_as_spam(client: Client, post: Post) -> None:
    client.post(post.get_absolute_url(), {**GUEST, "body": "Buy now", "homepage": "http://spam"})
    assert Comment.objects.get().status == Status.SPAM


def test_commenting_too_fast_is_refused_with_a_friendly_message(
    client: Client, post: Post, settings: Settings
) -> None:
    settings.PARLEY_COMMENT_RATE = "2/60"
    for n in range(2):
        client.post(post.get_absolute_url(), {**GUEST, "body": f"Comment {n}"})
    response = client.post(post.get_absolute_url(), {**GUEST, "body": "One too many"})
    assert response.status_code == 429
    assert "commenting too quickly" in response.content.decode()
    assert "One too many</textarea>" in response.content.decode()


def test_posting_with_javascript_returns_the_new_comment_as_a_fragment(
    client: Client, post: Post
) -> None:
    response = client.post(
        post.get_absolute_url(), {**GUEST, "body": "Via fetch"}, HTTP_X_PARLEY_FRAGMENT="1"
    )
    assert response.status_code == 201
    assert html.one_line(response.content.decode()).lstrip().startswith('<li id="comment-1"')


def test_errors_with_javascript_return_the_form_fragment(client: Client, post: Post) -> None:
    response = client.post(
        post.get_absolute_url(), {**GUEST, "body": ""}, HTTP_X_PARLEY_FRAGMENT="1"
    )
    assert response.status_code == 400
    assert 'id="comment-form"' in response.content.decode()
    assert "Enter your comment" in response.content.decode()


def test_a_form_sent_back_faster_than_a_person_could_type_is_spam(
    client: Client, post: Post
) -> None:
    page = client.get(post.get_absolute_url()).content.decode()
    found = re.search(r'name="shown_at" value="([^"]+)"', page)
    assert found is not None
    stamp = found.group(1)
    client.post(post.get_absolute_url(), {**GUEST, "body": "Instant", "shown_at": stamp})
    comment = Comment.objects.get()
    assert comment.status == Status.SPAM
    assert "after the form appeared" in comment.spam_reasons[0]


def test_a_forged_form_stamp_is_spam(client: Client, post: Post) -> None:
    client.post(post.get_absolute_url(), {**GUEST, "body": "Forged", "shown_at": "12345"})
    assert Comment.objects.get().status == Status.SPAM
