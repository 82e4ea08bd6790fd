"""The new comment form is rendered once per way it can look and kept
(parley.discussions.fragments.render_comment_form): each response still gets its own CSRF
token, "shown at" stamp and submission key, and a form with anything of the viewer's in it
(errors and typed text, remembered details, a reply) is rendered afresh."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.html import escape
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import fragments
from parley.discussions import views as discussion_views
from parley.discussions.forms import CommentForm
from parley.discussions.models import Comment, Discussion
from parley.guidance.models import Version
from tests import html
from tests.builders import comment_as, make_user

PER_RESPONSE = re.compile(
    r'(<input type="hidden" name="(?:csrfmiddlewaretoken|shown_at|submission)" value=")[^"]*"'
)
FORM_TEMPLATE = "discussions/_comment_form.html"


@pytest.fixture(autouse=True)
def _every_page_rendered(settings: Settings) -> None:
    settings.PARLEY_PAGE_CACHE = False  # whole pages are kept elsewhere (test_page_cache.py)


def hidden(page: str, name: str) -> list[str]:
    return re.findall(rf'<input type="hidden" name="{name}" value="([^"]*)"', html.one_line(page))


def the_form(page: str) -> str:
    """The comment form, each of its tags on one line."""
    page = html.one_line(page)
    found = re.search(r'<form method="post" action="[^"]*#comment-form".*?</form>', page, re.S)
    assert found is not None
    return found.group(0)


def request_for(discussion: Discussion, user: User | None = None) -> HttpRequest:
    request = RequestFactory().get(discussion.url)
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    return request


def fresh_and_kept(discussion: Discussion, user: User | None = None) -> tuple[str, str, str]:
    """The form rendered by the page's template as before, then twice through the kept
    path (the second from what was kept), with the per-response values blanked."""
    request = request_for(discussion, user)
    choices = [] if user else discussion_views.sign_in_choices(request)
    initial = {"shown_at": "stamp", "submission": "key"}
    form = CommentForm(initial=initial, discussion=discussion, signed_in=user is not None)
    fresh = render_to_string(
        FORM_TEMPLATE,
        {
            "discussion": discussion,
            "comment_form": form,
            "reply_to": None,
            "sign_in_choices": choices,
        },
        request,
    )
    kept = [
        fragments.render_comment_form(request, discussion, initial=initial, sign_in_choices=choices)
        for _ in range(2)
    ]
    first, again = kept
    assert first is not None
    assert again is not None
    return (
        PER_RESPONSE.sub(r'\1"', fresh),
        PER_RESPONSE.sub(r'\1"', first),
        PER_RESPONSE.sub(r'\1"', again),
    )


@pytest.mark.parametrize("language", ["en-gb", "cy"])
def test_the_kept_form_is_the_form_the_template_renders(post: Post, language: str) -> None:
    with translation.override(language):
        fresh, first, again = fresh_and_kept(post.discussion)
    assert first == fresh
    assert again == fresh


def test_the_kept_form_for_a_signed_in_person_names_them(
    post: Post, participant: User, outsider: User
) -> None:
    awkward = make_user("awkward@example.org", 'Ann <b>O\'Brien</b> & "co"')
    for person in (participant, outsider, awkward):
        fresh, first, again = fresh_and_kept(post.discussion, person)
        assert first == again == fresh
        assert f"<strong>{escape(person.display_name)}</strong>" in first
        assert 'name="author_email"' not in first
    assert "<b>O" not in first


def test_the_kept_form_on_a_clause_asks_for_a_stance(consulting: Version) -> None:
    clause = consulting.clauses.first()
    assert clause is not None
    discussion = clause.discussion
    fresh, first, again = fresh_and_kept(discussion)
    assert first == again == fresh
    assert 'name="stance"' in first
    assert 'name="notify_posts"' not in first


def test_each_response_gets_its_own_token_stamp_and_key(post: Post) -> None:
    url = post.get_absolute_url()
    pages = [Client().get(url).content.decode() for _ in range(3)]
    for name in ("csrfmiddlewaretoken", "shown_at", "submission"):
        values = [hidden(page, name) for page in pages]
        assert all(len(found) >= 1 for found in values)
        form_values = [found[-1] for found in values]  # the comment form's, after the layout's
        assert len(set(form_values)) == 3, name
    for page in pages:
        assert "csrf-" not in page
        assert "shown_at-" not in page
        assert "submission-" not in page
        seconds = discussion_views._seconds_since_shown(hidden(page, "shown_at")[0])
        assert seconds is not None
        assert 0 <= seconds < 60


def test_the_second_page_comes_from_the_kept_form(post: Post) -> None:
    url = post.get_absolute_url()
    first = Client().get(url)
    again = Client().get(url)
    assert FORM_TEMPLATE in [t.name for t in first.templates]
    assert FORM_TEMPLATE not in [t.name for t in again.templates]
    assert PER_RESPONSE.sub("", the_form(first.content.decode())) == PER_RESPONSE.sub(
        "", the_form(again.content.decode())
    )


def test_a_guest_can_post_from_a_kept_form_with_its_csrf_token(post: Post) -> None:
    Client().get(post.get_absolute_url())  # the form is kept
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(post.get_absolute_url()).content.decode()
    form = the_form(page)
    response = browser.post(
        post.get_absolute_url(),
        {
            "csrfmiddlewaretoken": hidden(form, "csrfmiddlewaretoken")[0],
            "shown_at": hidden(form, "shown_at")[0],
            "submission": hidden(form, "submission")[0],
            "author_name": "Gus Guest",
            "author_email": "gus@example.net",
            "body": "Posted from a kept form",
        },
    )
    assert response.status_code == 302
    assert Comment.objects.get().body_markdown == "Posted from a kept form"


def test_a_form_sent_back_with_errors_keeps_what_was_typed(client: Client, post: Post) -> None:
    client.get(post.get_absolute_url())  # the form is kept
    response = client.post(
        post.get_absolute_url(),
        {"author_name": "", "author_email": "gus@example.net", "body": "Keep <these> words"},
    )
    assert response.status_code == 400
    form = the_form(response.content.decode())
    assert "Keep &lt;these&gt; words</textarea>" in form
    assert 'value="gus@example.net"' in form
    assert "Enter your name" in form
    assert 'aria-describedby="id_author_name-error"' in form
    assert "govuk-error-summary" in form


def test_a_guest_who_asked_to_be_remembered_sees_their_details(client: Client, post: Post) -> None:
    Client().get(post.get_absolute_url())  # the plain form is kept
    client.post(
        post.get_absolute_url(),
        {
            "author_name": "Gus Guest",
            "author_email": "gus@example.net",
            "body": "Hi",
            "remember": "on",
        },
    )
    form = the_form(client.get(post.get_absolute_url()).content.decode())
    assert 'value="Gus Guest"' in form
    assert 'value="gus@example.net"' in form
    assert re.search(r'<input type="checkbox" name="remember"[^>]* checked', form)
    assert 'value="Gus Guest"' not in the_form(
        Client().get(post.get_absolute_url()).content.decode()
    )


def test_a_reply_link_gets_its_own_form(post: Post, participant: User) -> None:
    comment = comment_as(post, participant, "Reply to me")
    Client().get(post.get_absolute_url())  # the plain form is kept
    form = the_form(
        Client().get(f"{post.get_absolute_url()}?reply={comment.number}").content.decode()
    )
    assert f"Reply to comment #{comment.number}" in form
    assert f'name="parent" value="{comment.number}"' in form
    assert "Leave a comment" in the_form(Client().get(post.get_absolute_url()).content.decode())


@pytest.mark.parametrize("who", ["anonymous", "signed in"])
def test_a_welsh_reader_never_gets_the_kept_english_form(
    post: Post, participant: User, who: str
) -> None:
    def browser() -> Client:
        client = Client()
        if who == "signed in":
            client.force_login(participant)
        return client

    browser().get(post.get_absolute_url())  # the English form is kept
    welsh = browser()
    welsh.cookies["django_language"] = "cy"
    form = the_form(welsh.get(post.get_absolute_url()).content.decode())
    with translation.override("cy"):
        assert translation.gettext("Leave a comment") in form
        assert translation.gettext("Leave a comment") != "Leave a comment"
    assert "Leave a comment" not in form
