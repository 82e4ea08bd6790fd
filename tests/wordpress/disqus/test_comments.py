"""What each Disqus post becomes: a threaded comment with the right status, author and text."""

from collections.abc import Callable

import pytest
from django.test import Client

from parley.blog.models import Post
from parley.discussions.models import Status
from parley.discussions.queries import thread_counts
from tests.wordpress.disqus.helpers import by_disqus_id, discussion_of

pytestmark = pytest.mark.usefixtures("moved_site")


def test_a_reply_that_comes_before_its_parent_in_the_file_is_threaded_under_it(
    import_disqus: Callable[..., str],
) -> None:
    import_disqus()
    first, reply, reply_to_reply = by_disqus_id(1000), by_disqus_id(1001), by_disqus_id(1002)
    assert reply.parent == first
    assert reply_to_reply.parent == reply
    assert (first.depth, reply.depth, reply_to_reply.depth) == (0, 1, 2)
    assert reply_to_reply.path == f"{first.path}.{reply.number:07d}.{reply_to_reply.number:07d}"
    assert (first.reply_count, reply.reply_count) == (1, 1)


def test_comments_are_numbered_in_date_order_and_counted(
    import_disqus: Callable[..., str],
) -> None:
    import_disqus()
    numbers = [by_disqus_id(i).number for i in (1000, 1001, 1003, 1004, 1002, 1009)]
    assert numbers == [1, 2, 3, 4, 5, 6]
    draft = discussion_of("draft-principles")
    assert draft.last_number == 6
    assert draft.comment_count == 4  # the spam and the deleted comment are not shown
    # What pages of threads read is kept as a recount from the comments would find it.
    counted = thread_counts(draft.pk)
    assert counted["thread_count"] > 0
    assert (draft.thread_count, draft.removed_count) == (
        counted["thread_count"],
        counted["removed_count"],
    )


def test_a_reply_whose_parent_is_not_in_the_file_is_kept_at_the_top_and_reported(
    import_disqus: Callable[..., str],
) -> None:
    out = import_disqus()
    orphan = by_disqus_id(1009)
    assert orphan.parent is None
    assert orphan.depth == 0
    assert (
        "line 210, comment 1009: its parent comment is not in the file, or not on this page "
        "(parent 999): attached at the top level"
    ) in out


def test_spam_deleted_and_unapproved_comments_keep_their_status(
    import_disqus: Callable[..., str],
) -> None:
    import_disqus()
    assert by_disqus_id(1003).status == Status.SPAM
    assert by_disqus_id(1004).status == Status.REMOVED
    assert by_disqus_id(1005).status == Status.PENDING
    assert by_disqus_id(1006).status == Status.APPROVED


def test_authors_dates_and_text_come_over(import_disqus: Callable[..., str]) -> None:
    import_disqus()
    first = by_disqus_id(1000)
    assert first.author_name == "First Reader"
    assert first.user is None
    assert first.created_at.isoformat() == "2019-05-01T10:00:00+00:00"
    assert first.body_markdown.startswith("Thank you for asking. **Clause 2** needs *work*.")
    assert '<a href="https://example.net/notes"' in first.body_html
    assert 'rel="nofollow ugc noopener"' in first.body_html
    assert "target=" not in first.body_html
    assert by_disqus_id(1006).author_name == "quiet_reader"  # no name: the username


def test_email_addresses_are_kept_for_moderators_only_and_ip_addresses_not_at_all(
    import_disqus: Callable[..., str], client: Client
) -> None:
    out = import_disqus()
    first = by_disqus_id(1000)
    assert first.author_email == "first.reader@example.net"
    assert first.ip_address is None
    assert by_disqus_id(1005).author_email == ""
    assert "line 157, comment 1005: the author's e-mail address is not valid: left out" in out
    page = client.get(Post.objects.get(slug="draft-principles").get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Thank you for asking." in text
    assert "first.reader@example.net" not in text
    assert "192.0.2.10" not in text
    assert "Cheap watches" not in text  # spam is not shown
