"""After a consultation closes its pages say "We are analysing your feedback" and when the
response is due (12 weeks later, or the date an editor set); past that date, until the
response is published, the version's and the organisation's pages say it is overdue, and
the document's followers are told once, in their language."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.consultations import closing
from parley.consultations.models import Consultation
from parley.guidance import responses
from parley.guidance.models import Document, GuidanceChange, Version
from parley.management.commands import clock
from parley.notifications import services as notifications
from parley.notifications.models import Email, Target
from parley.organisations.models import Organisation, Role
from tests.builders import close, local_noon_days_ago, make_user, member_of, welsh
from tests.conftest import Mailbox
from tests.html import attribute, contains, find

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


def closed_days_ago(version: Version, days: int) -> Version:
    """The consultation ended `days` ago."""
    close(version)
    ended = local_noon_days_ago(days)
    Version.objects.filter(pk=version.pk).update(
        closes_at=ended, opens_at=ended - timedelta(days=30)
    )
    version.refresh_from_db()
    return version


def due_url(version: Version) -> str:
    return reverse("consultations:response_due", args=[version.document.slug, version.number])


def post_date(
    client: Client, version: Version, day: str, month: str, year: str
) -> "_MonkeyPatchedWSGIResponse":
    return client.post(
        due_url(version),
        {"response_due-day": day, "response_due-month": month, "response_due-year": year},
    )


def publish_body_response(version: Version, editor: User) -> None:
    response = responses.save_response(version=version, user=editor, summary="We listened.")
    responses.publish_response(response=response, user=editor)


def test_a_closed_consultation_says_it_is_being_analysed_and_when_the_response_is_due(
    consulting: Version, client: Client
) -> None:
    closed_days_ago(consulting, 1)
    due = timezone.localdate(consulting.closes_at) + timedelta(weeks=12)
    page = client.get(consulting.get_absolute_url()).content.decode()
    assert "We are analysing your feedback" in page
    assert f'We will publish our response by <time datetime="{due.isoformat()}">' in page
    assert "overdue" not in page


def test_an_open_consultation_says_nothing_about_a_response(
    consulting: Version, client: Client
) -> None:
    assert (
        "We are analysing your feedback"
        not in client.get(consulting.get_absolute_url()).content.decode()
    )


def test_past_the_due_date_the_version_and_organisation_pages_say_it_is_overdue(
    consulting: Version, organisation: Organisation, client: Client
) -> None:
    closed_days_ago(consulting, 85)  # 12 weeks is 84 days
    page = client.get(consulting.get_absolute_url()).content.decode()
    assert "Our response is overdue" in page
    org_page = client.get(reverse("organisations:organisation", args=[organisation.slug]))
    assert "Responses to consultations that are overdue" in org_page.content.decode()
    assert consulting.get_absolute_url() in org_page.content.decode()


def test_a_published_response_ends_the_notices(
    consulting: Version, editor: User, organisation: Organisation, client: Client
) -> None:
    closed_days_ago(consulting, 85)
    publish_body_response(consulting, editor)
    page = client.get(consulting.get_absolute_url()).content.decode()
    assert "We are analysing your feedback" not in page
    org_page = client.get(reverse("organisations:organisation", args=[organisation.slug]))
    assert "overdue" not in org_page.content.decode()


def test_the_notice_is_in_welsh_for_a_welsh_reader(consulting: Version, client: Client) -> None:
    closed_days_ago(consulting, 85)
    page = welsh(client).get(consulting.get_absolute_url()).content.decode()
    assert "Rydym yn dadansoddi eich adborth" in page
    assert "Mae ein hymateb yn hwyr" in page


# Setting the date ---------------------------------------------------------------------------


def test_an_editor_sets_the_due_date_with_a_date_input_and_it_is_in_the_history(
    consulting: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    closed_days_ago(consulting, 1)
    client = signed_in(editor)
    form = client.get(due_url(consulting)).content.decode()
    assert 'class="govuk-date-input"' in form
    later = timezone.localdate() + timedelta(days=40)
    answer = post_date(client, consulting, str(later.day), str(later.month), str(later.year))
    assert answer.status_code == 302
    assert Consultation.objects.get(version=consulting).response_due == later
    assert GuidanceChange.objects.filter(action__startswith="set the response").exists()
    page = client.get(consulting.get_absolute_url()).content.decode()
    assert f'datetime="{later.isoformat()}"' in page
    assert "Change when the response is due" in page


def test_the_due_date_may_be_set_before_the_consultation_closes(
    consulting: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    closes = timezone.localdate(consulting.closes_at)
    answer = post_date(
        signed_in(editor), consulting, str(closes.day), str(closes.month), str(closes.year)
    )
    assert answer.status_code == 302


@pytest.mark.parametrize(
    ("day", "month", "year", "problem"),
    [
        ("", "", "", "Enter the date the response is due"),
        ("12", "", "2027", "The date must include a day, a month and a year"),
        ("31", "2", "2027", "The date must be a real date"),
        ("1", "13", "2027", "The date must be a real date"),
        ("x", "2", "2027", "The date must be a real date, in numbers"),
        ("²", "2", "2027", "The date must be a real date, in numbers"),
        ("1", "2", "27", "The year must include 4 numbers"),
    ],
)
def test_a_date_that_is_not_a_real_date_is_refused_beside_the_field_keeping_what_was_typed(
    consulting: Version,
    editor: User,
    signed_in: Callable[[User], Client],
    day: str,
    month: str,
    year: str,
    problem: str,
) -> None:
    closed_days_ago(consulting, 1)
    answer = post_date(signed_in(editor), consulting, day, month, year)
    page = answer.content.decode()
    assert answer.status_code == 400
    assert contains(
        page,
        '<p id="response_due-error" class="govuk-error-message">'
        f'<span class="govuk-visually-hidden">Error:</span> {problem}</p>',
    )
    assert attribute(find(page, "input", name="response_due-day"), "value") == day
    assert not Consultation.objects.filter(version=consulting, response_due__isnull=False).exists()


def test_a_date_a_day_before_closing_or_a_day_past_a_year_after_is_refused(
    consulting: Version, editor: User, signed_in: Callable[[User], Client]
) -> None:
    closed_days_ago(consulting, 1)
    closes = timezone.localdate(consulting.closes_at)
    client = signed_in(editor)
    for wrong, problem in [
        (closes - timedelta(days=1), "on or after the day the consultation closes"),
        (closes + timedelta(days=367), "no more than a year after"),
    ]:
        answer = post_date(client, consulting, str(wrong.day), str(wrong.month), str(wrong.year))
        assert answer.status_code == 400
        assert problem in answer.content.decode()
    last = closes + timedelta(days=366)
    assert (
        post_date(client, consulting, str(last.day), str(last.month), str(last.year)).status_code
        == 302
    )


def test_only_the_documents_editors_may_set_the_due_date(
    consulting: Version,
    participant: User,
    other_organisation: Organisation,
    client: Client,
    signed_in: Callable[[User], Client],
) -> None:
    closed_days_ago(consulting, 1)
    later = timezone.localdate() + timedelta(days=10)
    anonymous = post_date(client, consulting, str(later.day), str(later.month), str(later.year))
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous["Location"]
    other_editor = member_of(
        other_organisation, "editor@other.example", "Other Editor", Role.EDITOR
    )
    for person in (participant, other_editor):
        answer = post_date(
            signed_in(person), consulting, str(later.day), str(later.month), str(later.year)
        )
        assert answer.status_code == 403
    assert not Consultation.objects.filter(version=consulting).exists()
    with pytest.raises(closing.ClosingRejected):
        closing.set_response_due(version=consulting, user=other_editor, due=later)


def test_a_draft_has_no_due_date_to_set(
    document: Document, editor: User, signed_in: Callable[[User], Client]
) -> None:
    draft = document.versions.get()
    assert signed_in(editor).get(due_url(draft)).status_code == 404


# Telling followers ----------------------------------------------------------------------------


def test_followers_are_told_once_when_the_response_becomes_overdue_in_their_language(
    consulting: Version,
    document: Document,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    reader = make_user("darllenydd@example.cymru", "Darllenydd")
    for person in (participant, reader):
        notifications.follow(user=person, target=Target.DOCUMENT, target_id=document.pk)
    notifications.remember_language(person=reader, language="cy")
    closed_days_ago(consulting, 80)
    with django_capture_on_commit_callbacks(execute=True):
        assert closing.tell_overdue() == 0  # not due yet
    closed_days_ago(consulting, 85)
    with django_capture_on_commit_callbacks(execute=True):
        assert closing.tell_overdue() == 2
        assert closing.tell_overdue() == 0
        clock.tick()
    subjects = {message["To"]: message["Subject"] for message in smtp.messages}
    assert len(smtp.messages) == 2
    assert (
        subjects[participant.email]
        == f"The response to the consultation on ‘{document.title}’ is overdue"
    )
    assert "hwyr" in subjects[reader.email]
    assert Consultation.objects.get(version=consulting).overdue_told_at is not None


def test_no_one_is_told_when_the_response_was_published_in_time(
    consulting: Version, document: Document, editor: User, participant: User, smtp: Mailbox
) -> None:
    notifications.follow(user=participant, target=Target.DOCUMENT, target_id=document.pk)
    closed_days_ago(consulting, 85)
    publish_body_response(consulting, editor)
    smtp.messages.clear()
    assert closing.tell_overdue() == 0
    assert not Email.objects.filter(subject__contains="overdue").exists()


def test_a_later_due_date_puts_off_telling_followers(consulting: Version, editor: User) -> None:
    closed_days_ago(consulting, 85)
    closing.set_response_due(
        version=consulting, user=editor, due=timezone.localdate() + timedelta(days=3)
    )
    assert closing.after_closing(consulting) == closing.AfterClosing(
        due=timezone.localdate() + timedelta(days=3), overdue=False
    )
    assert closing.tell_overdue() == 0
    assert Consultation.objects.get(version=consulting).overdue_told_at is None


def test_responses_overdue_for_long_are_not_announced_late(consulting: Version) -> None:
    closed_days_ago(consulting, 84 + 31)
    assert closing.tell_overdue() == 0
    assert closing.after_closing(consulting) == closing.AfterClosing(
        due=timezone.localdate(consulting.closes_at) + timedelta(weeks=12), overdue=True
    )


def test_the_due_date_defaults_to_twelve_weeks_after_the_closing_day(consulting: Version) -> None:
    closed_days_ago(consulting, 1)
    assert closing.due_date(consulting, None) == timezone.localdate(
        consulting.closes_at
    ) + timedelta(days=84)
    assert isinstance(closing.due_date(consulting, None), date)
