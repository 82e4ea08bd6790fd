"""Asking again for an analysis whose queued task will not run queues a new one at once,
wherever the task was lost (issue 18): not only under `parley serve`, whose supervisor
re-queues a dead worker's tasks, but on a worker of any kind. The analysis keeps the id
of its task and asks the task queue (django-tasks-db) what became of it."""

from datetime import timedelta
from typing import Any

import pytest
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from parley.accounts.models import User
from parley.guidance.models import Version
from parley.insights import services
from parley.insights.models import Analysis


@pytest.fixture
def database_queue(settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def ask(version: Version, capture: DjangoCaptureOnCommitCallbacks) -> DBTaskResult[Any, Any]:
    """Ask for the analysis; the task queued for it (the newest)."""
    with capture(execute=True):
        services.request_analysis(version=version)
    assert Analysis.objects.get(version=version).state == Analysis.State.QUEUED
    queued = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert queued is not None
    return queued


def test_asking_again_while_the_task_waits_in_the_queue_queues_nothing_more(
    database_queue: None,
    consulting: Version,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    first = ask(consulting, django_capture_on_commit_callbacks)
    again = ask(consulting, django_capture_on_commit_callbacks)

    assert again == first
    assert DBTaskResult.objects.count() == 1


def test_a_task_claimed_by_a_worker_that_died_before_starting_it_is_queued_again(
    database_queue: None,
    consulting: Version,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    lost = ask(consulting, django_capture_on_commit_callbacks)
    lost.claim("worker-on-another-machine")  # which was then killed
    DBTaskResult.objects.filter(pk=lost.pk).update(started_at=timezone.now() - timedelta(minutes=2))

    again = ask(consulting, django_capture_on_commit_callbacks)

    assert again != lost
    assert again.status == TaskResultStatus.READY


def test_a_task_that_failed_before_the_analysis_began_is_queued_again(
    database_queue: None,
    consulting: Version,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    lost = ask(consulting, django_capture_on_commit_callbacks)
    DBTaskResult.objects.filter(pk=lost.pk).update(status=TaskResultStatus.FAILED)

    again = ask(consulting, django_capture_on_commit_callbacks)

    assert again != lost


def test_a_task_gone_from_the_queue_is_queued_again(
    database_queue: None,
    consulting: Version,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    lost = ask(consulting, django_capture_on_commit_callbacks)
    DBTaskResult.objects.filter(pk=lost.pk).delete()  # the queue was pruned, say

    again = ask(consulting, django_capture_on_commit_callbacks)

    assert DBTaskResult.objects.get() == again


def test_a_task_a_worker_has_just_claimed_is_left_to_run(
    database_queue: None,
    consulting: Version,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    first = ask(consulting, django_capture_on_commit_callbacks)
    first.claim("worker-starting-it-now")

    again = ask(consulting, django_capture_on_commit_callbacks)

    assert again == first
    assert DBTaskResult.objects.count() == 1


def test_the_page_says_a_lost_analysis_did_not_finish_and_a_waiting_one_is_under_way(
    database_queue: None,
    consulting: Version,
    editor: User,
    client: Client,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client.force_login(editor)
    page = reverse("insights:insights", args=[consulting.document.slug, consulting.number])
    waiting = ask(consulting, django_capture_on_commit_callbacks)
    assert "A new analysis is under way." in client.get(page).content.decode()

    DBTaskResult.objects.filter(pk=waiting.pk).update(status=TaskResultStatus.FAILED)

    shown = client.get(page).content.decode()
    assert "The last analysis did not finish." in shown
    assert "A new analysis is under way." not in shown
