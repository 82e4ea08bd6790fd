from collections.abc import Callable
from io import BytesIO, StringIO
from xml.etree import ElementTree

import pytest
from django.core.management import call_command

from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.organisations.models import Organisation
from parley.wiki.models import Page
from parley.wordpress.importer import import_wxr
from parley.wordpress.models import WordPressItem

pytestmark = pytest.mark.django_db
WP = "{http://wordpress.org/export/1.2/}"


def export(*args: str) -> str:
    out = StringIO()
    call_command("export-wordpress", *args, stdout=out)
    return out.getvalue()


def threads() -> list[tuple[str, str, str, list[tuple[str, str, str, str, str]]]]:
    """Every post's title, status and text with its comments: path, author, status, text
    (as Markdown and as HTML)."""
    return [
        (
            post.title,
            post.status,
            post.body_markdown,
            [
                (c.path, c.display_name, c.status, c.body_markdown, c.body_html)
                for c in Comment.objects.filter(discussion=post.discussion).order_by("path")
            ],
        )
        for post in Post.objects.order_by("published_at", "title")
    ]


def test_the_export_is_wxr_1_2_with_posts_pages_and_threaded_comments(
    import_file: Callable[..., str], organisation: Organisation
) -> None:
    import_file("site.xml")
    root = ElementTree.fromstring(export("--organisation", organisation.slug))  # noqa: S314  # our own output
    channel = root.find("channel")
    assert channel is not None
    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    items = channel.findall("item")
    assert {i.findtext(f"{WP}post_type") for i in items} == {"post", "page"}
    hello = next(i for i in items if i.findtext(f"{WP}post_name") == "hello-world")
    assert hello.findtext(f"{WP}status") == "publish"
    comments = {c.findtext(f"{WP}comment_id"): c for c in hello.findall(f"{WP}comment")}
    reply = comments[str(WordPressItem.objects.get(kind="comment", wp_id=101).comment_id)]
    assert reply.findtext(f"{WP}comment_parent") == str(
        WordPressItem.objects.get(kind="comment", wp_id=100).comment_id
    )
    statuses = {c.findtext(f"{WP}comment_approved") for c in comments.values()}
    assert statuses == {"1", "0", "spam", "trash"}
    types = {c.findtext(f"{WP}comment_type") for c in comments.values()}
    assert types == {"comment", "pingback", "trackback"}


def test_import_of_the_export_reproduces_the_same_posts_and_threads(
    import_file: Callable[..., str], organisation: Organisation
) -> None:
    import_file("site.xml")
    before = threads()
    pages_before = list(Page.objects.values_list("title", "body_markdown", "body_html"))
    exported = export("--organisation", organisation.slug).encode()
    # A second site: clear this one, then import the export into it.
    WordPressItem.objects.all().delete()
    for post in Post.objects.all():
        Comment.objects.filter(discussion=post.discussion).update(parent=None)
        Comment.objects.filter(discussion=post.discussion).delete()
        discussion = post.discussion
        post.delete()
        discussion.delete()
    for page in Page.objects.all():
        Comment.objects.filter(discussion=page.discussion).update(parent=None)
        Comment.objects.filter(discussion=page.discussion).delete()
        discussion = page.discussion
        page.delete()
        discussion.delete()
    report = import_wxr(source=BytesIO(exported), organisation=organisation)
    assert not [p for p in report.problems if "parent" in p.message]
    assert threads() == before
    assert list(Page.objects.values_list("title", "body_markdown", "body_html")) == pages_before


def test_exporting_twice_gives_the_same_file(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    assert export() == export()
