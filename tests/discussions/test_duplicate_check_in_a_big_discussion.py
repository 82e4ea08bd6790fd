"""The check for a double submission (the same words from the same person within a
minute) reads the last minute of the discussion through the index `comment_recent`, not
every comment in it, and still finds the repeat among older comments."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services
from parley.discussions.models import Comment
from tests.builders import bulk_thread, comment_as

ON_SQLITE = connection.vendor == "sqlite"


def plan_of_the_check(post: Post, author: services.Author) -> str:
    with CaptureQueriesContext(connection) as captured:
        services._earlier_duplicate(post.discussion, author, "Anything at all")
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {'QUERY PLAN ' if ON_SQLITE else ''}{query['sql']}")
        return " ".join(str(row[-1] if ON_SQLITE else row[0]) for row in cursor.fetchall())


def test_a_repeat_is_found_among_old_comments_and_an_old_copy_is_not_one(
    post: Post, participant: User
) -> None:
    bulk_thread(post.discussion, 200, participant)
    Comment.objects.update(created_at=timezone.now() - timedelta(days=2))
    old = Comment.objects.get(number=1)
    author = services.Author(user=participant, ip="192.0.2.1")

    assert services._earlier_duplicate(post.discussion, author, old.body_markdown) is None
    fresh = comment_as(post, participant, "Said once, sent twice.")
    again = services.post_comment(
        discussion=post.discussion, body=fresh.body_markdown, author=author
    )

    assert again.comment == fresh
    assert not again.created


def test_without_statistics_sqlite_reads_the_last_minute_through_the_index(
    post: Post, participant: User
) -> None:
    bulk_thread(post.discussion, 200, participant)
    if ON_SQLITE:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")  # as on a site never analysed
    guest = services.Author(name="Gus", email="gus@example.net", ip="192.0.2.2")

    for author in (services.Author(user=participant, ip="192.0.2.1"), guest):
        plan = plan_of_the_check(post, author)
        # Never every comment of the discussion, by number: the plan before the index.
        assert "(discussion_id=?)" not in plan
        assert "comment_recent" in plan or not ON_SQLITE
