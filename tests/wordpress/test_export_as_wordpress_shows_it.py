"""The export says what WordPress will show as written, and keeps what it can hold.

Each of these was found by importing our export into real WordPress (6.1, its importer
0.9.5); tests/wordpress/test_round_trip_with_real_wordpress.py runs the whole journey."""

from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO, StringIO
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.utils import timezone

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from parley.organisations.models import Organisation
from parley.wiki.services import create_page, site_space
from parley.wordpress.importer import import_wxr
from tests.builders import comment_as

pytestmark = pytest.mark.django_db
NS = {"wp": "http://wordpress.org/export/1.2/", "content": "http://purl.org/rss/1.0/modules/content/",
      "dc": "http://purl.org/dc/elements/1.1/"}  # fmt: skip


def export() -> tuple[ElementTree.Element, str]:
    out, err = StringIO(), StringIO()
    call_command("export-wordpress", stdout=out, stderr=err)
    return ElementTree.fromstring(out.getvalue()), err.getvalue()  # noqa: S314 - our own output


def item(root: ElementTree.Element, title: str) -> ElementTree.Element:
    found = [i for i in root.iter("item") if i.findtext("title") == title]
    assert len(found) == 1
    return found[0]


def comments(element: ElementTree.Element) -> list[dict[str, str]]:
    return [
        {child.tag.split("}")[1]: child.text or "" for child in comment}
        for comment in element.findall("wp:comment", NS)
    ]


def test_soft_line_breaks_are_exported_as_spaces_and_code_keeps_its_lines(post: Post) -> None:
    body = "line one\nline two\\\nhard\n\n```\na\nb\n```"
    blog.update_post(post=post, title=post.title, body=body, status=post.status)
    root, _ = export()
    body = item(root, post.title).findtext("content:encoded", namespaces=NS) or ""
    # WordPress's wpautop turns every newline inside a paragraph into <br />.
    assert "<p>line one line two<br />\nhard</p>" in body
    assert "<pre><code>a\nb\n</code></pre>" in body


def test_every_reply_is_exported_with_an_id_after_its_parents(
    import_text: Callable[[str], str],
) -> None:
    # The reply is dated before its parent (clocks differ): imported first, its id is lower.
    import_text(
        WXR.format(
            comments=COMMENT.format(id=1, parent=0, date="2020-01-02 10:00:00", text="Parent")
            + COMMENT.format(id=2, parent=1, date="2020-01-01 10:00:00", text="Reply")
            + COMMENT.format(id=3, parent=2, date="2019-12-31 10:00:00", text="Reply to reply")
        )
    )
    parent = Comment.objects.get(body_markdown="Parent")
    assert Comment.objects.get(body_markdown="Reply").pk < parent.pk
    root, _ = export()
    exported = comments(item(root, "Threads"))
    by_id = {int(c["comment_id"]): c for c in exported}
    for comment in exported:
        if int(comment["comment_parent"]):
            assert int(comment["comment_parent"]) in by_id
            assert int(comment["comment_parent"]) < int(comment["comment_id"])
    assert len(by_id) == 3
    # The same ids on every export: importing it again here adds nothing.
    assert comments(item(export()[0], "Threads")) == exported


def test_links_to_our_pages_are_absolute_and_mentions_name_the_exported_comment(
    post: Post, editor: User, participant: User
) -> None:
    elsewhere = blog.create_post(
        author=editor, organisation=post.organisation, title="Elsewhere", body="Text."
    )
    comment_as(elsewhere, editor, "Taking an id.")
    first = comment_as(post, editor, "See [the guide](/wiki/site/guide/).")
    agreeing = comment_as(post, participant, f"@{editor.display_name} agreed.")
    assert first.number != first.pk  # WordPress's anchor is the id, not our number
    assert f'href="/c/{first.pk}"' in agreeing.body_html  # a mention is the permalink
    root, _ = export()
    site = root.findtext("channel/link")
    exported = comments(item(root, post.title))
    assert f'href="{site}/wiki/site/guide/"' in exported[0]["comment_content"]
    mention = exported[1]["comment_content"]
    assert f'href="#comment-{first.pk}"' in mention, mention

    # Mentions written before permalinks named the number: they go out the same way.
    Comment.objects.filter(pk=agreeing.pk).update(
        body_html=agreeing.body_html.replace(f"/c/{first.pk}", f"#comment-{first.number}")
    )
    root, _ = export()
    assert f'href="#comment-{first.pk}"' in comments(item(root, post.title))[1]["comment_content"]


