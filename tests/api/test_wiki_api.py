"""/api/v1/wiki/{space}/{page}: a page with its revisions."""

from django.test import Client

from parley.accounts.models import User
from parley.organisations.models import Organisation
from parley.wiki import services


def test_a_page_comes_with_its_revisions_newest_first(
    client: Client, organisation: Organisation, editor: User
) -> None:
    space = services.space_for(organisation)
    page = services.create_page(space=space, user=editor, title="FAQ", body="## Q\n\nA.")
    services.edit_page(
        page=page,
        user=editor,
        title="FAQ",
        body="## Q\n\nBetter A.",
        message="Fix",
        base_revision=1,
    )

    response = client.get("/api/v1/wiki/testing/faq")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "FAQ"
    assert body["revision"] == 2
    assert body["toc"] == [{"id": "section-q", "text": "Q", "level": 2}]
    assert [r["number"] for r in body["revisions"]] == [2, 1]
    assert body["revisions"][0] | {"created_at": None} == {
        "number": 2,
        "title": "FAQ",
        "body_markdown": "## Q\n\nBetter A.",
        "author": "Edith Editor",
        "message": "Fix",
        "created_at": None,
    }


def test_a_missing_page_is_not_found(client: Client, organisation: Organisation) -> None:
    assert client.get("/api/v1/wiki/testing/nothing").status_code == 404
