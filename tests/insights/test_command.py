"""`parley analyse <document-slug> [--version N]`: exit codes, progress on stderr, results."""

import pytest
from django.core.management import ManagementUtility

from parley.accounts.models import User
from parley.guidance import services as guidance
from parley.guidance.models import Document
from parley.insights.models import Analysis
from tests.builders import close
from tests.insights.conftest import Corpus

# The command, like every management command run from the shell, closes the database
# connections when it ends, so these tests commit instead of rolling back one transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def run(*args: str) -> int:
    """Run the command as the `parley` script would; its exit status."""
    try:
        ManagementUtility(["parley", "analyse", *args]).execute()
    except SystemExit as leaving:
        return int(leaving.code or 0)
    return 0


def test_analyses_the_latest_version_and_shows_progress_on_stderr(
    corpus: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(corpus.version.document.slug) == 0
    out, err = capsys.readouterr()
    assert "Analysed 17 comments" in out
    assert "2 campaigns" in out
    assert "Finding campaigns" in err
    assert "100.0%" in err
    assert Analysis.objects.get(version=corpus.version).state == Analysis.State.DONE


def test_a_named_version(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(corpus.version.document.slug, "--version", "1") == 0


def test_an_unknown_document_or_version_is_a_clear_error(
    corpus: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("no-such-document") == 1
    assert "There is no document with the slug 'no-such-document'" in capsys.readouterr().err
    assert run(corpus.version.document.slug, "--version", "7") == 1
    assert "has no version 7" in capsys.readouterr().err
    assert not Analysis.objects.exists()


def test_a_bad_threshold_is_refused(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(corpus.version.document.slug, "--threshold", "1.5") == 1


def test_without_a_version_the_one_under_consultation_is_analysed_not_a_newer_draft(
    corpus: Corpus, editor: User, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = guidance.create_version(document=corpus.version.document, user=editor)
    assert run(corpus.version.document.slug) == 0
    out = capsys.readouterr().out
    assert "Analysed 17 comments" in out
    assert f"version {corpus.version.number} " in out
    assert not Analysis.objects.filter(version=draft).exists()


def test_without_a_version_or_a_consultation_the_latest_published_is_analysed(
    corpus: Corpus, editor: User, capsys: pytest.CaptureFixture[str]
) -> None:
    close(corpus.version)
    guidance.publish_version(version=corpus.version, user=editor)
    guidance.create_version(document=corpus.version.document, user=editor)
    assert run(corpus.version.document.slug) == 0
    assert f"version {corpus.version.number} " in capsys.readouterr().out


def test_a_document_with_only_a_draft_asks_for_a_version(
    document: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(document.slug) == 1
    assert "name one with --version N" in capsys.readouterr().err


def test_counts_are_pluralised(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    for comment in corpus.all[1:]:
        comment.delete()
    assert run(corpus.version.document.slug) == 0
    out = capsys.readouterr().out
    assert "Analysed 1 comment on" in out
    assert "0 campaigns (0 comments)" in out
