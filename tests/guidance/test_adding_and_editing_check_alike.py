"""Creating and editing a document, and adding and editing a clause, refuse the same input
the same way: each pair shares one check."""

import pytest

from parley.accounts.models import User
from parley.guidance import services
from parley.guidance.models import Document
from parley.guidance.services import GuidanceRejected


def test_editing_a_document_names_every_field_at_fault_as_creating_does(
    document: Document, editor: User
) -> None:
    with pytest.raises(GuidanceRejected) as created:
        services.create_document(
            user=editor, organisation=document.organisation, title=" ", title_cy="W" * 201
        )
    with pytest.raises(GuidanceRejected) as edited:
        services.update_document(
            document=document, user=editor, title=" ", summary="", title_cy="W" * 201
        )
    assert set(created.value.errors) == set(edited.value.errors) == {"title", "title_cy"}


def test_a_welsh_heading_is_measured_as_it_is_stored_when_added_and_when_edited(
    document: Document, editor: User
) -> None:
    draft = document.versions.get()
    padded = " " + "W" * 200 + " "  # 202 characters, 200 once stripped: it fits
    added = services.add_clause(version=draft, user=editor, body="Text", heading_cy=padded)
    edited = services.update_clause(
        clause=draft.clauses.get(number="4"),
        user=editor,
        number="4",
        heading="",
        body="Text",
        heading_cy=padded,
    )
    assert added.heading_cy == edited.heading_cy == "W" * 200
