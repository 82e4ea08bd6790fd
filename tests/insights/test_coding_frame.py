"""Analysts steer the themes: rename, merge, split, delete, make their own, move and tag
comments, mark them reviewed, keep private notes; a new analysis keeps every human decision
and suggests new comments into the analysts' themes; bad input and concurrent edits are
refused with nothing half-saved; every act is logged."""

import pytest
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.guidance.models import Version
from parley.insights import frame, services
from parley.insights.models import (
    AnalystAction,
    Campaign,
    Coding,
    CommentReview,
    FrameTheme,
    Theme,
)
from parley.organisations.models import Organisation
from parley.validation import Rejected
from tests.builders import published
from tests.insights.conftest import Corpus, add_comment


def themes_of(version: Version) -> dict[str, set[int]]:
    return {
        theme.name: set(theme.codings.values_list("comment_id", flat=True))
        for theme in FrameTheme.objects.filter(version=version)
    }


def by_name(version: Version, name: str) -> FrameTheme:
    return FrameTheme.objects.get(version=version, name=name)


def test_the_frame_starts_as_the_analysis_themes_all_suggested(analysed: Corpus) -> None:
    themes = FrameTheme.objects.filter(version=analysed.version)
    assert themes.count() >= 1
    assert all(theme.origin == "engine" and not theme.edited for theme in themes)
    assert Coding.objects.filter(theme__version=analysed.version).exists()
    assert set(Coding.objects.values_list("source", flat=True)) == {"suggested"}
    assert not frame.is_the_analysts(analysed.version)


def test_human_decisions_survive_a_new_analysis(analysed: Corpus, editor: User) -> None:
    version = analysed.version
    first = FrameTheme.objects.filter(version=version).first()
    assert first is not None
    frame.rename_theme(theme=first, user=editor, name="Renamed by hand", revision=first.revision)
    own = frame.create_theme(version=version, user=editor, name="Hand-made")
    privacy = [c.pk for c in analysed.privacy]
    frame.tag_comments(version=version, user=editor, comment_ids=privacy, add=[own])
    frame.mark_reviewed(version=version, user=editor, comment_ids=privacy[:1])
    frame.save_note(version=version, user=editor, comment_id=privacy[0], note="Check the law")

    new = add_comment(
        analysed.privacy[0].discussion,
        "Personal data protection and privacy of residents online needs its own rules.",
        n=900,
    )
    services.analyse(version=version)

    after = themes_of(version)
    assert "Renamed by hand" in after
    assert privacy
    assert set(privacy) <= after["Hand-made"]
    assert set(Coding.objects.filter(comment_id__in=privacy).values_list("source", flat=True)) >= {
        "hand"
    }
    review = CommentReview.objects.get(comment_id=privacy[0])
    assert review.reviewed
    assert review.note == "Check the law"
    assert review.coded_by_hand
    # The new comment is suggested into the analysts' theme its words are nearest.
    suggested = Coding.objects.get(comment=new)
    assert suggested.source == "suggested"
    assert suggested.theme.name == "Hand-made"


def test_a_hand_assigned_theme_is_never_overwritten(analysed: Corpus, editor: User) -> None:
    version = analysed.version
    own = frame.create_theme(version=version, user=editor, name="Only training")
    training = analysed.training[0].pk
    frame.tag_comments(
        version=version,
        user=editor,
        comment_ids=[training],
        add=[own],
        remove=list(FrameTheme.objects.filter(version=version).exclude(pk=own.pk)),
    )
    services.analyse(version=version)
    services.analyse(version=version)
    assert list(
        Coding.objects.filter(comment_id=training).values_list("theme__name", "source")
    ) == [("Only training", "hand")]


