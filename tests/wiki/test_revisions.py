"""Every save is a revision; history, a word-level diff between any two, and revert."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parley.accounts.models import User
from parley.wiki import services
from parley.wiki.models import Page


def _edit(page: Page, user: User, body: str, message: str = "") -> Page:
    page.refresh_from_db()
    return services.edit_page(
        page=page,
        user=user,
        title=page.title,
        body=body,
        message=message,
        base_revision=page.revision_number,
    )


def test_every_save_is_a_revision_with_author_time_and_message(
    wiki_page: Page, participant: User
) -> None:
    _edit(wiki_page, participant, "New text.", "Shortened")

    revisions = list(wiki_page.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[1].author == participant
    assert revisions[1].message == "Shortened"
    assert revisions[1].body_markdown == "New text."
    assert revisions[1].created_at is not None


def test_saving_the_same_text_makes_no_revision(wiki_page: Page, editor: User) -> None:
    _edit(wiki_page, editor, wiki_page.body_markdown)

    assert wiki_page.revisions.count() == 1


def test_the_diff_between_two_revisions_marks_words_accessibly(
    client: Client, wiki_page: Page, editor: User
) -> None:
    _edit(wiki_page, editor, "Think twice.")
    _edit(wiki_page, editor, "Think twice, then post.")

    page = client.get("/wiki/testing/using-personal-accounts/compare/?from=1&to=3").content.decode()

    assert '<span class="govuk-visually-hidden">deleted: </span>' in page
    assert '<span class="govuk-visually-hidden">inserted: </span>' in page
    assert "revision 1 to revision 3" in page


def test_reverting_makes_a_new_revision_with_the_old_text(
    signed_in: Callable[[User], Client], wiki_page: Page, editor: User
) -> None:
    original = wiki_page.body_markdown
    _edit(wiki_page, editor, "Vandalised.")

    response = signed_in(editor).post("/wiki/testing/using-personal-accounts/revisions/1/revert/")

    assert response.status_code == 302
    wiki_page.refresh_from_db()
    assert wiki_page.revision_number == 3
    assert wiki_page.body_markdown == original
    assert wiki_page.revisions.get(number=3).message == "Reverted to revision 1"


def test_the_history_costs_the_same_queries_for_many_revisions(
    client: Client, wiki_page: Page, editor: User, participant: User
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/wiki/testing/using-personal-accounts/history/").status_code == 200
        return len(queries)

    _edit(wiki_page, participant, "Second.")
    few = count()
    for n in range(10):
        _edit(wiki_page, editor if n % 2 else participant, f"Text {n}.", f"Change {n}")
    assert count() == few


def test_a_page_cannot_be_renamed_to_the_title_of_another(wiki_page: Page, editor: User) -> None:
    other = services.create_page(space=wiki_page.space, user=editor, title="Other", body="x")

    with pytest.raises(services.WikiRejected) as refused:
        services.edit_page(
            page=other,
            user=editor,
            title="Using personal accounts",
            body="x",
            message="",
            base_revision=1,
        )

    assert refused.value.errors == {
        "title": [
            "There is already a page called ‘Using personal accounts’ in Department for Testing"
        ]
    }
