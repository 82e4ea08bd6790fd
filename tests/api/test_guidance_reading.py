"""Reading guidance: the list of documents, a document's current version, any public
version, and the response to a consultation. Drafts are for their editors only."""

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parley.accounts.models import User
from parley.guidance import services as guidance
from parley.organisations.models import Organisation
from tests.builders import bearer, close, comment_as, consult, draft, latest, published


def test_the_list_shows_documents_with_a_public_version_and_their_current_version(
    client: Client, editor: User, organisation: Organisation
) -> None:
    consulting = draft(editor, organisation, title="Accessibility principles")
    consult(latest(consulting), editor)
    revised = published(editor, organisation, title="Data principles")
    guidance.create_version(document=revised, user=editor)  # a draft version 2
    draft(editor, organisation, title="Secret plans")

    response = client.get("/api/v1/documents")

    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["slug"] for item in items] == ["accessibility-principles", "data-principles"]
    assert items[0] == {
        "slug": "accessibility-principles",
        "title": "Accessibility principles",
        "summary": "How we consult.",
        "title_cy": "",
        "summary_cy": "",
        "organisation": {"slug": "testing", "name": "Department for Testing"},
        "current_version": 1,
        "url": "http://testserver/guidance/accessibility-principles/",
    }
    assert items[1]["current_version"] == 1


def test_a_document_shows_its_current_version_clause_by_clause(
    client: Client, editor: User, organisation: Organisation
) -> None:
    document = draft(editor, organisation)
    version = consult(latest(document), editor)
    first = version.clauses.order_by("position")[0]

    response = client.get(f"/api/v1/documents/{document.slug}")

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == document.slug
    assert body["current_version"] == 1
    assert body["organisation"] == {"slug": "testing", "name": "Department for Testing"}
    assert body["versions"] == [
        {
            "number": 1,
            "status": "consultation",
            "phase": "open",
            "url": f"http://testserver/guidance/{document.slug}/versions/1/",
        }
    ]
    shown = body["version"]
    assert shown["number"] == 1
    assert shown["status"] == "consultation"
    assert shown["phase"] == "open"
    assert shown["opens_at"]
    assert shown["closes_at"]
    assert shown["published_at"] is None
    assert shown["discussion"] == version.discussion_id
    assert shown["comments_open"] is True
    assert shown["url"] == f"http://testserver/guidance/{document.slug}/versions/1/"
    assert [clause["number"] for clause in shown["clauses"]] == ["1", "2", "3", "4"]
    assert shown["clauses"][0] == {
        "number": "1",
        "lineage": str(first.lineage),
        "heading": "Be open",
        "body_html": "<p>Publish what you plan before you decide it.</p>\n",
        "heading_cy": "",
        "body_html_cy": "",
        "discussion": first.discussion_id,
        "comment_count": 0,
        "stance_counts": {"support": 0, "oppose": 0, "neutral": 0},
        "origin": "",
        "origin_lineages": [],
        "url": f"http://testserver/guidance/{document.slug}/versions/1/clauses/1/",
    }


def test_each_clause_counts_its_comments_and_their_stances(
    client: Client, editor: User, organisation: Organisation, moderator: User, participant: User
) -> None:
    document = draft(editor, organisation)
    first, second, *_ = consult(latest(document), editor).clauses.order_by("position")
    comment_as(first.discussion, moderator, "Yes.", stance="support")
    comment_as(first.discussion, participant, "Agreed.", stance="support")
    comment_as(first.discussion, editor, "No.", stance="oppose")
    comment_as(second.discussion, participant, "What counts as clear?", stance="neutral")
    comment_as(second.discussion, moderator, "A reply with no stance.", parent_number=1)

    clauses = client.get(f"/api/v1/documents/{document.slug}").json()["version"]["clauses"]

    assert [(c["comment_count"], c["stance_counts"]) for c in clauses] == [
        (3, {"support": 2, "oppose": 1, "neutral": 0}),
        (2, {"support": 0, "oppose": 0, "neutral": 1}),
        (0, {"support": 0, "oppose": 0, "neutral": 0}),
        (0, {"support": 0, "oppose": 0, "neutral": 0}),
    ]


def test_a_document_with_only_a_draft_is_found_by_its_editors_alone(
    client: Client,
    editor: User,
    organisation: Organisation,
    participant: User,
    other_moderator: User,
    token_for: Callable[[User], str],
) -> None:
    document = draft(editor, organisation)
    path = f"/api/v1/documents/{document.slug}"

    as_editor = client.get(path, headers=bearer(token_for(editor)))

    assert client.get(path).status_code == 404
    assert client.get(path, headers=bearer(token_for(participant))).status_code == 404
    assert client.get(path, headers=bearer(token_for(other_moderator))).status_code == 404
    assert client.get(f"{path}/versions/1").status_code == 404
    assert client.get("/api/v1/documents").json()["items"] == []
    assert as_editor.status_code == 200
    assert as_editor.json()["current_version"] is None
    assert as_editor.json()["version"]["status"] == "draft"
    assert as_editor.json()["version"]["comments_open"] is False
    assert len(as_editor.json()["version"]["clauses"]) == 4


