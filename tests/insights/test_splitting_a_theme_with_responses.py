"""Splitting a theme moves the chosen formal responses into the new theme as it does the
chosen comments: coded by hand there, out of the old theme, logged by reference; a response
not in the theme, or of another consultation, is refused beside the responses list and
nothing is saved (no new theme, no coding moved, no log)."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.consultations.models import Question, Response
from parley.insights import frame
from parley.insights.models import AnalystAction, Coding, CommentReview, FrameTheme
from parley.organisations.models import Organisation
from parley.validation import Rejected
from tests.builders import consult, draft, welsh
from tests.insights.test_coding_responses_in_bulk import (
    Responses,
    analyst,  # noqa: F401 -- a fixture
    enter,
    hand_codes,
    responses,  # noqa: F401 -- a fixture
)


def theme_url(theme: FrameTheme) -> str:
    version = theme.version
    return reverse("insights:frame_theme", args=[version.document.slug, version.number, theme.pk])


def response_elsewhere(editor: User, organisation: Organisation) -> Response:
    """A formal response to another document's consultation."""
    other = consult(draft(editor, organisation, title="Another document").versions.get(), editor)
    Question.objects.create(version=other, number=1, kind=Question.Kind.TEXT, text="Views?")
    return enter(other, editor, "Somewhere else entirely.", "Else", Response.Channel.POST)


@pytest.fixture
def coded(responses: Responses, analyst: User) -> FrameTheme:  # noqa: F811
    """A theme with two comments and all the privacy and training responses, by hand."""
    theme = frame.create_theme(version=responses.version, user=analyst, name="Everything")
    frame.tag_comments(
        version=responses.version,
        user=analyst,
        comment_ids=[c.pk for c in responses.corpus.privacy[:2]],
        response_ids=[r.pk for r in [*responses.privacy, *responses.training]],
        add=[theme],
    )
    theme.refresh_from_db()
    return theme


def test_a_split_moves_the_chosen_responses_and_comments_and_is_logged(
    responses: Responses,  # noqa: F811
    analyst: User,  # noqa: F811
    coded: FrameTheme,
) -> None:
    comment = responses.corpus.privacy[0]
    part = frame.split_theme(
        theme=coded,
        user=analyst,
        name="Training",
        comment_ids=[comment.pk],
        response_ids=[r.pk for r in responses.training],
        revision=coded.revision,
    )
    assert part.origin == "split"
    for response in responses.training:
        assert hand_codes(response) == {"Training"}
        assert CommentReview.objects.get(response=response).coded_by_hand
    for response in responses.privacy:
        assert hand_codes(response) == {"Everything"}
    assert set(part.codings.values_list("comment_id", flat=True)) == {comment.pk, None}
    assert not coded.codings.filter(comment=comment).exists()
    log = AnalystAction.objects.get(action="split_theme")
    assert log.user == analyst
    assert log.detail["comments"] == [comment.pk]
    assert log.detail["responses"] == [r.reference for r in responses.training]
    assert log.detail["new_name"] == "Training"

    # Responses alone split off too.
    coded.refresh_from_db()
    alone = frame.split_theme(
        theme=coded,
        user=analyst,
        name="Post",
        response_ids=[responses.privacy[0].pk],
        revision=coded.revision,
    )
    assert hand_codes(responses.privacy[0]) == {"Post"}
    assert not alone.codings.filter(comment__isnull=False).exists()
    last = AnalystAction.objects.filter(action="split_theme").order_by("pk").last()
    assert last is not None
    assert last.detail["comments"] == []
    assert last.detail["responses"] == [responses.privacy[0].reference]


