from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from parley.organisations.models import Organisation
from tests.builders import comment_as


def test_comments_are_numbered_in_order_within_their_discussion(
    post: Post, participant: User, outsider: User
) -> None:
    first = comment_as(post, participant, "First")
    second = comment_as(post, outsider, "Second")
    assert (first.number, second.number) == (1, 2)


def test_reply_is_numbered_after_its_parent_and_sorted_under_it(
    post: Post, participant: User, outsider: User
) -> None:
    first = comment_as(post, participant, "First")
    comment_as(post, outsider, "Second, top level")
    reply = comment_as(post, outsider, "Reply to first", parent_number=first.number)
    reply_to_reply = comment_as(post, participant, "Reply to reply", parent_number=reply.number)
    assert reply.number == 3
    assert (reply.depth, reply_to_reply.depth) == (1, 2)
    assert reply_to_reply.parent_number == 3
    order = list(post.discussion.comments.in_thread_order().values_list("number", flat=True))
    assert order == [1, 3, 4, 2]


def test_numbers_are_never_reused_after_a_deletion(post: Post, participant: User) -> None:
    first = comment_as(post, participant, "One")
    services.delete_comment(comment=first)
    assert comment_as(post, participant, "Two").number == 2


def test_each_discussion_numbers_from_one(
    post: Post, editor: User, organisation: Organisation, participant: User
) -> None:
    from parley.blog import services as blog

    other = blog.create_post(
        author=editor, organisation=organisation, title="Another", body="x", status="published"
    )
    comment_as(post, participant, "On the first post")
    assert comment_as(other, participant, "On the second post").number == 1


def test_the_true_parent_is_kept_at_any_depth(post: Post, moderator: User) -> None:
    parent = None
    for level in range(12):
        parent = comment_as(
            post, moderator, f"Level {level}", parent_number=parent.number if parent else None
        )
    assert parent is not None
    assert parent.depth == 11
    assert parent.parent_number == 11


@pytest.mark.django_db(transaction=True)
def test_concurrent_posting_gives_unique_consecutive_numbers(
    post: Post, organisation: Organisation
) -> None:
    from tests.builders import make_user

    people = [make_user(f"writer{n}@example.org", f"Writer {n}") for n in range(8)]

    def write(person: User) -> list[int]:
        try:
            return [
                comment_as(post, person, f"Comment {i} from {person.display_name}").number
                for i in range(6)
            ]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = sorted(n for batch in pool.map(write, people) for n in batch)
    assert numbers == list(range(1, 49))
    assert Comment.objects.filter(discussion=post.discussion).count() == 48
    post.discussion.refresh_from_db()
    assert post.discussion.comment_count == 48


def test_a_held_comment_takes_a_number_but_is_not_counted(
    post: Post, participant: User, guest: discussions.Author
) -> None:
    comment_as(post, participant, "Shown at once")
    held = comment_as(post, guest, "A guest's first comment waits for a moderator")
    assert (held.status, held.number) == (Status.PENDING, 2)
    post.discussion.refresh_from_db()
    assert (post.discussion.last_number, post.discussion.comment_count) == (2, 1)


def test_a_reply_shown_at_once_is_counted_on_its_parent_and_a_held_one_is_not(
    post: Post, participant: User, guest: discussions.Author
) -> None:
    parent = comment_as(post, participant, "Parent")
    comment_as(post, participant, "Shown at once", parent_number=parent.number)
    comment_as(post, guest, "Held", parent_number=parent.number)
    parent.refresh_from_db()
    assert parent.reply_count == 1


def test_posting_takes_its_number_and_counts_itself_in_one_statement(
    post: Post, participant: User, settings: Settings
) -> None:
    # The announcement is queued, not run, so only posting's own queries are counted.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    comment_as(post, participant, "First")
    with CaptureQueriesContext(connection) as queries:
        second = comment_as(post, participant, "Second")
    on_discussion = [q["sql"] for q in queries if '"discussions_discussion"' in q["sql"]]
    assert len(on_discussion) == 1, on_discussion
    assert on_discussion[0].startswith("UPDATE")
    # The new values were read back by that statement, not read again.
    assert (post.discussion.last_number, post.discussion.comment_count) == (second.number, 2)
    post.discussion.refresh_from_db()
    assert (post.discussion.last_number, post.discussion.comment_count) == (2, 2)


def test_a_comment_is_queued_for_announcing_in_its_own_transaction(
    post: Post,
    participant: User,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    """The queue is a table in the same database: the task is written with the comment, so
    one commit saves both (or neither), where queueing after the commit took a second."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=False):
        comment = comment_as(post, participant, "Announced")
        task = DBTaskResult.objects.get()  # before anything waiting for the commit has run
    assert task.task_path == "parley.discussions.tasks.announce_comment"
    assert task.args_kwargs["args"] == [comment.pk]
