"""What WordPress's own importer makes of an export, ours makes the same: items without an
id, published posts without a date, the default category, a reply under a held comment."""

from collections.abc import Callable

import pytest
from django.utils import timezone

from parley.blog.models import Post
from parley.discussions.models import Comment, Status

pytestmark = pytest.mark.django_db

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Theme preview</title><link>https://preview.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
"""
NO_IDS = (
    HEAD
    + """<item><title>Dated</title><link>https://preview.example.org/dated/</link>
<guid isPermaLink="false">https://preview.example.org/?p=dated</guid>
<content:encoded>One.</content:encoded><wp:post_date_gmt>2010-01-01 10:00:00</wp:post_date_gmt>
<wp:post_name>dated</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
</item>
<item><title>Undated</title><link>https://preview.example.org/undated/</link>
<content:encoded>Two.</content:encoded>
<wp:post_name>undated</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
</item></channel></rss>"""
)


def test_items_without_an_id_are_imported_once_keyed_on_their_guid_or_link(
    import_text: Callable[[str], str],
) -> None:
    report = import_text(NO_IDS)
    assert report.startswith("Imported: 2 posts, 2 items keyed on their guid or link\n")
    guid = "https://preview.example.org/?p=dated"
    assert f"‘Dated’: no numeric wp:post_id: imported, keyed on ‘{guid}’" in report
    assert set(Post.objects.values_list("slug", flat=True)) == {"dated", "undated"}
    assert import_text(NO_IDS).startswith("Imported: nothing new")
    assert Post.objects.count() == 2


def test_a_published_post_without_a_date_is_published_dated_at_import(
    import_text: Callable[[str], str],
) -> None:
    before = timezone.now()
    report = import_text(NO_IDS)
    undated = Post.objects.get(slug="undated")
    assert undated.status == Post.Status.PUBLISHED
    assert undated.published_at is not None
    assert undated.published_at >= before
    assert "‘Undated’: published with no date: dated at import" in report


def test_the_default_category_is_no_tag(import_file: Callable[..., str]) -> None:
    import_file("block-editor.xml")
    post = Post.objects.get(slug="a-plan-for-the-city")
    assert [tag.name for tag in post.tags.all()] == ["Housing"]


def test_an_approved_reply_to_a_held_comment_is_held_under_it(
    import_file: Callable[..., str],
) -> None:
    report = import_file("block-editor.xml")
    held = Comment.objects.get(author_name="Heledd Rees")
    reply = Comment.objects.get(author_name="Iwan Morgan")
    assert held.status == Status.PENDING
    assert reply.parent == held
    assert reply.status == Status.PENDING
    assert "approved, but its parent 15 is not shown: held for moderation with it" in report
    assert held.discussion.comment_count == 5  # the thread four deep and the pingback


def test_images_left_on_the_old_site_are_counted_in_the_report(
    import_file: Callable[..., str],
) -> None:
    report = import_file("block-editor.xml")
    post = Post.objects.get(slug="a-plan-for-the-city")
    old = "https://blocks.example.org/wp-content/uploads/2023/05/map.png"
    assert f'src="{old}"' in post.body_html  # the original absolute address, kept
    assert (
        "Left pointing at the old site: 1 link to an uploaded file "
        "(https://blocks.example.org/wp-content/uploads/…)"
    ) in report
