"""The campaign index, tens of megabytes in a big consultation, is read once per process:
never once per held near-copy in the moderation queue, and a newly approved comment joins a
campaign by writing one row of its own, not the whole index again."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.discussions.models import Comment, Status
from parley.insights import queries, services
from parley.insights.models import IndexEntry, Placement
from tests.builders import comment_as
from tests.insights.conftest import LETTER, TRAINING, Corpus, add_comment, analysis


def _held_copies(analysed: Corpus, start: int, count: int) -> list[Comment]:
    discussion = analysed.letter[0].discussion
    return [
        add_comment(discussion, LETTER + f" copy {n}", n=n, status=Status.PENDING)
        for n in range(start, start + count)
    ]


def _index_reads(queries_run: CaptureQueriesContext) -> int:
    return sum('"campaign_index"' in query["sql"] for query in queries_run.captured_queries)


def test_matching_held_copies_costs_the_same_queries_for_two_or_forty(analysed: Corpus) -> None:
    two = _held_copies(analysed, 500, 2)
    forty = _held_copies(analysed, 600, 40)
    with CaptureQueriesContext(connection) as first:
        assert len(queries.campaigns_nearly_copied(two)) == 2
    with CaptureQueriesContext(connection) as for_two:
        assert len(queries.campaigns_nearly_copied(two)) == 2
    with CaptureQueriesContext(connection) as for_forty:
        matched = queries.campaigns_nearly_copied(forty)

    assert len(matched) == 40
    assert len({campaign.pk for campaign in matched.values()}) == 1
    assert len(for_forty) == len(for_two) <= 4
    assert _index_reads(first) <= 1  # the first time in this process (or none: read before)
    assert _index_reads(for_two) == _index_reads(for_forty) == 0


def test_a_held_copy_of_a_comment_attached_since_the_analysis_is_matched_through_its_entry(
    analysed: Corpus,
    participant: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    clause = analysed.version.clauses.get(position=3)
    text = (
        "Rotas for evening and weekend posts should be agreed a month ahead, with cover named "
        "for each day, so that nobody answers residents alone or late at night without a "
        "manager they can call, and the rota should be published to the whole team"
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_as(clause, participant, text)
    with django_capture_on_commit_callbacks(execute=True):
        second = comment_as(clause, participant, text + " Thanks.")
    assert IndexEntry.objects.filter(comment__in=[first, second]).count() == 2
    campaign = Placement.objects.get(comment=second).campaign
    assert campaign is not None
    assert campaign.size == 2

    held = add_comment(clause.discussion, text + " Please.", n=700, status=Status.PENDING)
    assert queries.campaigns_nearly_copied([held]) == {held.pk: campaign}


def test_approving_a_comment_leaves_the_stored_index_as_it_was(
    analysed: Corpus,
    participant: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    stored = bytes(analysis(analysed.version).campaign_index)
    clause = analysed.version.clauses.get(position=1)
    with CaptureQueriesContext(connection) as run, django_capture_on_commit_callbacks(execute=True):
        comment_as(clause, participant, LETTER + " thank you")

    assert bytes(analysis(analysed.version).campaign_index) == stored
    writes = [q["sql"] for q in run.captured_queries if q["sql"].startswith("UPDATE")]
    assert not [sql for sql in writes if "campaign_index" in sql]
    assert IndexEntry.objects.filter(analysis__version=analysed.version).count() == 1


def _attach_queries(corpus: Corpus, text: str, n: int) -> int:
    clause = corpus.version.clauses.get(position=3)
    services.analyse(version=corpus.version)
    queries.campaign_indexes([analysis(corpus.version)])  # read once, as a process would
    comment = add_comment(clause.discussion, text, n=n)
    with CaptureQueriesContext(connection) as run:
        services.attach_comment(comment=comment)
    assert Placement.objects.filter(comment=comment).exists()
    return len(run)


def test_attaching_a_comment_costs_the_same_queries_whatever_the_index_size(
    analysed: Corpus,
) -> None:
    clause = analysed.version.clauses.get(position=3)
    small = _attach_queries(analysed, TRAINING[0] + " Rotas too.", 800)
    for n in range(300):
        add_comment(clause.discussion, f"Comment {n} on evening cover, rota {n * 7} and pay.", n=n)
    large = _attach_queries(analysed, TRAINING[1] + " Rotas too.", 801)

    assert analysis(analysed.version).comment_count > 300
    assert large == small
