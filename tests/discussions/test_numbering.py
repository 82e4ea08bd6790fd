from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from parley.discussions import services
from parley.discussions.models import Comment
from tests.conftest import comment_as


def test_comments_are_numbered_in_order_within_their_discussion(post, member, outsider) -> None:
    first = comment_as(post, member, "First")
    second = comment_as(post, outsider, "Second")
    assert (first.number, second.number) == (1, 2)


def test_reply_is_numbered_after_its_parent_and_sorted_under_it(post, member, outsider) -> None:
    first = comment_as(post, member, "First")
    comment_as(post, outsider, "Second, top level")
    reply = comment_as(post, outsider, "Reply to first", parent_number=first.number)
    reply_to_reply = comment_as(post, member, "Reply to reply", parent_number=reply.number)
    assert reply.number == 3
    assert (reply.depth, reply_to_reply.depth) == (1, 2)
    assert reply_to_reply.parent_number == 3
    order = list(post.discussion.comments.in_thread_order().values_list("number", flat=True))
    assert order == [1, 3, 4, 2]


def test_numbers_are_never_reused_after_a_deletion(post, member) -> None:
    first = comment_as(post, member, "One")
    services.delete_comment(comment=first)
    assert comment_as(post, member, "Two").number == 2


def test_each_discussion_numbers_from_one(post, editor, organisation, member) -> None:
    from parley.blog import services as blog

    other = blog.create_post(
        author=editor, organisation=organisation, title="Another", body="x", status="published"
    )
    comment_as(post, member, "On the first post")
    assert comment_as(other, member, "On the second post").number == 1


def test_the_true_parent_is_kept_at_any_depth(post, moderator) -> None:
    parent = None
    for level in range(12):
        parent = comment_as(
            post, moderator, f"Level {level}", parent_number=parent.number if parent else None
        )
    assert parent is not None
    assert parent.depth == 11
    assert parent.parent_number == 11


@pytest.mark.django_db(transaction=True)
def test_concurrent_posting_gives_unique_consecutive_numbers(post, organisation) -> None:
    from tests.conftest import make_user

    people = [make_user(f"writer{n}@example.org", f"Writer {n}") for n in range(8)]

    def write(person) -> list[int]:
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
