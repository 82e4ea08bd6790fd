"""Formal responses of every channel are read by the insights beside the comments: a postcard
typed in by staff and a response whose attached PDF carries the letter join the campaign of
the online copies; analysts see them on the campaign page and in the API, nobody else ever
reads a response's words; analysts code a response into the frame's themes and review it."""

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Question, Response
from parley.files.simple_pdf import text_pdf
from parley.guidance.models import Version
from parley.insights import frame, services
from parley.insights.models import Campaign, Coding, CommentReview, Placement
from parley.organisations.models import Organisation, Role
from parley.validation import Rejected
from tests.builders import member_of
from tests.insights.conftest import LETTER, add_comment, publish_response

PRIVATE_WORDS = "my neighbour at number twelve"


def respond(
    version: Version,
    editor: User,
    *,
    text: str,
    name: str,
    channel: str = Response.Channel.POST,
    consent: str = Response.Consent.CONFIDENTIAL,
    attachment: bytes | None = None,
) -> Response:
    return consultations.enter_response(
        version=version,
        entered_by=editor,
        channel=channel,
        respondent=consultations.Respondent(name=name),
        consent=consent,
        answers=[consultations.AnswerIn(question=1, text=text)],
        attachments=[SimpleUploadedFile("letter.pdf", attachment)] if attachment else [],
    )


@pytest.fixture
def letters(
    consulting: Version, editor: User, django_capture_on_commit_callbacks: Capture
) -> dict[str, Any]:
    Question.objects.create(version=consulting, number=1, kind=Question.Kind.TEXT, text="Views?")
    clause = consulting.clauses.select_related("discussion").order_by("position")[0]
    online = [
        add_comment(clause.discussion, LETTER, stance="oppose", n=1),
        add_comment(clause.discussion, "Dear editors, " + LETTER, stance="oppose", n=2),
    ]
    postcard = respond(
        consulting, editor, text=LETTER + " Signed by " + PRIVATE_WORDS, name="Gwen Postcard"
    )
    with django_capture_on_commit_callbacks(execute=True):  # the PDF's text is read
        scanned = respond(
            consulting,
            editor,
            text="Please see the letter attached.",
            name="Huw Scanned",
            channel=Response.Channel.EMAIL,
            attachment=text_pdf([[LETTER]]),
        )
    services.analyse(version=consulting)
    return {"version": consulting, "online": online, "postcard": postcard, "scanned": scanned}


def test_a_postcard_and_a_scanned_letter_join_the_campaign_of_the_online_copies(
    letters: dict[str, Any],
) -> None:
    campaign = Campaign.objects.get(analysis__version=letters["version"])
    assert campaign.size == 4
    assert campaign.key == f"c-{letters['online'][0].pk}"
    assert campaign.template_id in {c.pk for c in letters["online"]}
    members = Placement.objects.filter(campaign=campaign)
    assert {p.response_id for p in members if p.response_id} == {
        letters["postcard"].pk,
        letters["scanned"].pk,
    }
    # The shared text is read from the comments: no word only a response holds.
    assert PRIVATE_WORDS not in campaign.template_text
    summary = campaign.analysis.summary["responses"]
    assert summary["analysed"] == 2
    assert summary["in_campaigns"] == 2
    assert summary["by_channel"] == {
        "post": {"analysed": 1, "in_campaigns": 1},
        "email": {"analysed": 1, "in_campaigns": 1},
    }


