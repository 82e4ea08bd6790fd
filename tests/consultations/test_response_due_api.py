"""When the body's response is due, through the API: anyone who can see the version reads
it (12 weeks after closing, or the editors' date, and whether it is overdue); the
document's editors set it with the rules of the page, refusals naming `response_due`."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from parley.accounts.models import User
from parley.consultations.models import Consultation
from parley.guidance.models import GuidanceChange, Version
from tests.builders import bearer, local_noon_days_ago


def due(version: Version) -> str:
    return f"/api/v1/documents/{version.document.slug}/versions/{version.number}/response-due"


def closed_days_ago(version: Version, days: int) -> Version:
    ended = local_noon_days_ago(days)
    Version.objects.filter(pk=version.pk).update(
        closes_at=ended, opens_at=ended - timedelta(days=30)
    )
    version.refresh_from_db()
    return version


def test_anyone_reads_when_the_response_is_due_twelve_weeks_after_closing(
    open_version: Version, client: Client
) -> None:
    closed_days_ago(open_version, 100)
    closed_on = timezone.localdate(open_version.closes_at)
    answer = client.get(due(open_version))
    assert answer.status_code == 200
    assert answer.json() == {
        "response_due": (closed_on + timedelta(weeks=12)).isoformat(),
        "chosen": False,
        "closes_on": closed_on.isoformat(),
        "overdue": True,  # 100 days is past 12 weeks
    }


def test_an_editor_sets_the_date_and_it_is_in_the_history(
    open_version: Version, editor: User, client: Client, token_for: Callable[[User], str]
) -> None:
    later = timezone.localdate(open_version.closes_at) + timedelta(days=30)
    answer = client.put(
        due(open_version),
        {"response_due": later.isoformat()},
        content_type="application/json",
        headers=bearer(token_for(editor)),
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["response_due"] == later.isoformat()
    assert answer.json()["chosen"] is True
    assert answer.json()["overdue"] is False
    assert Consultation.objects.get(version=open_version).response_due == later
    assert GuidanceChange.objects.filter(action__startswith="set the response").exists()
    assert client.get(due(open_version)).json()["response_due"] == later.isoformat()


@pytest.mark.parametrize("days", [-1, 367])
def test_a_date_before_closing_or_more_than_a_year_after_is_refused_naming_it(
    days: int,
    open_version: Version,
    editor: User,
    client: Client,
    token_for: Callable[[User], str],
) -> None:
    wrong = timezone.localdate(open_version.closes_at) + timedelta(days=days)
    answer = client.put(
        due(open_version),
        {"response_due": wrong.isoformat()},
        content_type="application/json",
        headers=bearer(token_for(editor)),
    )
    assert answer.status_code == 400
    assert "response_due" in answer.json()["errors"]
    assert not Consultation.objects.filter(response_due__isnull=False).exists()


def test_a_date_that_is_not_a_date_is_refused(
    open_version: Version, editor: User, client: Client, token_for: Callable[[User], str]
) -> None:
    answer = client.put(
        due(open_version),
        {"response_due": "2026-02-31"},
        content_type="application/json",
        headers=bearer(token_for(editor)),
    )
    assert answer.status_code == 422
    assert not Consultation.objects.filter(response_due__isnull=False).exists()


@pytest.mark.parametrize("who", ["moderator", "participant", "other_moderator"])
def test_only_the_documents_editors_set_it(
    who: str,
    open_version: Version,
    client: Client,
    token_for: Callable[[User], str],
    request: pytest.FixtureRequest,
) -> None:
    later = timezone.localdate(open_version.closes_at) + timedelta(days=30)
    answer = client.put(
        due(open_version),
        {"response_due": later.isoformat()},
        content_type="application/json",
        headers=bearer(token_for(request.getfixturevalue(who))),
    )
    assert answer.status_code == 403
    assert not Consultation.objects.filter(response_due__isnull=False).exists()


def test_a_draft_has_no_due_date_to_set(
    questioned: Version, editor: User, client: Client, token_for: Callable[[User], str]
) -> None:
    answer = client.put(
        due(questioned),
        {"response_due": timezone.localdate().isoformat()},
        content_type="application/json",
        headers=bearer(token_for(editor)),
    )
    assert answer.status_code == 409
    assert "response_due" in answer.json()["errors"]
    assert client.get(due(questioned)).status_code == 404  # a draft is its editors' only