def test_merge_moves_every_comment_and_link_and_is_logged(analysed: Corpus, editor: User) -> None:
    version = analysed.version
    a = frame.create_theme(version=version, user=editor, name="A")
    b = frame.create_theme(version=version, user=editor, name="B")
    frame.tag_comments(version=version, user=editor, comment_ids=[analysed.privacy[0].pk], add=[a])
    frame.tag_comments(version=version, user=editor, comment_ids=[analysed.training[0].pk], add=[b])
    a.refresh_from_db()
    b.refresh_from_db()
    lineage = str(version.clauses.first().lineage)  # type: ignore[union-attr]
    a = frame.link_theme(
        theme=a, user=editor, revision=a.revision, lineages=[lineage], responses=[]
    )
    merged = frame.merge_themes(
        theme=a, into=b, user=editor, revision=a.revision, into_revision=b.revision
    )
    assert not FrameTheme.objects.filter(pk=a.pk).exists()
    assert themes_of(version)["B"] == {analysed.privacy[0].pk, analysed.training[0].pk}
    assert merged.lineages == [lineage]
    assert merged.origin == "merged"
    actions = list(AnalystAction.objects.filter(version=version).values_list("action", flat=True))
    assert actions[0] == "merge_themes"
    assert "link_theme" in actions
    assert actions[-1] == "create_theme"
    assert AnalystAction.objects.filter(user=editor).count() == len(actions)


def test_merging_a_theme_into_itself_is_refused(analysed: Corpus, editor: User) -> None:
    a = frame.create_theme(version=analysed.version, user=editor, name="A")
    with pytest.raises(Rejected) as refused:
        frame.merge_themes(theme=a, into=a, user=editor, revision=1, into_revision=1)
    assert "into" in refused.value.errors
    a.refresh_from_db()
    assert a.revision == 1


def test_a_concurrent_edit_is_refused_and_nothing_is_half_saved(
    analysed: Corpus, editor: User
) -> None:
    version = analysed.version
    a = frame.create_theme(version=version, user=editor, name="A")
    b = frame.create_theme(version=version, user=editor, name="B")
    frame.tag_comments(version=version, user=editor, comment_ids=[analysed.privacy[0].pk], add=[a])
    seen_a, seen_b = a.revision, b.revision
    frame.rename_theme(theme=b, user=editor, name="B by someone else", revision=seen_b)
    stale_b = FrameTheme.objects.get(pk=b.pk)
    stale_b.revision = seen_b
    with pytest.raises(Rejected) as refused:
        frame.merge_themes(
            theme=a, into=stale_b, user=editor, revision=seen_a, into_revision=seen_b
        )
    assert refused.value.status == 409
    assert "Someone else changed" in refused.value.errors["into_revision"][0]
    a.refresh_from_db()
    assert a.revision == seen_a  # its bump was rolled back with the rest
    assert themes_of(version)["A"] == {analysed.privacy[0].pk}
    with pytest.raises(Rejected):
        frame.rename_theme(theme=stale_b, user=editor, name="Again", revision=seen_b)
    assert by_name(version, "B by someone else").pk == b.pk


def test_moving_a_comment_to_a_theme_of_another_version_is_refused(
    analysed: Corpus, editor: User, organisation: Organisation
) -> None:
    version = analysed.version
    other = published(editor, organisation, title="Another document").versions.get(number=1)
    elsewhere = frame.create_theme(version=other, user=editor, name="Elsewhere")
    here = frame.create_theme(version=version, user=editor, name="Here")
    comment = analysed.privacy[0].pk
    frame.tag_comments(version=version, user=editor, comment_ids=[comment], add=[here])
    with pytest.raises(Rejected) as refused:
        frame.move_comments(
            version=version, user=editor, comment_ids=[comment], source=here, target=elsewhere
        )
    assert "target" in refused.value.errors
    with pytest.raises(Rejected):  # nor a comment of another consultation into this one's
        frame.tag_comments(version=other, user=editor, comment_ids=[comment], add=[elsewhere])
    assert themes_of(version)["Here"] == {comment}
    assert not elsewhere.codings.exists()


def test_split_and_move_and_delete(analysed: Corpus, editor: User) -> None:
    version = analysed.version
    a = frame.create_theme(version=version, user=editor, name="A")
    b = frame.create_theme(version=version, user=editor, name="B")
    ids = [c.pk for c in analysed.privacy]
    found = list(FrameTheme.objects.filter(version=version, origin="engine"))
    frame.tag_comments(version=version, user=editor, comment_ids=ids, add=[a], remove=found)
    a.refresh_from_db()
    part = frame.split_theme(
        theme=a, user=editor, name="A, part two", comment_ids=ids[:2], revision=a.revision
    )
    assert themes_of(version)["A, part two"] == set(ids[:2])
    assert themes_of(version)["A"] == set(ids[2:])
    assert part.origin == "split"
    frame.move_comments(version=version, user=editor, comment_ids=ids[2:3], source=a, target=b)
    assert themes_of(version)["B"] == {ids[2]}
    a.refresh_from_db()
    frame.delete_theme(theme=a, user=editor, revision=a.revision)
    assert "A" not in themes_of(version)
    # Left with no theme: the next analysis may suggest it again.
    assert not CommentReview.objects.get(comment_id=ids[3]).coded_by_hand


