"""The list of a consultation's responses comes a page at a time, for analysts and, once
published, for anyone; a page costs the same queries however many responses it holds."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parley.accounts.models import User
from parley.consultations import publication
from parley.guidance.models import Version
from tests.builders import bearer
from tests.consultations.publishing import Responses, responses_to


@pytest.fixture
def closed(open_version: Version) -> Responses:
    return responses_to(open_version)


def url(version: Version, query: str) -> str:
    return f"/api/v1/documents/{version.document.slug}/versions/{version.number}/responses?{query}"


def pages(client: Client, version: Version, **headers: str) -> list[dict[str, Any]]:
    body = client.get(url(version, "limit=2"), headers=headers).json()
    found = [body]
    while body["next"]:
        body = client.get(url(version, f"limit=2&cursor={body['next']}"), headers=headers).json()
        found.append(body)
    return found


def test_analysts_read_every_counted_response_a_page_at_a_time(
    client: Client, closed: Responses, editor: User, token_for: Callable[[User], str]
) -> None:
    found = pages(client, closed.version, **bearer(token_for(editor)))

    references = [item["reference"] for body in found for item in body["items"]]
    assert [len(body["items"]) for body in found] == [2, 2]
    assert references == [
        r.reference for r in (closed.named, closed.anonymous, closed.on_behalf, closed.confidential)
    ]


def test_anyone_reads_the_published_responses_a_page_at_a_time(
    client: Client, closed: Responses, editor: User
) -> None:
    assert client.get(url(closed.version, "limit=1")).status_code == 403
    publication.publish_responses(version=closed.version, user=editor)

    found = pages(client, closed.version)

    assert [len(body["items"]) for body in found] == [2, 1]
    assert {body["confidential"] for body in found} == {1}
    names = [item["respondent"]["name"] for body in found for item in body["items"]]
    assert names == ["Nia Named", "An individual", "Walkers Club"]


def test_a_page_of_responses_costs_the_same_queries_whatever_it_holds(
    client: Client, closed: Responses, editor: User, token_for: Callable[[User], str]
) -> None:
    token = bearer(token_for(editor))
    client.get(url(closed.version, "limit=1"), headers=token)  # the token's first use

    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(closed.version, query), headers=token).status_code == 200
        return len(captured)

    assert queries("limit=1") == queries("limit=4")
    publication.publish_responses(version=closed.version, user=editor)
    client.logout()
    with CaptureQueriesContext(connection) as one:
        client.get(url(closed.version, "limit=1"))
    with CaptureQueriesContext(connection) as three:
        client.get(url(closed.version, "limit=3"))
    assert len(one) == len(three)


def test_a_bad_cursor_on_the_responses_is_named(
    client: Client, closed: Responses, editor: User, token_for: Callable[[User], str]
) -> None:
    response = client.get(url(closed.version, "cursor=garbage"), headers=bearer(token_for(editor)))

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]
