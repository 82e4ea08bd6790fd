"""The comment form carries its own key: sending it again (a double click, a retry after
a timeout) makes one comment, whenever it comes."""

import re
from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment


def form_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))


def test_a_form_sent_twice_makes_one_comment(
    signed_in: Callable[[User], Client], participant: User, post: Post
) -> None:
    client: Client = signed_in(participant)
    fields = form_fields(client.get(post.get_absolute_url()).content.decode())
    assert len(fields["submission"]) == 32
    data = {**fields, "parent": "", "body": "Sent, then sent again after a timeout"}
    assert client.post(post.get_absolute_url(), data).status_code == 302
    Comment.objects.update(created_at=Comment.objects.get().created_at.replace(year=2020))
    assert client.post(post.get_absolute_url(), data).status_code == 302
    assert Comment.objects.count() == 1


def test_each_showing_of_the_form_has_its_own_key(client: Client, post: Post) -> None:
    first = form_fields(client.get(post.get_absolute_url()).content.decode())["submission"]
    second = form_fields(client.get(post.get_absolute_url()).content.decode())["submission"]
    assert first != second


def test_a_used_form_sent_with_other_words_says_so_and_keeps_them(
    signed_in: Callable[[User], Client], participant: User, post: Post
) -> None:
    client: Client = signed_in(participant)
    fields = form_fields(client.get(post.get_absolute_url()).content.decode())
    client.post(post.get_absolute_url(), {**fields, "parent": "", "body": "The first words"})
    response = client.post(
        post.get_absolute_url(), {**fields, "parent": "", "body": "Second thoughts"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "reload the page to write another comment" in page
    assert "Second thoughts</textarea>" in page
    assert Comment.objects.count() == 1
