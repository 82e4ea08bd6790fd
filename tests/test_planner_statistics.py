"""SQLite's query planner gets statistics: `parley migrate` analyses the database, and
`parley clock` refreshes them once a day. PostgreSQL analyses itself (autovacuum), so
there neither does anything."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management import call_command
from django.db import connection

from parley import planner_statistics
from parley.accounts.models import User
from parley.blog.models import Post
from parley.management.commands.clock import STATISTICS, tick
from tests.builders import bulk_thread

TUESDAY = datetime(2026, 11, 24, tzinfo=ZoneInfo("Europe/London"))
ON_SQLITE = connection.vendor == "sqlite"


def analysed() -> dict[str, str]:
    """The indexes of the comments table SQLite has statistics for, with them."""
    if not ON_SQLITE:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return {}
        cursor.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'discussions_comment'")
        return dict(cursor.fetchall())


def forget_statistics() -> None:
    if ON_SQLITE:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")


def test_migrating_analyses_an_sqlite_database(post: Post, participant: User) -> None:
    bulk_thread(post.discussion, 30, participant)
    forget_statistics()

    call_command("migrate", verbosity=0)

    if ON_SQLITE:
        assert analysed()["comment_thread_order"].startswith("30 ")
    else:
        assert not planner_statistics.refresh()


def test_the_clock_refreshes_the_statistics_once_a_day_from_four_on_sqlite(
    post: Post, participant: User
) -> None:
    bulk_thread(post.discussion, 12, participant)
    forget_statistics()

    assert STATISTICS not in tick(TUESDAY.replace(hour=3, minute=59))
    first = tick(TUESDAY.replace(hour=4, minute=0))
    assert analysed().get("comment_thread_order", "").startswith("12 ") is ON_SQLITE
    forget_statistics()
    assert STATISTICS not in tick(TUESDAY.replace(hour=23, minute=30))
    assert analysed() == {}
    later = tick(TUESDAY.replace(day=25, hour=9))

    assert first.get(STATISTICS) == later.get(STATISTICS) == (1 if ON_SQLITE else None)
    assert bool(analysed()) is ON_SQLITE


def test_refreshing_does_something_only_on_sqlite(db: None) -> None:
    assert planner_statistics.refresh() is ON_SQLITE
