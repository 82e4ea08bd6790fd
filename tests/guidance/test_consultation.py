from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.guidance import services
from parley.guidance.models import Document, Version
from parley.organisations.models import Organisation
from tests.builders import close, comment_as


def test_people_comment_on_a_clause_with_a_stance_and_a_quote(
    signed_in: Callable[[User], Client], participant: User, consulting: Version
) -> None:
    clause = consulting.clauses.get(number="4")
    client = signed_in(participant)
    response = client.post(
        clause.get_absolute_url(),
        {
            "body": "It is not just another channel.",
            "stance": "oppose",
            "quote": "just another channel",
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.stance, comment.quote) == ("oppose", "just another channel")
    page = Client().get(clause.get_absolute_url()).content.decode()
    assert "just another channel</blockquote>" in page
    assert "Oppose" in page


def test_the_document_page_shows_counts_per_clause_and_the_heat_strip(
    client: Client, participant: User, outsider: User, consulting: Version, document: Document
) -> None:
    four = consulting.clauses.get(number="4")
    comment_as(four.discussion, participant, "Disagree", stance="oppose")
    comment_as(four.discussion, outsider, "Agree", stance="support")
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Open for comments" in page
    assert "closes in" in page
    assert "2 comments" in page
    assert "1 support" in page
    assert "1 oppose" in page
    assert 'class="parley-heat-5"' in page
    assert page.count('class="parley-heat-0"') == 3


def test_the_document_page_costs_the_same_queries_for_few_and_many_clauses(
    client: Client,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    editor: User,
    organisation: Organisation,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (3, 30):
        document = services.create_document(
            user=editor, organisation=organisation, title=f"Doc {size}"
        )
        draft = document.versions.get()
        for n in range(size):
            services.add_clause(version=draft, user=editor, body=f"Clause {n}")
        services.schedule_consultation(
            version=draft,
            user=editor,
            opens_at=timezone.now() - timedelta(days=1),
            closes_at=timezone.now() + timedelta(days=1),
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(document.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_closed_consultation_stays_readable_and_refuses_comments(
    client: Client, participant: User, consulting: Version
) -> None:
    clause = consulting.clauses.get(number="1")
    comment_as(clause.discussion, participant, "Said in time")
    close(consulting)
    page = client.get(clause.get_absolute_url()).content.decode()
    assert "Said in time" in page
    assert "Consultation closed" in page or "consultation closed" in page
    response = client.post(
        clause.get_absolute_url(),
        {"author_name": "Late", "author_email": "late@example.net", "body": "Too late"},
    )
    assert response.status_code == 409
    assert "Too late</textarea>" in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_scheduled_consultation_refuses_comments_until_it_opens(
    participant: User, document: Document, editor: User
) -> None:
    from parley.discussions.services import CommentRejected

    version = services.schedule_consultation(
        version=document.versions.get(),
        user=editor,
        opens_at=timezone.now() + timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=8),
    )
    clause = version.clauses.first()
    assert clause is not None
    with pytest.raises(CommentRejected, match="Comments open on") as refused:
        comment_as(clause.discussion, participant, "Early")
    assert refused.value.status == 409


def test_drafts_are_visible_only_to_editors(
    client: Client,
    signed_in: Callable[[User], Client],
    document: Document,
    editor: User,
    participant: User,
) -> None:
    url = document.versions.get().get_absolute_url()
    assert client.get(url).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404
    assert signed_in(participant).get(url).status_code == 404
    assert signed_in(editor).get(url).status_code == 200


def test_a_stance_is_refused_on_a_blog_post(post: Post, participant: User) -> None:
    from parley.discussions.services import CommentRejected

    with pytest.raises(CommentRejected, match="only be given on guidance"):
        comment_as(post, participant, "Hi", stance="support")
    assert not Comment.objects.exists()


def test_comments_on_the_old_clause_are_reachable_from_its_successor(
    client: Client, editor: User, participant: User, consulting: Version, document: Document
) -> None:
    four = consulting.clauses.get(number="4")
    comment_as(four.discussion, participant, "On the first version")
    close(consulting)
    services.publish_version(version=consulting, user=editor)
    second = services.create_version(document=document, user=editor)
    services.remove_clause(clause=second.clauses.get(number="3"), user=editor)
    moved = second.clauses.get(lineage=four.lineage)
    services.update_clause(
        clause=moved, user=editor, number="3", heading="Renumbered", body="New words"
    )
    services.publish_version(version=second, user=editor)
    page = client.get(Version.objects.get(pk=second.pk).clauses.get(number="3").get_absolute_url())
    assert "1 comment on the previous version" in page.content.decode()
    assert four.get_absolute_url() in page.content.decode()
