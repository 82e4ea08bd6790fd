from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services
from tests.builders import comment_as


def test_liking_twice_counts_once_and_a_second_person_adds_one(
    post: Post, participant: User, outsider: User
) -> None:
    comment = comment_as(post, participant, "Likeable")
    assert services.like_comment(comment=comment, user=outsider) == 1
    assert services.like_comment(comment=comment, user=outsider) == 1
    assert services.like_comment(comment=comment, user=participant) == 2
    assert services.unlike_comment(comment=comment, user=outsider) == 1
    assert services.unlike_comment(comment=comment, user=outsider) == 1


def test_the_like_button_toggles_and_the_page_shows_the_count(
    signed_in: Callable[[User], Client], post: Post, participant: User, outsider: User
) -> None:
    comment = comment_as(post, participant, "Likeable")
    client = signed_in(outsider)
    client.post(f"/comments/{comment.pk}/like/")
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "1 person likes this" in page
    client.post(f"/comments/{comment.pk}/like/")
    comment.refresh_from_db()
    assert comment.like_count == 0


def test_guests_are_asked_to_sign_in_to_like(client: Client, post: Post, participant: User) -> None:
    comment = comment_as(post, participant, "Likeable")
    response = client.post(f"/comments/{comment.pk}/like/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    comment.refresh_from_db()
    assert comment.like_count == 0


def test_posts_can_be_liked_once_per_person(
    signed_in: Callable[[User], Client], post: Post, participant: User
) -> None:
    client = signed_in(participant)
    client.post(f"/blog/{post.slug}/like/")
    post.refresh_from_db()
    assert post.like_count == 1
    assert "1 person likes this" in client.get(post.get_absolute_url()).content.decode()
    client.post(f"/blog/{post.slug}/like/")
    post.refresh_from_db()
    assert post.like_count == 0


def test_a_comment_on_a_draft_cannot_be_liked_or_read_through_the_like_button(
    signed_in: Callable[[User], Client], post: Post, editor: User, outsider: User
) -> None:
    """An editor's note on a post not yet published: liking it (with JavaScript, which
    answers with the comment) would show its text and the draft's address."""
    note = comment_as(post, editor, "Check the figures before we publish")
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)
    client = signed_in(outsider)

    for headers in ({}, {"X-Parley-Fragment": "1"}):
        response = client.post(f"/comments/{note.pk}/like/", headers=headers)
        assert response.status_code == 404
        assert b"Check the figures" not in response.content
        assert post.slug not in response.get("Location", "")
    note.refresh_from_db()
    assert note.like_count == 0
