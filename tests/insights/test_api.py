"""GET /api/v1/documents/{slug}/versions/{n}/insights: the agreed shape and the page's rule."""

import pytest
from django.test import Client

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from tests.insights.conftest import Corpus, publish_response


def path(corpus: Corpus, slug: str | None = None, number: int | None = None) -> str:
    version = corpus.version
    return (
        f"/api/v1/documents/{slug or version.document.slug}"
        f"/versions/{number or version.number}/insights"
    )


def bearer(user: User) -> dict[str, str]:
    _, raw = create_access_token(user=user, name="tests")
    return {"Authorization": f"Bearer {raw}"}


def test_editors_get_campaigns_themes_and_stance_in_the_agreed_shape(
    analysed: Corpus, editor: User, client: Client
) -> None:
    response = client.get(path(analysed), headers=bearer(editor))
    assert response.status_code == 200
    data = response.json()
    assert {"campaigns", "themes", "stance"} <= set(data)
    campaigns = data["campaigns"]
    assert [c["size"] for c in campaigns] == [6, 3]
    letter = campaigns[0]
    assert {"id", "size", "template", "members"} <= set(letter)
    assert letter["members"] == sorted(c.pk for c in analysed.letter)
    assert letter["template"] in letter["members"]
    assert letter["id"] == f"c-{min(letter['members'])}"
    assert data["themes"]
    assert {"id", "terms", "size", "representatives"} <= set(data["themes"][0])
    clauses = {row["clause"]: row for row in data["stance"]["clauses"]}
    assert clauses["1"]["comments"]["oppose"] == 6
    assert clauses["1"]["campaigns_once"]["oppose"] == 1
    assert "@" not in response.content.decode()


def test_before_any_analysis_the_lists_are_empty(
    corpus: Corpus, editor: User, client: Client
) -> None:
    data = client.get(path(corpus), headers=bearer(editor)).json()
    assert data["state"] == "none"
    assert data["campaigns"] == []
    assert data["themes"] == []


@pytest.mark.parametrize("who", ["anonymous", "outsider", "other_moderator"])
def test_others_get_404_until_the_response_is_published(
    analysed: Corpus, editor: User, client: Client, who: str, request: pytest.FixtureRequest
) -> None:
    headers = {} if who == "anonymous" else bearer(request.getfixturevalue(who))
    response = client.get(path(analysed), headers=headers)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    publish_response(analysed.version, editor)
    assert client.get(path(analysed), headers=headers).status_code == 200


def test_unknown_document_or_version_is_a_json_404(
    analysed: Corpus, editor: User, client: Client
) -> None:
    for address in (path(analysed, slug="no-such-thing"), path(analysed, number=9)):
        response = client.get(address, headers=bearer(editor))
        assert response.status_code == 404
        assert response.json()["detail"]
