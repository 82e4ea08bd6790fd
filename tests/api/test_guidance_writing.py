"""Writing guidance through the API: editors only, through the same services as the site,
so every change is checked the same way and recorded in the document's history."""

from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.guidance.models import Clause, Document, GuidanceChange, Version
from parley.organisations.models import Membership, Organisation, Role
from tests.builders import (
    bearer,
    close,
    consult,
    csrf_client,
    draft,
    latest,
    member_of,
    post_json,
    published,
)

NEW_DOCUMENT = {"title": "Principles for public participation", "summary": "How we consult."}


def test_an_editor_starts_a_document_with_an_empty_draft(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    response = post_json(
        client, "/api/v1/documents", NEW_DOCUMENT, headers=bearer(token_for(editor))
    )

    assert response.status_code == 201
    body = response.json()
    document = Document.objects.get()
    assert document.organisation == organisation
    assert body["slug"] == "principles-for-public-participation"
    assert body["summary"] == "How we consult."
    assert body["current_version"] is None
    assert body["version"]["number"] == 1
    assert body["version"]["status"] == "draft"
    assert body["version"]["clauses"] == []
    assert body["versions"] == [
        {
            "number": 1,
            "status": "draft",
            "phase": "draft",
            "url": "http://testserver/guidance/principles-for-public-participation/versions/1/",
        }
    ]
    assert GuidanceChange.objects.filter(document=document, user=editor).exists()
    assert client.get(f"/api/v1/documents/{document.slug}").status_code == 404


def test_a_document_needs_a_title_and_a_free_address(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    draft(editor, organisation)
    headers = bearer(token_for(editor))

    untitled = post_json(client, "/api/v1/documents", {"title": " "}, headers=headers)
    taken = post_json(client, "/api/v1/documents", NEW_DOCUMENT, headers=headers)

    assert untitled.status_code == 400
    assert untitled.json()["errors"] == {"title": ["Enter a title"]}
    assert taken.status_code == 400
    assert list(taken.json()["errors"]) == ["slug"]
    assert Document.objects.count() == 1


def test_members_may_not_write_guidance_and_anonymous_callers_must_sign_in(
    client: Client, participant: User, moderator: User, token_for: Callable[[User], str]
) -> None:
    as_member = post_json(
        client, "/api/v1/documents", NEW_DOCUMENT, headers=bearer(token_for(participant))
    )
    as_moderator = post_json(
        client, "/api/v1/documents", NEW_DOCUMENT, headers=bearer(token_for(moderator))
    )
    anonymous = post_json(client, "/api/v1/documents", NEW_DOCUMENT)

    assert as_member.status_code == 403
    assert as_moderator.status_code == 403
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Bearer"
    assert not Document.objects.exists()


def test_an_editor_of_two_organisations_says_which_one_the_document_is_for(
    client: Client,
    editor: User,
    other_organisation: Organisation,
    token_for: Callable[[User], str],
) -> None:
    Membership.objects.create(organisation=other_organisation, user=editor, role=Role.EDITOR)
    headers = bearer(token_for(editor))

    unnamed = post_json(client, "/api/v1/documents", NEW_DOCUMENT, headers=headers)
    named = post_json(
        client, "/api/v1/documents", {**NEW_DOCUMENT, "organisation": "elsewhere"}, headers=headers
    )

    assert unnamed.status_code == 422
    assert list(unnamed.json()["errors"]) == ["organisation"]
    assert named.status_code == 201
    assert named.json()["organisation"] == {"slug": "elsewhere", "name": "Borough of Elsewhere"}


def test_an_editor_adds_clauses_to_a_draft_numbered_in_turn(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = draft(editor, organisation, [])
    path = f"/api/v1/documents/{document.slug}/versions/1/clauses"
    headers = bearer(token_for(editor))

    first = post_json(
        client, path, {"heading": "Be open", "body": "Publish *early*."}, headers=headers
    )
    sub = post_json(client, path, {"number": "1.1", "body": "Even drafts."}, headers=headers)
    second = post_json(client, path, {"body": "Listen."}, headers=headers)

    assert [r.status_code for r in (first, sub, second)] == [201, 201, 201]
    clause = Clause.objects.get(version__document=document, number="1")
    assert first.json() == {
        "number": "1",
        "lineage": str(clause.lineage),
        "heading": "Be open",
        "body_html": "<p>Publish <em>early</em>.</p>\n",
        "heading_cy": "",
        "body_html_cy": "",
        "discussion": clause.discussion_id,
        "comment_count": 0,
        "stance_counts": {"support": 0, "oppose": 0, "neutral": 0},
        "origin": "",
        "origin_lineages": [],
        "url": f"http://testserver/guidance/{document.slug}/versions/1/clauses/1/",
    }
    assert second.json()["number"] == "2"
    assert GuidanceChange.objects.filter(action="added clause 1.1").exists()


def test_a_clause_is_refused_field_by_field(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = draft(editor, organisation)
    path = f"/api/v1/documents/{document.slug}/versions/1/clauses"

    response = post_json(
        client, path, {"number": "2", "body": " "}, headers=bearer(token_for(editor))
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"number", "body"}
    assert Clause.objects.filter(version__document=document).count() == 4


def test_only_the_documents_editors_may_add_clauses(
    client: Client,
    editor: User,
    organisation: Organisation,
    participant: User,
    other_organisation: Organisation,
    token_for: Callable[[User], str],
) -> None:
    document = published(editor, organisation)
    hidden = draft(editor, organisation, title="Not yet public")
    elsewhere = member_of(other_organisation, "ed@elsewhere.example", "Ed Elsewhere", Role.EDITOR)
    clause = {"body": "Anyone may add this."}

    as_member = post_json(
        client,
        f"/api/v1/documents/{document.slug}/versions/1/clauses",
        clause,
        headers=bearer(token_for(participant)),
    )
    as_other_editor = post_json(
        client,
        f"/api/v1/documents/{document.slug}/versions/1/clauses",
        clause,
        headers=bearer(token_for(elsewhere)),
    )
    on_a_hidden_draft = post_json(
        client,
        f"/api/v1/documents/{hidden.slug}/versions/1/clauses",
        clause,
        headers=bearer(token_for(participant)),
    )
    anonymous = post_json(client, f"/api/v1/documents/{document.slug}/versions/1/clauses", clause)

    assert as_member.status_code == 403
    assert as_other_editor.status_code == 403
    assert on_a_hidden_draft.status_code == 404
    assert anonymous.status_code == 401
    assert not Clause.objects.filter(body_markdown="Anyone may add this.").exists()


def test_a_clause_cannot_be_added_once_the_version_is_not_a_draft(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = draft(editor, organisation)
    consult(latest(document), editor)

    response = post_json(
        client,
        f"/api/v1/documents/{document.slug}/versions/1/clauses",
        {"body": "Too late."},
        headers=bearer(token_for(editor)),
    )

    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["version"]
    assert latest(document).clauses.count() == 4


def test_an_editor_changes_only_what_they_send_and_the_lineage_stays(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = draft(editor, organisation)
    fourth = latest(document).clauses.get(number="4")

    response = client.patch(
        f"/api/v1/documents/{document.slug}/versions/1/clauses/4",
        {"number": "5", "heading": "Be patient"},
        content_type="application/json",
        headers=bearer(token_for(editor)),
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["number"], body["heading"]) == ("5", "Be patient")
    assert body["lineage"] == str(fourth.lineage)
    assert body["body_html"] == "<p>Give people at least twelve weeks to respond.</p>\n"
    fourth.refresh_from_db()
    assert (fourth.number, fourth.body_markdown) == (
        "5",
        "Give people at least twelve weeks to respond.",
    )


def test_a_split_clause_keeps_its_origin_when_only_its_text_changes(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = published(editor, organisation)
    headers = bearer(token_for(editor))
    post_json(client, f"/api/v1/documents/{document.slug}/versions", headers=headers)
    second = latest(document).clauses.get(number="2")
    added = post_json(
        client,
        f"/api/v1/documents/{document.slug}/versions/2/clauses",
        {"body": "Report back.", "origin": "split", "origin_lineages": [str(second.lineage)]},
        headers=headers,
    )

    changed = client.patch(
        f"/api/v1/documents/{document.slug}/versions/2/clauses/5",
        {"body": "Report back within a month."},
        content_type="application/json",
        headers=headers,
    )

    assert added.status_code == 201
    assert changed.status_code == 200
    assert (changed.json()["origin"], changed.json()["origin_lineages"]) == (
        "split",
        [str(second.lineage)],
    )


def test_changing_a_clause_that_is_not_there_is_not_found(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = draft(editor, organisation)

    response = client.patch(
        f"/api/v1/documents/{document.slug}/versions/1/clauses/9",
        {"body": "Nothing to change."},
        content_type="application/json",
        headers=bearer(token_for(editor)),
    )

    assert response.status_code == 404


def test_a_new_version_copies_the_clauses_and_keeps_their_lineage(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = published(editor, organisation)
    headers = bearer(token_for(editor))
    path = f"/api/v1/documents/{document.slug}/versions"

    created = post_json(client, path, headers=headers)
    again = post_json(client, path, headers=headers)

    assert created.status_code == 201
    body = created.json()
    assert (body["number"], body["status"], body["comments_open"]) == (2, "draft", False)
    old = Version.objects.get(document=document, number=1)
    assert [c["lineage"] for c in body["clauses"]] == [
        str(lineage) for lineage in old.clauses.values_list("lineage", flat=True)
    ]
    assert again.status_code == 409
    assert list(again.json()["errors"]) == ["version"]
    assert document.versions.count() == 2


def test_only_editors_start_a_version(
    client: Client,
    editor: User,
    organisation: Organisation,
    participant: User,
    token_for: Callable[[User], str],
) -> None:
    document = published(editor, organisation)
    path = f"/api/v1/documents/{document.slug}/versions"

    assert post_json(client, path, headers=bearer(token_for(participant))).status_code == 403
    assert post_json(client, path).status_code == 401
    assert document.versions.count() == 1


def test_an_editor_schedules_a_consultation_and_its_discussions_open(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = draft(editor, organisation)
    now = timezone.now()

    response = post_json(
        client,
        f"/api/v1/documents/{document.slug}/versions/1/schedule",
        {
            "opens_at": (now - timedelta(hours=1)).isoformat(),
            "closes_at": (now + timedelta(days=84)).isoformat(),
        },
        headers=bearer(token_for(editor)),
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["phase"], body["comments_open"]) == (
        "consultation",
        "open",
        True,
    )
    assert client.get(f"/api/v1/documents/{document.slug}").json()["current_version"] == 1


def test_consultations_on_one_document_cannot_overlap(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = draft(editor, organisation)
    consult(latest(document), editor)
    headers = bearer(token_for(editor))
    post_json(client, f"/api/v1/documents/{document.slug}/versions", headers=headers)
    now = timezone.now()

    response = post_json(
        client,
        f"/api/v1/documents/{document.slug}/versions/2/schedule",
        {
            "opens_at": (now + timedelta(days=7)).isoformat(),
            "closes_at": (now + timedelta(days=60)).isoformat(),
        },
        headers=headers,
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["opens_at"]
    assert "cannot overlap" in response.json()["detail"]
    assert latest(document).status == Version.Status.DRAFT


def test_a_consultation_time_needs_a_time_zone(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = draft(editor, organisation)

    response = post_json(
        client,
        f"/api/v1/documents/{document.slug}/versions/1/schedule",
        {"opens_at": "2099-01-01T09:00:00", "closes_at": "2099-03-01T09:00:00+00:00"},
        headers=bearer(token_for(editor)),
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["opens_at"]


def test_a_version_with_no_clauses_cannot_be_published(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = draft(editor, organisation, [])

    response = post_json(
        client,
        f"/api/v1/documents/{document.slug}/versions/1/publish",
        headers=bearer(token_for(editor)),
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["version"]
    assert latest(document).status == Version.Status.DRAFT


def test_a_version_is_published_once_its_consultation_has_closed(
    client: Client, editor: User, organisation: Organisation, token_for: Callable[[User], str]
) -> None:
    document = draft(editor, organisation)
    version = consult(latest(document), editor)
    path = f"/api/v1/documents/{document.slug}/versions/1/publish"
    headers = bearer(token_for(editor))

    while_open = post_json(client, path, headers=headers)
    close(version)
    after = post_json(client, path, headers=headers)

    assert while_open.status_code == 409
    assert list(while_open.json()["errors"]) == ["version"]
    assert after.status_code == 200
    body = after.json()
    assert (body["status"], body["phase"], body["comments_open"]) == (
        "published",
        "published",
        False,
    )
    assert body["published_at"]


def test_publishing_in_a_browser_needs_the_csrf_token(
    editor: User, organisation: Organisation
) -> None:
    document = draft(editor, organisation)
    version = consult(latest(document), editor)
    close(version)
    browser, csrf = csrf_client(editor)
    path = f"/api/v1/documents/{document.slug}/versions/1/publish"

    without = browser.post(path, content_type="application/json")
    with_token = browser.post(path, content_type="application/json", headers={"X-CSRFToken": csrf})

    assert without.status_code == 403
    assert with_token.status_code == 200
