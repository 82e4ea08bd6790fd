"""Reading a discussion's comments: approved ones, in thread order, nothing private."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Discussion
from parley.moderation.services import moderate
from parley.organisations.models import Organisation
from tests.builders import comment_as


def url(discussion_id: int) -> str:
    return f"/api/v1/discussions/{discussion_id}/comments"


def test_comments_come_in_thread_order_with_parent_numbers_and_depth(
    client: Client, post: Post, moderator: User, editor: User
) -> None:
    first = comment_as(post, moderator, "Top level one.")
    second = comment_as(post, editor, "Top level two.")
    reply = comment_as(post, editor, "A reply to one.", parent_number=first.number)
    comment_as(post, moderator, "A reply to the reply.", parent_number=reply.number)
    comment_as(post, moderator, "Another reply to one.", parent_number=first.number)

    response = client.get(url(post.discussion_id))

    assert response.status_code == 200
    items = response.json()["items"]
    assert [(c["number"], c["parent"], c["depth"]) for c in items] == [
        (1, None, 0),
        (3, 1, 1),
        (4, 3, 2),
        (5, 1, 1),
        (2, None, 0),
    ]
    assert items[0]["id"] == first.pk
    assert items[-1]["id"] == second.pk


def test_each_comment_shows_its_author_text_and_counts(
    client: Client, post: Post, moderator: User
) -> None:
    comment_as(post, moderator, "I *agree*.")

    (item,) = client.get(url(post.discussion_id)).json()["items"]

    assert set(item) >= {
        "id", "number", "parent", "depth", "author", "body_html",
        "created_at", "edited_at", "like_count", "stance",
    }  # fmt: skip
    assert item["author"] == {"name": "Mo Derator", "url": None}
    assert item["body_html"] == "<p>I <em>agree</em>.</p>\n"
    assert item["edited_at"] is None
    assert item["like_count"] == 0
    assert item["stance"] is None


def test_a_guests_website_is_shown_but_never_an_email_or_address(
    client: Client, post: Post, moderator: User, participant: User
) -> None:
    visitor = discussions.Author(
        name="Gus Guest", email="gus@example.net", url="https://gus.test/", ip="192.0.2.10"
    )
    comment = comment_as(post, visitor, "Hello from a guest.")
    moderate(comment=comment, moderator=moderator, action="approve")
    comment_as(post, participant, "Hello from a member.")

    response = client.get(url(post.discussion_id))

    authors = [item["author"] for item in response.json()["items"]]
    assert authors == [
        {"name": "Gus Guest", "url": "https://gus.test/"},
        {"name": "Mina Member", "url": None},
    ]
    text = response.content.decode()
    for private in ["@example", "192.0.2", "email", "ip_address"]:
        assert private not in text


def test_pending_and_withdrawn_comments_are_not_listed(
    client: Client, post: Post, guest: discussions.Author, moderator: User
) -> None:
    pending = comment_as(post, guest, "Waiting for a moderator.")
    withdrawn = comment_as(post, moderator, "I take this back.")
    discussions.delete_comment(comment=withdrawn)
    shown = comment_as(post, moderator, "Still here.")

    items = client.get(url(post.discussion_id)).json()["items"]

    assert pending.status == "pending"
    assert [item["id"] for item in items] == [shown.pk]


def test_a_draft_posts_discussion_is_not_found(
    client: Client, editor: User, organisation: Organisation
) -> None:
    draft = blog.create_post(
        author=editor, organisation=organisation, title="Draft", body="Not yet.", status="draft"
    )

    response = client.get(url(draft.discussion_id))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found", "errors": {}}


def test_an_unknown_discussion_is_not_found(client: Client, db: None) -> None:
    assert client.get(url(999_999)).status_code == 404


def test_a_discussion_that_is_not_a_posts_is_shown(
    client: Client, organisation: Organisation, moderator: User
) -> None:
    discussion = discussions.create_discussion(
        kind=Discussion.Kind.GUIDANCE, title="Guidance", url="/guidance/", organisation=organisation
    )
    comment_as(discussion, moderator, "I support this.", stance="support")

    items = client.get(url(discussion.pk)).json()["items"]

    assert [item["stance"] for item in items] == ["support"]


def test_listing_takes_the_same_number_of_queries_for_ten_or_a_hundred_comments(
    client: Client, post: Post, editor: User, moderator: User
) -> None:
    def add(count: int) -> None:
        for n in range(post.discussion.comments.count(), count):
            latest = post.discussion.comments.order_by("-number").first()
            parent = latest.number if latest and n % 3 else None
            comment_as(post, editor if n % 2 else moderator, f"Comment {n}.", parent_number=parent)

    add(10)  # comments 1 to 10
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get(url(post.discussion_id)).json()["items"]) == 10
    add(100)
    with CaptureQueriesContext(connection) as hundred:
        assert len(client.get(url(post.discussion_id)).json()["items"]) == 100

    assert len(hundred) == len(ten) <= 3, [q["sql"] for q in hundred]
