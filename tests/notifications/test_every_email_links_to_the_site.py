"""Every kind of e-mail Parley sends, in English and in Welsh, through a real SMTP server:
each link, in the plain text and in the HTML, is a full address on SITE_URL, and opens
(answers 200) for its recipient, signed in as them where the page needs it."""

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from email.message import EmailMessage
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley import personal_data
from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.consultations import services as consultations
from parley.consultations import tokens as consultation_tokens
from parley.discussions import services as discussions
from parley.guidance import services as guidance
from parley.guidance.models import Document
from parley.moderation import services as moderation
from parley.notifications import services as notifications
from parley.notifications.models import Email, Frequency, Kind, Target
from parley.organisations import services as organisations
from parley.organisations.models import Organisation, Role
from parley.wiki import services as wiki
from tests.builders import PASSWORD, close, comment_as, member_of
from tests.conftest import Mailbox
from tests.notifications.conftest import SITE
from tests.notifications.helpers import html_of, text_of

FULL_ADDRESS = re.compile(r"""https?://[^\s<>"')\]]+""")
# A Markdown link with a relative target, as a comment's source may carry into plain text.
RELATIVE_MARKDOWN_LINK = re.compile(r"\]\((?!https?://)([^)\s]+)\)")

# The e-mails sent by allauth, Django's send_mail or the outbox other than notifications.
OTHER_EMAILS = {
    "invitation",
    "account erasure",
    "guest data",
    "sign-up confirmation",
    "account already exists",
    "password reset",
    "unknown account",
    "address confirmation",
    "consultation: save and come back",
    "consultation: confirm a guest's response",
    "consultation: receipt",
}


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value or "" for name, value in attrs if name in {"href", "src"}]


def links_in(message: EmailMessage) -> list[str]:
    """Every link a reader could follow: full addresses and relative Markdown links in the
    plain text, every href and src in the HTML, and the List-Unsubscribe header."""
    text = text_of(message)
    found = [link.rstrip(".,;:") for link in FULL_ADDRESS.findall(text)]
    found += RELATIVE_MARKDOWN_LINK.findall(text)
    if message.get_body(preferencelist=("html",)) is not None:
        parser = Links()
        parser.feed(html_of(message))
        found += parser.found
    if message["List-Unsubscribe"]:
        found.append(str(message["List-Unsubscribe"]).strip("<>"))
    return found


def opens_for_recipient(link: str, recipient: str) -> int:
    """The status a page answers with once its redirects are followed: anonymously, as a
    signed link is opened, or signed in as the recipient when the page asks for it."""
    path = link.removeprefix(SITE).split("#")[0]
    client = Client()
    response = client.get(path, follow=True)
    login = reverse("account_login")
    if response.redirect_chain and response.redirect_chain[-1][0].startswith(login):
        user = User.objects.get(email=recipient)
        client.force_login(user)
        response = client.get(path, follow=True)
    return response.status_code


class Sent:
    """The messages the SMTP server received, labelled with what caused them."""

    def __init__(self, smtp: Mailbox) -> None:
        self.smtp = smtp
        self.labels: dict[int, str] = {}

    @contextmanager
    def expecting(self, label: str) -> Iterator[None]:
        before = len(self.smtp.messages)
        yield
        assert len(self.smtp.messages) > before, f"no e-mail for {label}"
        for index in range(before, len(self.smtp.messages)):
            self.labels[index] = label


