"""News of posts, guidance and adoptions reaches each person in their own language, with
the Welsh title when the editor gave one; an invitation is in the inviting page's language."""

import datetime
from datetime import timedelta

from django.test import Client
from django.utils import timezone, translation
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.guidance import services as guidance
from parley.guidance.models import Adoption, Document, Version
from parley.notifications import services as notifications
from parley.notifications.models import Target
from parley.organisations.models import Membership, Organisation, Role
from parley.wiki import services as wiki
from tests.builders import comment_as, make_user, member_of
from tests.conftest import Mailbox
from tests.notifications.helpers import html_of, text_of, to

WELSH_TITLE = "Egwyddorion ar gyfer cymryd rhan ar-lein"


def _in_welsh(person: User) -> User:
    notifications.remember_language(person=person, language="cy")
    return person


def _in_english(person: User) -> User:
    notifications.remember_language(person=person, language="en-gb")
    return person


def _follows(person: User, language: str, target: str, target_id: int) -> None:
    """`person` follows from a page in `language`, which their e-mails then use."""
    with translation.override(language):
        notifications.follow(user=person, target=target, target_id=target_id)


def test_a_new_post_is_announced_in_welsh_to_welsh_followers_and_in_english_to_the_rest(
    editor: User,
    organisation: Organisation,
    participant: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _follows(participant, "cy", Target.SITE, 0)
    _follows(outsider, "en-gb", Target.SITE, 0)
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        post = blog.create_post(
            author=editor,
            organisation=organisation,
            title="We are consulting",
            title_cy="Rydym yn ymgynghori",
            body="Have your say.",
            status=Post.Status.PUBLISHED,
        )

    (welsh,) = to(smtp.messages, participant.email)
    assert welsh["Subject"] == "Cofnod newydd: Rydym yn ymgynghori"
    assert text_of(welsh).startswith(f"Cyhoeddodd {organisation.name} ‘Rydym yn ymgynghori’.")
    assert f"<p>Cyhoeddodd {organisation.name} ‘Rydym yn ymgynghori’.</p>" in html_of(welsh)
    assert "published" not in text_of(welsh)
    (english,) = to(smtp.messages, outsider.email)
    assert english["Subject"] == "New post: We are consulting"
    assert text_of(english).startswith(f"{organisation.name} published ‘We are consulting’.")
    assert post.title_cy == "Rydym yn ymgynghori"


def test_a_post_with_no_welsh_title_is_announced_in_welsh_with_its_english_title(
    editor: User,
    organisation: Organisation,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _follows(participant, "cy", Target.SITE, 0)
    with django_capture_on_commit_callbacks(execute=True):
        blog.create_post(
            author=editor,
            organisation=organisation,
            title="Only in English",
            body="Have your say.",
            status=Post.Status.PUBLISHED,
        )
    (welsh,) = to(smtp.messages, participant.email)
    assert welsh["Subject"] == "Cofnod newydd: Only in English"


def test_a_new_version_and_a_new_document_are_announced_in_each_followers_language(
    document: Document,
    organisation: Organisation,
    editor: User,
    participant: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    Document.objects.filter(pk=document.pk).update(title_cy=WELSH_TITLE)
    _follows(participant, "cy", Target.DOCUMENT, document.pk)
    _follows(outsider, "en-gb", Target.DOCUMENT, document.pk)
    watcher = make_user("gwyliwr@example.org", "Gwen Gwyliwr")
    _follows(watcher, "cy", Target.ORGANISATION, organisation.pk)

    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        guidance.publish_version(version=document.versions.get(), user=editor)

    (welsh,) = to(smtp.messages, participant.email)
    assert welsh["Subject"] == f"Mae fersiwn 1 o ‘{WELSH_TITLE}’ wedi’i chyhoeddi"
    assert text_of(welsh).startswith(
        f"Fersiwn 1 o ‘{WELSH_TITLE}’ yw’r canllawiau sydd wedi’u cyhoeddi bellach."
    )
    (english,) = to(smtp.messages, outsider.email)
    assert english["Subject"] == f"Version 1 of ‘{document.title}’ is published"
    assert text_of(english).startswith(
        f"Version 1 of ‘{document.title}’ is now the published guidance."
    )
    (new_document,) = to(smtp.messages, watcher.email)
    assert new_document["Subject"] == f"Cyhoeddodd {organisation.name} ‘{WELSH_TITLE}’"
    assert text_of(new_document).startswith(
        f"Cyhoeddodd {organisation.name} ganllawiau newydd: ‘{WELSH_TITLE}’."
    )


def test_a_consultation_opening_is_announced_in_welsh_with_a_welsh_date(
    document: Document,
    editor: User,
    participant: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _follows(participant, "cy", Target.DOCUMENT, document.pk)
    year = timezone.now().year + 2  # a consultation lasts at most ten years
    closes = timezone.make_aware(datetime.datetime(year, 3, 5, 17, 0))
    with django_capture_on_commit_callbacks(execute=True):
        guidance.schedule_consultation(
            version=document.versions.get(),
            user=editor,
            opens_at=timezone.now() - timedelta(minutes=1),
            closes_at=closes,
        )
    (welsh,) = to(smtp.messages, participant.email)
    assert welsh["Subject"] == f"Ymgynghoriad ar agor: ‘{document.title}’, fersiwn 1"
    assert text_of(welsh).startswith(
        f"Mae’r ymgynghoriad ar fersiwn 1 o ‘{document.title}’ ar agor ar gyfer sylwadau "
        f"tan 5 Mawrth {year} am 17:00."
    )


def _version_2(document: Document, editor: User) -> Version:
    """Version 2: principle 4 reworded."""
    draft = guidance.create_version(document=document, user=editor)
    four = draft.clauses.get(number="4")
    guidance.update_clause(
        clause=four, user=editor, number="4", heading=four.heading, body="Part of the job."
    )
    return draft


def test_owners_and_editors_are_asked_to_review_their_guidance_each_in_their_language(
    document: Document,
    editor: User,
    other_organisation: Organisation,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    published = guidance.publish_version(version=document.versions.get(), user=editor)
    owner = _in_welsh(make_user("cyngor@example.org", "Carys Cyngor"))
    Membership.objects.create(organisation=other_organisation, user=owner, role=Role.OWNER)
    council_editor = _in_english(make_user("council-editor@example.org", "Ed Council"))
    Membership.objects.create(
        organisation=other_organisation, user=council_editor, role=Role.EDITOR
    )
    page = wiki.create_page(
        space=wiki.space_for(other_organisation),
        user=owner,
        title="Using personal accounts",
        body="Do this.",
    )
    wiki.set_supported_clauses(
        page=page,
        document=document,
        lineages=[str(published.clauses.get(number="4").lineage)],
    )
    wiki.adopt(
        organisation=other_organisation,
        version=published,
        user=owner,
        adopted_on=datetime.date(2026, 11, 1),
    )
    draft = _version_2(document, editor)

    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        guidance.publish_version(version=draft, user=editor)

    (welsh,) = to(smtp.messages, owner.email)
    assert welsh["Subject"] == (
        f"Adolygwch eich canllawiau gweithredol: ‘{document.title}’ fersiwn 2"
    )
    text = text_of(welsh)
    assert (
        f"Mabwysiadodd {other_organisation.name} fersiwn 1, ac mae 1 adran o’i ganllawiau "
        "gweithredol yn dibynnu ar gymalau sydd wedi newid:"
    ) in text
    assert "- ‘Using personal accounts’: cymal 4, a gafodd ei aileirio" in text
    assert "<li>‘Using personal accounts’: cymal 4, a gafodd ei aileirio</li>" in html_of(welsh)
    (english,) = to(smtp.messages, council_editor.email)
    assert english["Subject"] == (f"Review your operational guidance: ‘{document.title}’ version 2")
    assert "and 1 section of its operational guidance relies on clauses" in text_of(english)
    assert "- ‘Using personal accounts’: clause 4, which was reworded" in text_of(english)

    adoption = Adoption.objects.get()
    welsh_client = Client()
    welsh_client.cookies["django_language"] = "cy"
    adopted = welsh_client.get(adoption.get_absolute_url()).content.decode()
    assert "cymal 4, a gafodd ei aileirio" in adopted
    assert "which was reworded" not in adopted


def test_an_invitation_sent_from_a_welsh_page_is_in_welsh(
    organisation: Organisation,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    owner = member_of(organisation, "perchennog@example.org", "Peredur Perchennog", Role.OWNER)
    client = Client()
    client.force_login(owner)
    client.cookies["django_language"] = "cy"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/organisations/{organisation.slug}/members/",
            {"email": "newydd@example.org", "role": "editor"},
        )
    translation.deactivate()  # the task is later, in whatever language the worker runs
    assert response.status_code == 302

    (invitation,) = to(smtp.messages, "newydd@example.org")
    assert invitation["Subject"].startswith(f"Ymuno â {organisation.name} ar ")
    body = invitation.get_content()
    assert f"Mae Peredur Perchennog wedi eich gwahodd i ymuno â {organisation.name}" in body
    assert "has invited you" not in body

    english = Client()
    english.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        english.post(
            f"/organisations/{organisation.slug}/members/",
            {"email": "new@example.org", "role": "editor"},
        )
    (invitation,) = to(smtp.messages, "new@example.org")
    assert invitation["Subject"].startswith(f"Join {organisation.name} on ")


def test_a_reply_is_told_in_welsh_to_a_welsh_author_and_in_english_to_an_english_follower(
    post: Post,
    participant: User,
    outsider: User,
    editor: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    _in_welsh(participant)
    _follows(outsider, "en-gb", Target.DISCUSSION, post.discussion_id)
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_as(post, participant, "My first thought.")
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        comment_as(post, editor, "Agreed.", parent_id=first.pk)

    (welsh,) = to(smtp.messages, participant.email)
    name, title = editor.display_name, post.title
    assert welsh["Subject"] == f"Mae {name} wedi ateb eich sylw ar ‘{title}’"
    assert text_of(welsh).startswith(f"Mae {name} wedi ateb eich sylw #1 ar ‘{title}’:")
    assert f"<p>Mae {name} wedi ateb eich sylw #1 ar ‘{title}’:</p>" in html_of(welsh)
    _first, english = to(smtp.messages, outsider.email)  # the follower hears of both comments
    assert english["Subject"] == f"New comment on ‘{title}’"
    assert text_of(english).startswith(f"{name} commented on ‘{title}’ (comment #2):")
