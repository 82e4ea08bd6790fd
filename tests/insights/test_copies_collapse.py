"""A form letter's copies collapse behind its first copy on the discussion page once the
insights have found the campaign (issue 23): the page shows arguments, not copies, and every
copy is still one link away and findable by its permalink."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from parley.accounts.models import User
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from parley.insights import services
from tests.builders import comment_as
from tests.html import attribute, find, find_all, one_line, text
from tests.insights.conftest import LETTER, Corpus


def shown(client: Client, url: str) -> list[int]:
    page = client.get(url)
    assert page.status_code == 200
    return [
        int(attribute(li, "data-number") or 0)
        for li in find_all(page.content.decode(), "li", class_="parley-comment")
    ]


def clause_url(corpus: Corpus) -> str:
    return corpus.version.clauses.get(position=1).get_absolute_url()


def test_the_first_letter_stays_and_its_copies_are_counted_and_linked(
    client: Client, analysed: Corpus
) -> None:
    first, *copies = analysed.letter
    url = clause_url(analysed)

    page = client.get(url).content.decode()

    assert shown(client, url) == [first.number]
    line = find(page, "li", class_="parley-copies")
    assert "And 5 more people sent the same letter. Read their copies" in " ".join(
        text(line).split()
    )
    link = find(line, "a")
    assert attribute(link, "href") == f"?copies={first.number}#comments"
    copies_page = client.get(f"{url}?copies={first.number}")
    said = one_line(copies_page.content.decode())
    assert f"5 more people sent the same letter as comment {first.number}" in said
    assert shown(client, f"{url}?copies={first.number}") == [c.number for c in copies]
    assert "Back to all comments" in said


def test_a_copys_permalink_finds_it_on_the_page_of_copies(client: Client, analysed: Corpus) -> None:
    first, *copies = analysed.letter
    url = clause_url(analysed)

    found = client.get(f"/c/{copies[2].pk}")

    assert found.status_code == 302
    assert found["Location"] == f"{url}?copies={first.number}#comment-{copies[2].number}"


def test_copies_come_a_page_at_a_time(client: Client, analysed: Corpus, settings: Settings) -> None:
    settings.PARLEY_COMMENTS_PER_PAGE = 2
    first, *copies = analysed.letter
    url = clause_url(analysed)

    assert shown(client, f"{url}?copies={first.number}&page=3") == [copies[4].number]
    assert client.get(f"/c/{copies[4].pk}")["Location"] == (
        f"{url}?copies={first.number}&page=3#comment-{copies[4].number}"
    )
    assert client.get(f"{url}?copies={first.number}&page=4").status_code == 404


@pytest.mark.parametrize("asked", ["?copies=999", "?copies=²", "?copies=-1"])
def test_copies_of_a_letter_that_is_not_there_are_not_found(
    client: Client, analysed: Corpus, asked: str
) -> None:
    assert client.get(f"{clause_url(analysed)}{asked}").status_code == 404


def test_a_new_copy_approved_after_the_analysis_joins_the_others_at_once(
    client: Client,
    analysed: Corpus,
    participant: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    clause = analysed.version.clauses.get(position=1)
    with django_capture_on_commit_callbacks(execute=True):
        late = comment_as(clause, participant, LETTER + " thank you", stance="oppose")

    assert Comment.objects.get(pk=late.pk).copy_of_id == analysed.letter[0].pk
    assert shown(client, clause_url(analysed)) == [analysed.letter[0].number]
    assert "And 6 more people" in client.get(clause_url(analysed)).content.decode()


def test_removing_the_first_letter_hands_its_place_to_the_earliest_copy(
    client: Client, analysed: Corpus
) -> None:
    first, second, *rest = analysed.letter
    discussions.change_status(comment=first, status=Status.REMOVED)

    assert shown(client, clause_url(analysed)) == [first.number, second.number]
    assert "And 4 more people" in client.get(clause_url(analysed)).content.decode()
    assert {c.copy_of_id for c in Comment.objects.filter(pk__in=[c.pk for c in rest])} == {
        second.pk
    }


def test_analysing_again_marks_the_copies_afresh(client: Client, analysed: Corpus) -> None:
    Comment.objects.filter(pk__in=[c.pk for c in analysed.letter]).update(copy_of=None)
    assert len(shown(client, clause_url(analysed))) == 6

    services.analyse(version=analysed.version)

    assert shown(client, clause_url(analysed)) == [analysed.letter[0].number]


def test_replies_are_never_folded_away(client: Client, analysed: Corpus, participant: User) -> None:
    first = analysed.letter[0]
    clause = analysed.version.clauses.get(position=1)
    reply = comment_as(clause, participant, LETTER, parent_number=first.number)
    services.analyse(version=analysed.version)

    assert Comment.objects.get(pk=reply.pk).copy_of_id is None
    assert shown(client, clause_url(analysed)) == [first.number, reply.number]


def test_a_page_with_copies_costs_the_same_queries_as_one_without(
    client: Client, analysed: Corpus
) -> None:
    url = clause_url(analysed)
    other = analysed.version.clauses.get(position=2).get_absolute_url()
    client.get(url)
    client.get(other)
    with CaptureQueriesContext(connection) as with_copies:
        client.get(url)
    with CaptureQueriesContext(connection) as without:
        client.get(other)
    assert len(with_copies) == len(without)
