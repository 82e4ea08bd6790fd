"""E-mails are written in the recipient's language: the one they used when they followed,
signed up or commented, whatever language the worker or the moderator is using."""

from django.test import Client
from django.utils import translation
from pytest_django import DjangoCaptureOnCommitCallbacks

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.moderation import services as moderation
from parley.notifications import services as notifications
from parley.notifications.models import Kind, Recipient
from tests.conftest import Mailbox
from tests.notifications.helpers import html_of, link_path, text_of, to

GUEST = "gwen@example.net"


def test_a_guest_who_commented_in_welsh_hears_in_welsh(
    post: Post,
    moderator: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = Client()
    client.cookies["django_language"] = "cy"
    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(
            post.get_absolute_url(),
            {
                "author_name": "Gwen Gwestai",
                "author_email": GUEST,
                "body": "A fydd ymgynghoriad ar gymal 4?",
                "notify_followups": "on",
            },
        )
    assert posted.status_code == 302
    assert Recipient.objects.get(email=GUEST).language == "cy"

    (confirmation,) = to(smtp.messages, GUEST)
    assert confirmation["Subject"].startswith("Cadarnhewch eich cyfeiriad e-bost")
    assert "I gadarnhau, dilynwch y ddolen hon:" in text_of(confirmation)
    assert '<html lang="cy">' in html_of(confirmation)
    assert "Cadarnhau a dechrau cael diweddariadau" in html_of(confirmation)
    assert "/notifications/confirm/" in link_path(confirmation, "/notifications/confirm/")

    # The moderator works in English; the author still hears in Welsh.
    comment = Comment.objects.get(author_email=GUEST)
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        moderation.moderate(
            comment=comment, moderator=moderator, action="remove", reason="off_topic"
        )
    removed = to(smtp.messages, GUEST)[-1]
    assert removed["Subject"] == f"Cafodd eich sylw ar ‘{post.title}’ ei ddileu"
    body = text_of(removed)
    assert "Mae cymedrolwr wedi dileu eich sylw #1" in body
    assert "A fydd ymgynghoriad ar gymal 4?" in body
    assert "Rydych yn cael yr e-bost hwn gan" in body
    assert "Dad-danysgrifio mewn un clic:" in body
    assert "You are getting this e-mail" not in body


def test_news_in_a_lazy_text_reaches_each_person_in_their_own_language(
    participant: User,
    outsider: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    notifications.remember_language(person=participant, language="cy")
    notifications.remember_language(person=outsider, language="en-gb")
    news = notifications.News(
        kind=Kind.POST,
        subject=translation.gettext_lazy("New blog posts"),
        text=translation.gettext_lazy("New documents"),
        html="<p>…</p>",
        url="/blog/",
    )
    with translation.override("en-gb"), django_capture_on_commit_callbacks(execute=True):
        notifications.notify(news=news, people=[participant, outsider])
    (welsh,) = to(smtp.messages, participant.email)
    (english,) = to(smtp.messages, outsider.email)
    assert welsh["Subject"] == "Cofnodion blog newydd"
    assert text_of(welsh).startswith("Dogfennau newydd")
    assert "rydych yn cael negeseuon e-bost ynghylch cofnodion blog newydd" in text_of(welsh)
    assert english["Subject"] == "New blog posts"
    assert "you get e-mail about new blog posts" in text_of(english)


def test_signing_up_in_welsh_remembers_welsh(db: None, smtp: Mailbox) -> None:
    client = Client()
    client.cookies["django_language"] = "cy"
    signed_up = client.post(
        "/accounts/signup/",
        {
            "email": "newydd@example.org",
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
            "display_name": "Person Newydd",
        },
    )
    assert signed_up.status_code == 302
    assert Recipient.objects.get(user__email="newydd@example.org").language == "cy"
    (verify,) = smtp.messages  # sent during the request, so in its language
    assert "Cadarnhewch eich cyfeiriad e-bost" in verify["Subject"]
