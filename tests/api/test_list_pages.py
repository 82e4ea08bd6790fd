"""Every API list a page at a time: `limit` (100 by default, at most 1,000), `cursor`, and
`next` both in the body and in a `Link` header; bad input named, never a 500; one page
costs the same queries however long the list."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.consultations import services as consultations
from parley.discussions import services as discussions
from parley.discussions.models import Comment
from parley.guidance import services as guidance
from parley.guidance.models import Document
from parley.notifications import services as notifications
from parley.organisations.models import Organisation
from tests.builders import (
    bearer,
    bulk_thread,
    comment_as,
    open_with_questions,
    publish,
    published,
)


def comments_url(post: Post) -> str:
    return f"/api/v1/discussions/{post.discussion_id}/comments"


QUEUE = "/api/v1/moderation/queue"
SUBSCRIPTIONS = "/api/v1/subscriptions"
DOCUMENTS = "/api/v1/documents"


def every_page(client: Client, url: str, **headers: str) -> list[dict[str, Any]]:
    """The bodies of each page of a list, following `next`, checking the `Link` header."""
    pages = []
    body = client.get(url, headers=headers).json()
    pages.append(body)
    while body["next"] is not None:
        response = client.get(f"{url}&cursor={body['next']}", headers=headers)
        assert response.status_code == 200
        body = response.json()
        pages.append(body)
    return pages


def held_comments(post: Post, count: int) -> list[Comment]:
    return [
        comment_as(
            post,
            discussions.Author(
                name=f"Guest {n}", email=f"g{n}@example.net", ip=f"198.51.100.{n + 1}"
            ),
            f"First words, number {n}.",
        )
        for n in range(count)
    ]


def test_comments_come_a_page_at_a_time_in_thread_order_each_once(
    client: Client, post: Post, participant: User
) -> None:
    bulk_thread(post.discussion, 25, participant)
    in_order = list(
        Comment.objects.filter(discussion=post.discussion).order_by("path").values_list("pk")
    )

    pages = every_page(client, f"{comments_url(post)}?limit=10")

    assert [len(body["items"]) for body in pages] == [10, 10, 5]
    assert [(item["id"],) for body in pages for item in body["items"]] == in_order


def test_a_list_answers_a_hundred_items_unless_asked_for_more_up_to_a_thousand(
    client: Client, post: Post, participant: User
) -> None:
    bulk_thread(post.discussion, 150, participant)

    first = client.get(comments_url(post)).json()
    more = client.get(f"{comments_url(post)}?limit=1000").json()

    assert len(first["items"]) == 100
    assert first["next"] is not None
    assert len(more["items"]) == 150
    assert more["next"] is None


def test_the_next_page_is_linked_in_a_header_keeping_the_other_parameters(
    client: Client, post: Post, participant: User
) -> None:
    bulk_thread(post.discussion, 3, participant)

    response = client.get(f"{comments_url(post)}?limit=2")
    last = client.get(f"{comments_url(post)}?limit=2&cursor={response.json()['next']}")

    link = response.headers["Link"]
    assert link.startswith(f"<http://testserver{comments_url(post)}?limit=2&cursor=")
    assert link.endswith('>; rel="next"')
    assert client.get(link[1 : link.index(">")]).json() == last.json()
    assert "Link" not in last.headers


def test_comments_posted_while_paging_neither_repeat_nor_hide_those_already_there(
    client: Client, post: Post, participant: User
) -> None:
    bulk_thread(post.discussion, 6, participant)
    first = client.get(f"{comments_url(post)}?limit=3").json()
    comment_as(post, participant, "A late comment at the end.")

    rest = every_page(client, f"{comments_url(post)}?limit=3&cursor={first['next']}")

    numbers = [item["number"] for body in [first, *rest] for item in body["items"]]
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("limit", ["0", "1001", "abc", "-5", ""])
def test_a_limit_outside_one_to_a_thousand_is_refused_naming_limit(
    client: Client, post: Post, limit: str
) -> None:
    response = client.get(f"{comments_url(post)}?limit={limit}")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["limit"]


@pytest.mark.parametrize(
    "cursor", ["garbage", "WyIwMDAwMDEiXQ", "WyIwMDAwMDEiXQ:forged", ":", "a" * 500]
)
def test_a_made_up_or_altered_cursor_is_a_bad_request_naming_cursor(
    client: Client, post: Post, participant: User, cursor: str
) -> None:
    bulk_thread(post.discussion, 3, participant)
    genuine = client.get(f"{comments_url(post)}?limit=1").json()["next"]

    for sent in (cursor, genuine[:-1] + ("A" if genuine[-1] != "A" else "B")):
        response = client.get(f"{comments_url(post)}?cursor={sent}")
        assert response.status_code == 400
        assert response.json()["errors"] == {"cursor": [response.json()["detail"]]}


def test_a_cursor_from_another_list_is_refused(
    client: Client, post: Post, editor: User, organisation: Organisation, participant: User
) -> None:
    for title in ("One", "Two"):
        published(editor, organisation, title=title)
    bulk_thread(post.discussion, 3, participant)
    documents_cursor = client.get(f"{DOCUMENTS}?limit=1").json()["next"]

    response = client.get(f"{comments_url(post)}?cursor={documents_cursor}")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


def queries_for(client: Client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, headers=headers).status_code == 200
    return len(queries)


def test_a_page_of_comments_costs_the_same_queries_for_a_short_and_a_long_discussion(
    client: Client, post: Post, editor: User, organisation: Organisation, participant: User
) -> None:
    bulk_thread(post.discussion, 5, participant)
    long = blog_post(editor, organisation, "A long one")
    bulk_thread(long.discussion, 400, participant)
    deep = client.get(f"{comments_url(long)}?limit=5").json()["next"]

    short = queries_for(client, f"{comments_url(post)}?limit=5")

    assert queries_for(client, f"{comments_url(long)}?limit=5") == short
    assert queries_for(client, f"{comments_url(long)}?limit=5&cursor={deep}") == short
    assert queries_for(client, f"{comments_url(long)}?limit=300") == short


def blog_post(editor: User, organisation: Organisation, title: str) -> Post:
    return blog.create_post(
        author=editor, organisation=organisation, title=title, body="Text.", status="published"
    )


def test_the_moderation_queue_comes_a_page_at_a_time_oldest_first(
    client: Client, post: Post, moderator: User, token_for: Callable[[User], str]
) -> None:
    held = held_comments(post, 5)
    token = bearer(token_for(moderator))

    pages = every_page(client, f"{QUEUE}?limit=2", **token)

    assert [[item["id"] for item in body["items"]] for body in pages] == [
        [held[0].pk, held[1].pk],
        [held[2].pk, held[3].pk],
        [held[4].pk],
    ]


def test_a_page_of_the_queue_costs_the_same_queries_for_a_short_and_a_long_queue(
    client: Client, post: Post, moderator: User, token_for: Callable[[User], str]
) -> None:
    token = bearer(token_for(moderator))
    held_comments(post, 3)
    queries_for(client, QUEUE, **token)  # the token's first use is recorded once
    short = queries_for(client, f"{QUEUE}?limit=3", **token)
    held_comments(post, 40)

    assert queries_for(client, f"{QUEUE}?limit=3", **token) == short
    assert queries_for(client, f"{QUEUE}?limit=40", **token) == short


def test_paging_the_queue_still_needs_a_moderator(
    client: Client, post: Post, participant: User, token_for: Callable[[User], str]
) -> None:
    held_comments(post, 2)
    assert client.get(f"{QUEUE}?limit=1").status_code == 401
    response = client.get(f"{QUEUE}?limit=1", headers=bearer(token_for(participant)))
    assert response.status_code == 403


def test_subscriptions_come_a_page_at_a_time(
    client: Client,
    post: Post,
    participant: User,
    organisation: Organisation,
    token_for: Callable[[User], str],
) -> None:
    for target, target_id in (
        ("discussion", post.discussion_id),
        ("organisation", organisation.pk),
        ("site", 0),
    ):
        notifications.follow(
            user=participant, target=target, target_id=target_id, kinds=[], title="T", url="/"
        )

    pages = every_page(client, f"{SUBSCRIPTIONS}?limit=2", **bearer(token_for(participant)))

    keys = [(item["target"], item["id"]) for body in pages for item in body["items"]]
    assert [len(body["items"]) for body in pages] == [2, 1]
    assert keys == [
        ("discussion", post.discussion_id),
        ("organisation", organisation.pk),
        ("site", 0),
    ]


def test_documents_come_a_page_at_a_time_by_title(
    client: Client, editor: User, organisation: Organisation
) -> None:
    for title in ("Charlie", "Alpha", "Bravo"):
        published(editor, organisation, title=title)

    pages = every_page(client, f"{DOCUMENTS}?limit=2")

    assert [[item["title"] for item in body["items"]] for body in pages] == [
        ["Alpha", "Bravo"],
        ["Charlie"],
    ]


def test_posts_keep_their_page_size_and_gain_the_link_header(
    client: Client, editor: User, organisation: Organisation
) -> None:
    for n in range(3):
        blog_post(editor, organisation, f"Post {n}")

    response = client.get("/api/v1/posts?limit=2")

    assert len(response.json()["items"]) == 2
    assert response.headers["Link"].endswith('>; rel="next"')


def every_array_page(client: Client, url: str) -> list[list[dict[str, Any]]]:
    """The bodies of each page of a list whose body is a bare array, following its `Link`."""
    pages = []
    response = client.get(url)
    while True:
        assert response.status_code == 200
        pages.append(response.json())
        link = response.headers.get("Link")
        if link is None:
            return pages
        response = client.get(link.removeprefix("<").removesuffix('>; rel="next"'))


def test_organisations_come_a_page_at_a_time_by_name_with_the_body_still_an_array(
    client: Client, organisation: Organisation
) -> None:
    for name in ("Charlie Council", "Alpha Agency", "Bravo Board"):
        Organisation.objects.create(name=name, slug=name.split()[0].lower())

    pages = every_array_page(client, "/api/v1/organisations?limit=2")
    whole = client.get("/api/v1/organisations")

    assert [[item["name"] for item in body] for body in pages] == [
        ["Alpha Agency", "Bravo Board"],
        ["Charlie Council", "Department for Testing"],
    ]
    assert [item["name"] for item in whole.json()] == [
        "Alpha Agency",
        "Bravo Board",
        "Charlie Council",
        "Department for Testing",
    ]
    assert "Link" not in whole.headers  # a client written before paging still gets it all


def adopted_by(document: Document, editor: User, names: list[str]) -> None:
    version = document.versions.filter(status="published").first() or publish(
        document.versions.get(), editor
    )
    for name in names:
        adopter = Organisation.objects.create(name=name, slug=slugify(name))
        guidance.adopt_version(
            organisation=adopter,
            version=version,
            user=editor,
            adopted_on=datetime.date(2026, 11, 1),
            statement="",
        )


def test_the_adopters_register_comes_a_page_at_a_time_by_organisation(
    client: Client, document: Document, editor: User
) -> None:
    adopted_by(document, editor, ["Charlie Council", "Alpha Agency", "Bravo Board"])

    pages = every_array_page(client, f"/api/v1/documents/{document.slug}/adoptions?limit=2")

    assert [[row["organisation"]["name"] for row in body] for body in pages] == [
        ["Alpha Agency", "Bravo Board"],
        ["Charlie Council"],
    ]
    assert all(row["up_to_date"] for body in pages for row in body)


def test_a_page_of_adopters_costs_the_same_queries_for_few_and_many(
    client: Client, document: Document, editor: User
) -> None:
    url = f"/api/v1/documents/{document.slug}/adoptions?limit=5"
    adopted_by(document, editor, [f"Council {n}" for n in range(2)])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    adopted_by(document, editor, [f"Borough {n}" for n in range(20)])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_a_versions_questions_come_a_page_at_a_time_in_order(
    client: Client, editor: User, organisation: Organisation
) -> None:
    version = open_with_questions(
        editor,
        organisation,
        [consultations.QuestionIn(kind="text", text=f"Question {n}?") for n in range(1, 4)],
    )
    url = f"/api/v1/documents/{version.document.slug}/versions/{version.number}/questions"

    pages = every_page(client, f"{url}?limit=2")

    assert [[item["number"] for item in body["items"]] for body in pages] == [[1, 2], [3]]
    assert client.get(f"{url}?limit=1001").status_code == 422
    bad = client.get(f"{url}?cursor=made-up")
    assert bad.status_code == 400
    assert "cursor" in bad.json()["errors"]
