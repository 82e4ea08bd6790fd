"""The API: published responses for anyone (only after publication, only as consented and
redacted), publishing, and a respondent reading their own response with the signed token."""

import json
import time

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.consultations import publication, tokens
from parley.consultations.models import Answer, Response
from parley.guidance.models import Version
from tests.builders import bearer
from tests.consultations.publishing import SECRET, Responses, responses_to


@pytest.fixture
def closed(open_version: Version) -> Responses:
    return responses_to(open_version)


def responses_api(version: Version) -> str:
    return f"/api/v1/documents/{version.document.slug}/versions/{version.number}/responses"


def own_api(response: Response, token: str | None = None) -> str:
    url = f"/api/v1/responses/{response.reference}"
    return f"{url}?token={token}" if token is not None else url


def text_answer(response: Response) -> Answer:
    return response.answers.select_related("question", "response__version__document").get(
        question__number=4
    )


def test_anyone_is_refused_the_responses_until_they_are_published(
    closed: Responses, client: Client, participant: User
) -> None:
    assert client.get(responses_api(closed.version)).status_code == 403
    _, raw = create_access_token(user=participant, name="script")
    assert client.get(responses_api(closed.version), headers=bearer(raw)).status_code == 403


def test_after_publication_anyone_reads_only_what_consent_allows_redacted(
    closed: Responses, client: Client, editor: User, moderator: User
) -> None:
    publication.redact(
        answer=text_answer(closed.named), moderator=moderator, passage="0123", reason="offensive"
    )
    publication.publish_responses(version=closed.version, user=editor)
    answer = client.get(responses_api(closed.version))
    assert answer.status_code == 200
    body = answer.json()
    assert body["confidential"] == 1
    names = [item["respondent"]["name"] for item in body["items"]]
    assert names == ["Nia Named", "An individual", "Walkers Club"]
    texts = [a["text"] for item in body["items"] for a in item["answers"] if a["question"] == 4]
    assert texts == ["Call Nia on [redacted: offensive].", "Be brief.", "Members agree."]
    raw = answer.content.decode()
    for hidden in (SECRET, "Cai Secret", "0123", "@example.net", "reference", "Unsure now."):
        assert hidden not in raw


def test_analysts_and_editors_still_read_everything(
    closed: Responses, client: Client, editor: User
) -> None:
    client.force_login(editor)
    body = client.get(responses_api(closed.version)).json()
    assert len(body["items"]) == 4
    assert SECRET in json.dumps(body)


def test_publishing_through_the_api_is_refused_before_closing_and_twice(
    open_version: Version, client: Client, editor: User, other_moderator: User
) -> None:
    url = responses_api(open_version) + "/publish"
    assert client.post(url).status_code == 401
    _, other = create_access_token(user=other_moderator, name="script")
    assert client.post(url, headers=bearer(other)).status_code == 403
    _, raw = create_access_token(user=editor, name="script")
    early = client.post(url, headers=bearer(raw))
    assert early.status_code == 409
    assert early.json()["errors"] == {
        "version": ["Responses can be published only after the consultation has closed"]
    }
    responses_to(open_version)
    done = client.post(url, headers=bearer(raw))
    assert done.status_code == 200
    assert done.json()["url"].endswith("/responses/published/")
    assert client.post(url, headers=bearer(raw)).status_code == 409


def test_a_respondent_reads_their_response_with_the_token_from_the_receipt(
    closed: Responses, client: Client, moderator: User, editor: User
) -> None:
    publication.redact(
        answer=text_answer(closed.named), moderator=moderator, passage="0123", reason="offensive"
    )
    publication.publish_responses(version=closed.version, user=editor)
    answer = client.get(own_api(closed.named, tokens.response_token(closed.named)))
    assert answer.status_code == 200
    body = answer.json()
    assert body["reference"] == closed.named.reference
    assert body["counted"] is True
    assert body["published"] is True
    assert body["published_as"] == "Nia Named"
    assert body["redacted"] is True
    assert body["consent"] == "named"
    assert body["outcome"] is None
    assert [a["text"] for a in body["answers"] if a["question"] == 4] == [
        "Call Nia on [redacted: offensive]."
    ]


def test_a_confidential_respondent_reads_their_own_answers_but_they_are_not_published(
    closed: Responses, client: Client, editor: User
) -> None:
    publication.publish_responses(version=closed.version, user=editor)
    body = client.get(
        own_api(closed.confidential, tokens.response_token(closed.confidential))
    ).json()
    assert body["published"] is False
    assert body["counted"] is True
    assert SECRET in json.dumps(body)


def test_a_replaced_response_says_so(closed: Responses, client: Client) -> None:
    body = client.get(own_api(closed.replaced, tokens.response_token(closed.replaced))).json()
    assert body["replaced"] is True
    assert body["counted"] is False


def test_a_wrong_forged_or_expired_token_or_someone_elses_reference_is_not_found(
    closed: Responses, client: Client, monkeypatch: pytest.MonkeyPatch, participant: User
) -> None:
    theirs = tokens.response_token(closed.anonymous)
    assert client.get(own_api(closed.named)).status_code == 404
    assert client.get(own_api(closed.named, theirs)).status_code == 404
    assert client.get(own_api(closed.named, "PAR-AAAA-AA:forged")).status_code == 404
    assert client.get(own_api(closed.named, "x" * 501)).status_code in {404, 422}
    confirm = tokens.confirm_token(closed.named)  # another kind of signed link
    assert client.get(own_api(closed.named, confirm)).status_code == 404
    nowhere = client.get("/api/v1/responses/PAR-ZZZZ-ZZ?token=" + theirs)
    assert nowhere.status_code == 404
    # Someone else's account, with no token, learns nothing either.
    _, raw = create_access_token(user=participant, name="script")
    assert client.get(own_api(closed.named), headers=bearer(raw)).status_code == 404
    old = time.time() - tokens.RESPONSE_MAX_AGE - 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: old)
    expired = tokens.response_token(closed.named)
    monkeypatch.undo()
    assert client.get(own_api(closed.named, expired)).status_code == 404
    assert client.get(own_api(closed.named, tokens.response_token(closed.named))).status_code == 200