def test_analysts_read_the_response_members_on_the_campaign_page_and_in_the_api(
    letters: dict[str, Any], editor: User, signed_in: Callable[[User], Client]
) -> None:
    version = letters["version"]
    campaign = Campaign.objects.get(analysis__version=version)
    client = signed_in(editor)
    page = client.get(
        reverse("insights:campaign", args=[version.document.slug, version.number, campaign.key])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Formal response {letters['postcard'].reference} (Post)" in html
    assert f"#response-{letters['postcard'].reference}" in html
    assert PRIVATE_WORDS in html  # what the postcard added, for its analysts
    body = client.get(f"/api/v1/campaigns/{campaign.key}").json()
    kinds = {(m["kind"], m["id"]) for m in body["members"]}
    assert ("response", letters["postcard"].pk) in kinds
    assert ("comment", letters["online"][0].pk) in kinds
    postcard = next(
        m for m in body["members"] if m["kind"] == "response" and m["channel"] == "post"
    )
    assert postcard["response"] == letters["postcard"].reference
    assert postcard["number"] is None
    comment = next(m for m in body["members"] if m["kind"] == "comment")
    assert {"id", "number", "discussion", "added", "removed"} <= set(comment)
    assert (comment["response"], comment["channel"]) == (None, None)
    page = client.get(reverse("insights:insights", args=[version.document.slug, version.number]))
    assert 'id="channel-table"' in page.content.decode()


@pytest.fixture
def other_editor(other_organisation: Organisation) -> User:
    return member_of(other_organisation, "editor@elsewhere.example", "Ed Elsewhere", Role.EDITOR)


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "other_moderator", "other_editor", "admin_user"]
)
def test_a_confidential_response_never_appears_on_a_public_page(
    letters: dict[str, Any],
    editor: User,
    who: str,
    request: pytest.FixtureRequest,
    client: Client,
    signed_in: Callable[[User], Client],
) -> None:
    version = letters["version"]
    publish_response(version, editor)  # the insights are public now
    campaign = Campaign.objects.get(analysis__version=version)
    reader = client if who == "anonymous" else signed_in(request.getfixturevalue(who))
    pages = [
        reverse("insights:campaign", args=[version.document.slug, version.number, campaign.key]),
        reverse("insights:insights", args=[version.document.slug, version.number]),
        f"/api/v1/campaigns/{campaign.key}",
        f"/api/v1/documents/{version.document.slug}/versions/{version.number}/insights",
    ]
    for url in pages:
        page = reader.get(url)
        html = page.content.decode()
        assert page.status_code == 200, url
        if who == "admin_user":  # site staff are analysts everywhere
            if url in (pages[0], pages[2]):  # the campaign's page and the API list it
                assert letters["postcard"].reference in html
            continue
        assert PRIVATE_WORDS not in html
        assert "Gwen Postcard" not in html
        assert letters["postcard"].reference not in html
        assert '"kind": "response"' not in html.replace('":"', '": "')


def test_a_campaign_of_responses_alone_is_the_organisations_only(
    consulting: Version,
    editor: User,
    client: Client,
    signed_in: Callable[[User], Client],
) -> None:
    Question.objects.create(version=consulting, number=1, kind=Question.Kind.TEXT, text="Views?")
    for n in range(3):
        respond(consulting, editor, text=LETTER, name=f"Postcard {n}")
    services.analyse(version=consulting)
    campaign = Campaign.objects.get(analysis__version=consulting)
    assert campaign.template_id is None
    assert campaign.key.startswith("r-")
    publish_response(consulting, editor)
    url = f"/api/v1/campaigns/{campaign.key}"
    assert client.get(url).status_code == 404
    assert signed_in(editor).get(url).status_code == 200


