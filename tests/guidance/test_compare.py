from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.guidance import services
from parley.guidance.diff import compare_versions, word_diff
from parley.guidance.models import Document, Version
from tests.builders import close


def revise(document: Document, editor: User, consulting: Version) -> Version:
    close(consulting)
    services.publish_version(version=consulting, user=editor)
    return services.create_version(document=document, user=editor)


def test_word_diff_marks_changes_in_text_not_colour_alone() -> None:
    html = word_diff("Treat it as just another channel.", "Treat it as part of the job.")
    assert (
        '<del><span class="govuk-visually-hidden">deleted: </span>just another channel</del>'
        in html
    )
    assert '<ins><span class="govuk-visually-hidden">inserted: </span>part of the job</ins>' in html
    escaped = word_diff("<b>", "<i>")
    assert "<b>" not in escaped
    assert "<i>" not in escaped
    assert escaped.startswith("&lt;")


def test_a_renumbered_and_reworded_clause_is_matched_by_lineage(
    document: Document, editor: User, consulting: Version
) -> None:
    second = revise(document, editor, consulting)
    services.remove_clause(clause=second.clauses.get(number="3"), user=editor)
    four = second.clauses.get(number="4")
    services.update_clause(
        clause=four,
        user=editor,
        number="3",
        heading=four.heading,
        body="Plan for it as part of the job.",
    )
    changes = {c.lineage: c for c in compare_versions(consulting, second)}
    old_four = consulting.clauses.get(number="4")
    change = changes[str(old_four.lineage)]
    assert (change.kind, change.renumbered, change.reworded) == ("changed", True, True)
    assert change.summary == "Clause 4 became clause 3 and was reworded"
    removed = changes[str(consulting.clauses.get(number="3").lineage)]
    assert (removed.kind, removed.summary) == ("removed", "Clause 3 was removed")
    assert changes[str(consulting.clauses.get(number="1").lineage)].kind == "unchanged"


def test_added_moved_and_split_clauses_are_named(
    document: Document, editor: User, consulting: Version
) -> None:
    second = revise(document, editor, consulting)
    services.move_clause(clause=second.clauses.get(number="1"), user=editor, direction="down")
    source = str(consulting.clauses.get(number="3").lineage)
    services.add_clause(
        version=second, user=editor, body="A new part", origin="split", origin_lineages=[source]
    )
    changes = compare_versions(consulting, second)
    added = next(c for c in changes if c.kind == "added")
    assert added.summary == "Clause 5 is new, split from clause 3"
    moved = [c for c in changes if c.moved]
    assert len(moved) == 1
    assert moved[0].summary.endswith("moved")


def test_the_compare_page_shows_changes_and_collapses_unchanged(
    client: Client, document: Document, editor: User, consulting: Version
) -> None:
    second = revise(document, editor, consulting)
    two = second.clauses.get(number="2")
    services.update_clause(
        clause=two, user=editor, number="2", heading=two.heading, body="Kindness applies online."
    )
    services.publish_version(version=second, user=editor)
    page = client.get(f"/guidance/{document.slug}/compare/1...2/").content.decode()
    assert "Clause 2 was reworded" in page
    assert "<del>" in page
    assert "<ins>" in page
    assert "3 unchanged clauses" in page
    assert "govuk-details" in page


def test_comparing_with_a_draft_is_for_editors_only(
    client: Client,
    signed_in: Callable[[User], Client],
    document: Document,
    editor: User,
    consulting: Version,
) -> None:
    revise(document, editor, consulting)
    assert client.get(f"/guidance/{document.slug}/compare/1...2/").status_code == 404
    assert signed_in(editor).get(f"/guidance/{document.slug}/compare/1...2/").status_code == 200
