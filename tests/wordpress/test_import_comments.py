from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from parley.blog.models import Post
from parley.discussions.models import Comment, Status
from parley.discussions.queries import thread_counts
from parley.wordpress.models import WordPressItem

pytestmark = pytest.mark.django_db


def comments_of(slug: str) -> list[Comment]:
    post = Post.objects.get(slug=slug)
    return list(Comment.objects.filter(discussion=post.discussion).order_by("path"))


def by_wp_id(wp_id: int) -> Comment:
    comment = WordPressItem.objects.get(kind="comment", wp_id=wp_id).comment
    assert comment is not None
    return comment


def test_comments_are_numbered_in_date_order(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    numbers = [by_wp_id(i).number for i in (100, 101, 102, 103, 104, 105, 106, 107, 109, 110)]
    assert numbers == sorted(numbers) == list(range(1, 11))


def test_threading_is_rebuilt_from_comment_parent(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    first, reply, reply_to_reply = by_wp_id(100), by_wp_id(101), by_wp_id(102)
    assert reply.parent == first
    assert reply_to_reply.parent == reply
    assert reply_to_reply.path == "0000001.0000002.0000003"
    assert reply_to_reply.depth == 2


def test_a_thread_ten_levels_deep_is_kept_exactly(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    thread = comments_of("a-deep-thread")
    assert [c.depth for c in thread] == list(range(10))
    assert thread[-1].path == ".".join(f"{n:07d}" for n in range(1, 11))


def test_statuses_are_mapped_to_ours(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    assert by_wp_id(100).status == Status.APPROVED
    assert by_wp_id(102).status == Status.PENDING
    assert by_wp_id(103).status == Status.SPAM
    assert by_wp_id(104).status == Status.REMOVED


def test_an_empty_approval_field_is_held_for_moderation_and_reported(
    import_file: Callable[..., str],
) -> None:
    out = import_file("site.xml")
    assert by_wp_id(109).status == Status.PENDING
    assert "comment 109 of item 10: an empty approval field: held for moderation" in out


def test_counters_count_only_approved_comments(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    discussion = Post.objects.get(slug="hello-world").discussion
    assert discussion.last_number == 11
    assert discussion.comment_count == Comment.objects.filter(
        discussion=discussion, status=Status.APPROVED
    ).count() == 7  # fmt: skip
    assert by_wp_id(100).reply_count == 1
    assert by_wp_id(101).reply_count == 0  # its reply is pending
    # What pages of threads read is kept as a recount from the comments would find it.
    counted = thread_counts(discussion.pk)
    assert counted["thread_count"] > 0
    assert (discussion.thread_count, discussion.removed_count) == (
        counted["thread_count"],
        counted["removed_count"],
    )


def test_author_name_url_email_and_date_come_over_with_the_email_kept_private(
    import_file: Callable[..., str],
) -> None:
    import_file("site.xml")
    comment = by_wp_id(100)
    assert comment.author_name == "Γιώργος Παπαδόπουλος"
    assert comment.author_url == "https://giorgos.example.gr/"
    assert comment.author_email == "giorgos@example.gr"
    assert comment.created_at == datetime(2009, 6, 2, 11, 0, tzinfo=UTC)
    assert comment.ip_address is None


def test_greek_names_and_emoji_survive(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    assert by_wp_id(100).body_html == "<p>Καλημέρα! Great news 🎉🇬🇷</p>\n<p>Second line.</p>\n"
    assert by_wp_id(100).body_markdown == "Καλημέρα! Great news 🎉🇬🇷\n\nSecond line."


def test_a_comment_by_an_author_is_theirs(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    comment = by_wp_id(101)
    assert comment.user is not None
    assert comment.user.email == "alice@example.org"
    assert comment.author_name == ""


def test_an_empty_email_is_allowed(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    assert by_wp_id(109).author_email == ""


def test_pingbacks_and_trackbacks_are_shown_as_mentions_of_the_other_site(
    import_file: Callable[..., str],
) -> None:
    import_file("site.xml")
    pingback = WordPressItem.objects.get(kind="comment", wp_id=105)
    assert pingback.comment_type == "pingback"
    assert pingback.comment is not None
    assert pingback.comment.author_name == "Example & Co – a blog"
    assert pingback.comment.body_html.startswith("<p>Mentioned on <a href=")
    assert pingback.extra["content"] == "[&#8230;] we wrote about the hello post [&#8230;]"
    trackback = WordPressItem.objects.get(kind="comment", wp_id=106)
    assert trackback.comment_type == "trackback"
    assert trackback.comment is not None
    assert trackback.comment.author_name == 'Trackback "site"'


def test_a_reply_whose_parent_is_missing_is_attached_at_the_top_level_and_reported(
    import_file: Callable[..., str],
) -> None:
    out = import_file("site.xml")
    orphan = by_wp_id(107)
    assert orphan.parent is None
    assert orphan.depth == 0
    assert "comment 107 of item 10: its parent comment is not in the file (parent 999)" in out


def test_a_duplicate_comment_id_is_skipped_and_reported(import_file: Callable[..., str]) -> None:
    out = import_file("site.xml")
    assert not Comment.objects.filter(author_name="Duplicate").exists()
    assert "comment 101 of item 10: the same wp:comment_id appears earlier in the file" in out


def test_a_long_comment_with_tables_headings_and_images_is_cleaned_without_losing_text(
    import_file: Callable[..., str],
) -> None:
    import_file("site.xml")
    html = by_wp_id(110).body_html
    for tag in ("<table", "<img", "<h"):
        assert tag not in html
    assert "<p><strong>My response</strong></p>" in html
    assert "<p>Rent | £900</p>" in html
    assert '<a href="https://frank.example.org/chart.png"' in html
    assert "javascript:" not in html
    assert "onerror" not in html


def test_php_serialised_comment_meta_is_kept_as_opaque_text(
    import_file: Callable[..., str],
) -> None:
    import_file("site.xml")
    item = WordPressItem.objects.get(kind="comment", wp_id=111)
    assert item.extra["meta"] == [
        [
            "akismet_history",
            'a:3:{s:4:"time";d:1244538000.1;s:5:"event";s:9:"check-ham";s:4:"user";s:0:"";}',
        ]
    ]


def test_an_invalid_email_or_web_address_is_left_out_and_reported(
    import_file: Callable[..., str],
) -> None:
    import_file("site.xml")
    out = import_file("newer.xml")
    odd = by_wp_id(132)
    assert odd.author_email == ""
    assert odd.author_url == ""
    assert "comment 132 of item 10: the author's e-mail address is not valid: left out" in out
    assert "comment 132 of item 10: the author's web address is not valid: left out" in out
