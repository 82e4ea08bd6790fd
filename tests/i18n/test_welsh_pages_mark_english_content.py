"""On a Welsh page, people's English (comments quoted away from their thread, organisations'
descriptions, wiki pages) is marked `lang="en"`, and text Parley stored in English (a
discussion's title, a wiki revision's message) is said in Welsh (issue 17, item 10)."""

from collections.abc import Callable

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.guidance import services as guidance
from parley.guidance.models import Document, Version
from parley.organisations.models import Organisation
from parley.wiki import services as wiki
from tests.builders import comment_as
from tests.html import find_all, text

ENGLISH = "I think the rota should cover the weekends, and that is what we asked for."


def in_welsh(client: Client) -> Client:
    client.cookies["django_language"] = "cy"
    return client


def test_a_comment_quoted_on_the_moderation_queue_in_welsh_carries_lang_en(
    client: Client, signed_in: Callable[[User], Client], post: Post, moderator: User
) -> None:
    client.post(
        post.get_absolute_url(),
        {"author_name": "Gus Guest", "author_email": "gus@example.net", "body": ENGLISH},
    )
    assert Comment.objects.get().status == "pending"
    queue = in_welsh(signed_in(moderator)).get("/moderation/").content.decode()
    assert '<div class="parley-comment__body" lang="en"><p>I think the rota' in queue


def test_a_comment_quoted_on_its_flag_and_delete_pages_in_welsh_carries_lang_en(
    client: Client, signed_in: Callable[[User], Client], post: Post, outsider: User
) -> None:
    comment = comment_as(post, outsider, ENGLISH)
    reader = in_welsh(signed_in(outsider))
    for url in (f"/moderation/comments/{comment.pk}/flag/", f"/comments/{comment.pk}/delete/"):
        page = reader.get(url).content.decode()
        assert 'parley-comment__body" lang="en"><p>I think the rota' in page, url


def test_a_clause_discussion_is_named_in_welsh_on_a_persons_page(
    client: Client, document: Document, consulting: Version, editor: User, outsider: User
) -> None:
    guidance.update_document(
        document=document,
        user=editor,
        title=document.title,
        summary=document.summary,
        title_cy="Egwyddorion ar gyfer cymryd rhan ar-lein",
    )
    clause = consulting.clauses.get(number="1")
    # The discussions were named when the version was made, before the Welsh title.
    comment_as(clause, outsider, ENGLISH, stance="support")
    page = in_welsh(client).get(f"/people/{outsider.pk}/").content.decode()
    assert '<span lang="en">Principles for taking part online</span>, fersiwn 1, cymal 1' in page

    new = guidance.create_version(document=document, user=editor)
    assert new.clauses.get(number="1").discussion.title_cy == (
        "Egwyddorion ar gyfer cymryd rhan ar-lein, version 2, clause 1"
    )
    with translation.override("cy"):
        assert new.clauses.get(number="1").discussion.title_shown == (
            "Egwyddorion ar gyfer cymryd rhan ar-lein, fersiwn 2, cymal 1"
        )
    with translation.override("en"):
        assert new.clauses.get(number="1").discussion.title_shown == (
            "Principles for taking part online, version 2, clause 1"
        )


@pytest.mark.django_db
def test_an_organisations_english_description_is_marked_on_its_welsh_page(
    client: Client,
) -> None:
    Organisation.objects.create(
        name="Northfield",
        slug="northfield",
        description="A council that adopts the standards for every service that answers.",
    )
    page = in_welsh(client).get("/organisations/northfield/").content.decode()
    assert '<p class="govuk-body" lang="en">A council that adopts' in page


def test_a_wiki_page_in_english_is_marked_and_its_first_revision_is_said_in_welsh(
    client: Client, editor: User, organisation: Organisation
) -> None:
    page = wiki.create_page(
        space=wiki.space_for(organisation),
        user=editor,
        title="Filing replies",
        body="Keep every reply with the letter it answers, and file them by date.",
    )
    shown = in_welsh(client).get(page.get_absolute_url()).content.decode()
    assert '<h1 class="govuk-heading-xl" lang="en">Filing replies</h1>' in shown
    assert '<div class="parley-prose" lang="en">' in shown
    history = client.get(f"{page.get_absolute_url()}history/").content.decode()
    assert "Wedi creu’r dudalen" in history
    assert "Created the page" not in history
    assert 'Hanes <span lang="en">Filing replies</span>' in history
    # no unmarkable English inside <title>
    assert text(find_all(history, "title")[0]).startswith("Hanes — ")


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("Filing replies", '<span lang="en">Filing replies</span>'),
        ("Ffeilio atebion yn y swyddfa", "Ffeilio atebion yn y swyddfa"),
        ("OK", "OK"),
    ],
)
def test_text_is_marked_with_its_language_where_it_is_not_the_pages(text: str, marked: str) -> None:
    template = Template("{% load languages %}<p{{ text|lang_of }}>{{ text|in_its_language }}</p>")
    with translation.override("cy"):
        rendered = template.render(Context({"text": text}))
    attribute = ' lang="en"' if marked.startswith("<span") else ""
    assert rendered == f"<p{attribute}>{marked}</p>"
