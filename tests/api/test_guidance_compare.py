"""Comparing two versions clause by clause: a clause is followed by its lineage, so
rewording, renumbering and splitting are told apart from removing and adding."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.guidance import services as guidance
from parley.guidance.models import Document
from parley.organisations.models import Organisation
from tests.builders import bearer, consult, latest, published


@pytest.fixture
def revised(editor: User, organisation: Organisation) -> Document:
    """Version 1 published with clauses 1 to 4; version 2 reworded clause 1, dropped
    clause 3 (so clause 4 became 3) and added clause 4, split from clause 2."""
    document = published(editor, organisation)
    version = guidance.create_version(document=document, user=editor)
    first, second, third, fourth = version.clauses.order_by("position")
    guidance.update_clause(
        clause=first,
        user=editor,
        number="1",
        heading=first.heading,
        body="Publish what you intend well before you decide it.",
    )
    guidance.remove_clause(clause=third, user=editor)
    guidance.update_clause(
        clause=fourth, user=editor, number="3", heading=fourth.heading, body=fourth.body_markdown
    )
    guidance.add_clause(
        version=version,
        user=editor,
        heading="Report back",
        body="Say what you did with each comment.",
        origin="split",
        origin_lineages=[str(second.lineage)],
    )
    return document


def changes(
    client: Client, document: Document, headers: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/documents/{document.slug}/compare/1/2", headers=headers)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["from"], body["to"]) == (1, 2)
    changes: list[dict[str, Any]] = body["changes"]
    return changes


def by_old_number(rows: list[dict[str, Any]], number: str) -> dict[str, Any]:
    return next(row for row in rows if row["old"] and row["old"]["number"] == number)


@pytest.fixture
def consulting(revised: Document, editor: User) -> Document:
    consult(latest(revised), editor)
    return revised


def test_a_reworded_clause_shows_the_words_removed_and_added(
    client: Client, consulting: Document
) -> None:
    row = by_old_number(changes(client, consulting), "1")

    assert row["kind"] == "changed"
    assert (row["reworded"], row["renumbered"], row["moved"]) == (True, False, False)
    assert row["summary"] == "Clause 1 was reworded"
    assert row["diff_html"] == (
        "Publish what you "
        '<del><span class="govuk-visually-hidden">deleted: </span>plan</del>'
        '<ins><span class="govuk-visually-hidden">inserted: </span>intend well</ins>'
        " before you decide it."
    )
    assert row["old"]["body_html"] == "<p>Publish what you plan before you decide it.</p>\n"
    assert row["new"] == {
        "number": "1",
        "heading": "Be open",
        "body_html": "<p>Publish what you intend well before you decide it.</p>\n",
        "heading_cy": "",
        "body_html_cy": "",
    }


def test_a_clause_that_keeps_its_text_after_a_removal_is_renumbered_not_replaced(
    client: Client, consulting: Document
) -> None:
    rows = changes(client, consulting)
    renumbered = by_old_number(rows, "4")
    removed = by_old_number(rows, "3")

    assert renumbered["kind"] == "changed"
    assert renumbered["new"]["number"] == "3"
    assert (renumbered["renumbered"], renumbered["reworded"]) == (True, False)
    assert renumbered["summary"] == "Clause 4 became clause 3"
    assert renumbered["diff_html"] == ""
    assert removed["kind"] == "removed"
    assert removed["new"] is None
    assert removed["summary"] == "Clause 3 was removed"
    assert "<del>" in removed["diff_html"]


def test_a_clause_split_from_another_is_added_and_says_where_it_came_from(
    client: Client, consulting: Document
) -> None:
    rows = changes(client, consulting)
    (added,) = [row for row in rows if row["kind"] == "added"]
    second = by_old_number(rows, "2")

    assert added["old"] is None
    assert added["new"]["number"] == "4"
    assert (added["origin"], added["origin_numbers"]) == ("split", ["2"])
    assert added["summary"] == "Clause 4 is new, split from clause 2"
    assert "<ins>" in added["diff_html"]
    assert added["merged_into"] == ""
    assert second["kind"] == "unchanged"
    assert second["summary"] == "Clause 2 is unchanged"


def test_changes_come_in_the_new_order_with_removals_where_they_stood(
    client: Client, consulting: Document
) -> None:
    rows = changes(client, consulting)

    assert [(row["kind"], row["old"] and row["old"]["number"]) for row in rows] == [
        ("changed", "1"),
        ("unchanged", "2"),
        ("removed", "3"),
        ("changed", "4"),
        ("added", None),
    ]
    assert len({row["lineage"] for row in rows}) == 5


def test_a_draft_can_be_compared_by_its_editors_alone(
    client: Client, revised: Document, editor: User, token_for: Callable[[User], str]
) -> None:
    path = f"/api/v1/documents/{revised.slug}/compare/1/2"

    assert client.get(path).status_code == 404
    assert len(changes(client, revised, bearer(token_for(editor)))) == 5


def test_comparing_with_a_version_that_does_not_exist_is_not_found(
    client: Client, consulting: Document
) -> None:
    response = client.get(f"/api/v1/documents/{consulting.slug}/compare/1/7")

    assert response.status_code == 404
