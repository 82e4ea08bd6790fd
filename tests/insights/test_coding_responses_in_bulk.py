"""Formal responses are coded in bulk beside the comments, without JavaScript: ticked on the
frame page, tagged, taken out, moved and marked reviewed by the same form and the same
services, with the same refusals (a theme of another version, a response of another
consultation, a theme changed or deleted meanwhile: nothing saved) and the same log; the
coding export lists them with their reference, channel, codes, review and evidence; a new
analysis suggests them into the analysts' themes and never overrides a person's choice;
nobody but the organisation's analysts, editors, owners and site staff may do any of it."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Question, Response
from parley.guidance.models import Version
from parley.insights import frame, services
from parley.insights.models import AnalystAction, Coding, CommentReview, FrameTheme
from parley.organisations.models import Organisation, Role
from parley.validation import Rejected
from tests.builders import member_of, published, welsh
from tests.consultations.exporting import make_analyst
from tests.insights.conftest import PRIVACY, TRAINING, Corpus


@dataclass
class Responses:
    corpus: Corpus
    privacy: list[Response]  # by post
    training: list[Response]  # by e-mail
    evidence: Response  # gives a statistic

    @property
    def version(self) -> Version:
        return self.corpus.version


def enter(version: Version, editor: User, text: str, name: str, channel: str) -> Response:
    return consultations.enter_response(
        version=version,
        entered_by=editor,
        channel=channel,
        respondent=consultations.Respondent(name=name),
        consent=Response.Consent.CONFIDENTIAL,
        answers=[consultations.AnswerIn(question=1, text=text)],
        attachments=[],
    )


@pytest.fixture
def responses(corpus: Corpus, editor: User) -> Responses:
    version = corpus.version
    Question.objects.create(version=version, number=1, kind=Question.Kind.TEXT, text="Views?")
    privacy = [
        enter(version, editor, f"{text} Written by hand.", f"Post {n}", Response.Channel.POST)
        for n, text in enumerate(PRIVACY[:2])
    ]
    training = [
        enter(version, editor, f"{text} Sent by e-mail.", f"Mail {n}", Response.Channel.EMAIL)
        for n, text in enumerate(TRAINING[:2])
    ]
    evidence = enter(
        version,
        editor,
        "In my experience 40% of staff never had data protection training for social media.",
        "Stat",
        Response.Channel.MEETING,
    )
    services.analyse(version=version)
    return Responses(corpus, privacy, training, evidence)


@pytest.fixture
def analyst(organisation: Organisation) -> User:
    return make_analyst(organisation)


def frame_url(version: Version, query: str = "") -> str:
    url = reverse("insights:frame", args=[version.document.slug, version.number])
    return f"{url}?{query}" if query else url


def theme_value(theme: FrameTheme) -> str:
    """The theme as the frame page offers it: its id and the revision it showed."""
    theme.refresh_from_db()
    return f"{theme.pk}.{theme.revision}"


def hand_codes(response: Response) -> set[str]:
    return set(
        Coding.objects.filter(response=response, source=Coding.Source.HAND).values_list(
            "theme__name", flat=True
        )
    )


def test_ticked_responses_and_comments_are_tagged_reviewed_moved_and_logged_without_javascript(
    responses: Responses, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    version = responses.version
    client = signed_in(analyst)
    privacy = frame.create_theme(version=version, user=analyst, name="Personal data")
    training = frame.create_theme(version=version, user=analyst, name="Time to learn")
    page = client.get(frame_url(version)).content.decode()
    for response in responses.privacy:
        assert f'id="bulk-responses-{response.pk}"' in page
        assert f"Select formal response {response.reference} (Post)" in page
    assert "Apply to the ticked comments and responses" in page
    cy = welsh(client).get(frame_url(version)).content.decode()
    assert f"Dewis ymateb ffurfiol {responses.privacy[0].reference} (" in cy
    assert "Gwneud hyn i’r sylwadau a’r ymatebion a diciwyd" in cy
    client.cookies["django_language"] = "en"
    ticked = [str(r.pk) for r in responses.privacy]
    comment = str(responses.corpus.privacy[0].pk)
    done = client.post(
        frame_url(version),
        {
            "form": "bulk",
            "bulk-action": "tag",
            "bulk-theme": theme_value(privacy),
            "bulk-responses": ticked,
            "bulk-comments": [comment],
        },
    )
    assert done.status_code == 302
    for response in responses.privacy:
        assert hand_codes(response) == {"Personal data"}
        assert CommentReview.objects.get(response=response).coded_by_hand
    assert set(privacy.codings.values_list("comment_id", flat=True)) >= {int(comment)}
    shown = client.get(done["Location"]).content.decode()
    assert "Done for 2 formal responses" in shown
    assert "Done for 1 comment" in shown

    # Responses alone: reviewed, then moved out of the theme filtered on.
    client.post(
        frame_url(version), {"form": "bulk", "bulk-action": "reviewed", "bulk-responses": ticked}
    )
    assert all(
        CommentReview.objects.get(response=r).reviewed_by == analyst for r in responses.privacy
    )
    filtered = client.get(frame_url(version, f"code={privacy.pk}")).content.decode()
    assert responses.privacy[0].reference in filtered
    assert responses.training[0].reference not in filtered  # the list follows the filter
    moved = client.post(
        frame_url(version, f"code={privacy.pk}"),
        {
            "form": "bulk",
            "bulk-action": "move",
            "bulk-theme": theme_value(training),
            "bulk-responses": ticked[:1],
        },
    )
    assert moved.status_code == 302
    assert hand_codes(responses.privacy[0]) == {"Time to learn"}
    assert hand_codes(responses.privacy[1]) == {"Personal data"}
    untag = client.post(
        frame_url(version),
        {
            "form": "bulk",
            "bulk-action": "untag",
            "bulk-theme": theme_value(privacy),
            "bulk-responses": ticked[1:],
        },
    )
    assert untag.status_code == 302
    assert not hand_codes(responses.privacy[1])  # the analysis's suggestions stay
    assert not privacy.codings.filter(response=responses.privacy[1]).exists()

    log = {
        action.action: action.detail
        for action in AnalystAction.objects.filter(version=version).order_by("pk")
    }
    assert log["tag_comments"]["responses"] == [responses.privacy[1].reference]  # the untag
    assert log["mark_reviewed"]["responses"] == [r.reference for r in responses.privacy]
    assert log["move_comments"] == {
        "comments": [],
        "responses": [responses.privacy[0].reference],
        "source": "Personal data",
        "target": "Time to learn",
    }
    assert all(a.user == analyst for a in AnalystAction.objects.filter(version=version))


def test_nothing_ticked_or_a_response_of_another_consultation_is_refused_and_nothing_saved(
    responses: Responses, analyst: User, editor: User, signed_in: Callable[[User], Client]
) -> None:
    version = responses.version
    client = signed_in(analyst)
    theme = frame.create_theme(version=version, user=analyst, name="Personal data")
    nothing = client.post(
        frame_url(version), {"form": "bulk", "bulk-action": "tag", "bulk-theme": str(theme.pk)}
    )
    assert nothing.status_code == 400
    assert "Select at least one comment or formal response" in nothing.content.decode()
    no_theme = client.post(
        frame_url(version),
        {"form": "bulk", "bulk-action": "tag", "bulk-responses": [str(responses.evidence.pk)]},
    )
    assert no_theme.status_code == 400
    assert "Choose the theme to use" in no_theme.content.decode()
    assert f'id="bulk-responses-{responses.evidence.pk}"' in no_theme.content.decode()
    assert (
        "checked"
        in no_theme.content.decode()
        .split(f'id="bulk-responses-{responses.evidence.pk}"')[1]
        .split(">")[0]
    )  # still ticked

    garbage = client.post(
        frame_url(version),
        {"form": "bulk", "bulk-action": "reviewed", "bulk-responses": ["x"]},
    )
    assert garbage.status_code == 400
    assert "Select formal responses from the list" in garbage.content.decode()
    # A draft is not counted, so not in the analysis: refused with the valid ones.
    draft = Response.objects.create(
        version=version, reference="DRAFT0000001", status=Response.Status.DRAFT
    )
    for ids in ([draft.pk], [responses.evidence.pk, draft.pk], [responses.evidence.pk, 0]):
        refused = client.post(
            frame_url(version),
            {
                "form": "bulk",
                "bulk-action": "tag",
                "bulk-theme": theme_value(theme),
                "bulk-comments": [str(responses.corpus.privacy[0].pk)],
                "bulk-responses": [str(pk) for pk in ids],
            },
        )
        assert refused.status_code == 400
        beside = refused.content.decode().split('id="response-list"')[1].split("<table")[0]
        assert "Choose only formal responses made to this version’s consultation" in beside
    assert not theme.codings.exists()  # nothing half-saved: not the comment either
    assert not CommentReview.objects.filter(coded_by_hand=True).exists()
    assert not AnalystAction.objects.filter(action="tag_comments").exists()


def test_a_theme_of_another_version_is_refused_for_responses(
    responses: Responses, editor: User, organisation: Organisation
) -> None:
    version = responses.version
    other = published(editor, organisation, title="Another document").versions.get(number=1)
    elsewhere = frame.create_theme(version=other, user=editor, name="Elsewhere")
    here = frame.create_theme(version=version, user=editor, name="Here")
    response = responses.privacy[0].pk
    frame.tag_comments(version=version, user=editor, response_ids=[response], add=[here])
    with pytest.raises(Rejected) as refused:
        frame.tag_comments(version=version, user=editor, response_ids=[response], add=[elsewhere])
    assert "theme" in refused.value.errors
    with pytest.raises(Rejected) as refused:
        frame.move_comments(
            version=version, user=editor, response_ids=[response], source=here, target=elsewhere
        )
    assert "target" in refused.value.errors
    with pytest.raises(Rejected):  # nor a response of this consultation into another's frame
        frame.tag_comments(version=other, user=editor, response_ids=[response], add=[elsewhere])
    assert hand_codes(responses.privacy[0]) == {"Here"}
    assert not elsewhere.codings.exists()


def test_a_theme_changed_or_deleted_meanwhile_is_a_conflict_and_nothing_is_saved(
    responses: Responses, analyst: User, editor: User, signed_in: Callable[[User], Client]
) -> None:
    version = responses.version
    client = signed_in(analyst)
    theme = frame.create_theme(version=version, user=analyst, name="Personal data")
    as_shown = theme_value(theme)
    frame.rename_theme(theme=theme, user=editor, name="Money", revision=theme.revision)
    ticked = {
        "form": "bulk",
        "bulk-action": "tag",
        "bulk-theme": as_shown,
        "bulk-responses": [str(r.pk) for r in responses.privacy],
        "bulk-comments": [str(responses.corpus.privacy[0].pk)],
    }
    stale = client.post(frame_url(version), ticked)
    assert stale.status_code == 409
    assert "Someone else changed the theme “Money”" in stale.content.decode()
    assert not theme.codings.exists()
    gone = frame.create_theme(version=version, user=analyst, name="Soon gone")
    shown_gone = theme_value(gone)
    frame.delete_theme(theme=gone, user=editor, revision=gone.revision)
    deleted = client.post(frame_url(version), ticked | {"bulk-theme": shown_gone})
    assert deleted.status_code == 409
    assert "someone else deleted or merged it" in deleted.content.decode()
    assert not Coding.objects.filter(source=Coding.Source.HAND).exists()
    assert not AnalystAction.objects.filter(action="tag_comments").exists()
    # As the page shows it now, it goes through.
    assert (
        client.post(frame_url(version), ticked | {"bulk-theme": theme_value(theme)}).status_code
        == 302
    )
    assert all(hand_codes(r) == {"Money"} for r in responses.privacy)


def test_the_coding_export_lists_responses_with_reference_channel_codes_review_and_evidence(
    responses: Responses, analyst: User, signed_in: Callable[[User], Client]
) -> None:
    version = responses.version
    theme = frame.create_theme(version=version, user=analyst, name='=HYPERLINK("x")')
    stat = responses.evidence
    frame.tag_comments(version=version, user=analyst, response_ids=[stat.pk], add=[theme])
    frame.mark_reviewed(version=version, user=analyst, response_ids=[stat.pk])
    frame.code_response(
        version=version,
        user=analyst,
        response_id=stat.pk,
        themes=[theme],
        reviewed=True,
        note="@SUM(1)",
    )
    client = signed_in(analyst)
    url = reverse("insights:frame_export", args=[version.document.slug, version.number, "coding"])
    body = b"".join(client.get(url).streaming_content).decode()  # type: ignore[attr-defined]
    header, *lines = body.splitlines()
    assert header.endswith(",note,kind,reference,channel")
    row = next(line for line in lines if stat.reference in line)
    assert row.startswith(f"{stat.pk},,,\"'=HYPERLINK")  # formula-safe, no number or clause
    assert ",True,True,Ana Lyst," in row  # coded by hand, reviewed, by whom
    assert ",statistic; experience," in row
    assert "'@SUM(1)" in row
    assert row.endswith(f",response,{stat.reference},meeting")
    listed = {line.split(",")[-2] for line in lines if ",response," in line}
    assert listed == {r.reference for r in [*responses.privacy, *responses.training, stat]}
    assert sum(1 for line in lines if ",comment,," in line) == len(responses.corpus.all)
    log = url.replace("coding.csv", "log.csv")
    logged = b"".join(client.get(log).streaming_content).decode()  # type: ignore[attr-defined]
    assert stat.reference in logged


def test_a_new_analysis_suggests_responses_into_the_analysts_themes_and_keeps_hand_coding(
    responses: Responses, editor: User, signed_in: Callable[[User], Client]
) -> None:
    version = responses.version
    for found in FrameTheme.objects.filter(version=version):  # the frame is the analysts'
        frame.delete_theme(theme=found, user=editor, revision=found.revision)
    privacy = frame.create_theme(version=version, user=editor, name="Personal data protection")
    training = frame.create_theme(version=version, user=editor, name="Training time")
    corpus = responses.corpus
    frame.tag_comments(
        version=version,
        user=editor,
        comment_ids=[c.pk for c in corpus.privacy],
        add=[privacy],
    )
    frame.tag_comments(
        version=version, user=editor, comment_ids=[c.pk for c in corpus.training], add=[training]
    )
    # A person decides one privacy response is about training: never overridden.
    decided = responses.privacy[1]
    frame.tag_comments(version=version, user=editor, response_ids=[decided.pk], add=[training])
    frame.mark_reviewed(version=version, user=editor, response_ids=[decided.pk])
    services.analyse(version=version)
    services.analyse(version=version)

    suggested = Coding.objects.filter(response=responses.privacy[0]).get()
    assert (suggested.theme, suggested.source) == (privacy, Coding.Source.SUGGESTED)
    for response in responses.training:
        coding = Coding.objects.filter(response=response).get()
        assert (coding.theme, coding.source) == (training, Coding.Source.SUGGESTED)
    assert list(Coding.objects.filter(response=decided).values_list("theme", "source")) == [
        (training.pk, Coding.Source.HAND)
    ]
    assert CommentReview.objects.get(response=decided).reviewed
    # The API tells a person's coding from a suggestion, to the organisation's analysts.
    api = f"/api/v1/documents/{version.document.slug}/versions/{version.number}/insights"
    document = signed_in(editor).get(api).json()
    named = {t["name"]: t for t in document["frame"]}
    assert named["Training time"]["formal_responses"] == [decided.pk]
    assert set(named["Training time"]["suggested_responses"]) >= {r.pk for r in responses.training}
    assert responses.privacy[0].pk in named["Personal data protection"]["suggested_responses"]


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "member", "moderator", "other_analyst", "other_editor"]
)
def test_nobody_else_codes_responses_in_bulk(
    responses: Responses,
    editor: User,
    who: str,
    organisation: Organisation,
    other_organisation: Organisation,
    outsider: User,
    client: Client,
) -> None:
    version = responses.version
    theme = frame.create_theme(version=version, user=editor, name="Personal data")
    AnalystAction.objects.all().delete()
    people = {
        "outsider": outsider,  # signed up, no role anywhere
        "member": member_of(organisation, "guest@example.org", "Gwyn Guest", Role.MEMBER),
        "moderator": member_of(organisation, "mod@example.org", "Mo Derator", Role.MODERATOR),
        "other_analyst": make_analyst(other_organisation),
        "other_editor": member_of(
            other_organisation, "editor@elsewhere.example", "Ed Elsewhere", Role.EDITOR
        ),
    }
    if who in people:
        client.force_login(people[who])
    ticked = {
        "form": "bulk",
        "bulk-action": "tag",
        "bulk-theme": theme_value(theme),
        "bulk-responses": [str(r.pk) for r in responses.privacy],
    }
    assert client.get(frame_url(version)).status_code == 404
    assert client.post(frame_url(version), ticked).status_code == 404
    reviewed = ticked | {"bulk-action": "reviewed"}
    assert client.post(frame_url(version), reviewed).status_code == 404
    url = reverse("insights:frame_export", args=[version.document.slug, version.number, "coding"])
    assert client.get(url).status_code == 404
    assert not Coding.objects.filter(response__isnull=False, source=Coding.Source.HAND).exists()
    assert not CommentReview.objects.filter(response__isnull=False).exists()
    assert not AnalystAction.objects.exists()


@pytest.mark.parametrize("role", ["analyst", "editor", "owner", "site_staff"])
def test_the_organisations_analysts_editors_owners_and_site_staff_code_responses_in_bulk(
    responses: Responses, role: str, organisation: Organisation, admin_user: User, client: Client
) -> None:
    version = responses.version
    person = (
        admin_user
        if role == "site_staff"
        else member_of(organisation, f"{role}-person@example.org", f"A {role}", role)
    )
    client.force_login(person)
    reviewed = client.post(
        frame_url(version),
        {
            "form": "bulk",
            "bulk-action": "reviewed",
            "bulk-responses": [str(r.pk) for r in responses.training],
        },
    )
    assert reviewed.status_code == 302
    assert CommentReview.objects.filter(response__in=responses.training, reviewed=True).count() == 2


def test_the_frame_page_costs_the_same_queries_whatever_the_number_of_responses(
    responses: Responses, analyst: User, editor: User, signed_in: Callable[[User], Client]
) -> None:
    version = responses.version
    client = signed_in(analyst)
    theme = frame.create_theme(version=version, user=analyst, name="Personal data")
    frame.tag_comments(
        version=version, user=analyst, response_ids=[responses.evidence.pk], add=[theme]
    )
    client.get(frame_url(version))
    with CaptureQueriesContext(connection) as few:
        client.get(frame_url(version))
    more = [
        enter(version, editor, f"{PRIVACY[n % 4]} Card {n}.", f"Card {n}", Response.Channel.POST)
        for n in range(8)
    ]
    services.analyse(version=version)
    frame.tag_comments(
        version=version, user=analyst, response_ids=[r.pk for r in more], add=[theme]
    )
    frame.mark_reviewed(version=version, user=analyst, response_ids=[r.pk for r in more[:4]])
    with CaptureQueriesContext(connection) as many:
        page = client.get(frame_url(version)).content.decode()
    assert all(r.reference in page for r in more)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
