"""The coding frame's pages: analysts make and change themes, tick comments and act on
them in bulk without JavaScript, see why a comment was flagged as evidence, keep private
notes, read the log and download the coding; errors come back beside the field with what
was typed; a stale form is a 409 with nothing saved; nobody else may open them; the
published response cites the themes linked to it."""

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parley.accounts.models import User
from parley.guidance import services as guidance
from parley.guidance.models import ClauseResponse
from parley.insights import frame
from parley.insights.models import AnalystAction, Coding, CommentReview, FrameTheme
from parley.organisations.models import Organisation
from tests.builders import close, welsh
from tests.consultations.exporting import make_analyst
from tests.insights.conftest import Corpus, add_comment


@pytest.fixture
def analyst(organisation: Organisation) -> User:
    return make_analyst(organisation)


def url(corpus: Corpus, name: str = "frame", *extra: object) -> str:
    version = corpus.version
    return reverse(f"insights:{name}", args=[version.document.slug, version.number, *extra])


def test_the_frame_page_lists_the_themes_and_comments_with_evidence(
    analysed: Corpus, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    html = client.get(url(analysed)).content.decode()
    for theme in FrameTheme.objects.filter(version=analysed.version):
        assert theme.name in html
    assert 'name="bulk-comments"' in html
    assert "Apply to the ticked comments" in html
    cy = welsh(client).get(url(analysed)).content.decode()
    assert "Fframwaith codio" in cy


def test_making_a_theme_without_a_name_comes_back_with_the_error_beside_it(
    analysed: Corpus, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    frame.create_theme(version=analysed.version, user=analyst, name="Costs")
    answer = client.post(url(analysed), {"form": "new", "new-name": "costs"})
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "govuk-error-summary" in html
    assert "There is already a theme called “costs”" in html
    assert 'value="costs"' in html
    made = client.post(url(analysed), {"form": "new", "new-name": "Training budgets"})
    assert made.status_code == 302
    assert FrameTheme.objects.filter(name="Training budgets").exists()


def test_ticked_comments_are_tagged_in_bulk_and_marked_reviewed(
    analysed: Corpus, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    theme = frame.create_theme(version=analysed.version, user=analyst, name="Privacy")
    ids = [str(c.pk) for c in analysed.privacy]
    nothing = client.post(
        url(analysed), {"form": "bulk", "bulk-action": "tag", "bulk-theme": str(theme.pk)}
    )
    assert nothing.status_code == 400
    assert "Select at least one comment" in nothing.content.decode()
    no_theme = client.post(
        url(analysed), {"form": "bulk", "bulk-action": "tag", "bulk-comments": ids}
    )
    assert no_theme.status_code == 400
    assert "Choose the theme to use" in no_theme.content.decode()
    # What was ticked is still ticked.
    for pk in ids:
        assert re.search(rf'id="bulk-comments-{pk}"[^>]*checked', no_theme.content.decode())
    done = client.post(
        url(analysed),
        {"form": "bulk", "bulk-action": "tag", "bulk-theme": str(theme.pk), "bulk-comments": ids},
    )
    assert done.status_code == 302
    assert set(theme.codings.values_list("comment_id", flat=True)) == {int(pk) for pk in ids}
    client.post(url(analysed), {"form": "bulk", "bulk-action": "reviewed", "bulk-comments": ids})
    assert CommentReview.objects.filter(reviewed=True).count() == len(ids)
    listed = client.get(url(analysed), {"code": str(theme.pk), "reviewed": "yes"}).content.decode()
    assert f"{len(ids)} comments in the theme “Privacy”" in listed


def test_a_stale_theme_form_is_a_conflict_and_nothing_is_saved(
    analysed: Corpus, analyst: User, editor: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    theme = frame.create_theme(version=analysed.version, user=analyst, name="Costs")
    seen = theme.revision
    frame.rename_theme(theme=theme, user=editor, name="Money", revision=seen)
    answer = client.post(
        url(analysed, "frame_theme", theme.pk),
        {"form": "rename", "rename-name": "Spending", "rename-revision": seen},
    )
    assert answer.status_code == 409
    assert "Someone else changed the theme" in answer.content.decode()
    assert FrameTheme.objects.get(pk=theme.pk).name == "Money"


def test_merge_split_and_link_through_the_theme_page(
    analysed: Corpus, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    version = analysed.version
    a = frame.create_theme(version=version, user=analyst, name="A")
    b = frame.create_theme(version=version, user=analyst, name="B")
    ids = [c.pk for c in analysed.training]
    frame.tag_comments(version=version, user=analyst, comment_ids=ids, add=[a])
    a.refresh_from_db()
    page = url(analysed, "frame_theme", a.pk)
    itself = client.post(
        page, {"form": "merge", "merge-into": f"{a.pk}.{a.revision}", "merge-revision": a.revision}
    )
    assert itself.status_code == 400  # not one of the choices
    split = client.post(
        page,
        {
            "form": "split",
            "split-name": "A2",
            "split-comments": [str(ids[0])],
            "split-revision": a.revision,
        },
    )
    assert split.status_code == 302
    a.refresh_from_db()
    lineage = str(version.clauses.first().lineage)  # type: ignore[union-attr]
    linked = client.post(
        page, {"form": "link", "link-lineages": [lineage], "link-revision": a.revision}
    )
    assert linked.status_code == 302
    a.refresh_from_db()
    assert a.lineages == [lineage]
    seen_b = b.revision
    frame.rename_theme(theme=b, user=analyst, name="B, renamed meanwhile", revision=seen_b)
    stale = client.post(
        page, {"form": "merge", "merge-into": f"{b.pk}.{seen_b}", "merge-revision": a.revision}
    )
    assert stale.status_code == 409  # the theme merged into changed since the page was shown
    assert "Someone else changed the theme" in stale.content.decode()
    assert FrameTheme.objects.filter(pk=a.pk).exists()
    b.refresh_from_db()
    merged = client.post(
        page, {"form": "merge", "merge-into": f"{b.pk}.{b.revision}", "merge-revision": a.revision}
    )
    assert merged.status_code == 302
    assert set(b.codings.values_list("comment_id", flat=True)) == set(ids[1:])
    log = client.get(url(analysed, "frame_log")).content.decode()
    assert "merge_themes" in log
    assert "split_theme" in log
    assert "link_theme" in log


def test_the_comment_page_explains_the_evidence_and_keeps_a_private_note(
    corpus: Corpus, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    from parley.insights import services

    comment = add_comment(
        corpus.privacy[0].discussion,
        "In my experience as a nurse, 40% of staff never had data protection training.",
        n=700,
    )
    services.analyse(version=corpus.version)
    client = signed_in(analyst)
    page = url(corpus, "frame_comment", comment.pk)
    html = client.get(page).content.decode()
    assert "A statistic" in html
    assert "40%" in html
    assert "Personal experience" in html
    assert "In my experience" in html
    theme = frame.create_theme(version=corpus.version, user=analyst, name="Training")
    saved = client.post(
        page, {"themes": [str(theme.pk)], "reviewed": "on", "note": "Ask for the source"}
    )
    assert saved.status_code == 302
    review = CommentReview.objects.get(comment=comment)
    assert review.note == "Ask for the source"
    assert review.reviewed
    assert review.coded_by_hand
    assert list(Coding.objects.filter(comment=comment).values_list("theme__name", flat=True)) == [
        "Training"
    ]
    found = client.get(url(corpus), {"evidence": "statistic"}).content.decode()
    assert f"bulk-comments-{comment.pk}" in found
    assert f"bulk-comments-{corpus.training[0].pk}" not in found


def test_the_coding_export_neutralises_formulas_and_carries_everything(
    analysed: Corpus, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    version = analysed.version
    theme = frame.create_theme(version=version, user=analyst, name='=HYPERLINK("x")')
    comment = analysed.privacy[0].pk
    frame.tag_comments(version=version, user=analyst, comment_ids=[comment], add=[theme])
    frame.mark_reviewed(version=version, user=analyst, comment_ids=[comment])
    frame.save_note(version=version, user=analyst, comment_id=comment, note="@SUM(1)")
    client = signed_in(analyst)
    body = b"".join(client.get(url(analysed, "frame_export", "coding")).streaming_content).decode()  # type: ignore[attr-defined]
    header, *lines = body.splitlines()
    assert header.startswith("id,number,clause,codes,coded_by_hand,reviewed")
    row = next(line for line in lines if line.startswith(f"{comment},"))
    assert "'=HYPERLINK" in row
    assert "'@SUM(1)" in row
    assert "True" in row
    log = b"".join(client.get(url(analysed, "frame_export", "log")).streaming_content).decode()  # type: ignore[attr-defined]
    assert "save_note" in log
    assert "mark_reviewed" in log
    assert "Ana Lyst" in log
    comments = b"".join(
        client.get(
            reverse("insights:export", args=[version.document.slug, version.number, "csv"])
        ).streaming_content  # type: ignore[attr-defined]
    ).decode()
    assert comments.splitlines()[0].endswith("codes,reviewed,evidence")


@pytest.mark.parametrize("who", ["anonymous", "participant", "moderator", "other_analyst"])
def test_nobody_but_the_organisations_analysts_opens_the_frame(
    analysed: Corpus,
    who: str,
    client: Client,
    participant: User,
    moderator: User,
    other_organisation: Organisation,
) -> None:
    people = {
        "participant": participant,
        "moderator": moderator,
        "other_analyst": make_analyst(other_organisation),
    }
    if who in people:
        client.force_login(people[who])
    theme = FrameTheme.objects.filter(version=analysed.version).first()
    assert theme is not None
    comment = analysed.privacy[0].pk
    for page in (
        url(analysed),
        url(analysed, "frame_theme", theme.pk),
        url(analysed, "frame_comment", comment),
        url(analysed, "frame_log"),
        url(analysed, "frame_export", "coding"),
    ):
        assert client.get(page).status_code == 404
    assert client.post(url(analysed), {"form": "new", "new-name": "Sneaky"}).status_code == 404
    assert not FrameTheme.objects.filter(name="Sneaky").exists()
    assert not AnalystAction.objects.exists()


def test_editors_and_site_staff_open_the_frame(
    analysed: Corpus, editor: User, admin_user: User, client: Client
) -> None:
    for person in (editor, admin_user):
        client.force_login(person)
        assert client.get(url(analysed)).status_code == 200


def test_the_frame_page_costs_the_same_queries_whatever_the_number_of_comments(
    analysed: Corpus, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    client = signed_in(analyst)
    version = analysed.version
    theme = frame.create_theme(version=version, user=analyst, name="More")
    frame.tag_comments(
        version=version, user=analyst, comment_ids=[analysed.privacy[0].pk], add=[theme]
    )
    client.get(url(analysed))
    with CaptureQueriesContext(connection) as few:
        client.get(url(analysed))
    extra = [
        add_comment(
            analysed.privacy[0].discussion, f"Another comment number {n} about privacy.", n=800 + n
        )
        for n in range(12)
    ]
    frame.tag_comments(
        version=version, user=analyst, comment_ids=[c.pk for c in extra], add=[theme]
    )
    frame.mark_reviewed(version=version, user=analyst, comment_ids=[c.pk for c in extra])
    with CaptureQueriesContext(connection) as many:
        client.get(url(analysed))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_published_response_cites_the_linked_themes_with_links_only_for_readers(
    analysed: Corpus, editor: User, client: Client
) -> None:
    version = analysed.version
    theme = frame.create_theme(version=version, user=editor, name="Plain English")
    ids = [c.pk for c in analysed.short_letter]
    frame.tag_comments(version=version, user=editor, comment_ids=ids, add=[theme])
    close(version)
    clause = version.clauses.order_by("position").first()
    assert clause is not None
    response = guidance.save_response(
        version=version,
        user=editor,
        summary="We listened.",
        answers={str(clause.lineage): guidance.ClauseAnswer(heard="Plain words, please.")},
    )
    entry = ClauseResponse.objects.get(response=response)
    theme.refresh_from_db()
    frame.link_theme(
        theme=theme, user=editor, revision=theme.revision, lineages=[], responses=[entry.pk]
    )
    guidance.publish_response(response=response, user=editor)
    html = client.get(
        reverse("guidance:response", args=[version.document.slug, version.number])
    ).content.decode()
    assert f"{len(ids)} comments in the theme “Plain English”" in html
    assert f"?code={theme.pk}#search" in html  # the insights are public once it is published
    listed = client.get(
        reverse("insights:insights", args=[version.document.slug, version.number]),
        {"code": theme.pk},
    ).content.decode()
    assert f"{len(ids)} comments found" in listed
    assert "The analysts’ themes" in listed
    assert "Plain English" in listed
