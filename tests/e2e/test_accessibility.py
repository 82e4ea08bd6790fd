"""WCAG 2.2 AA: axe-core (npm `axe-core`) finds no violation on any page type, in English and
in Welsh, read by Debian's chromium. The pages are filled as a reader meets them: a post with a
thread of comments, guidance under consultation, a comparison of versions, forms with errors."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.blog.models import Post
from parley.consultations import services as consultations
from parley.consultations.models import Question, Response
from parley.discussions.models import Comment
from parley.guidance import services as guidance
from parley.guidance.models import Document, Version
from parley.insights import frame
from parley.insights import services as insights
from parley.wiki import services as wiki
from tests.builders import PASSWORD, close, comment_as

DAY = timedelta(days=1)
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Each language's cookie value, and the `<html lang>` its pages must carry (axe checks that
# the attribute is there and valid: html-has-lang, html-lang-valid).
LANGUAGES = {"en-gb": "en-GB", "cy": "cy"}


def violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.help + ' at '"
        " + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.html.slice(0, 160))"
        ".join(', ')))",
        WCAG_22_AA,
    )
    return list(found)


def sign_in(page: Page, live_server: LiveServer, user: User) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").first.fill(user.email)
    page.get_by_label("Password").first.fill(PASSWORD)
    page.get_by_role("button", name="Sign in").last.click()
    page.wait_for_url(lambda url: "/login/" not in url)


@pytest.fixture
def content(
    post: Post, participant: User, moderator: User, document: Document, editor: User
) -> dict[str, Any]:
    first = comment_as(post, participant, "A first thought with a [link](https://example.org).")
    comment_as(post, moderator, "> A quote\n\nAnd a reply.", parent_number=first.number)
    Comment.objects.filter(pk=first.pk).update(like_count=2)
    version = document.versions.get(number=1)
    now = timezone.now()
    guidance.schedule_consultation(
        version=version, user=editor, opens_at=now - DAY, closes_at=now + DAY
    )
    comment_as(
        version.discussion, participant, "I support this, with one change.", stance="support"
    )
    close(version)  # so the response and the insights are public
    # A formal response by post (entered after the close, as a late letter is): the
    # analysis reads it, so the coding frame's pages list it.
    Question.objects.create(version=version, number=1, kind=Question.Kind.TEXT, text="Views?")
    letter = consultations.enter_response(
        version=version,
        entered_by=editor,
        channel=Response.Channel.POST,
        respondent=consultations.Respondent(name="Gwen Letter"),
        consent=Response.Consent.CONFIDENTIAL,
        answers=[consultations.AnswerIn(question=1, text="In my experience 40% of us agree.")],
        attachments=[],
    )
    response = guidance.save_response(version=version, user=editor, summary="We listened.")
    guidance.publish_response(response=response, user=editor)
    insights.analyse(version=version)
    second = guidance.create_version(document=document, user=editor)
    clause = second.clauses.order_by("position").first()
    assert clause is not None
    space = wiki.site_space()
    page = wiki.create_page(
        space=space,
        user=editor,
        title="Using personal accounts",
        body="## When\n\nSee [[Missing page]] and the principles.\n\n## How\n\nCarefully.",
    )
    page = wiki.edit_page(
        page=page,
        user=editor,
        title=page.title,
        body=page.body_markdown + "\n\nA second thought.",
        message="Add a thought",
        base_revision=page.revision_number,
    )
    guidance.update_clause(
        clause=clause, user=editor, number=clause.number, heading=clause.heading, body="Reworded."
    )
    return {
        "post": post,
        "document": document,
        "second": second,
        "page": page,
        "letter": letter,
    }


def test_every_page_type_has_no_wcag_22_aa_violation(
    browser: Browser,
    live_server: LiveServer,
    content: dict[str, Any],
    editor: User,
    settings: Settings,
) -> None:
    post, document = content["post"], content["document"]
    version: Version = document.versions.get(number=1)
    clause = version.clauses.order_by("position").first()
    assert clause is not None
    wiki_page = reverse("wiki:page", args=["site", content["page"].slug])
    anonymous = [
        "/",
        "/blog/",
        post.get_absolute_url(),
        "/guidance/",
        document.get_absolute_url(),
        clause.get_absolute_url(),
        reverse("guidance:response", args=[document.slug, 1]),
        reverse("insights:insights", args=[document.slug, 1]),
        "/privacy/",
        "/comment-policy/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/privacy/your-comments/",
        "/no-such-page/",
        "/wiki/",
        wiki_page,
        f"{wiki_page}history/",
        f"{wiki_page}compare/?from=1&to=2",
        f"/organisations/{post.organisation.slug}/",
        reverse("guidance:adopters", args=[document.slug]),
    ]
    signed_in = [
        post.get_absolute_url(),
        "/accounts/profile/",
        "/accounts/data/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/3rdparty/",
        "/accounts/logout/",
        "/notifications/preferences/",
        "/moderation/",
        f"{wiki_page}edit/",
        reverse("guidance:compare", args=[document.slug, 1, 2]),  # with the editor's draft
    ]
    # The coding frame: a theme with a comment and a formal response, which the editor
    # analyses; the frame page lists the response to tick, the theme's page to split off.
    theme = frame.create_theme(version=version, user=editor, name="Clarity")
    coded = Comment.objects.public().filter(discussion_id=version.discussion_id).first()
    assert coded is not None
    letter = content["letter"]
    frame.tag_comments(
        version=version,
        user=editor,
        comment_ids=[coded.pk],
        response_ids=[letter.pk],
        add=[theme],
    )
    frame_page = reverse("insights:frame", args=[document.slug, 1])
    theme_page = reverse("insights:frame_theme", args=[document.slug, 1, theme.pk])
    signed_in += [
        frame_page,
        theme_page,
        reverse("insights:frame_comment", args=[document.slug, 1, coded.pk]),
        reverse("insights:frame_response", args=[document.slug, 1, letter.reference]),
        reverse("insights:frame_log", args=[document.slug, 1]),
    ]
    listed = {frame_page: f"#bulk-responses-{letter.pk}", theme_page: "#split-responses"}
    context = browser.new_context(bypass_csp=True)  # lets the test add axe-core to pages
    page = context.new_page()
    found: dict[str, list[str]] = {}

    def check(where: str, path: str, language: str) -> None:
        answer = page.goto(f"{live_server.url}{path}")
        found[f"{where} {language} {path}"] = violations(page)
        if answer is None or answer.status != (404 if path == "/no-such-page/" else 200):
            found[f"{where} {language} {path}"].append("not the page meant: status differs")
        if page.get_attribute("html", "lang") != LANGUAGES[language]:
            found[f"{where} {language} {path}"].append(f"lang is not {LANGUAGES[language]}")
        if path in listed and page.locator(listed[path]).count() != 1:
            found[f"{where} {language} {path}"].append("the formal response is not listed")

    for language in LANGUAGES:
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for path in anonymous:
            check("anonymous", path, language)

        # A form sent back with errors beside its fields.
        page.goto(f"{live_server.url}{post.get_absolute_url()}")
        page.locator("#comment-form button[type=submit]").last.click()
        page.wait_for_load_state()
        found[f"comment form with errors {language}"] = violations(page)

    context.add_cookies([{"name": "django_language", "value": "en-gb", "url": live_server.url}])
    sign_in(page, live_server, editor)
    for language in LANGUAGES:
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for path in signed_in:
            check("editor", path, language)

        # A split with nothing ticked, sent back with the error beside the lists.
        page.goto(f"{live_server.url}{theme_page}#split")
        page.locator("#id_split-name").fill("Part")
        page.locator("form:has(#id_split-name) button[type=submit]").click()
        page.wait_for_load_state()
        where = f"split with errors {language}"
        found[where] = violations(page)
        if page.locator(".govuk-error-summary").count() != 1:
            found[where].append("no error summary")
    context.close()

    problems = [f"{where}: {line}" for where, lines in found.items() for line in lines]
    assert problems == [], "\n".join(problems)
