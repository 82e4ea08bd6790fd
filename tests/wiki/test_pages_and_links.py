"""Pages in spaces: Markdown with [[Page title]] links, a table of contents, cleaned HTML."""

from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.discussions.models import Discussion
from parley.wiki import services
from parley.wiki.models import Page, Space


def test_a_link_to_a_missing_page_offers_to_create_it(client: Client, wiki_page: Page) -> None:
    page = client.get("/wiki/testing/using-personal-accounts/").content.decode()

    assert 'href="/wiki/testing/new/?title=Checking+facts"' in page
    assert "Checking facts (create this page)" in page


def test_creating_the_missing_page_turns_the_offer_into_a_link(
    client: Client, wiki_page: Page, space: Space, editor: User
) -> None:
    services.create_page(space=space, user=editor, title="Checking facts", body="Check.")

    page = client.get("/wiki/testing/using-personal-accounts/").content.decode()
    assert 'href="/wiki/testing/checking-facts/"' in page
    assert "create this page" not in page
    assert Page.objects.get(pk=wiki_page.pk).revision_number == 1  # no new revision


def test_headings_make_a_table_of_contents(client: Client, wiki_page: Page) -> None:
    page = client.get("/wiki/testing/using-personal-accounts/").content.decode()

    assert '<h2 id="section-before-you-post">Before you post</h2>' in page
    assert 'href="#section-before-you-post"' in page
    assert 'href="#section-after"' in page


def test_page_text_is_cleaned(space: Space, editor: User) -> None:
    page = services.create_page(
        space=space,
        user=editor,
        title="Sneaky",
        body='<script>alert(1)</script> [x](javascript:alert(1)) [[A "quoted" <b>page</b>]]',
    )

    assert "<script" not in page.body_html
    assert 'href="javascript' not in page.body_html
    assert "<b>" not in page.body_html


def test_a_visitor_to_a_missing_page_is_offered_to_create_it(
    signed_in: Callable[[User], Client], editor: User, space: Space
) -> None:
    response = signed_in(editor).get("/wiki/testing/not-yet/")

    assert response.status_code == 404
    assert 'href="/wiki/testing/new/?title=not-yet"' in response.content.decode()


def test_a_member_writes_a_new_page_in_the_browser(
    signed_in: Callable[[User], Client], editor: User, space: Space
) -> None:
    response = signed_in(editor).post(
        "/wiki/testing/new/", {"title": "Worked examples", "body": "One.", "message": "Start"}
    )

    assert response.status_code == 302
    page = Page.objects.get(slug="worked-examples")
    assert response["Location"] == "/wiki/testing/worked-examples/"
    assert page.revisions.get().message == "Start"


def test_a_title_already_used_is_refused_with_the_text_kept(
    signed_in: Callable[[User], Client], editor: User, wiki_page: Page
) -> None:
    response = signed_in(editor).post(
        "/wiki/testing/new/", {"title": "Using personal accounts", "body": "My long text"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is already a page called ‘Using personal accounts’" in page
    assert "My long text" in page


def test_each_page_has_its_own_discussion(
    client: Client, wiki_page: Page, space: Space, editor: User
) -> None:
    other = services.create_page(space=space, user=editor, title="Other", body="x")

    assert wiki_page.discussion.kind == Discussion.Kind.WIKI
    assert wiki_page.discussion_id != other.discussion_id
    assert wiki_page.discussion.url == "/wiki/testing/using-personal-accounts/"


def test_a_signed_in_reader_comments_on_a_page(
    signed_in: Callable[[User], Client], outsider: User, wiki_page: Page
) -> None:
    response = signed_in(outsider).post(
        "/wiki/testing/using-personal-accounts/", {"body": "Helpful, thanks."}
    )

    assert response.status_code == 302
    assert wiki_page.discussion.comments.get().body_markdown == "Helpful, thanks."


def test_nul_characters_are_dropped_rather_than_failing(space: Space, editor: User) -> None:
    page = services.create_page(space=space, user=editor, title="Nul\x00l", body="a\x00b")

    assert (page.title, page.body_markdown) == ("Null", "ab")


def test_wiki_links_inside_code_are_shown_as_written() -> None:
    from parley.wiki.render import linked_titles, render_page

    text = (
        "See [[Real page]].\n\nWrite `[[Page title]]` to link.\n\n```\n[[Not a link either]]\n```\n"
    )
    rendered = render_page(text, space_slug="site", existing_slugs=[])
    assert "<code>[[Page title]]</code>" in rendered.html
    assert "[[Not a link either]]" in rendered.html
    assert rendered.missing == ["Real page"]
    assert linked_titles(text) == ["Real page"]
