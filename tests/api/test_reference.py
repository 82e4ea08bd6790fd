"""The API reference is a page that works without JavaScript; the interactive docs say which
language they are in and link to it."""

from django.test import Client


def test_the_reference_lists_every_operation_with_its_parameters_and_schemas(
    client: Client, db: None
) -> None:
    page = client.get("/api/v1/reference/").content.decode()
    assert '<h1 class="govuk-heading-xl">API reference</h1>' in page
    assert "<code>GET /api/v1/posts</code>" in page
    assert "<code>POST /api/v1/posts</code>" in page
    assert 'id="schema-PostItem"' in page
    assert "<code>comment_count</code>" in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_footer_links_to_the_reference(client: Client, db: None) -> None:
    assert 'href="/api/v1/reference/">API reference</a>' in client.get("/").content.decode()


def test_the_interactive_docs_have_a_language_a_heading_and_a_way_round_javascript(
    client: Client, db: None
) -> None:
    page = client.get("/api/v1/docs").content.decode()
    assert '<html lang="en">' in page
    assert page.count("<h1") == 1
    assert 'href="/api/v1/reference/"' in page
    assert '"deepLinking": false' in page
