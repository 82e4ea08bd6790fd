"""Commenting on guidance through the discussions API: a stance and a quoted passage on a
clause while its consultation is open, and nothing on drafts or closed consultations."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.guidance import services as guidance
from parley.guidance.models import Clause, Document
from parley.organisations.models import Organisation
from tests.builders import bearer, close, comment_as, consult, draft, latest, post_json


def comments(discussion_id: int) -> str:
    return f"/api/v1/discussions/{discussion_id}/comments"


@pytest.fixture
def consulting(editor: User, organisation: Organisation) -> Document:
    document = draft(editor, organisation)
    consult(latest(document), editor)
    return document


def clause(document: Document, number: str) -> Clause:
    return Clause.objects.select_related("discussion").get(version=latest(document), number=number)


def test_a_comment_on_an_open_clause_keeps_its_stance_and_quote(
    client: Client, consulting: Document, participant: User, token_for: Callable[[User], str]
) -> None:
    second = clause(consulting, "2")

    posted = post_json(
        client,
        comments(second.discussion_id),
        {
            "body": "Please say **when** you will report back.",
            "stance": "support",
            "quote": "say what you did with it",
        },
        headers=bearer(token_for(participant)),
    )

    assert posted.status_code == 201
    assert posted.json()["status"] == "approved"
    saved = Comment.objects.get()
    assert (saved.stance, saved.quote) == ("support", "say what you did with it")
    (item,) = client.get(comments(second.discussion_id)).json()["items"]
    assert item["stance"] == "support"
    assert item["quote"] == "say what you did with it"
    assert (item["outcome"], item["outcome_reason"]) == (None, None)
    shown = client.get(f"/api/v1/documents/{consulting.slug}").json()["version"]["clauses"][1]
    assert shown["comment_count"] == 1
    assert shown["stance_counts"] == {"support": 1, "oppose": 0, "neutral": 0}


def test_a_guest_may_comment_on_the_version_as_a_whole(
    client: Client, consulting: Document
) -> None:
    version = latest(consulting)

    posted = post_json(
        client,
        comments(version.discussion_id),
        {
            "body": "A welcome start.",
            "stance": "neutral",
            "author_name": "Gus Guest",
            "author_email": "gus@example.net",
        },
    )

    assert posted.status_code == 201
    assert posted.json()["status"] == "pending"  # a guest's first comment awaits moderation
    assert Comment.objects.get().stance == "neutral"


def test_an_unknown_stance_or_an_overlong_quote_is_refused(
    client: Client, consulting: Document, participant: User, token_for: Callable[[User], str]
) -> None:
    path = comments(clause(consulting, "1").discussion_id)
    headers = bearer(token_for(participant))

    stance = post_json(client, path, {"body": "Hmm.", "stance": "maybe"}, headers=headers)
    quote = post_json(client, path, {"body": "Hmm.", "quote": "x" * 2_001}, headers=headers)

    assert stance.status_code == 400
    assert list(stance.json()["errors"]) == ["stance"]
    assert quote.status_code == 400
    assert list(quote.json()["errors"]) == ["quote"]
    assert not Comment.objects.exists()


def test_a_closed_consultation_takes_no_more_comments(
    client: Client, consulting: Document, participant: User, token_for: Callable[[User], str]
) -> None:
    close(latest(consulting))

    response = post_json(
        client,
        comments(clause(consulting, "1").discussion_id),
        {"body": "Am I too late?", "stance": "oppose", "quote": "Publish"},
        headers=bearer(token_for(participant)),
    )

    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["discussion"]
    assert not Comment.objects.exists()


def test_a_consultation_not_yet_open_takes_no_comments(
    client: Client,
    editor: User,
    organisation: Organisation,
    participant: User,
    token_for: Callable[[User], str],
) -> None:
    document = draft(editor, organisation)
    guidance.schedule_consultation(
        version=latest(document),
        user=editor,
        opens_at=timezone.now() + timedelta(days=7),
        closes_at=timezone.now() + timedelta(days=90),
    )

    response = post_json(
        client,
        comments(clause(document, "1").discussion_id),
        {"body": "Am I too early?"},
        headers=bearer(token_for(participant)),
    )

    assert response.status_code == 409
    assert response.json()["detail"].startswith("Comments open on ")
    assert not Comment.objects.exists()


def test_a_drafts_discussions_are_not_found(
    client: Client,
    editor: User,
    organisation: Organisation,
    participant: User,
    token_for: Callable[[User], str],
) -> None:
    document = draft(editor, organisation)
    version = latest(document)
    headers = bearer(token_for(participant))

    for discussion_id in (version.discussion_id, clause(document, "1").discussion_id):
        assert client.get(comments(discussion_id)).status_code == 404
        posted = post_json(
            client, comments(discussion_id), {"body": "Sneak peek."}, headers=headers
        )
        assert posted.status_code == 404
    assert not Comment.objects.exists()


def test_a_stance_on_a_blog_post_is_refused(
    client: Client, post: Post, participant: User, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client,
        comments(post.discussion_id),
        {"body": "I support this post.", "stance": "support"},
        headers=bearer(token_for(participant)),
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["stance"]
    assert not Comment.objects.exists()


def test_a_quote_on_a_blog_post_is_kept(
    client: Client, post: Post, participant: User, token_for: Callable[[User], str]
) -> None:
    posted = post_json(
        client,
        comments(post.discussion_id),
        {"body": "Which principles?", "quote": "principles"},
        headers=bearer(token_for(participant)),
    )

    assert posted.status_code == 201
    (item,) = client.get(comments(post.discussion_id)).json()["items"]
    assert (item["quote"], item["stance"]) == ("principles", None)


def test_each_comment_shows_what_became_of_it(
    client: Client, consulting: Document, editor: User, participant: User
) -> None:
    version = latest(consulting)
    first = clause(consulting, "1")
    adopted = comment_as(first.discussion, participant, "Add a date.", stance="support")
    comment_as(first.discussion, participant, "Thanks.", stance="support")
    guidance.publish_version(version=close(version), user=editor)
    guidance.set_outcomes(
        version=version, user=editor, outcomes=[(adopted.pk, "adopted", "We added a date.")]
    )

    items = client.get(comments(first.discussion_id)).json()["items"]

    assert [(i["outcome"], i["outcome_reason"]) for i in items] == [
        ("adopted", "We added a date."),
        (None, None),
    ]
