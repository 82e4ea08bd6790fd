"""Which discussions and comments are public is said once, in `discussions.models`, and
every kind of owner (a post, a guidance version, a clause, a wiki page) is asked the same
way, in a query over many discussions and about one discussion already read."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import queries
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Discussion
from parley.guidance import services as guidance
from parley.guidance.models import Document, Version
from parley.moderation.services import moderate
from parley.organisations.models import Organisation
from parley.wiki import services as wiki
from tests.builders import comment_as


def _post(editor: User, organisation: Organisation, title: str, **when: Any) -> Post:
    return blog.create_post(
        author=editor, organisation=organisation, title=title, body="Text.", **when
    )


@pytest.fixture
def owners(
    editor: User, organisation: Organisation, post: Post, document: Document, consulting: Version
) -> dict[str, tuple[Discussion, bool]]:
    """A discussion of each kind of owner, public and not, with whether it is public."""
    draft_post = _post(editor, organisation, "A draft")
    scheduled = _post(
        editor,
        organisation,
        "Next week's post",
        status=Post.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=7),
    )
    draft_version = guidance.create_version(document=document, user=editor)
    draft_clause = draft_version.clauses.get(position=1)
    page = wiki.create_page(space=wiki.site_space(), user=editor, title="Help", body="Text.")
    lone = Discussion.objects.create(kind=Discussion.Kind.POST, title="No post", url="/gone/")
    return {
        "published post": (post.discussion, True),
        "draft post": (draft_post.discussion, False),
        "post scheduled for next week": (scheduled.discussion, False),
        "version under consultation": (consulting.discussion, True),
        "clause under consultation": (consulting.clauses.get(position=1).discussion, True),
        "draft version": (draft_version.discussion, False),
        "clause of a draft version": (draft_clause.discussion, False),
        "wiki page": (page.discussion, True),
        "discussion whose owner is gone": (lone, True),
    }


def test_every_kind_of_owner_is_asked_the_same_way_in_a_query_and_one_by_one(
    owners: dict[str, tuple[Discussion, bool]],
) -> None:
    public = set(Discussion.objects.public().values_list("pk", flat=True))

    for name, (discussion, expected) in owners.items():
        assert (discussion.pk in public) is expected, name
        assert discussion.owner_is_public() is expected, name
        found = queries.public_discussion(discussion.pk)
        assert (found == discussion) if expected else found is None, name


def test_a_comment_is_found_only_on_a_public_discussion_whatever_its_own_status(
    owners: dict[str, tuple[Discussion, bool]], editor: User
) -> None:
    for name, (discussion, expected) in owners.items():
        Discussion.objects.filter(pk=discussion.pk).update(is_open=True, opens_at=None)
        discussion.refresh_from_db()
        comment = comment_as(discussion, editor, f"On the {name}.")

        found = queries.comment_on_public_discussion(comment.pk)

        assert (found == comment) if expected else found is None, name
        assert (comment in Comment.objects.on_public_discussions()) is expected, name


def test_public_comments_are_approved_and_not_deleted(
    post: Post, editor: User, moderator: User, guest: discussions.Author
) -> None:
    shown = comment_as(post, editor, "Approved.")
    held = comment_as(post, guest, "Held: a guest's first comment.")
    deleted = comment_as(post, editor, "Deleted by its author.")
    discussions.delete_comment(comment=deleted)
    removed = comment_as(post, editor, "Removed by a moderator.")
    moderate(comment=removed, moderator=moderator, action="remove", reason="off_topic")

    assert held.status == "pending"
    assert list(Comment.objects.public()) == [shown]
    for comment in Comment.objects.all():
        assert comment.is_public is (comment == shown)


def test_asking_about_one_discussion_or_comment_costs_no_more_queries_than_before(
    owners: dict[str, tuple[Discussion, bool]], editor: User
) -> None:
    post_discussion, _ = owners["published post"]
    wiki_discussion, _ = owners["wiki page"]
    comment = comment_as(post_discussion, editor, "Counted.")

    with CaptureQueriesContext(connection) as post_queries:
        queries.public_discussion(post_discussion.pk)
    with CaptureQueriesContext(connection) as wiki_queries:
        queries.public_discussion(wiki_discussion.pk)
    with CaptureQueriesContext(connection) as comment_queries:
        found = queries.comment_on_public_discussion(comment.pk)
        assert found is not None
        assert found.discussion.organisation is not None
        assert found.display_name == "Edith Editor"

    assert len(post_queries) == 2  # the discussion, then its owner
    assert len(wiki_queries) == 1  # a wiki page's discussion is always public
    assert len(comment_queries) == 1