def test_welsh_text_goes_as_post_meta_and_comes_back(
    editor: User, organisation: Organisation, tmp_path: object
) -> None:
    post = blog.create_post(
        author=editor, organisation=organisation, title="Roads", body="About roads.",
        status=Post.Status.PUBLISHED, title_cy="Ffyrdd", body_cy="Am **ffyrdd**.",
    )  # fmt: skip
    root, report = export()
    meta = {
        m.findtext("wp:meta_key", namespaces=NS): m.findtext("wp:meta_value", namespaces=NS)
        for m in item(root, "Roads").findall("wp:postmeta", NS)
    }
    assert meta == {"parley_title_cy": "Ffyrdd", "parley_body_cy": "Am **ffyrdd**."}
    assert "1 posts whose Welsh text WordPress keeps but does not show" in report
    Post.objects.filter(pk=post.pk).delete()
    import_wxr(source=BytesIO(ElementTree.tostring(root)), organisation=organisation)
    imported = Post.objects.get(title="Roads")
    assert imported.title_cy == "Ffyrdd"
    assert imported.body_html_cy == "<p>Am <strong>ffyrdd</strong>.</p>\n"


def test_a_wiki_page_is_exported_with_the_person_who_wrote_it(editor: User) -> None:
    create_page(space=site_space(), user=editor, title="Our aims", body="Clean air.")
    root, _ = export()
    login = item(root, "Our aims").findtext("dc:creator", namespaces=NS)
    assert login == f"user-{editor.pk}"
    authors = root.iter(f"{{{NS['wp']}}}author")
    assert login in [a.findtext("wp:author_login", namespaces=NS) for a in authors]


def test_an_authors_own_deletion_keeps_its_replies_shown_a_moderators_removal_is_binned(
    post: Post, editor: User, participant: User, moderator: User
) -> None:
    withdrawn = comment_as(post, participant, "I take this back.")
    comment_as(post, editor, "Noted.", parent_number=withdrawn.number)
    removed = comment_as(post, participant, "Rude words.")
    discussions.delete_comment(comment=withdrawn)
    discussions.change_status(comment=removed, status=Status.REMOVED)
    root, report = export()
    exported = comments(item(root, post.title))
    assert [(c["comment_content"], c["comment_approved"]) for c in exported] == [
        ("<p>This comment was deleted by its author.</p>", "1"),
        ("<p>Noted.</p>\n", "1"),
        ("<p>Rude words.</p>\n", "trash"),
    ]
    assert "1 comments deleted by their authors (sent as a note)" in report


def test_a_draft_is_exported_dated_when_it_was_written_never_0000(
    editor: User, organisation: Organisation
) -> None:
    blog.create_post(author=editor, organisation=organisation, title="Half done", body="Soon.")
    Post.objects.filter(title="Half done").update(
        created_at=datetime(2024, 3, 1, 12, 0, 5, tzinfo=UTC)
    )
    root, _ = export()
    draft = item(root, "Half done")
    assert draft.findtext("wp:post_date", namespaces=NS) == timezone.localtime(
        datetime(2024, 3, 1, 12, 0, 5, tzinfo=UTC)
    ).strftime("%Y-%m-%d %H:%M:%S")
    # Empty GMT date: WordPress keeps a draft's date floating until it is published.
    assert draft.findtext("wp:post_date_gmt", namespaces=NS) == "0000-00-00 00:00:00"


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Clocks</title><link>https://clocks.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<item><title>Threads</title><link>https://clocks.example.org/threads/</link>
<content:encoded>Text.</content:encoded><wp:post_id>5</wp:post_id>
<wp:post_date_gmt>2019-12-01 10:00:00</wp:post_date_gmt>
<wp:post_name>threads</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
{comments}</item></channel></rss>"""
COMMENT = """<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author>A</wp:comment_author>
<wp:comment_date_gmt>{date}</wp:comment_date_gmt><wp:comment_content>{text}</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>
"""
