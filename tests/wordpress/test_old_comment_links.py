"""An old link to a WordPress comment (`/?p=10#comment-456`) lands on that comment.

The fragment never reaches the server; the browser keeps it across the redirect to the
post, which is marked (`?wp=1`) so that imported comments answer to their WordPress ids.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.organisations.models import Organisation
from tests.builders import comment_as
from tests.html import one_line

pytestmark = pytest.mark.django_db

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old</title><link>https://old.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://old.example.org</wp:base_blog_url>
<item><title>Early post</title><link>https://old.example.org/2008/01/early/</link>
<content:encoded><![CDATA[Text.]]></content:encoded><wp:post_id>1</wp:post_id>
<wp:post_date>2008-01-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2008-01-01 10:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>early</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
"""
COMMENT = """<wp:comment><wp:comment_id>{id}</wp:comment_id>
<wp:comment_author>Reader {id}</wp:comment_author>
<wp:comment_date_gmt>2008-01-0{day} 10:00:00</wp:comment_date_gmt>
<wp:comment_content>Comment {id} here.</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
</wp:comment>
"""


@pytest.fixture
def early_post(organisation: Organisation, tmp_path: Path, participant: User) -> Post:
    """WordPress comments 4, 2 and 3 (in date order: here #1, #2, #3), then #4 written here:
    WordPress's comment-4 and our comment-4 are different comments."""
    export = tmp_path / "early.xml"
    comments = "".join(COMMENT.format(id=i, day=day) for day, i in enumerate((4, 2, 3), 2))
    export.write_text(HEAD + comments + "</item></channel></rss>\n", encoding="utf-8")
    call_command("import-wordpress", str(export), "--organisation", organisation.slug)
    post = Post.objects.get(slug="early")
    comment_as(post, participant, "Written after the move.")
    return post


def comment_ids(html: str) -> list[str]:
    return re.findall(r'<li id="([^"]+)" class="parley-comment', one_line(html))


def test_an_old_address_redirects_to_the_post_marked_as_an_old_link(
    early_post: Post, client: Client
) -> None:
    assert client.get("/?p=1")["Location"] == "/blog/early/?wp=1"
    assert client.get("/2008/01/early/")["Location"] == "/blog/early/?wp=1"


def test_under_the_marker_imported_comments_answer_to_their_wordpress_ids(
    early_post: Post, client: Client
) -> None:
    html = client.get("/blog/early/?wp=1").content.decode()
    # #1 was WordPress's 4, #2 its 2, #3 its 3; #4 (written here) would collide with
    # WordPress's comment-4, so on this page it is comment-n4.
    assert comment_ids(html) == ["comment-4", "comment-2", "comment-3", "comment-n4"]
    assert html.count('id="comment-4"') == 1
    assert 'data-number="1"' in html.split('id="comment-4"')[1].split(">")[0]
    assert re.search(r'href="#comment-4"\s+aria-label', html)  # #1's own link follows its id


def test_under_the_marker_every_thread_is_on_one_page_as_the_old_link_cannot_say_which(
    early_post: Post, client: Client, settings: Settings
) -> None:
    settings.PARLEY_COMMENTS_PER_PAGE = 1
    assert len(comment_ids(client.get("/blog/early/?wp=1").content.decode())) == 4
    assert comment_ids(client.get("/blog/early/").content.decode()) == ["comment-1"]


def test_without_the_marker_every_comment_keeps_its_number_anchor(
    early_post: Post, client: Client
) -> None:
    html = client.get("/blog/early/").content.decode()
    assert comment_ids(html) == ["comment-1", "comment-2", "comment-3", "comment-4"]


def test_the_marked_page_costs_one_query_more_whatever_the_number_of_comments(
    early_post: Post, client: Client, participant: User
) -> None:
    def queries(url: str) -> int:
        client.get(url)  # comments rendered once and kept
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    plain, marked = queries("/blog/early/?wp=0"), queries("/blog/early/?wp=1")
    assert marked == plain + 1
    for n in range(5):
        comment_as(early_post, participant, f"More {n}.")
    assert queries("/blog/early/?wp=1") == marked


def test_a_wiki_page_reached_by_an_old_link_answers_to_wordpress_ids_too(
    organisation: Organisation, tmp_path: Path, client: Client
) -> None:
    """The wiki's page view, like the post's, lets wordpress rename its thread's anchors
    (through `discussions.anchors`, as neither view imports wordpress)."""
    page = HEAD.replace("<title>Early post</title>", "<title>About</title>")
    page = page.replace("<wp:post_name>early</wp:post_name>", "<wp:post_name>about</wp:post_name>")
    page = page.replace("<wp:post_type>post</wp:post_type>", "<wp:post_type>page</wp:post_type>")
    export = tmp_path / "about.xml"
    comments = "".join(COMMENT.format(id=i, day=day) for day, i in enumerate((7, 5), 2))
    export.write_text(page + comments + "</item></channel></rss>\n", encoding="utf-8")
    call_command("import-wordpress", str(export), "--organisation", organisation.slug)

    marked = client.get("/wiki/site/about/?wp=1").content.decode()
    unmarked = client.get("/wiki/site/about/").content.decode()

    assert comment_ids(marked) == ["comment-7", "comment-5"]
    assert comment_ids(unmarked) == ["comment-1", "comment-2"]


def test_on_a_marked_page_every_link_to_a_comment_lands_on_it(
    early_post: Post, participant: User, client: Client, settings: Settings
) -> None:
    """The ids are given to each comment's template, so its links follow them: the
    "in reply to #1" of a reply beyond the indent lands on #1 (here comment-4), and each
    comment's article is labelled by its own meta line."""
    settings.PARLEY_THREAD_INDENT_CAP = 0  # every reply says "in reply to #N"
    comment_as(early_post, participant, "Replying to WordPress's comment 4.", parent_number=1)

    html = client.get("/blog/early/?wp=1").content.decode()

    ids = set(re.findall(r' id="([^"]+)"', html))
    links = re.findall(r'href="#(comment-n?\d+)"', html)
    labels = re.findall(r'aria-labelledby="(comment-[^"]+)"', html)
    assert re.search(r'in reply to\s*<a class="govuk-link" href="#comment-4">#1</a>', html)
    assert (len(links), len(labels)) == (6, 5)  # each comment's own link, and the reply's
    assert set(links) | set(labels) <= ids
