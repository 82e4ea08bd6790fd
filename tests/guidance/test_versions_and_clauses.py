from datetime import timedelta

import pytest
from django.utils import timezone

from parley.accounts.models import User
from parley.guidance import services
from parley.guidance.models import Clause, Document, GuidanceChange, Version
from parley.guidance.services import GuidanceRejected
from parley.organisations.models import Organisation
from tests.builders import close


def test_a_new_version_copies_the_clauses_keeping_their_lineage(
    document: Document, editor: User, consulting: Version
) -> None:
    close(consulting)
    services.publish_version(version=consulting, user=editor)
    second = services.create_version(document=document, user=editor)
    old = list(consulting.clauses.values_list("number", "lineage"))
    new = list(second.clauses.values_list("number", "lineage"))
    assert second.number == 2
    assert second.status == Version.Status.DRAFT
    assert new == old
    revised, earlier = second.clauses.first(), consulting.clauses.first()
    assert revised is not None
    assert earlier is not None
    assert revised.discussion_id != earlier.discussion_id


def test_rewording_and_renumbering_keep_the_lineage(document: Document, editor: User) -> None:
    draft = document.versions.get()
    clause = draft.clauses.get(number="4")
    lineage = clause.lineage
    services.update_clause(clause=clause, user=editor, number="5", heading="New", body="Reworded")
    clause.refresh_from_db()
    assert (clause.number, clause.lineage) == ("5", lineage)


def test_clauses_can_be_nested_and_numbers_must_be_unique(document: Document, editor: User) -> None:
    draft = document.versions.get()
    nested = services.add_clause(version=draft, user=editor, number="4.1", body="A detail")
    assert nested.depth == 1
    with pytest.raises(GuidanceRejected) as refused:
        services.add_clause(version=draft, user=editor, number="4.1", body="Again")
    assert "already exists" in refused.value.errors["number"][0]
    with pytest.raises(GuidanceRejected) as bad:
        services.add_clause(version=draft, user=editor, number="four", body="x")
    assert "number" in bad.value.errors


def test_reordering_swaps_neighbours(document: Document, editor: User) -> None:
    draft = document.versions.get()
    second = draft.clauses.get(number="2")
    services.move_clause(clause=second, user=editor, direction="up")
    assert list(draft.clauses.order_by("position").values_list("number", flat=True)) == [
        "2",
        "1",
        "3",
        "4",
    ]


def test_only_a_draft_can_be_changed(document: Document, editor: User, consulting: Version) -> None:
    with pytest.raises(GuidanceRejected) as refused:
        services.add_clause(version=consulting, user=editor, body="Late addition")
    assert refused.value.status == 409
    assert consulting.clauses.count() == 4


def test_every_change_is_recorded_with_who_and_what(document: Document, editor: User) -> None:
    actions = list(GuidanceChange.objects.filter(document=document).values_list("action", "user"))
    assert ("created the document", editor.pk) in actions
    assert ("added clause 4", editor.pk) in actions


def test_consultation_windows_for_one_document_cannot_overlap(
    document: Document, editor: User, consulting: Version
) -> None:
    close(consulting)
    services.publish_version(version=consulting, user=editor)
    second = services.create_version(document=document, user=editor)
    Version.objects.filter(pk=consulting.pk).update(
        status=Version.Status.CONSULTATION, closes_at=timezone.now() + timedelta(days=3)
    )
    with pytest.raises(GuidanceRejected) as refused:
        services.schedule_consultation(
            version=second,
            user=editor,
            opens_at=timezone.now() + timedelta(days=1),
            closes_at=timezone.now() + timedelta(days=9),
        )
    assert "cannot overlap" in refused.value.errors["opens_at"][0]
    second.refresh_from_db()
    assert second.status == Version.Status.DRAFT


def test_a_version_without_clauses_cannot_be_published_or_consulted(
    editor: User, organisation: Organisation
) -> None:
    empty = services.create_document(user=editor, organisation=organisation, title="Empty")
    version = empty.versions.get()
    with pytest.raises(GuidanceRejected):
        services.publish_version(version=version, user=editor)
    with pytest.raises(GuidanceRejected) as refused:
        services.schedule_consultation(
            version=version,
            user=editor,
            opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=1),
        )
    assert "at least one clause" in refused.value.errors["version"][0]
    version.refresh_from_db()
    assert version.status == Version.Status.DRAFT


def test_publishing_supersedes_the_previous_version(
    document: Document, editor: User, consulting: Version
) -> None:
    close(consulting)
    services.publish_version(version=consulting, user=editor)
    second = services.create_version(document=document, user=editor)
    services.publish_version(version=second, user=editor)
    consulting.refresh_from_db()
    assert consulting.status == Version.Status.SUPERSEDED
    assert Version.objects.get(pk=second.pk).status == Version.Status.PUBLISHED


def test_publishing_is_refused_while_the_consultation_is_open(
    editor: User, consulting: Version
) -> None:
    with pytest.raises(GuidanceRejected) as refused:
        services.publish_version(version=consulting, user=editor)
    assert refused.value.status == 409


def test_a_clause_can_be_marked_as_split_from_an_earlier_clause(
    document: Document, editor: User, consulting: Version
) -> None:
    close(consulting)
    services.publish_version(version=consulting, user=editor)
    second = services.create_version(document=document, user=editor)
    source = str(consulting.clauses.get(number="3").lineage)
    split = services.add_clause(
        version=second, user=editor, body="Part of three", origin="split", origin_lineages=[source]
    )
    assert (split.origin, split.origin_lineages) == (Clause.Origin.SPLIT, [source])
    with pytest.raises(GuidanceRejected):
        services.add_clause(
            version=second,
            user=editor,
            body="x",
            origin="merge",
            origin_lineages=["00000000-0000-0000-0000-000000000000"],
        )
