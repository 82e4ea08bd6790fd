"""The analysis download is written as its rows are read, and is byte for byte the document
the API builds whole (`queries.analysis_document`, as the download was written before): for
the organisation's analysts, with a campaign of formal responses alone, the responses coded
into the frame and reviewed; for anyone else, without them."""

import json
from collections.abc import Callable

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parley.accounts.models import User
from parley.consultations.models import Question
from parley.guidance.models import Version
from parley.insights import frame, queries, services
from tests.insights.conftest import Corpus, add_comment, publish_response
from tests.insights.test_formal_responses import respond

POSTCARD = (
    "Please fund the library van so that it keeps visiting the villages every week through "
    "the winter, because older people there have no other way to borrow books or get online."
)


EVIDENCE = (
    "In our survey of 412 residents, 68% said the library van is their only way to borrow "
    "books, according to the council's own 2025 figures."
)


def download(client: Client, version: Version) -> bytes:
    response = client.get(
        reverse("insights:analysis_json", args=[version.document.slug, version.number])
    )
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def whole(version: Version, *, analyst: bool) -> bytes:
    """The download as it was written before: the whole document, then encoded."""
    document = queries.analysis_document(version, analyst=analyst)
    return json.JSONEncoder(ensure_ascii=False, indent=1).encode(document).encode()


@pytest.fixture
def coded(corpus: Corpus, editor: User) -> Corpus:
    """An analysed consultation with three postcards (a campaign of responses alone), the
    analysts' own theme with a comment and a postcard coded into it, and reviews."""
    version = corpus.version
    Question.objects.create(version=version, number=1, kind=Question.Kind.TEXT, text="Views?")
    postcards = [respond(version, editor, text=POSTCARD, name=f"Postcard {n}") for n in range(3)]
    services.analyse(version=version)
    theme = frame.create_theme(version=version, user=editor, name="Accountability")
    frame.tag_comments(
        version=version, user=editor, comment_ids=[corpus.privacy[0].pk], add=[theme]
    )
    frame.mark_reviewed(version=version, user=editor, comment_ids=[corpus.training[0].pk])
    frame.code_response(
        version=version, user=editor, response_id=postcards[0].pk, themes=[theme], reviewed=True
    )
    respond(version, editor, text=EVIDENCE, name="Evidence")
    services.analyse(version=version)  # the frame is the analysts': responses are suggested
    return corpus


def test_an_analyst_downloads_the_whole_documents_bytes_with_the_responses_campaign(
    coded: Corpus, editor: User, signed_in: Callable[[User], Client]
) -> None:
    version = coded.version
    raw = download(signed_in(editor), version)
    assert raw == whole(version, analyst=True)
    data = json.loads(raw)
    assert data == queries.analysis_document(version, analyst=True)
    keys = [c["id"] for c in data["campaigns"]]
    assert any(key.startswith("r-") for key in keys)
    letter = next(c for c in data["campaigns"] if coded.letter[0].pk in c["members"])
    assert sorted(letter["members"]) == letter["members"]
    assert data["themes"]
    own = next(t for t in data["frame"] if t["name"] == "Accountability")
    assert own["comments"] == [coded.privacy[0].pk]
    assert len(own["formal_responses"]) == 1
    assert any(t["suggested"] for t in data["frame"])
    assert data["reviewed"] == [coded.training[0].pk]
    assert len(data["reviewed_responses"]) == 1
    assert any(t["suggested_responses"] for t in data["frame"])
    assert any(data["evidence_responses"].values())


def test_anyone_else_downloads_the_same_bytes_without_what_is_the_analysts(
    coded: Corpus, editor: User, client: Client
) -> None:
    version = coded.version
    publish_response(version, editor)
    raw = download(client, version)
    assert raw == whole(version, analyst=False)
    data = json.loads(raw)
    assert data == queries.analysis_document(version, analyst=False)
    assert data["campaigns"]
    assert not any(c["id"].startswith("r-") for c in data["campaigns"])
    assert "reviewed_responses" not in data
    assert all("formal_responses" not in t for t in data["frame"])
    assert "Postcard" not in raw.decode()


def test_a_version_never_analysed_downloads_the_empty_document(
    consulting: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    assert download(signed_in(editor), consulting) == whole(consulting, analyst=True)


def test_the_download_reads_as_many_queries_whatever_the_number_of_campaigns(
    coded: Corpus, editor: User, signed_in: Callable[[User], Client]
) -> None:
    version = coded.version
    client = signed_in(editor)
    with CaptureQueriesContext(connection) as before:
        campaigns = len(json.loads(download(client, version))["campaigns"])
    clause = version.clauses.select_related("discussion").order_by("position")[3]
    for n in range(4):  # four more campaigns of two copies each
        text = " ".join(f"grievance{n} number{i} word{i * n}" for i in range(30))
        for copy in range(2):
            add_comment(clause.discussion, text, n=900 + 2 * n + copy)
    services.analyse(version=version)
    assert len(json.loads(download(client, version))["campaigns"]) == campaigns + 4
    with CaptureQueriesContext(connection) as after:
        download(client, version)
    assert len(after) == len(before)
