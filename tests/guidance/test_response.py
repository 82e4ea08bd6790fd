"""The response to a consultation: "what you said and what we did"."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import Settings

from parley.accounts.models import User
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Outcome, Status
from parley.guidance import services
from parley.guidance.models import ClauseResponse, Response, Version
from parley.moderation.services import moderate
from parley.organisations.models import Organisation
from tests.builders import close, comment_as, consult, draft, latest

CLOSED_FIRST = "A response can only be written once the consultation has closed"


CLAUSES = (
    ("Be open", "Publish what you plan, early."),
    ("Be fair", "Give everyone the same chance to take part."),
    ("Be clear", "Say what you decided and why."),
)


def open_for_comments(
    editor: User, organisation: Organisation, title: str = "Taking part online"
) -> Version:
    """A document of three clauses, open for comments since two days ago, closing tomorrow."""
    document = draft(editor, organisation, CLAUSES, title=title, summary="")
    return consult(latest(document), editor, opened=timedelta(days=2), closing=timedelta(days=1))


def edit_url(version: Version) -> str:
    return reverse("guidance:edit_response", args=[version.document.slug, version.number])


def public_url(version: Version) -> str:
    return reverse("guidance:response", args=[version.document.slug, version.number])


def form_data(
    version: Version, *, summary: str = "", action: str = "save", **fields: object
) -> dict[str, object]:
    """Everything the editor page posts, left empty unless a field is given (by its name)."""
    data: dict[str, object] = {"summary": summary, "next_version": "", "action": action}
    for clause in version.clauses.all():
        data |= {f"clause-{clause.pk}-heard": "", f"clause-{clause.pk}-changed": ""}
    for comment in Comment.objects.filter(
        discussion__in=[version.discussion, *(c.discussion for c in version.clauses.all())]
    ):
        data |= {f"comment-{comment.pk}-outcome": "", f"comment-{comment.pk}-reason": ""}
    return data | fields


@pytest.fixture
def consultation(editor: User, organisation: Organisation) -> Version:
    return open_for_comments(editor, organisation)


@pytest.fixture
def comments(consultation: Version, participant: User, moderator: User) -> dict[str, Comment]:
    """A member's comment on clause 2, a guest's (approved) on clause 3, one on the whole."""
    clauses = {c.number: c for c in consultation.clauses.all()}
    fair = comment_as(
        clauses["2"], participant, "Publish the dates in *plain* words.", stance="oppose"
    )
    guest = comment_as(
        clauses["3"],
        discussions.Author(name="Gus Guest", email="gus@example.net", ip="192.0.2.10"),
        "Say who decided.",
        stance="support",
    )
    moderate(comment=guest, moderator=moderator, action="approve")
    whole = comment_as(consultation, participant, "This is too long overall.", stance="neutral")
    close(consultation)
    return {"fair": fair, "guest": guest, "whole": whole}


def test_an_unpublished_response_is_hidden_from_the_public_and_previewed_by_editors(
    consultation: Version,
    comments: dict[str, Comment],
    editor: User,
    signed_in: Callable[[User], Client],
) -> None:
    fair = consultation.clauses.get(number="2")
    client = signed_in(editor)

    answers: dict[str, Any] = {
        f"clause-{fair.pk}-heard": "People wanted the dates.",
        f"clause-{fair.pk}-changed": "We now publish the dates.",
        f"clause-{fair.pk}-comments": [comments["fair"].pk],
        f"comment-{comments['fair'].pk}-outcome": Outcome.ADOPTED,
        f"comment-{comments['fair'].pk}-reason": "Clause 2 now lists the dates.",
    }
    saved = client.post(
        edit_url(consultation),
        form_data(consultation, summary="We heard that dates were unclear.", **answers),
    )

    assert saved.status_code == 302
    assert saved["Location"] == edit_url(consultation)
    assert Client().get(public_url(consultation)).status_code == 404
    preview = client.get(public_url(consultation))
    assert preview.status_code == 200
    assert "Draft, not public" in preview.content.decode()


def test_a_published_response_shows_what_was_heard_what_changed_and_who_asked(
    consultation: Version,
    comments: dict[str, Comment],
    editor: User,
    signed_in: Callable[[User], Client],
) -> None:
    fair, clear = consultation.clauses.get(number="2"), consultation.clauses.get(number="3")
    published = signed_in(editor).post(
        edit_url(consultation),
        form_data(
            consultation,
            summary="We heard that **dates** were unclear.",
            action="publish",
            **{
                f"clause-{fair.pk}-heard": "People wanted the dates.",
                f"clause-{fair.pk}-changed": "We now publish the dates.",
                f"clause-{fair.pk}-comments": [comments["fair"].pk],
                f"clause-{clear.pk}-heard": "Say who decided.",
                f"clause-{clear.pk}-comments": [comments["guest"].pk],
                f"comment-{comments['fair'].pk}-outcome": Outcome.ADOPTED,
                f"comment-{comments['fair'].pk}-reason": "Clause 2 now lists the dates.",
                f"comment-{comments['whole'].pk}-outcome": Outcome.NOT_ADOPTED,
                f"comment-{comments['whole'].pk}-reason": "Each clause is needed.",
            },
        ),
    )
    assert published.status_code == 302
    assert published["Location"] == public_url(consultation)

    page = Client().get(public_url(consultation))

    assert page.status_code == 200
    html = page.content.decode()
    assert "What you said and what we did: Taking part online version 1" in html
    assert "<strong>dates</strong>" in html
    assert 'id="clause-2"' in html
    assert 'id="clause-3"' in html
    assert 'id="clause-1"' not in html  # nothing was said about it
    assert "People wanted the dates." in html
    assert "We now publish the dates." in html
    clause_url = reverse("guidance:clause", args=[consultation.document.slug, 1, "2"])
    assert f'href="{clause_url}"' in html
    assert f'href="{clause_url}#comment-{comments["fair"].number}"' in html
    assert "by Mina Member" in html
    assert "by Gus Guest" in html
    assert "gus@example.net" not in html
    assert "member@example.org" not in html
    assert "Each clause is needed." in html
    assert "Not adopted" in html


def test_a_response_links_to_the_next_version_and_the_comparison(
    consultation: Version,
    comments: dict[str, Comment],
    editor: User,
    signed_in: Callable[[User], Client],
) -> None:
    services.publish_version(version=consultation, user=editor)
    following = services.create_version(document=consultation.document, user=editor)
    services.publish_version(version=following, user=editor)
    signed_in(editor).post(
        edit_url(consultation),
        form_data(
            consultation,
            summary="Thank you.",
            action="publish",
            next_version=following.pk,
            **{f"clause-{consultation.clauses.get(number='1').pk}-changed": "Shorter."},
        ),
    )

    html = Client().get(public_url(consultation)).content.decode()

    slug = consultation.document.slug
    assert reverse("guidance:compare", args=[slug, 1, 2]) in html
    assert reverse("guidance:version", args=[slug, 2]) in html
    assert reverse("guidance:clause", args=[slug, 2, "1"]) in html


def test_a_commenter_sees_on_their_comment_what_became_of_it(
    consultation: Version,
    comments: dict[str, Comment],
    editor: User,
    participant: User,
    signed_in: Callable[[User], Client],
) -> None:
    signed_in(editor).post(
        edit_url(consultation),
        form_data(
            consultation,
            summary="Thank you.",
            action="publish",
            **{
                f"comment-{comments['fair'].pk}-outcome": Outcome.PARTLY_ADOPTED,
                f"comment-{comments['fair'].pk}-reason": "Dates, but not in plain words.",
            },
        ),
    )

    page = signed_in(participant).get(comments["fair"].discussion.url)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Partly adopted" in html
    assert "Dates, but not in plain words." in html


@pytest.mark.parametrize("role", ["participant", "outsider", "moderator"])
def test_only_the_documents_editors_may_write_the_response(
    consultation: Version,
    comments: dict[str, Comment],
    signed_in: Callable[[User], Client],
    role: str,
    request: pytest.FixtureRequest,
) -> None:
    client = signed_in(request.getfixturevalue(role))

    assert client.get(edit_url(consultation)).status_code == 403
    assert client.post(edit_url(consultation), form_data(consultation)).status_code == 403
    assert not Response.objects.exists()


def test_a_visitor_who_is_not_signed_in_is_asked_to_sign_in(consultation: Version) -> None:
    close(consultation)

    page = Client().get(edit_url(consultation))

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_login"))


def test_a_draft_has_no_response_pages(
    editor: User, organisation: Organisation, signed_in: Callable[[User], Client]
) -> None:
    document = services.create_document(user=editor, organisation=organisation, title="Draft")
    draft = document.versions.get()
    client = signed_in(editor)

    assert client.get(edit_url(draft)).status_code == 404
    assert client.get(public_url(draft)).status_code == 404


def test_a_response_waits_for_the_consultation_to_close(
    consultation: Version, participant: User, editor: User, signed_in: Callable[[User], Client]
) -> None:
    comment = comment_as(consultation, participant, "Too long.")
    client = signed_in(editor)

    page = client.get(edit_url(consultation))
    assert page.status_code == 409
    assert "You can write the response once it has closed" in page.content.decode()

    refused = client.post(
        edit_url(consultation),
        form_data(
            consultation,
            summary="Written too early.",
            action="publish",
            **{f"comment-{comment.pk}-outcome": Outcome.ADOPTED},
        ),
    )

    assert refused.status_code == 409
    html = refused.content.decode()
    assert CLOSED_FIRST in html
    assert "Written too early." in html
    assert not Response.objects.exists()
    comment.refresh_from_db()
    assert comment.outcome == ""


def test_an_unknown_outcome_is_refused_beside_its_comment_and_what_was_typed_is_kept(
    consultation: Version,
    comments: dict[str, Comment],
    editor: User,
    signed_in: Callable[[User], Client],
) -> None:
    fair = consultation.clauses.get(number="2")
    page = signed_in(editor).post(
        edit_url(consultation),
        form_data(
            consultation,
            summary="A summary worth keeping.",
            **{
                f"clause-{fair.pk}-heard": "Heard and kept.",
                f"comment-{comments['fair'].pk}-outcome": "ignored-forever",
                f"comment-{comments['fair'].pk}-reason": "A reason worth keeping.",
            },
        ),
    )

    assert page.status_code == 400
    html = page.content.decode()
    assert "Choose an outcome for comment #1 on clause 2 from the list" in html
    assert f'href="#id_comment-{comments["fair"].pk}-outcome_0"' in html  # the error summary
    assert "A summary worth keeping." in html
    assert "Heard and kept." in html
    assert "A reason worth keeping." in html
    assert not Response.objects.exists()


def test_a_reason_without_an_outcome_is_refused(
    consultation: Version,
    comments: dict[str, Comment],
    editor: User,
    signed_in: Callable[[User], Client],
) -> None:
    page = signed_in(editor).post(
        edit_url(consultation),
        form_data(consultation, **{f"comment-{comments['whole'].pk}-reason": "Because."}),
    )

    assert page.status_code == 400
    assert (
        "Choose an outcome for comment #1 on the version as a whole to go with the reason"
        in page.content.decode()
    )


def test_a_comment_from_another_document_cannot_be_linked(
    consultation: Version,
    comments: dict[str, Comment],
    editor: User,
    participant: User,
    organisation: Organisation,
    signed_in: Callable[[User], Client],
) -> None:
    elsewhere = open_for_comments(editor, organisation, title="Another document")
    stranger = comment_as(elsewhere.clauses.get(number="2"), participant, "Elsewhere.")
    fair = consultation.clauses.get(number="2")

    page = signed_in(editor).post(
        edit_url(consultation),
        form_data(
            consultation,
            summary="Kept.",
            action="publish",
            **{
                f"clause-{fair.pk}-changed": "Changed and kept.",
                f"clause-{fair.pk}-comments": [comments["fair"].pk, stranger.pk],
            },
        ),
    )

    assert page.status_code == 400
    html = page.content.decode()
    assert "Link only comments made on clause 2" in html
    assert "Changed and kept." in html
    assert not Response.objects.exists()
    assert not ClauseResponse.objects.exists()


def test_publishing_needs_a_summary_and_saves_nothing_without_one(
    consultation: Version,
    comments: dict[str, Comment],
    editor: User,
    signed_in: Callable[[User], Client],
) -> None:
    page = signed_in(editor).post(
        edit_url(consultation),
        form_data(
            consultation,
            action="publish",
            **{f"comment-{comments['fair'].pk}-outcome": Outcome.ADOPTED},
        ),
    )

    assert page.status_code == 400
    assert "Write a summary before publishing the response" in page.content.decode()
    assert not Response.objects.exists()
    comments["fair"].refresh_from_db()
    assert comments["fair"].outcome == ""


def test_saving_again_keeps_the_response_published_and_updates_it(
    consultation: Version,
    comments: dict[str, Comment],
    editor: User,
    signed_in: Callable[[User], Client],
) -> None:
    client = signed_in(editor)
    client.post(edit_url(consultation), form_data(consultation, summary="First.", action="publish"))
    published_at = Response.objects.get().published_at

    client.post(edit_url(consultation), form_data(consultation, summary="Second.", action="save"))

    response = Response.objects.get()
    assert response.published_at == published_at
    assert "Second." in Client().get(public_url(consultation)).content.decode()


def test_the_editor_page_shows_each_clause_with_its_comments_and_their_outcome_controls(
    consultation: Version,
    comments: dict[str, Comment],
    editor: User,
    signed_in: Callable[[User], Client],
) -> None:
    page = signed_in(editor).get(edit_url(consultation))

    assert page.status_code == 200
    html = page.content.decode()
    for number in ("1", "2", "3"):
        assert f'id="clause-{number}"' in html
    assert "Publish the dates in <em>plain</em> words." in html
    assert html.count('type="radio"') == 5 * len(comments)
    assert f'name="comment-{comments["whole"].pk}-outcome"' in html
    assert "Save draft response" in html
    assert "Publish response" in html
    assert "gus@example.net" not in html


def test_the_editor_page_costs_the_same_queries_for_5_or_50_comments(
    editor: User,
    organisation: Organisation,
    participant: User,
    signed_in: Callable[[User], Client],
    settings: Settings,
) -> None:
    settings.PARLEY_COMMENT_RATE = "1000/60"
    few, many = (
        open_for_comments(editor, organisation, "Few"),
        open_for_comments(editor, organisation, "Many"),
    )
    for version, count in ((few, 5), (many, 50)):
        targets = [version.discussion, *(c.discussion for c in version.clauses.all())]
        for n in range(count):
            comment_as(targets[n % len(targets)], participant, f"Comment {n}", stance="support")
        close(version)
    client = signed_in(editor)
    assert Comment.objects.filter(status=Status.APPROVED).count() == 55

    def queries(version: Version) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(edit_url(version)).status_code == 200
        return len(captured)

    assert queries(few) == queries(many)


def test_the_published_response_costs_the_same_queries_for_5_or_50_comments(
    editor: User,
    organisation: Organisation,
    participant: User,
    signed_in: Callable[[User], Client],
    settings: Settings,
) -> None:
    settings.PARLEY_COMMENT_RATE = "1000/60"
    client = signed_in(editor)
    for title, count in (("Few", 5), ("Many", 50)):
        version = open_for_comments(editor, organisation, title)
        clauses = list(version.clauses.all())
        targets = [version.discussion, *(c.discussion for c in clauses)]
        posted = [
            comment_as(targets[n % len(targets)], participant, f"Comment {n}") for n in range(count)
        ]
        close(version)
        fields: dict[str, object] = {}
        for clause in clauses:
            fields[f"clause-{clause.pk}-heard"] = f"Heard about {clause.number}"
            fields[f"clause-{clause.pk}-comments"] = [
                c.pk for c in posted if c.discussion_id == clause.discussion_id
            ]
        for comment in posted:
            fields[f"comment-{comment.pk}-outcome"] = Outcome.OUT_OF_SCOPE
            fields[f"comment-{comment.pk}-reason"] = "Not about this guidance."
        saved = client.post(
            edit_url(version), form_data(version, summary="Thanks.", action="publish", **fields)
        )
        assert saved.status_code == 302

    def queries(title: str) -> int:
        version = Version.objects.get(document__title=title)
        with CaptureQueriesContext(connection) as captured:
            page = Client().get(public_url(version))
        assert page.status_code == 200
        assert page.content.decode().count("Not about this guidance.") == (
            5 if title == "Few" else 50
        )
        return len(captured)

    assert queries("Few") == queries("Many")


def test_answers_for_clauses_of_another_version_are_refused_and_counted_in_words(
    consultation: Version, editor: User
) -> None:
    with pytest.raises(services.GuidanceRejected) as refused:
        services.save_response(
            version=close(consultation),
            user=editor,
            summary="Kept.",
            answers={"not-a-lineage": services.ClauseAnswer(heard="Heard.")},
        )
    assert refused.value.errors.get("answers") == [
        "1 answer is for a clause not in this version"
    ], refused.value.errors
    assert not Response.objects.exists()