def test_a_draft_version_of_a_public_document_is_found_by_its_editors_alone(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = published(editor, organisation)
    guidance.create_version(document=document, user=editor)
    headers = bearer(token_for(editor))
    path = f"/api/v1/documents/{document.slug}"

    public = client.get(path).json()
    editors = client.get(path, headers=headers).json()

    assert public["version"]["number"] == editors["version"]["number"] == 1
    assert [v["number"] for v in public["versions"]] == [1]
    assert [(v["number"], v["status"]) for v in editors["versions"]] == [
        (1, "published"),
        (2, "draft"),
    ]
    assert client.get(f"{path}/versions/2").status_code == 404
    version = client.get(f"{path}/versions/2", headers=headers)
    assert version.status_code == 200
    assert version.json()["phase"] == "draft"
    assert client.get(f"{path}/versions/1").json()["phase"] == "published"


def test_unknown_documents_and_versions_are_not_found(
    client: Client, editor: User, organisation: Organisation
) -> None:
    document = published(editor, organisation)

    assert client.get("/api/v1/documents/nothing-here").status_code == 404
    assert client.get(f"/api/v1/documents/{document.slug}/versions/9").status_code == 404
    assert client.get("/api/v1/documents/nothing-here/versions/1").json() == {
        "detail": "Not found",
        "errors": {},
    }


def test_a_document_takes_the_same_number_of_queries_for_3_or_30_clauses(
    client: Client, editor: User, organisation: Organisation, moderator: User
) -> None:
    def clauses(count: int) -> list[tuple[str, str]]:
        return [(f"Principle {n}", f"The text of principle {n}.") for n in range(count)]

    small = draft(editor, organisation, clauses(3), title="Small")
    large = draft(editor, organisation, clauses(30), title="Large")
    for document in (small, large):
        for clause in consult(latest(document), editor).clauses.all():
            comment_as(clause.discussion, moderator, "I support this.", stance="support")

    with CaptureQueriesContext(connection) as three:
        assert len(client.get("/api/v1/documents/small").json()["version"]["clauses"]) == 3
    with CaptureQueriesContext(connection) as thirty:
        assert len(client.get("/api/v1/documents/large").json()["version"]["clauses"]) == 30

    assert len(thirty) == len(three) <= 5, [q["sql"] for q in thirty]


def test_a_response_is_not_found_until_it_is_published(
    client: Client,
    editor: User,
    organisation: Organisation,
    participant: User,
    token_for: Callable[[User], str],
) -> None:
    document = draft(editor, organisation)
    version = consult(latest(document), editor)
    first, second, *_ = version.clauses.order_by("position")
    general = comment_as(version.discussion, participant, "A good start overall.")
    asked = comment_as(
        second.discussion, participant, "Say how you will tell us.", stance="support"
    )
    comment_as(first.discussion, participant, "Fine as it is.", stance="support")
    path = f"/api/v1/documents/{document.slug}/versions/1/response"

    not_yet_written = client.get(path)
    guidance.publish_version(version=close(version), user=editor)
    next_version = guidance.create_version(document=document, user=editor)
    response = guidance.save_response(
        version=version,
        user=editor,
        summary="We heard **you**.",
        next_version=next_version,
        answers={
            str(second.lineage): guidance.ClauseAnswer(
                heard="You asked to be told.", changed="We now say so.", comment_ids=[asked.pk]
            )
        },
    )
    guidance.set_outcomes(
        version=version,
        user=editor,
        outcomes=[(asked.pk, "adopted", "Clause 2 now says so."), (general.pk, "", "")],
    )
    unpublished = client.get(path)
    editors_preview = client.get(path, headers=bearer(token_for(editor)))
    guidance.publish_response(response=response, user=editor)
    public = client.get(path)

    assert not_yet_written.status_code == 404
    assert unpublished.status_code == 404
    assert editors_preview.status_code == 200
    assert editors_preview.json()["published_at"] is None
    assert public.status_code == 200
    body = public.json()
    assert body["published_at"]
    assert body == {
        "version": 1,
        "summary_html": "<p>We heard <strong>you</strong>.</p>\n",
        "published_at": body["published_at"],
        "next_version": 2,
        "clauses": [
            {
                "lineage": str(second.lineage),
                "number": "2",
                "heard_html": "<p>You asked to be told.</p>\n",
                "changed_html": "<p>We now say so.</p>\n",
                "comments": [
                    {"id": asked.pk, "number": asked.number, "discussion": second.discussion_id}
                ],
            }
        ],
        "outcomes": [
            {
                "comment": {
                    "id": asked.pk,
                    "number": asked.number,
                    "discussion": second.discussion_id,
                },
                "outcome": "adopted",
                "outcome_reason": "Clause 2 now says so.",
            }
        ],
    }


def test_the_openapi_schema_describes_the_guidance_endpoints(client: Client, db: None) -> None:
    schema = client.get("/api/v1/openapi.json").json()

    # Other routers may add their own addresses under /documents (insights, for one).
    guidance_paths = {
        path
        for path, operations in schema["paths"].items()
        if path.startswith("/api/v1/documents")
        and any(
            {"guidance", "organisations"} & set(operation.get("tags", []))
            for operation in operations.values()
        )
    }
    assert guidance_paths == {
        "/api/v1/documents",
        "/api/v1/documents/{slug}",
        "/api/v1/documents/{slug}/versions",
        "/api/v1/documents/{slug}/versions/{n}",
        "/api/v1/documents/{slug}/versions/{n}/clauses",
        "/api/v1/documents/{slug}/versions/{n}/clauses/{number}",
        "/api/v1/documents/{slug}/versions/{n}/schedule",
        "/api/v1/documents/{slug}/versions/{n}/publish",
        "/api/v1/documents/{slug}/versions/{n}/response",
        "/api/v1/documents/{slug}/compare/{a}/{b}",
        "/api/v1/documents/{slug}/adoptions",
    }
    assert schema["components"]["schemas"]["Comparison"]["required"] == ["from", "to", "changes"]
