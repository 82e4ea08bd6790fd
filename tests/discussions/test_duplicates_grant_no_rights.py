"""Posting the same words with someone else's e-mail address within a minute returns their
comment (a double submission is not saved twice), but never makes it the poster's."""

from django.test import Client

from parley.blog.models import Post
from parley.discussions.models import Comment

VICTIM = {"author_name": "Vera Victim", "author_email": "vera@example.net", "author_url": ""}
COPYCAT = VICTIM  # the copycat knows the address and copies the words


def test_repeating_a_guests_words_and_address_gives_no_right_to_edit_or_delete(post: Post) -> None:
    victim, copycat = Client(), Client()
    victim.post(post.get_absolute_url(), {**VICTIM, "body": "My considered view"})
    comment = Comment.objects.get()

    response = copycat.post(post.get_absolute_url(), {**COPYCAT, "body": "My considered view"})

    assert response.status_code == 302
    assert Comment.objects.count() == 1
    edit = copycat.post(f"/comments/{comment.pk}/edit/", {"body": "Taken over"})
    assert edit.status_code == 403
    assert copycat.post(f"/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert comment.body_markdown == "My considered view"
    assert comment.deleted_at is None


def test_the_fragment_answer_to_a_repeat_offers_no_edit_or_delete(post: Post) -> None:
    victim, copycat = Client(), Client()
    victim.post(post.get_absolute_url(), {**VICTIM, "body": "My considered view"})
    comment = Comment.objects.get()

    response = copycat.post(
        post.get_absolute_url(),
        {**COPYCAT, "body": "My considered view"},
        HTTP_X_PARLEY_FRAGMENT="1",
    )

    assert response.status_code == 200
    assert f"/comments/{comment.pk}/edit/" not in response.content.decode()
    assert copycat.post(f"/comments/{comment.pk}/delete/").status_code == 403


def test_the_same_browser_submitting_twice_still_keeps_its_comment(post: Post) -> None:
    guest = Client()
    guest.post(post.get_absolute_url(), {**VICTIM, "body": "Sent twice"})
    guest.post(post.get_absolute_url(), {**VICTIM, "body": "Sent twice"})
    comment = Comment.objects.get()
    assert guest.post(f"/comments/{comment.pk}/edit/", {"body": "Fixed"}).status_code == 302
