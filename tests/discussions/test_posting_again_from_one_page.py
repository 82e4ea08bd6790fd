"""With JavaScript a page posts many comments without reloading (issue 17): each posted
comment's answer carries what the next post needs, and the words the script writes come
from the page in its language."""

import json
import re

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.discussions.views import NEXT_FORM_HEADER, _seconds_since_shown
from parley.moderation.models import ModerationRules
from tests.builders import comment_as

GUEST = {"author_name": "Gus Guest", "author_email": "gus@example.net", "author_url": ""}


def form_values(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(shown_at|submission)" value="([^"]*)"', page))


def test_a_posted_comment_comes_with_a_new_key_and_stamp_for_the_next(
    client: Client, post: Post, participant: User
) -> None:
    ModerationRules.objects.create(organisation=None, min_seconds_to_submit=0)
    client.force_login(participant)
    shown = form_values(client.get(post.get_absolute_url()).content.decode())
    first = client.post(
        post.get_absolute_url(), {**shown, "body": "First"}, HTTP_X_PARLEY_FRAGMENT="1"
    )
    assert first.status_code == 201
    following = json.loads(first[NEXT_FORM_HEADER])
    assert following["submission"] not in {"", shown["submission"]}
    since = _seconds_since_shown(following["shown_at"])
    assert since is not None
    assert since < 5
    assert (following["count"], following["count_text"]) == (1, "1 comment")

    again = {"submission": following["submission"], "shown_at": following["shown_at"]}
    second = client.post(
        post.get_absolute_url(),
        {**again, "body": "Second", "parent": "1"},
        HTTP_X_PARLEY_FRAGMENT="1",
    )
    assert second.status_code == 201
    assert json.loads(second[NEXT_FORM_HEADER])["count_text"] == "2 comments"
    assert list(Comment.objects.order_by("number").values_list("body_markdown", flat=True)) == [
        "First",
        "Second",
    ]


def test_a_held_comment_leaves_the_count_as_it_was(
    client: Client, post: Post, outsider: User
) -> None:
    comment_as(post, outsider, "Public")
    response = client.post(
        post.get_absolute_url(), {**GUEST, "body": "Held"}, HTTP_X_PARLEY_FRAGMENT="1"
    )
    assert json.loads(response[NEXT_FORM_HEADER])["count_text"] == "1 comment"


def test_the_count_text_is_in_the_pages_language(
    client: Client, post: Post, participant: User
) -> None:
    client.force_login(participant)
    client.cookies["django_language"] = "cy"
    response = client.post(post.get_absolute_url(), {"body": "Iawn"}, HTTP_X_PARLEY_FRAGMENT="1")
    assert json.loads(response[NEXT_FORM_HEADER])["count_text"] == "1 sylw"


def test_the_words_the_script_writes_are_welsh_on_a_welsh_page(client: Client, post: Post) -> None:
    client.cookies["django_language"] = "cy"
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'data-words-reply-heading="Ateb sylw #{number}"' in page
    assert 'data-words-new-heading="Gadael sylw"' in page
    assert 'data-words-posted="Postiwyd sylw {number}"' in page
    assert 'data-words-copied="Wedi’i gopïo"' in page
