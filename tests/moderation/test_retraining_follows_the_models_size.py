"""Retraining costs more as the model learns from more decisions (minutes of the task
worker at thousands), so a big model waits for a share of new decisions, not ten; and a
retraining that finds its decisions already learned by an earlier one does nothing."""

from datetime import timedelta

from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.moderation import tasks
from parley.moderation.models import ModerationAction, SpamModel
from tests.builders import comment_as


def a_model_that_learned_from(examples: int) -> SpamModel:
    return SpamModel.objects.create(
        trained_at=timezone.now() - timedelta(seconds=1),
        examples=examples,
        spam_examples=examples // 2,
        parameters={},
    )


def approve_new_comments(post: Post, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        author = discussions.Author(name=f"Guest {i}", email=f"g{i}@example.net", ip=f"10.0.{i}.1")
        comment = comment_as(post, author, f"Comment number {i}")
        ModerationAction.objects.create(comment=comment, action=ModerationAction.Action.APPROVE)


def test_a_model_of_a_thousand_decisions_is_retrained_after_fifty_new_ones_not_ten(
    post: Post, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    a_model_that_learned_from(1_000)
    queued_after = []
    for i in range(60):
        approve_new_comments(post, 1, start=i)
        with django_capture_on_commit_callbacks() as queued:
            tasks.after_decision()
        if queued:
            queued_after.append(i + 1)
    assert queued_after == [1_000 // tasks.RETRAIN_SHARE]


def test_a_small_model_is_still_retrained_every_ten_decisions(
    post: Post, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    a_model_that_learned_from(60)
    approve_new_comments(post, tasks.RETRAIN_EVERY - 1)
    approve_new_comments(post, 1, start=tasks.RETRAIN_EVERY)
    with django_capture_on_commit_callbacks() as queued:
        tasks.after_decision()
    assert len(queued) == 1


def test_a_retraining_whose_decisions_are_already_learned_does_nothing(
    post: Post, settings: Settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    approve_new_comments(post, 30)
    learned = a_model_that_learned_from(1_000)
    learned.trained_at = timezone.now()
    learned.save()

    assert tasks.retrain_spam_model.enqueue().return_value is None
    assert SpamModel.objects.count() == 1