def send_every_email(
    language: str,
    sent: Sent,
    on_commit: DjangoCaptureOnCommitCallbacks,
    post: Post,
    document: Document,
    organisation: Organisation,
    editor: User,
    moderator: User,
    participant: User,
    outsider: User,
) -> None:
    client = Client(headers={"accept-language": language})
    guest = discussions.Author(name="Gus Guest", email="gus@example.net", ip="192.0.2.10")
    people: list[User | str] = [editor, moderator, participant, outsider, guest.email]
    for person in people:
        notifications.remember_language(person=person, language=language)
    notifications.follow(user=editor, target=Target.DISCUSSION, target_id=post.discussion_id)
    notifications.follow(user=outsider, target=Target.SITE, target_id=0)
    notifications.follow(user=outsider, target=Target.ORGANISATION, target_id=organisation.pk)
    notifications.follow(user=outsider, target=Target.DOCUMENT, target_id=document.pk)
    with translation.override(language), on_commit(execute=True):
        first = comment_as(post, participant, "I like the [policy](/comment-policy/).")
        comment_as(post, outsider, "So do I.", parent_number=first.number)  # reply, comment
        comment_as(post, outsider, "As @Mina Member says, see #1.")  # mention

        blog.create_post(
            author=editor,
            organisation=organisation,
            title="A second post",
            body="More [principles](/blog/).",
            status=Post.Status.PUBLISHED,
        )
        version = guidance.schedule_consultation(
            version=document.versions.get(),
            user=editor,
            opens_at=timezone.now() - timedelta(days=1),
            closes_at=timezone.now() + timedelta(days=1),
        )
        from parley.guidance import tasks as guidance_tasks

        guidance_tasks.announce_consultation_phases.call()  # consultation opens; new document
        on_version = comment_as(version.discussion, participant, "Please define ‘timely’.")
        close(version)
        guidance_tasks.announce_consultation_phases.call()  # consultation closes
        guidance.set_outcomes(
            version=version, user=editor, outcomes=[(on_version.pk, "adopted", "Done.")]
        )
        response = guidance.save_response(version=version, user=editor, summary="We heard you.")
        guidance.publish_response(response=response, user=editor)
        published = guidance.publish_version(version=version, user=editor)

        # An organisation that adopted version 1 is told what to review in version 2.
        other = Organisation.objects.create(name="Borough of Elsewhere", slug="elsewhere")
        council = member_of(other, "council@example.org", "Carla Council", Role.OWNER)
        notifications.remember_language(person=council, language=language)
        lineage = str(published.clauses.get(number="4").lineage)
        page = wiki.create_page(
            space=wiki.space_for(other), user=council, title="Personal accounts", body="Do this."
        )
        wiki.set_supported_clauses(page=page, document=document, lineages=[lineage])
        wiki.adopt(
            organisation=other, version=published, user=council, adopted_on=timezone.localdate()
        )
        draft = guidance.create_version(document=document, user=editor)
        four = draft.clauses.get(number="4")
        guidance.update_clause(
            clause=four, user=editor, number="4", heading=four.heading, body="Part of the job."
        )
        guidance.publish_version(version=draft, user=editor)

        post.discussion.hold_all = True
        post.discussion.save()
        held = comment_as(post, participant, "Held for a moment.")
        moderation.moderate(comment=held, moderator=moderator, action="approve")
        rude = comment_as(post, guest, "Rude words.")
        moderation.moderate(comment=rude, moderator=moderator, action="remove", reason="abusive")

        notifications.follow_as_guest(
            email="gus@example.net", target=Target.DISCUSSION, target_id=post.discussion_id
        )
        notifications.set_frequencies(
            recipient=notifications.recipient_for_user(outsider),
            frequencies={Kind.COMMENT: Frequency.DAILY},
        )
        notifications.follow(user=outsider, target=Target.DISCUSSION, target_id=post.discussion_id)
        comment_as(post, editor, "A comment for the digest.")
        notifications.send_digests(frequency=Frequency.DAILY)

    with sent.expecting("invitation"), translation.override(language), on_commit(execute=True):
        organisations.invite(
            organisation=organisation,
            invited_by=editor,
            email="newcomer@example.net",
            role=Role.MEMBER,
        )
    with sent.expecting("account erasure"):
        personal_data.send_erase_link.call(participant.pk, False, language)
    with sent.expecting("guest data"):
        personal_data.send_guest_link.call("gus@example.net", language)

    signup = {
        "email": "new@example.net",
        "display_name": "Nia New",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    with sent.expecting("sign-up confirmation"):
        client.post(reverse("account_signup"), signup)
    with sent.expecting("account already exists"):
        Client(headers={"accept-language": language}).post(
            reverse("account_signup"), {**signup, "email": outsider.email}
        )
    with sent.expecting("password reset"):
        client.post(reverse("account_reset_password"), {"email": participant.email})
    with sent.expecting("unknown account"):
        client.post(reverse("account_reset_password"), {"email": "nobody@example.net"})
    with sent.expecting("address confirmation"):
        member_client = Client(headers={"accept-language": language})
        member_client.force_login(participant)
        member_client.post(
            reverse("account_email"), {"action_add": "", "email": "mina@example.net"}
        )

    # A formal consultation's e-mails to a guest respondent: the link to finish a response
    # saved part-way, the link to confirm their address, and the receipt once it counts.
    version = guidance.create_version(document=document, user=editor)
    question = consultations.QuestionIn(kind="text", text="What would you change?")
    consultations.add_question(version=version, user=editor, question=question)
    version = guidance.schedule_consultation(
        version=version,
        user=editor,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=7),
    )
    gwen = consultations.Respondent(name="Gwen Guest", email="gwen@example.net", language=language)
    answers = [consultations.AnswerIn(question=1, text="Shorter, please.")]

    def sending(label: str) -> ExitStack:
        stack = ExitStack()
        stack.enter_context(sent.expecting(label))
        stack.enter_context(translation.override(language))
        stack.enter_context(on_commit(execute=True))
        return stack

    with sending("consultation: save and come back"):
        consultations.save_draft(
            version=version, respondent=gwen, consent="", answers=[], partial=True
        )
    with sending("consultation: confirm a guest's response"):
        responded = consultations.respond(
            version=version, respondent=gwen, consent="anonymous", answers=answers
        )
    with sending("consultation: receipt"):
        consultations.confirm_response(token=consultation_tokens.confirm_token(responded.response))


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_every_email_links_only_to_pages_on_site_url_that_open_for_its_recipient(
    language: str,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    post: Post,
    document: Document,
    organisation: Organisation,
    editor: User,
    moderator: User,
    participant: User,
    outsider: User,
) -> None:
    sent = Sent(smtp)
    send_every_email(
        language,
        sent,
        django_capture_on_commit_callbacks,
        post,
        document,
        organisation,
        editor,
        moderator,
        participant,
        outsider,
    )

    kinds = set(Email.objects.values_list("kind", flat=True))
    every_kind = {*Kind.values, notifications.DIGEST_KIND, notifications.CONFIRM_KIND}
    assert kinds >= every_kind, f"never sent: {every_kind - kinds}"
    assert set(sent.labels.values()) == OTHER_EMAILS

    faults = []
    for index, message in enumerate(smtp.messages):
        what = f"{sent.labels.get(index, 'notification')} ‘{message['Subject']}’ to {message['To']}"
        links = links_in(message)
        if not any(link.startswith(SITE) for link in links):
            faults.append(f"{what}: no link to the site")
        for link in links:
            if not link.startswith(f"{SITE}/"):
                faults.append(f"{what}: {link!r} is not on {SITE}")
            elif (status := opens_for_recipient(link, message["To"])) != 200:
                faults.append(f"{what}: {link} answers {status}")
    assert not faults, "\n".join(faults)
