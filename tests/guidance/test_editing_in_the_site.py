from collections.abc import Callable
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.guidance.models import Document, Version
from parley.organisations.models import Organisation


def test_an_editor_drafts_a_document_adds_clauses_and_opens_a_consultation(
    signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    client = signed_in(editor)
    response = client.post(
        "/guidance/new/",
        {"title": "Principles", "summary": "Short.", "slug": "", "organisation": organisation.pk},
    )
    assert response["Location"] == "/guidance/principles/versions/1/edit/"
    for body in ("Be clear about your role.", "Think before you share."):
        client.post(
            response["Location"], {"action": "add", "number": "", "heading": "", "body": body}
        )
    version = Document.objects.get().versions.get()
    assert list(version.clauses.values_list("number", flat=True)) == ["1", "2"]
    opens = timezone.localtime() - timedelta(hours=1)
    closes = opens + timedelta(days=14)
    scheduled = client.post(
        "/guidance/principles/versions/1/schedule/",
        {
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": closes.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert scheduled.status_code == 302
    version.refresh_from_db()
    assert version.phase == "open"
    page = Client().get("/guidance/principles/").content.decode()
    assert "Open for comments" in page
    assert "Be clear about your role." in page


def test_a_clause_without_text_comes_back_with_the_error_and_what_was_typed(
    signed_in: Callable[[User], Client], editor: User, document: Document
) -> None:
    response = signed_in(editor).post(
        f"/guidance/{document.slug}/versions/1/edit/",
        {"action": "add", "number": "9", "heading": "Kept heading", "body": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter the text of the clause" in page
    assert 'value="Kept heading"' in page
    assert document.versions.get().clauses.count() == 4


def test_a_closing_time_before_the_opening_time_is_refused(
    signed_in: Callable[[User], Client], editor: User, document: Document
) -> None:
    now = timezone.localtime()
    response = signed_in(editor).post(
        f"/guidance/{document.slug}/versions/1/schedule/",
        {
            "opens_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert "closing time must be after the opening time" in response.content.decode()
    assert document.versions.get().status == Version.Status.DRAFT


def test_people_who_are_not_editors_cannot_change_guidance(
    signed_in: Callable[[User], Client],
    participant: User,
    other_moderator: User,
    document: Document,
) -> None:
    assert signed_in(participant).get("/guidance/new/").status_code == 403
    client = signed_in(other_moderator)
    assert client.get(f"/guidance/{document.slug}/versions/1/edit/").status_code == 404
    assert client.post(f"/guidance/{document.slug}/versions/new/").status_code == 403


def test_an_editor_reorders_and_edits_a_clause(
    signed_in: Callable[[User], Client], editor: User, document: Document
) -> None:
    client = signed_in(editor)
    version = document.versions.get()
    two = version.clauses.get(number="2")
    client.post(f"/guidance/{document.slug}/versions/1/edit/", {"action": "up", "clause": two.pk})
    assert list(version.clauses.order_by("position").values_list("number", flat=True))[:2] == [
        "2",
        "1",
    ]
    client.post(
        f"/guidance/{document.slug}/versions/1/clauses/2/edit/",
        {"action": "save", "number": "2", "heading": "Standards", "body": "New *words*"},
    )
    two.refresh_from_db()
    assert (two.heading, two.body_html) == ("Standards", "<p>New <em>words</em></p>\n")


def test_the_history_lists_changes_for_editors(
    signed_in: Callable[[User], Client], editor: User, document: Document, client: Client
) -> None:
    page = signed_in(editor).get(f"/guidance/{document.slug}/history/").content.decode()
    assert "Added clause 4" in page
    assert "Edith Editor" in page
