from django.test import Client
from django.test.html import parse_html

from parley.accounts.models import User
from parley.blog import services as blog
from parley.guidance.models import Document, Version
from parley.organisations.models import Organisation
from tests.html import text


def test_a_post_linking_alone_to_a_clause_shows_a_live_card(
    client: Client,
    editor: User,
    organisation: Organisation,
    participant: User,
    consulting: Version,
    document: Document,
) -> None:
    from tests.builders import comment_as

    clause = consulting.clauses.get(number="4")
    comment_as(clause.discussion, participant, "A view", stance="oppose")
    post = blog.create_post(
        author=editor,
        organisation=organisation,
        title="Have your say",
        status="published",
        body=f"Intro.\n\n[Principle 4]({clause.get_absolute_url()})\n\n"
        f"[The principles]({document.get_absolute_url()})\n\n"
        f"An [inline link]({document.get_absolute_url()}) stays.",
    )
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('class="parley-card"') == 2
    assert "Clause 4: Treat social media as just another channel" in text(parse_html(page))
    assert "1 comment" in page
    assert "have your say" in page
    assert f'An <a href="{document.get_absolute_url()}"' in page


def test_links_to_drafts_stay_plain_links(
    client: Client, editor: User, organisation: Organisation, document: Document
) -> None:
    post = blog.create_post(
        author=editor,
        organisation=organisation,
        title="Soon",
        status="published",
        body=f"[Draft]({document.get_absolute_url()})",
    )
    page = client.get(post.get_absolute_url()).content.decode()
    assert "parley-card" not in page
