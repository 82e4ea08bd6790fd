"""Each comment's HTML is rendered once and reused (parley.discussions.fragments): the
controls are still each viewer's own, and a change to a comment shows at once."""

import re

from django.contrib.auth import get_user_model
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment
from tests.builders import comment_as


def controls(page: str, comment: Comment) -> set[str]:
    """Which of edit, delete, report and like the page offers for `comment`."""
    found = set()
    if f'href="/comments/{comment.pk}/edit/"' in page:
        found.add("edit")
    if f'href="/comments/{comment.pk}/delete/"' in page:
        found.add("delete")
    if f"/comments/{comment.pk}/flag/" in page or f"/flag/{comment.pk}" in page:
        found.add("report")
    if f'action="/comments/{comment.pk}/like/"' in page:
        found.add("like")
    return found


def page_for(user: User | None, url: str) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url).content.decode()


def test_each_viewer_sees_only_their_own_edit_and_delete_controls(
    post: Post, participant: User, outsider: User, settings: Settings
) -> None:
    settings.PARLEY_PAGE_CACHE = False  # every page rendered, from kept comments
    mine = comment_as(post, participant, "Written by the member")
    theirs = comment_as(post, outsider, "Written by the outsider")
    url = post.get_absolute_url()
    for _ in range(2):  # the second round is served from kept comments
        as_member = page_for(participant, url)
        assert controls(as_member, mine) == {"edit", "delete", "like"}
        assert controls(as_member, theirs) == {"report", "like"}
        as_outsider = page_for(outsider, url)
        assert controls(as_outsider, mine) == {"report", "like"}
        assert controls(as_outsider, theirs) == {"edit", "delete", "like"}
        anonymous = page_for(None, url)
        assert controls(anonymous, mine) == {"report"}
        assert controls(anonymous, theirs) == {"report"}


def test_a_kept_like_button_carries_the_viewers_own_csrf_token(
    post: Post, participant: User, outsider: User, settings: Settings
) -> None:
    settings.PARLEY_PAGE_CACHE = False
    comment = comment_as(post, participant, "Likeable")
    page_for(get_user_model().objects.get(pk=outsider.pk), post.get_absolute_url())  # kept
    for person in (outsider, get_user_model().objects.create_user(email="third@example.net")):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(person)
        page = browser.get(post.get_absolute_url()).content.decode()
        form = re.search(
            rf'action="/comments/{comment.pk}/like/".*?name="csrfmiddlewaretoken" value="([^"]+)"',
            page,
            re.S,
        )
        assert form is not None
        assert "csrf-" not in page
        response = browser.post(
            f"/comments/{comment.pk}/like/", {"csrfmiddlewaretoken": form.group(1)}
        )
        assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.like_count == 2


def test_a_signed_in_viewer_sees_their_like_and_others_do_not(
    post: Post, participant: User, outsider: User, settings: Settings
) -> None:
    settings.PARLEY_PAGE_CACHE = False
    comment = comment_as(post, participant, "Likeable")
    discussions.like_comment(comment=comment, user=outsider)
    assert "Unlike" in page_for(outsider, post.get_absolute_url())
    page = page_for(participant, post.get_absolute_url())
    assert 'aria-pressed="false"' in page
    assert "Unlike" not in page


def test_a_renamed_author_shows_their_new_name_at_once(
    post: Post, participant: User, settings: Settings
) -> None:
    settings.PARLEY_PAGE_CACHE = False
    comment_as(post, participant, "Named")
    assert participant.display_name in page_for(None, post.get_absolute_url())
    participant.display_name = "Mina Renamed"
    participant.save(update_fields=["display_name"])
    assert "Mina Renamed" in page_for(None, post.get_absolute_url())


def test_a_comment_of_someone_whose_account_is_gone_is_by_a_former_participant(
    post: Post, outsider: User, settings: Settings
) -> None:
    settings.PARLEY_PAGE_CACHE = False
    comment = comment_as(post, outsider, "Said before leaving")
    assert outsider.display_name in page_for(None, post.get_absolute_url())
    Comment.objects.filter(pk=comment.pk).update(user=None, author_name="")
    page = page_for(None, post.get_absolute_url())
    assert "A former participant" in page
    assert outsider.display_name not in page


def test_welsh_readers_get_welsh_comments_and_english_readers_english(
    post: Post, participant: User, settings: Settings
) -> None:
    settings.PARLEY_PAGE_CACHE = False
    comment_as(post, participant, "Hello")
    for _ in range(2):
        welsh = Client().get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="cy")
        assert ">Ateb<" in welsh.content.decode()  # "Reply"
        english = Client().get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en-GB")
        assert ">Reply<" in english.content.decode()
        assert ">Ateb<" not in english.content.decode()