def test_an_analyst_codes_a_response_into_a_theme_and_reviews_it(
    letters: dict[str, Any], editor: User, client: Client, signed_in: Callable[[User], Client]
) -> None:
    version = letters["version"]
    theme = frame.create_theme(version=version, user=editor, name="Accountability")
    review = frame.code_response(
        version=version,
        user=editor,
        response_id=letters["postcard"].pk,
        themes=[theme],
        reviewed=True,
    )
    assert review.reviewed
    assert review.coded_by_hand
    assert review.reviewed_by == editor
    coding = Coding.objects.get(response=letters["postcard"])
    assert (coding.theme, coding.source) == (theme, Coding.Source.HAND)
    other = frame.create_theme(version=version, user=editor, name="Plain English")
    frame.code_response(
        version=version,
        user=editor,
        response_id=letters["postcard"].pk,
        themes=[other],
        reviewed=True,
    )  # moved
    services.analyse(version=version)  # a new analysis keeps the analyst's decision
    assert list(
        Coding.objects.filter(response=letters["postcard"]).values_list("theme", flat=True)
    ) == [other.pk]
    assert CommentReview.objects.get(response=letters["postcard"]).reviewed
    api = f"/api/v1/documents/{version.document.slug}/versions/{version.number}/insights"
    document = signed_in(editor).get(api).json()
    coded = next(t for t in document["frame"] if t["name"] == "Plain English")
    assert coded["formal_responses"] == [letters["postcard"].pk]
    assert document["reviewed_responses"] == [letters["postcard"].pk]
    publish_response(version, editor)
    public = Client().get(api).json()
    assert all(t["formal_responses"] is None for t in public["frame"])
    assert public["reviewed_responses"] is None
    with pytest.raises(Rejected):
        frame.code_response(
            version=version, user=editor, response_id=0, themes=[theme], reviewed=False
        )


def test_the_demo_postcards_and_their_online_copies_are_one_campaign(db: None) -> None:
    call_command("demo", stdout=StringIO())
    version = Version.objects.get(document__slug="principles-for-taking-part-online", number=1)
    postcards = (
        Campaign.objects.filter(analysis__version=version, placements__response__channel="post")
        .distinct()
        .get()
    )
    members = Placement.objects.filter(campaign=postcards)
    assert members.filter(response__channel="post").count() == 20
    assert members.filter(comment__isnull=False).count() == 2
    assert postcards.template is not None  # public once the response is published


def test_an_analyst_codes_a_response_on_its_page_without_javascript(
    letters: dict[str, Any], editor: User, signed_in: Callable[[User], Client]
) -> None:
    version = letters["version"]
    theme = frame.create_theme(version=version, user=editor, name="Accountability")
    scanned = letters["scanned"]
    url = reverse(
        "insights:frame_response", args=[version.document.slug, version.number, scanned.reference]
    )
    client = signed_in(editor)
    listed = client.get(reverse("insights:frame", args=[version.document.slug, version.number]))
    assert f'href="{url}"' in listed.content.decode()  # the frame page lists the responses
    page = client.get(url)
    assert page.status_code == 200
    assert "ordinary members of the public" in page.content.decode()  # the PDF's text
    saved = client.post(url, {"themes": [str(theme.pk)], "reviewed": "on", "note": "Scanned."})
    assert saved.status_code == 302
    review = CommentReview.objects.get(response=scanned)
    assert (review.reviewed, review.note) == (True, "Scanned.")
    assert Coding.objects.get(response=scanned).theme == theme
    refused = client.post(url, {"themes": ["0"]})
    assert refused.status_code == 400  # a theme not in the frame: said beside the field
    assert Coding.objects.get(response=scanned).theme == theme  # nothing changed


@pytest.mark.parametrize("who", ["anonymous", "outsider", "other_editor", "participant"])
def test_nobody_else_opens_a_responses_coding_page(
    letters: dict[str, Any],
    editor: User,
    who: str,
    request: pytest.FixtureRequest,
    signed_in: Callable[[User], Client],
) -> None:
    version = letters["version"]
    publish_response(version, editor)
    url = reverse(
        "insights:frame_response",
        args=[version.document.slug, version.number, letters["postcard"].reference],
    )
    reader = Client() if who == "anonymous" else signed_in(request.getfixturevalue(who))
    assert reader.get(url).status_code == 404
    assert reader.post(url, {"reviewed": "on"}).status_code == 404
    assert not CommentReview.objects.filter(response=letters["postcard"]).exists()
