"""Repeating someone's held comment (the same words from the same address within a
minute) tells the repeater their comment waits for a moderator, as a first post is told,
and shows them nothing of the earlier comment unless it is public (issue 18)."""

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment, Status
from parley.moderation import services as moderation

VICTIM = {"author_name": "Vera Victim", "author_email": "vera@example.net", "author_url": ""}
COPYCAT = {**VICTIM, "author_name": "Cathy Copycat"}  # knows the address, copies the words
WORDS = "My considered view, with https://example.org/my-evidence"
WAITING = "Your comment is waiting for a moderator"


def held_comment(post: Post) -> Comment:
    Client().post(post.get_absolute_url(), {**VICTIM, "body": WORDS})
    comment = Comment.objects.get()
    assert comment.status == Status.PENDING
    return comment


def test_with_javascript_the_repeater_is_told_it_waits_and_sees_nothing_of_it(
    post: Post,
) -> None:
    comment = held_comment(post)

    response = Client().post(
        post.get_absolute_url(), {**COPYCAT, "body": WORDS}, HTTP_X_PARLEY_FRAGMENT="1"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert WAITING in html
    assert f'id="comment-{comment.number}"' in html
    assert "parley-comment--pending" in html  # the page's script announces it as waiting
    assert "my-evidence" not in html
    assert "Vera Victim" not in html
    assert Comment.objects.count() == 1


def test_without_javascript_the_repeater_is_told_it_waits_and_sees_nothing_of_it(
    post: Post,
) -> None:
    held_comment(post)
    copycat = Client()

    response = copycat.post(post.get_absolute_url(), {**COPYCAT, "body": WORDS}, follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("#comments")
    assert WAITING in page
    assert "my-evidence" not in page
    assert "Vera Victim" not in page


def test_the_welsh_repeater_is_told_in_welsh(post: Post) -> None:
    held_comment(post)
    copycat = Client()
    copycat.cookies["django_language"] = "cy"

    page = copycat.post(post.get_absolute_url(), {**COPYCAT, "body": WORDS}, follow=True)

    assert "Mae eich sylw’n aros am gymedrolwr" in page.content.decode()


def test_once_public_the_repeater_is_shown_the_comment_as_anyone_is(
    post: Post, moderator: User
) -> None:
    comment = held_comment(post)
    moderation.moderate(comment=comment, moderator=moderator, action="approve")

    response = Client().post(
        post.get_absolute_url(), {**COPYCAT, "body": WORDS}, HTTP_X_PARLEY_FRAGMENT="1"
    )

    assert "my-evidence" in response.content.decode()
    assert WAITING not in response.content.decode()


def test_the_browser_that_wrote_it_still_sees_its_own_held_comment_on_a_repeat(
    post: Post,
) -> None:
    author = Client()
    author.post(post.get_absolute_url(), {**VICTIM, "body": WORDS})

    response = author.post(
        post.get_absolute_url(), {**VICTIM, "body": WORDS}, HTTP_X_PARLEY_FRAGMENT="1"
    )

    assert "my-evidence" in response.content.decode()
    assert "Awaiting moderation" in response.content.decode()
