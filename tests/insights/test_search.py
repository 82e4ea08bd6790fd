"""Full-text search with filters: FTS5 on SQLite, tsvector on PostgreSQL, one interface."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.insights import search
from parley.insights.models import Campaign, Placement
from tests.insights.conftest import Corpus


def ids(corpus: Corpus, filters: search.Filters) -> set[int]:
    return set(search.search(corpus.version, filters).values_list("pk", flat=True))


def test_words_find_the_comments_that_use_them_with_stemming(analysed: Corpus) -> None:
    found = ids(analysed, search.Filters(text="protect"))  # "protected", "protecting"
    assert found == {c.pk for c in analysed.privacy}
    assert ids(analysed, search.Filters(text="training budget")) == {analysed.training[0].pk}


def test_every_word_must_match_and_punctuation_cannot_break_the_query(analysed: Corpus) -> None:
    assert ids(analysed, search.Filters(text="privacy training")) == {analysed.privacy[2].pk}
    assert ids(analysed, search.Filters(text='privacy" -(* :^')) == {
        c.pk for c in analysed.privacy if "privacy" in c.body_markdown.lower()
    }
    assert ids(analysed, search.Filters(text="zebra")) == set()


def test_filter_by_clause(analysed: Corpus) -> None:
    assert ids(analysed, search.Filters(clause="3")) == {c.pk for c in analysed.training}
    assert ids(analysed, search.Filters(clause="document")) == {c.pk for c in analysed.short_letter}


def test_filter_by_stance(analysed: Corpus) -> None:
    assert ids(analysed, search.Filters(stance="neutral")) == {c.pk for c in analysed.privacy}
    assert ids(analysed, search.Filters(stance="none")) == set()


def test_filter_by_campaign(analysed: Corpus) -> None:
    key = Campaign.objects.get(analysis__version=analysed.version, size=6).key
    assert ids(analysed, search.Filters(campaign=key)) == {c.pk for c in analysed.letter}
    assert ids(analysed, search.Filters(campaign="none")) == {
        c.pk for c in analysed.privacy + analysed.training
    }
    assert ids(analysed, search.Filters(campaign=key, text="accountable")) == {
        c.pk for c in analysed.letter
    }


def test_filter_by_theme(analysed: Corpus) -> None:
    placement = Placement.objects.select_related("theme").filter(theme__isnull=False).first()
    assert placement is not None
    assert placement.theme is not None
    theme = placement.theme
    expected = set(Placement.objects.filter(theme=theme).values_list("comment_id", flat=True))
    assert ids(analysed, search.Filters(theme=theme.key)) == expected


def test_filter_by_dates(analysed: Corpus) -> None:
    day_of_privacy = timezone.localtime(analysed.privacy[0].created_at).date()
    assert ids(analysed, search.Filters(since=day_of_privacy, until=day_of_privacy)) >= {
        c.pk for c in analysed.privacy
    }
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert ids(analysed, search.Filters(since=tomorrow)) == set()


def test_search_keeps_up_with_a_new_comment_before_any_analysis(
    corpus: Corpus,
    participant: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from tests.builders import comment_as

    clause = corpus.version.clauses.get(position=4)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_as(clause, participant, "Rotas for weekend moderation are missing.")
    assert ids(corpus, search.Filters(text="weekend rotas")) == {comment.pk}


def test_a_hidden_comment_drops_out_of_search(
    analysed: Corpus, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    from parley.discussions import services as discussions

    target = analysed.training[0]
    with django_capture_on_commit_callbacks(execute=True):
        discussions.change_status(comment=target, status="removed")
    assert ids(analysed, search.Filters(text="budget")) == set()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM insights_comment_fts WHERE rowid = %s", [target.pk]
            )
            assert cursor.fetchone()[0] == 0
