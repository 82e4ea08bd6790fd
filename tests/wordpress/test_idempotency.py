from collections.abc import Callable

import pytest

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment, Discussion
from parley.wiki.models import Page
from parley.wordpress.models import WordPressItem

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, object]:
    return {
        "posts": list(Post.objects.order_by("pk").values()),
        "comments": list(Comment.objects.order_by("pk").values()),
        "discussions": list(Discussion.objects.order_by("pk").values()),
        "pages": list(Page.objects.order_by("pk").values()),
        "users": User.objects.count(),
        "items": WordPressItem.objects.count(),
    }


def test_importing_the_same_file_again_changes_nothing(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    before = snapshot()
    out = import_file("site.xml")
    assert snapshot() == before
    assert out.startswith("Imported: nothing new")


def test_a_newer_export_adds_only_what_is_new(import_file: Callable[..., str]) -> None:
    import_file("site.xml")
    before = Comment.objects.count()
    out = import_file("newer.xml")
    assert "Imported: 3 comments, 1 post\n" in out
    assert "3 comments" in out
    assert Comment.objects.count() == before + 3
    hello = Post.objects.get(slug="hello-world")
    assert hello.title == "Hello & welcome"  # what is already here is left alone
    late_reply = WordPressItem.objects.get(wp_id=130, kind="comment").comment
    alice_reply = WordPressItem.objects.get(wp_id=101, kind="comment").comment
    assert late_reply is not None
    assert alice_reply is not None
    assert late_reply.parent == alice_reply
    assert late_reply.number == 12
    assert late_reply.path == "0000001.0000002.0000012"
    assert alice_reply.reply_count == 1
    hello.discussion.refresh_from_db()
    assert hello.discussion.last_number == 14
    assert Post.objects.filter(slug="a-newer-post").exists()


def test_a_dry_run_reports_but_saves_nothing(import_file: Callable[..., str]) -> None:
    out = import_file("site.xml", "--dry-run")
    assert out.startswith("Dry run, nothing saved: ")
    assert "9 posts" in out
    assert not Post.objects.exists()
    assert not WordPressItem.objects.exists()
