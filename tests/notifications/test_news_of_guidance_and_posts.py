"""Followers of a document, an organisation or the whole site hear of new versions,
consultations opening and closing, responses, new documents and new posts."""

from datetime import timedelta

from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog import tasks as blog_tasks
from parley.blog.models import Post
from parley.guidance import services as guidance
from parley.guidance import tasks as guidance_tasks
from parley.guidance.models import Document
from parley.notifications import services
from parley.notifications.models import Kind, Target
from parley.organisations.models import Organisation
from tests.builders import close
from tests.conftest import Mailbox


def subjects(smtp: Mailbox, address: str) -> list[str]:
    return [m["Subject"] for m in smtp.messages if m["To"] == address]


def test_document_followers_hear_a_consultation_open_and_close_once_each(
    document: Document,
    editor: User,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    services.follow(user=participant, target=Target.DOCUMENT, target_id=document.pk)
    with django_capture_on_commit_callbacks(execute=True):
        version = guidance.schedule_consultation(
            version=document.versions.get(),
            user=editor,
            opens_at=timezone.now() - timedelta(minutes=1),
            closes_at=timezone.now() + timedelta(days=7),
        )
    title = document.title
    assert subjects(smtp, participant.email) == [f"Consultation open: ‘{title}’, version 1"]

    close(version)
    with django_capture_on_commit_callbacks(execute=True):
        assert guidance_tasks.announce_consultation_phases.call() == 1
        assert guidance_tasks.announce_consultation_phases.call() == 0  # a rerun is harmless
    assert subjects(smtp, participant.email)[1:] == [f"Consultation closed: ‘{title}’, version 1"]


def test_a_consultation_scheduled_for_later_is_announced_when_the_clock_opens_it(
    document: Document,
    editor: User,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    services.follow(user=participant, target=Target.DOCUMENT, target_id=document.pk)
    with django_capture_on_commit_callbacks(execute=True):
        version = guidance.schedule_consultation(
            version=document.versions.get(),
            user=editor,
            opens_at=timezone.now() + timedelta(days=1),
            closes_at=timezone.now() + timedelta(days=8),
        )
    assert smtp.messages == []
    version.opens_at = timezone.now() - timedelta(minutes=1)
    version.save(update_fields=["opens_at"])
    with django_capture_on_commit_callbacks(execute=True):
        assert guidance_tasks.announce_consultation_phases.call() == 1
    assert "Consultation open" in smtp.messages[0]["Subject"]


def test_followers_hear_of_a_new_version_and_its_response_and_of_a_new_document(
    document: Document,
    organisation: Organisation,
    editor: User,
    participant: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    services.follow(
        user=participant,
        target=Target.DOCUMENT,
        target_id=document.pk,
        kinds=[Kind.VERSION, Kind.RESPONSE],
    )
    services.follow(user=outsider, target=Target.ORGANISATION, target_id=organisation.pk)
    with django_capture_on_commit_callbacks(execute=True):
        version = guidance.publish_version(version=document.versions.get(), user=editor)
    title = document.title
    assert subjects(smtp, participant.email) == [f"Version 1 of ‘{title}’ is published"]
    assert subjects(smtp, outsider.email) == [f"{organisation.name} published ‘{title}’"]

    Version = type(version)
    Version.objects.filter(pk=version.pk).update(
        opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(days=2)
    )
    version.refresh_from_db()
    response = guidance.save_response(version=version, user=editor, summary="We heard you.")
    with django_capture_on_commit_callbacks(execute=True):
        guidance.publish_response(response=response, user=editor)
    assert subjects(smtp, participant.email)[1:] == [
        f"The response to the consultation on ‘{title}’ is published"
    ]
    assert len(subjects(smtp, outsider.email)) == 1


def test_site_and_organisation_followers_hear_of_a_new_post_once_but_not_its_author(
    editor: User,
    organisation: Organisation,
    participant: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    services.follow(user=participant, target=Target.SITE, target_id=0)
    services.follow(user=participant, target=Target.ORGANISATION, target_id=organisation.pk)
    services.follow(user=outsider, target=Target.ORGANISATION, target_id=organisation.pk)
    services.follow(user=editor, target=Target.SITE, target_id=0)
    with django_capture_on_commit_callbacks(execute=True):
        post = blog.create_post(
            author=editor,
            organisation=organisation,
            title="We are consulting",
            body="Have your say.",
            status=Post.Status.PUBLISHED,
        )
    assert sorted(m["To"] for m in smtp.messages) == [participant.email, outsider.email]
    assert smtp.messages[0]["Subject"] == "New post: We are consulting"

    with django_capture_on_commit_callbacks(execute=True):
        blog.update_post(post=post, title="We are consulting", body="Edited.", status="published")
    assert len(smtp.messages) == 2  # an edit is not news


def test_a_draft_is_not_announced_and_a_scheduled_post_is_announced_when_its_time_comes(
    editor: User,
    organisation: Organisation,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    services.follow(user=participant, target=Target.SITE, target_id=0)
    with django_capture_on_commit_callbacks(execute=True):
        blog.create_post(author=editor, organisation=organisation, title="Draft", body="Not yet.")
        scheduled = blog.create_post(
            author=editor,
            organisation=organisation,
            title="Later",
            body="Soon.",
            status=Post.Status.SCHEDULED,
            published_at=timezone.now() + timedelta(hours=1),
        )
    assert blog_tasks.announce_due_posts.call() == 0
    assert smtp.messages == []
    Post.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert blog_tasks.announce_due_posts.call() == 1
        assert blog_tasks.announce_due_posts.call() == 0
    assert [m["Subject"] for m in smtp.messages] == ["New post: Later"]
