"""A comment approved after the analysis joins its campaign at once, through the index."""

from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from parley.accounts.models import User
from parley.discussions import services as discussions
from parley.discussions.models import Status
from parley.insights import services
from parley.insights.models import Placement
from tests.builders import comment_as
from tests.insights.conftest import LETTER, PRIVACY, Corpus, add_comment, analysis


def test_a_near_copy_posted_after_the_analysis_joins_its_campaign(
    analysed: Corpus,
    participant: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    clause = analysed.version.clauses.get(position=1)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_as(clause, participant, LETTER + " thank you", stance="oppose")
    placement = Placement.objects.select_related("campaign").get(comment=comment)
    assert placement.campaign is not None
    assert placement.campaign.key == f"c-{min(c.pk for c in analysed.letter)}"
    assert placement.campaign.size == 7
    assert placement.campaign.last_seen == comment.created_at
    assert analysis(analysed.version).attached_since == 1


def test_a_held_comment_joins_when_a_moderator_approves_it(
    analysed: Corpus, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    clause = analysed.version.clauses.get(position=1)
    with django_capture_on_commit_callbacks(execute=True):
        held = add_comment(clause.discussion, LETTER, status=Status.PENDING, n=77)
    assert not Placement.objects.filter(comment=held).exists()
    with django_capture_on_commit_callbacks(execute=True):
        discussions.change_status(comment=held, status=Status.APPROVED)
    campaign = Placement.objects.get(comment=held).campaign
    assert campaign is not None
    assert campaign.size == 7


def test_a_copy_of_a_lone_comment_makes_a_new_campaign_of_the_two(
    analysed: Corpus,
    participant: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    original = analysed.privacy[0]
    clause = analysed.version.clauses.get(position=2)
    with django_capture_on_commit_callbacks(execute=True):
        copy = comment_as(clause, participant, PRIVACY[0])
    campaign = Placement.objects.get(comment=copy).campaign
    assert campaign is not None
    assert campaign.size == 2
    assert campaign.key == f"c-{original.pk}"
    assert Placement.objects.get(comment=original).campaign == campaign


def test_a_new_distinct_comment_is_placed_in_no_campaign(
    analysed: Corpus,
    participant: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    clause = analysed.version.clauses.get(position=3)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_as(
            clause, participant, "Social media managers should rotate on call duty."
        )
    assert Placement.objects.get(comment=comment).campaign is None


def test_nothing_is_attached_before_the_first_analysis(
    corpus: Corpus,
    participant: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    clause = corpus.version.clauses.get(position=1)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_as(clause, participant, LETTER)
    assert services.attach_comment(comment=comment) is None
    assert not Placement.objects.filter(comment=comment).exists()


def test_enough_new_comments_queue_a_full_analysis(
    analysed: Corpus,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    settings: Settings,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    clause = analysed.version.clauses.get(position=4)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(services.REANALYSE_MINIMUM):
            add_comment(clause.discussion, f"Comment number {n} about rotas and cover.", n=n + 100)
    result = analysis(analysed.version)
    assert result.comment_count == 17 + services.REANALYSE_MINIMUM  # analysed again, in full
    assert result.attached_since == 0
