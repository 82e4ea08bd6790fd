"""The export read the way WordPress's importer (the wordpress-importer plugin) reads it.

The real importer runs in test_round_trip_with_real_wordpress.py (tests marked `wordpress`);
these quicker checks need no WordPress. This reads our export as its parser does
(`WXR_Parser_SimpleXML`): the version number it insists on, the namespace prefixes it
looks children up by, every element it copies into a post or comment, and what its
`process_posts` relies on (authors by login, a comment's parent inserted before the
comment, ids that are whole numbers).
"""

import re
from collections.abc import Callable
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
ITEM_FIELDS = [
    "wp:post_id", "wp:post_date", "wp:post_date_gmt", "wp:comment_status", "wp:ping_status",
    "wp:post_name", "wp:status", "wp:post_parent", "wp:menu_order", "wp:post_type",
    "wp:post_password", "wp:is_sticky", "dc:creator", "content:encoded", "excerpt:encoded",
]  # fmt: skip
COMMENT_FIELDS = [
    "comment_id", "comment_author", "comment_author_email", "comment_author_IP",
    "comment_author_url", "comment_date", "comment_date_gmt", "comment_content",
    "comment_approved", "comment_type", "comment_parent", "comment_user_id",
]  # fmt: skip
WP_DATE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\Z")


@pytest.fixture
def exported(import_file: Callable[..., str]) -> tuple[str, ElementTree.Element]:
    import_file("site.xml")
    out = StringIO()
    call_command("export-wordpress", stdout=out)
    text = out.getvalue()
    return text, ElementTree.fromstring(text)  # noqa: S314 - our own output


def test_the_importer_finds_a_wxr_version_it_accepts_and_its_namespace_prefixes(
    exported: tuple[str, ElementTree.Element],
) -> None:
    text, root = exported
    for prefix, uri in NS.items():  # looked up by prefix (getDocNamespaces)
        assert f'xmlns:{prefix}="{uri}"' in text
    assert root.tag == "rss"
    version = root.findtext("channel/wp:wxr_version", namespaces=NS)
    assert re.fullmatch(r"\d+\.\d+", version or "")
    assert root.findtext("channel/wp:base_site_url", namespaces=NS)
    assert root.findtext("channel/wp:base_blog_url", namespaces=NS)


def test_every_post_has_what_the_importer_copies_and_an_author_it_knows(
    exported: tuple[str, ElementTree.Element],
) -> None:
    _, root = exported
    logins = {
        a.findtext("wp:author_login", namespaces=NS) for a in root.findall("channel/wp:author", NS)
    }
    for author in root.findall("channel/wp:author", NS):
        assert (author.findtext("wp:author_id", namespaces=NS) or "").isdigit()
    items = root.findall("channel/item")
    assert items
    post_ids = []
    for item in items:
        assert item.find("title") is not None
        assert item.find("guid") is not None
        for name in ITEM_FIELDS:
            assert item.find(name, NS) is not None, name
        post_ids.append(item.findtext("wp:post_id", namespaces=NS))
        assert item.findtext("wp:post_type", namespaces=NS) in {"post", "page"}
        assert item.findtext("wp:status", namespaces=NS) in {"publish", "future", "draft"}
        assert item.findtext("wp:comment_status", namespaces=NS) in {"open", "closed"}
        assert WP_DATE.match(item.findtext("wp:post_date", namespaces=NS) or "")
        creator = item.findtext("dc:creator", namespaces=NS)
        assert not creator or creator in logins
        for category in item.findall("category"):
            # Only categories with a nicename become terms in WordPress.
            assert category.get("domain") in {"category", "post_tag"}
            assert category.get("nicename")
    assert all(i and i.isdigit() for i in post_ids)
    assert len(set(post_ids)) == len(post_ids)


def test_every_comment_has_what_the_importer_copies_and_its_parent_comes_first(
    exported: tuple[str, ElementTree.Element],
) -> None:
    _, root = exported
    seen: set[str] = set()
    count = 0
    for item in root.findall("channel/item"):
        before: set[str] = set()
        for comment in item.findall("wp:comment", NS):
            count += 1
            for name in COMMENT_FIELDS:
                assert comment.find(f"wp:{name}", NS) is not None, name
            comment_id = comment.findtext("wp:comment_id", namespaces=NS) or ""
            parent = comment.findtext("wp:comment_parent", namespaces=NS) or ""
            assert comment_id.isdigit()
            assert comment_id not in seen
            # The importer maps a parent through the comments it has already inserted.
            assert parent == "0" or parent in before
            assert comment.findtext("wp:comment_approved", namespaces=NS) in {
                "1", "0", "spam", "trash"
            }  # fmt: skip
            assert comment.findtext("wp:comment_type", namespaces=NS) in {
                "comment", "pingback", "trackback"
            }  # fmt: skip
            assert WP_DATE.match(comment.findtext("wp:comment_date_gmt", namespaces=NS) or "")
            for meta in comment.findall("wp:commentmeta", NS):
                assert meta.find("wp:meta_key", NS) is not None
                assert meta.find("wp:meta_value", NS) is not None
            seen.add(comment_id)
            before.add(comment_id)
    assert count > 20
