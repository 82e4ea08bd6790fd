"""A comment's language is not recorded: it is guessed from its words (plainly English,
plainly Welsh, or not known), and a comment in a language other than the page's is
marked with `lang` so screen readers pronounce it right (issue 17)."""

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.bilingual import written_in
from parley.blog.models import Post
from tests.builders import comment_as


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I think the rota should cover the weekends.", "en"),
        ("Rwy’n cytuno, mae angen rota ar y penwythnos hefyd.", "cy"),
        ("Diolch!", "cy"),
        ("Thanks, this is clear.", "en"),
        ("OK", ""),
        ("Gŵyl", "cy"),
        ("", ""),
    ],
)
def test_plain_english_and_plain_welsh_are_told_apart(text: str, language: str) -> None:
    assert written_in(text) == language


def test_an_english_comment_on_a_welsh_page_is_marked_english(
    client: Client, post: Post, outsider: User
) -> None:
    comment_as(post, outsider, "I think the rota should cover the weekends.")
    comment_as(post, outsider, "Rwy’n cytuno, mae angen rota ar y penwythnos hefyd.")
    comment_as(post, outsider, "OK")
    client.cookies["django_language"] = "cy"
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('<div class="parley-comment__body" lang="en">') == 1
    assert page.count('<div class="parley-comment__body">') == 2


def test_a_welsh_comment_on_an_english_page_is_marked_welsh(
    client: Client, post: Post, outsider: User
) -> None:
    comment_as(post, outsider, "Rwy’n cytuno, mae angen rota ar y penwythnos hefyd.")
    comment_as(post, outsider, "I agree with this.")
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('<div class="parley-comment__body" lang="cy">') == 1
    assert page.count('<div class="parley-comment__body">') == 1


def test_a_persons_page_marks_their_comments_in_the_other_language(
    client: Client, post: Post, outsider: User
) -> None:
    comment_as(post, outsider, "I think the rota should cover the weekends.")
    client.cookies["django_language"] = "cy"
    page = client.get(f"/people/{outsider.pk}/").content.decode()
    assert '<div class="parley-prose" lang="en">' in page
