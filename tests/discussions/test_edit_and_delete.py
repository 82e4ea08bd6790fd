from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment
from tests.builders import comment_as

GUEST = {"author_name": "Gus Guest", "author_email": "gus@example.net", "author_url": ""}


def test_an_author_can_edit_within_fifteen_minutes_and_it_shows_as_edited(
    signed_in: Callable[[User], Client], post: Post, participant: User
) -> None:
    client = signed_in(participant)
    comment = comment_as(post, participant, "Frist")
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "First, fixed"})
    assert response.status_code == 302
    page = client.get(post.get_absolute_url()).content.decode()
    assert "First, fixed" in page
    assert "edited" in page
    comment.refresh_from_db()
    assert comment.edited_at is not None


def test_editing_after_fifteen_minutes_is_refused_and_keeps_the_text(
    signed_in: Callable[[User], Client], post: Post, participant: User
) -> None:
    client = signed_in(participant)
    comment = comment_as(post, participant, "Old words")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "New words"})
    assert response.status_code == 400
    assert "only be edited for 15 minutes" in response.content.decode()
    assert "New words</textarea>" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body_markdown == "Old words"


def test_nobody_else_can_edit_or_delete_a_comment(
    signed_in: Callable[[User], Client], post: Post, participant: User, outsider: User
) -> None:
    comment = comment_as(post, participant, "Mine")
    client = signed_in(outsider)
    assert client.post(f"/comments/{comment.pk}/edit/", {"body": "Hijacked"}).status_code == 403
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    assert Client().post(f"/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert comment.body_markdown == "Mine"
    assert comment.deleted_at is None


def test_a_guest_can_edit_their_comment_from_the_same_browser(client: Client, post: Post) -> None:
    client.post(post.get_absolute_url(), {**GUEST, "body": "Guest typo"})
    comment = Comment.objects.get()
    assert client.post(f"/comments/{comment.pk}/edit/", {"body": "Guest fixed"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body_markdown == "Guest fixed"


def test_a_deleted_comment_keeps_its_place_in_the_thread(
    signed_in: Callable[[User], Client], post: Post, participant: User, outsider: User
) -> None:
    client = signed_in(participant)
    comment = comment_as(post, participant, "Regrettable")
    comment_as(post, outsider, "Reply stays", parent_number=comment.number)
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 302
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "Regrettable" not in page
    assert "Comment deleted" in page
    assert 'id="comment-1"' in page
    assert "Reply stays" in page
    post.discussion.refresh_from_db()
    assert post.discussion.comment_count == 1


def test_the_edit_page_offers_a_form_with_the_current_text(
    signed_in: Callable[[User], Client], post: Post, participant: User
) -> None:
    comment = comment_as(post, participant, "Current *text*")
    page = signed_in(participant).get(f"/comments/{comment.pk}/edit/").content.decode()
    assert "Current *text*</textarea>" in page
