"""Imported posts, pages and comments are stored as our Markdown, rendered the normal way,
so editing one shows text, not tags, and readers see what they saw on WordPress."""

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils.html import escape
from pytest_django import Settings

from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.markup import COMMENT_TAGS, clean, render_comment, render_document
from parley.organisations.models import Organisation, Role
from parley.wiki.models import Page
from parley.wordpress import content
from parley.wordpress.models import WordPressItem
from tests.builders import member_of

pytestmark = pytest.mark.django_db

TAG = re.compile(r"</?[a-zA-Z][^>]*>")
LONG_COMMENT = """<h1>My response</h1>
<h2>Costs</h2>
<table><thead><tr><th>Item</th><th>Cost</th></tr></thead><tbody><tr><td>Rent</td><td>£900</td></tr><tr><td>Food</td><td>£300</td></tr></tbody></table>
<img src="https://frank.example.org/chart.png" alt="chart" onerror="alert(1)">
<h3>Conclusion</h3>
<p>See <a href="javascript:alert(1)">this</a> and \
<a href="https://frank.example.org/">my site</a>.</p>"""


def by_wp_id(wp_id: int) -> Comment:
    comment = WordPressItem.objects.get(kind="comment", wp_id=wp_id).comment
    assert comment is not None
    return comment


def visible(html: str) -> str:
    return re.sub(r"\s+", " ", TAG.sub(" ", html)).strip()


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_every_imported_body_is_markdown_that_renders_to_the_html_stored(
    import_file: Callable[..., str],
) -> None:
    import_file("site.xml")
    comments = Comment.objects.all()
    assert comments.count() > 20
    for comment in comments:
        assert not TAG.search(comment.body_markdown), comment.body_markdown
        assert comment.body_html == render_comment(comment.body_markdown).html
    for post in Post.objects.all():
        assert not TAG.search(post.body_markdown), post.body_markdown
        assert post.body_html == render_document(post.body_markdown)
    for page in Page.objects.all():
        assert not TAG.search(page.body_markdown)


def test_the_long_comment_shows_readers_the_same_text_and_links_as_before(
    import_file: Callable[..., str],
) -> None:
    import_file("site.xml")
    comment = by_wp_id(110)
    # What a reader saw: the comment as WordPress showed it, within what comments allow.
    before = clean(content.autop(content.flatten_for_comment(LONG_COMMENT)), tags=COMMENT_TAGS)
    assert visible(comment.body_html) == visible(before)
    assert (
        links(comment.body_html)
        == links(before)
        == [
            "https://frank.example.org/chart.png",
            "https://frank.example.org/",
        ]
    )
    assert "**Costs**" in comment.body_markdown
    assert "[chart](https://frank.example.org/chart.png)" in comment.body_markdown
    assert "javascript" not in comment.body_markdown
    assert "onerror" not in comment.body_html


def test_entities_emoji_and_greek_come_through_as_text(import_text: Callable[[str], str]) -> None:
    import_text(
        """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old</title><link>https://old.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://old.example.org</wp:base_blog_url>
<item><title>Fish</title><wp:post_id>3</wp:post_id><wp:post_type>post</wp:post_type>
<wp:status>publish</wp:status><wp:post_date_gmt>2010-01-01 10:00:00</wp:post_date_gmt>
<content:encoded><![CDATA[Fish &amp; chips &#8211; <em>always</em> 🐟]]></content:encoded>
<wp:comment><wp:comment_id>30</wp:comment_id><wp:comment_author>Ελένη</wp:comment_author>
<wp:comment_date_gmt>2010-01-02 10:00:00</wp:comment_date_gmt>
<wp:comment_approved>1</wp:comment_approved>
<wp:comment_content><![CDATA[Γεια σας &amp; 🎉 &lt;3 &#8216;quoted&#8217; 5 * 3 = 15
1. not a list]]></wp:comment_content></wp:comment>
</item></channel></rss>
"""
    )
    post = Post.objects.get(slug="fish")
    assert post.body_markdown == "Fish & chips – *always* 🐟"
    comment = Comment.objects.get()
    assert comment.body_markdown == "Γεια σας & 🎉 \\<3 ‘quoted’ 5 \\* 3 = 15\\\n1\\. not a list"
    assert comment.body_html == (
        "<p>Γεια σας &amp; 🎉 &lt;3 ‘quoted’ 5 * 3 = 15<br>\n1. not a list</p>\n"
    )


def test_the_post_editor_shows_markdown_not_tags(
    import_file: Callable[..., str], client: Client, organisation: Organisation
) -> None:
    import_file("site.xml")
    editor = member_of(organisation, "editor@example.org", "Edith Editor", Role.EDITOR)
    client.force_login(editor)
    html = client.get("/blog/hello-world/edit/").content.decode()
    post = Post.objects.get(slug="hello-world")
    assert "**bold**" in post.body_markdown
    assert escape(post.body_markdown) in html
    assert "&lt;strong&gt;" not in html
    assert "&lt;p&gt;" not in html


def test_the_comment_edit_form_shows_markdown_not_tags(
    import_file: Callable[..., str], client: Client, settings: Settings
) -> None:
    settings.PARLEY_COMMENT_EDIT_MINUTES = 60 * 24 * 365 * 100  # the comment is from 2009
    import_file("site.xml")
    comment = by_wp_id(101)  # written by alice, an author of the old site
    assert comment.user is not None
    client.force_login(comment.user)
    html = client.get(f"/comments/{comment.pk}/edit/").content.decode()
    assert escape(comment.body_markdown) in html
    assert "Thank you, Γιώργο." in html
    assert "&lt;p&gt;" not in html