def test_names_must_be_given_and_unique(analysed: Corpus, editor: User) -> None:
    version = analysed.version
    frame.create_theme(version=version, user=editor, name="Costs")
    for bad in ("", "   ", "costs", "x" * 121):
        with pytest.raises(Rejected) as refused:
            frame.create_theme(version=version, user=editor, name=bad)
        assert "name" in refused.value.errors
    assert FrameTheme.objects.filter(version=version, origin="analyst").count() == 1


def test_a_threshold_outside_0_to_1_is_refused_before_anything_changes(
    analysed: Corpus, editor: User
) -> None:
    version = analysed.version
    before = themes_of(version)
    for bad in (0, -0.1, 1.5):
        with pytest.raises(Rejected):
            services.analyse(version=version, threshold=bad)
    assert themes_of(version) == before


def test_a_theme_follows_its_clause_into_the_next_version(analysed: Corpus, editor: User) -> None:
    from parley.guidance import services as guidance
    from parley.insights import queries
    from tests.builders import close

    version = analysed.version
    clause = version.clauses.order_by("position").last()
    assert clause is not None
    theme = frame.create_theme(version=version, user=editor, name="Training time")
    frame.link_theme(
        theme=theme,
        user=editor,
        revision=theme.revision,
        lineages=[str(clause.lineage)],
        responses=[],
    )
    guidance.publish_version(version=close(version), user=editor)
    nxt = guidance.create_version(document=version.document, user=editor)
    moved = nxt.clauses.get(lineage=clause.lineage)
    assert [(t.name, numbers) for t, numbers in queries.earlier_themes(nxt)] == [
        ("Training time", [moved.number])
    ]
    assert queries.earlier_themes(version) == []


def test_the_api_carries_the_frame_the_reviews_and_the_evidence(
    analysed: Corpus, editor: User, client: Client
) -> None:
    version = analysed.version
    own = frame.create_theme(version=version, user=editor, name="Mine")
    comment = analysed.training[0].pk
    frame.tag_comments(version=version, user=editor, comment_ids=[comment], add=[own])
    frame.mark_reviewed(version=version, user=editor, comment_ids=[comment])
    frame.save_note(version=version, user=editor, comment_id=comment, note="Private words")
    client.force_login(editor)
    body = client.get(
        f"/api/v1/documents/{version.document.slug}/versions/{version.number}/insights"
    ).json()
    mine = next(theme for theme in body["frame"] if theme["name"] == "Mine")
    assert mine["comments"] == [comment]
    assert mine["origin"] == "analyst"
    assert body["reviewed"] == [comment]
    assert set(body["evidence"]) == {"statistic", "source", "experience", "wording"}
    assert "Private words" not in str(body)


def test_a_signatory_arriving_between_analyses_is_suggested_into_its_campaigns_themes(
    analysed: Corpus,
    editor: User,
    participant: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from tests.builders import comment_as
    from tests.insights.conftest import LETTER

    version = analysed.version
    own = frame.create_theme(version=version, user=editor, name="Accountability")
    template = Campaign.objects.get(analysis__version=version, size=len(analysed.letter))
    assert template.template_id is not None
    frame.tag_comments(version=version, user=editor, comment_ids=[template.template_id], add=[own])
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_as(
            version.clauses.get(position=1), participant, LETTER + " thank you", stance="oppose"
        )
    codings = Coding.objects.filter(comment=comment)
    assert ("Accountability", "suggested") in set(codings.values_list("theme__name", "source"))


def test_a_version_analysed_before_the_frame_existed_gets_one_on_first_visit(
    analysed: Corpus,
) -> None:
    version = analysed.version
    FrameTheme.objects.filter(version=version).delete()
    frame.adopt_analysis(version=version)
    frame.adopt_analysis(version=version)
    engine_themes = {t.label for t in analysed_themes(version)}
    assert {t.name for t in FrameTheme.objects.filter(version=version)} == engine_themes


def analysed_themes(version: Version) -> list[Theme]:
    return list(Theme.objects.filter(analysis__version=version))