def test_a_response_not_in_the_theme_or_of_another_consultation_is_refused_nothing_saved(
    responses: Responses,  # noqa: F811
    analyst: User,  # noqa: F811
    editor: User,
    organisation: Organisation,
    coded: FrameTheme,
) -> None:
    elsewhere = response_elsewhere(editor, organisation)
    outside = responses.evidence  # of this consultation, not in the theme
    themes_before = FrameTheme.objects.count()
    for ids, message in (
        ([elsewhere.pk], "Choose only formal responses made to this version’s consultation"),
        ([responses.training[0].pk, outside.pk], "Choose only formal responses in the theme"),
    ):
        with pytest.raises(Rejected) as refused:
            frame.split_theme(
                theme=coded,
                user=analyst,
                name="Refused",
                comment_ids=[responses.corpus.privacy[0].pk],
                response_ids=ids,
                revision=coded.revision,
            )
        assert list(refused.value.errors) == ["responses"]
        assert message in str(refused.value.errors["responses"][0])
    with pytest.raises(Rejected) as refused:
        frame.split_theme(theme=coded, user=analyst, name="None", revision=coded.revision)
    assert "comments" in refused.value.errors
    assert FrameTheme.objects.count() == themes_before
    assert hand_codes(responses.training[0]) == {"Everything"}
    assert coded.codings.filter(comment=responses.corpus.privacy[0]).exists()
    assert not AnalystAction.objects.filter(action="split_theme").exists()


def test_the_theme_page_splits_off_ticked_responses_and_refuses_others_beside_the_list(
    responses: Responses,  # noqa: F811
    analyst: User,  # noqa: F811
    editor: User,
    organisation: Organisation,
    coded: FrameTheme,
    signed_in: Callable[[User], Client],
) -> None:
    client = signed_in(analyst)
    url = theme_url(coded)
    page = client.get(url).content.decode()
    assert "Formal responses that go to the new theme" in page
    for response in [*responses.privacy, *responses.training]:
        assert f'value="{response.pk}"' in page.split('id="split-responses"')[1]
        assert f"Formal response {response.reference} (" in page
    assert responses.evidence.reference not in page  # not in the theme
    cy = welsh(client).get(url).content.decode()
    assert "Ymatebion ffurfiol sy’n mynd i’r thema newydd" in cy
    assert f"Ymateb ffurfiol {responses.privacy[0].reference} (" in cy
    client.cookies["django_language"] = "en"

    elsewhere = response_elsewhere(editor, organisation)
    comment = str(responses.corpus.privacy[0].pk)
    for ids in ([elsewhere.pk], [responses.training[0].pk, responses.evidence.pk], ["x"]):
        refused = client.post(
            url,
            {
                "form": "split",
                "split-name": "Refused",
                "split-comments": [comment],
                "split-responses": [str(pk) for pk in ids],
                "split-revision": coded.revision,
            },
        )
        assert refused.status_code == 400
        html = refused.content.decode()
        beside = html.split('id="split-responses"')[1].split("</fieldset>")[0]
        assert "Choose only formal responses in the theme being split" in beside
        assert 'value="Refused"' in html  # the name is kept
        ticked = html.split(f'value="{comment}"')[1].split(">")[0]
        assert "checked" in ticked  # and the comment still ticked
    nothing = client.post(
        url, {"form": "split", "split-name": "Nothing", "split-revision": coded.revision}
    )
    assert nothing.status_code == 400
    assert "Select at least one comment or formal response" in nothing.content.decode()
    assert not FrameTheme.objects.filter(name__in=["Refused", "Nothing"]).exists()
    assert not AnalystAction.objects.filter(action="split_theme").exists()
    assert hand_codes(responses.training[0]) == {"Everything"}

    done = client.post(
        url,
        {
            "form": "split",
            "split-name": "Training",
            "split-responses": [str(r.pk) for r in responses.training],
            "split-revision": coded.revision,
        },
    )
    assert done.status_code == 302
    assert "comments and responses you chose" in client.get(done["Location"]).content.decode()
    for response in responses.training:
        assert hand_codes(response) == {"Training"}
    assert Coding.objects.filter(theme=coded, response__in=responses.privacy).count() == 2
