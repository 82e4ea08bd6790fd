from collections.abc import Callable

import pytest
from django.test import Client

from parley.discussions.models import Comment
from parley.wiki.models import Page
from parley.wordpress.models import WordPressItem
from tests import html

pytestmark = pytest.mark.django_db


def test_a_published_page_goes_into_the_sites_wiki_space(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    page = Page.objects.get(slug="about")
    assert page.space.slug == "site"
    assert page.title == "About us"
    assert page.body_html == "<p>Text of About us.</p>\n"
    assert page.body_markdown == "Text of About us."
    assert page.revisions.count() == 1


def test_comments_on_a_page_are_threaded_in_its_discussion(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    page = Page.objects.get(slug="about")
    first, reply = Comment.objects.filter(discussion=page.discussion).order_by("path")
    assert reply.parent == first
    assert page.discussion.comment_count == 2


def test_a_wiki_page_shows_the_comments_it_had_in_wordpress(
    import_file: Callable[..., str], client: Client
) -> None:
    import_file("site.xml")
    html = client.get("/wiki/site/about/").content.decode()
    for comment in Comment.objects.filter(discussion__wiki_page__slug="about"):
        assert comment.body_html in html


def test_an_old_link_to_a_comment_on_a_page_lands_on_that_comment(
    import_file: Callable[..., str], client: Client
) -> None:
    """`/?page_id=15#comment-<id>`: the redirect marks the wiki page, where each imported
    comment answers to its WordPress id (without the mark, to its number here)."""
    import_file("site.xml")
    marked = html.one_line(client.get(client.get("/?page_id=15")["Location"]).content.decode())
    plain = html.one_line(client.get("/wiki/site/about/").content.decode())
    items = WordPressItem.objects.filter(comment__discussion__wiki_page__slug="about")
    assert items.count() == 2
    for item in items:
        assert item.comment is not None
        assert f'<li id="comment-{item.wp_id}" class="parley-comment' in marked
        assert f'<li id="comment-{item.comment.number}" class="parley-comment' in plain


UNPUBLISHED_PAGE = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old</title><link>https://old.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://old.example.org</wp:base_blog_url>
<item><title>Private page</title><wp:post_id>5</wp:post_id><wp:post_type>page</wp:post_type>
<wp:status>private</wp:status><content:encoded>Secret.</content:encoded>
<wp:comment><wp:comment_id>50</wp:comment_id><wp:comment_content>Hidden.</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved></wp:comment>
<wp:comment><wp:comment_id>51</wp:comment_id><wp:comment_content>Also.</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved></wp:comment>
</item></channel></rss>
"""


def test_comments_on_a_page_left_out_of_the_wiki_are_reported_as_skipped(
    import_text: Callable[[str], str],
) -> None:
    report = import_text(UNPUBLISHED_PAGE)
    assert "Skipped: 1 unpublished page, 2 comments on unpublished pages" in report
    assert (
        "line 6, item 5 ‘Private page’: an unpublished or password-protected page: skipped, "
        "with its 2 comments"
    ) in report
    assert not Comment.objects.exists()
