"""Moderating, deleting and folding a letter's copies move a discussion's kept thread counters
by what each change does (issue 23), never by counting the discussion again: after every
step of every series here the counters equal what counting the comments finds
(`queries.thread_counts`), and a decision costs the same queries in a small discussion as in
a big one."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import queries
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Discussion, Status
from tests.builders import bulk_thread, comment_as

STATUSES = [Status.APPROVED, Status.PENDING, Status.REMOVED, Status.SPAM]


def assert_true(discussion: Discussion, step: str) -> None:
    discussion.refresh_from_db(fields=["thread_count", "removed_count"])
    kept = {"thread_count": discussion.thread_count, "removed_count": discussion.removed_count}
    assert kept == queries.thread_counts(discussion.pk), step


class Poster:
    """Posts comments into one discussion, approved or held, with bodies never repeated."""

    def __init__(self, discussion: Discussion, author: User) -> None:
        self.discussion, self.author, self.made = discussion, author, 0

    def post(self, *, held: bool = False, parent: Comment | None = None) -> Comment:
        self.made += 1
        Discussion.objects.filter(pk=self.discussion.pk).update(hold_all=held)
        self.discussion.refresh_from_db()
        comment = comment_as(
            self.discussion,
            self.author,
            f"Comment {self.made} of the series",
            parent_number=parent.number if parent else None,
        )
        assert comment.status == (Status.PENDING if held else Status.APPROVED)
        return comment


def fresh(comment: Comment) -> Comment:
    return Comment.objects.get(pk=comment.pk)


# How a comment got where it is before the change tested: posted approved or held, then
# moved through these statuses (a deletion by its author written "deleted").
HISTORIES: dict[str, tuple[bool, list[str]]] = {
    "approved": (False, []),
    "held": (True, []),
    "removed once public": (False, [Status.REMOVED]),
    "removed unseen": (True, [Status.REMOVED]),
    "spam once public": (False, [Status.SPAM]),
    "spam unseen": (True, [Status.SPAM]),
    "deleted": (False, ["deleted"]),
    "held again": (False, [Status.PENDING]),
    "restored": (False, [Status.REMOVED, Status.APPROVED]),
    "deleted, then removed": (False, ["deleted", Status.REMOVED]),
}


def test_every_change_of_status_of_a_thread_a_reply_or_a_copy_keeps_the_counters(
    post: Post, participant: User, settings: Settings
) -> None:
    settings.PARLEY_COMMENT_RATE = "10000/60"
    discussion = post.discussion
    poster = Poster(discussion, participant)
    for kind in ("thread", "reply", "copy", "letter with copies"):
        for history, (held, moves) in HISTORIES.items():
            for status in STATUSES:
                parent = poster.post() if kind == "reply" else None
                letter = poster.post() if kind == "copy" else None
                comment = poster.post(held=held, parent=parent)
                if letter is not None:  # a held comment joins no letter
                    discussions.mark_copy(
                        comment=comment, letter=Comment.objects.filter(pk__in=[letter.pk])
                    )
                elif kind == "letter with copies":  # a held one has none
                    for copy in [poster.post(), poster.post()]:
                        discussions.mark_copy(
                            comment=copy, letter=Comment.objects.filter(pk=comment.pk)
                        )
                step = f"{kind}, {history}, to {status}"
                assert_true(discussion, f"{step}: made")
                for move in moves:
                    if move == "deleted":
                        discussions.delete_comment(comment=fresh(comment))
                    else:
                        discussions.change_status(comment=fresh(comment), status=move)
                    assert_true(discussion, f"{step}: {move}")
                discussions.change_status(comment=fresh(comment), status=status)
                assert_true(discussion, step)
                discussions.delete_comment(comment=fresh(comment))
                assert_true(discussion, f"{step}, then deleted")


def test_a_decision_on_a_comment_read_before_another_one_keeps_the_counters(
    post: Post, participant: User
) -> None:
    """Two moderators decide on the same comment from pages read before either decision:
    the second is worked out from the comment as it now is, not as it was read."""
    discussion = post.discussion
    comment = comment_as(discussion, participant, "Read by two moderators")
    first, second = fresh(comment), fresh(comment)
    discussions.change_status(comment=first, status=Status.REMOVED)
    assert_true(discussion, "removed")
    discussions.change_status(comment=second, status=Status.REMOVED)
    assert_true(discussion, "removed again, from the page read before")
    assert second.was_public
    later = fresh(comment)
    discussions.change_status(comment=fresh(comment), status=Status.APPROVED)
    discussions.change_status(comment=later, status=Status.SPAM)  # read while removed
    assert_true(discussion, "spam, from the page read while it was removed")
    assert fresh(comment).status == Status.SPAM


ACTIONS = ["post", "reply", "hold", "approve", "remove", "spam", "delete", "copy", "copies"]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_random_series_of_every_kind_of_change_keeps_the_counters(
    post: Post, participant: User, settings: Settings, seed: int
) -> None:
    """Posts, replies, decisions (some from a comment read several steps before), deletions,
    a comment joining a letter, and letters marked afresh, in a random order (the same on
    every database: every choice is made from rows in a fixed order): the counters are true
    after every step."""
    settings.PARLEY_COMMENT_RATE = "10000/60"
    chance = random.Random(seed)  # noqa: S311 - a repeatable series, not a secret
    discussion = post.discussion
    poster = Poster(discussion, participant)
    read: dict[int, Comment] = {}  # each comment as a page last read it: perhaps stale
    had_copies = False
    for step_number in range(120):
        action = chance.choice(ACTIONS) if read else "post"
        known = list(read.values())
        picked = chance.choice(known) if known else None
        step = f"step {step_number}: {action}"
        if action == "post":
            made = poster.post(held=chance.random() < 0.3)
            read[made.pk] = made
        elif action == "reply":
            parents = list(
                Comment.objects.filter(discussion=discussion).public().order_by("number")
            )
            if not parents:
                continue
            made = poster.post(held=chance.random() < 0.3, parent=chance.choice(parents))
            read[made.pk] = made
        elif action in {"hold", "approve", "remove", "spam"} and picked is not None:
            status = {
                "hold": Status.PENDING,
                "approve": Status.APPROVED,
                "remove": Status.REMOVED,
                "spam": Status.SPAM,
            }[action]
            comment = picked if chance.random() < 0.5 else fresh(picked)
            read[picked.pk] = discussions.change_status(comment=comment, status=status)
            step += f" #{picked.number}"
        elif action == "delete" and picked is not None:
            discussions.delete_comment(comment=fresh(picked))
            step += f" #{picked.number}"
        elif action == "copy" and picked is not None:
            tops = list(
                Comment.objects.filter(discussion=discussion, depth=0)
                .order_by("number")
                .values_list("pk", flat=True)
            )
            letter = [*chance.sample(tops, k=min(len(tops), 4)), picked.pk]
            discussions.mark_copy(
                comment=fresh(picked), letter=Comment.objects.filter(pk__in=letter)
            )
            step += f" #{picked.number}"
        elif action == "copies":
            tops = list(
                Comment.objects.filter(discussion=discussion, depth=0)
                .order_by("number")
                .values_list("pk", flat=True)
            )
            letters = [chance.sample(tops, k=min(len(tops), 5)) for _letter in range(2)]
            discussions.mark_copies(letters=letters, discussion_ids=[discussion.pk])
        assert_true(discussion, step)
        comments = Comment.objects.filter(discussion=discussion)
        had_copies = had_copies or comments.filter(copy_of__isnull=False).exists()
    # The series did reach letters with copies and placeholders.
    assert had_copies
    assert comments.filter(status=Status.REMOVED, was_public=True).exists()


def decision_queries(discussion: Discussion, number: int) -> list[str]:
    """The SQL of removing and restoring thread `number`, then of a comment joining a letter."""
    comment = Comment.objects.get(discussion=discussion, number=number)
    letter = Comment.objects.filter(discussion=discussion, number__in=[1, number])
    with CaptureQueriesContext(connection) as captured:
        discussions.change_status(comment=comment, status=Status.REMOVED)
        discussions.change_status(comment=comment, status=Status.APPROVED)
        discussions.mark_copy(comment=comment, letter=letter)
    assert_true(discussion, f"thread {number} removed, restored and made a copy")
    return [query["sql"] for query in captured]


def test_a_decision_costs_the_same_queries_whatever_the_size_of_the_discussion(
    post: Post, editor: User, participant: User
) -> None:
    bulk_thread(post.discussion, 6, participant)  # threads 1, 2, 4, 5
    large = blog.create_post(
        author=editor, organisation=post.organisation, title="Large", body="x", status="published"
    )
    bulk_thread(large.discussion, 600, participant)
    small = decision_queries(post.discussion, 5)
    big = decision_queries(large.discussion, 500)
    assert len(small) == len(big)
    # Nothing counts the discussion's comments: the counters move by their deltas.
    assert not [sql for sql in big if "COUNT(" in sql.upper()]
