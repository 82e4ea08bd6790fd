"""An analyst steers the themes in a browser, with JavaScript off and on: from the insights
page to the coding frame, makes a theme, ticks comments with the keyboard and adds them to
it with one button, does the same for formal responses received by post, sees why a comment
was flagged as evidence, renames the theme, and finds every step in the log."""

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.consultations import services as consultations
from parley.consultations.models import Question, Response
from parley.insights import services
from parley.insights.models import AnalystAction, Coding, FrameTheme
from tests.consultations.exporting import make_analyst
from tests.e2e.conftest import open_page, sign_in
from tests.insights.conftest import PRIVACY, TRAINING, add_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_an_analyst_makes_a_theme_codes_comments_in_bulk_and_renames_it(
    browser: Browser, live_server: LiveServer, consulting: object, editor: User, javascript: bool
) -> None:
    from parley.guidance.models import Version

    assert isinstance(consulting, Version)
    version = consulting
    clauses = list(version.clauses.order_by("position"))
    privacy = [add_comment(clauses[1].discussion, text, n=n) for n, text in enumerate(PRIVACY)]
    for n, text in enumerate(TRAINING):
        add_comment(clauses[2].discussion, text, n=10 + n)
    evidence = add_comment(
        clauses[1].discussion,
        "In my experience 40% of staff never had data protection training.",
        n=20,
    )
    Question.objects.create(version=version, number=1, kind=Question.Kind.TEXT, text="Views?")
    postcards = [
        consultations.enter_response(
            version=version,
            entered_by=editor,
            channel=Response.Channel.POST,
            respondent=consultations.Respondent(name=f"Postcard {n}"),
            consent=Response.Consent.CONFIDENTIAL,
            answers=[consultations.AnswerIn(question=1, text=text)],
            attachments=[],
        )
        for n, text in enumerate(PRIVACY[2:])
    ]
    services.analyse(version=version)
    analyst: User = make_analyst(version.document.organisation)

    page, console = open_page(browser, javascript=javascript)
    sign_in(page, live_server, analyst)
    page.goto(f"{live_server.url}/guidance/{version.document.slug}/versions/1/insights/")
    page.get_by_role("link", name="The coding frame").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Coding frame")

    page.get_by_label("Name of the new theme").fill("Personal data")
    page.get_by_role("button", name="Make the theme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal data")
    page.get_by_role("link", name="Coding frame").click()

    # Tick two comments with the keyboard, then one action and one button.
    for comment in privacy[:2]:
        box = page.get_by_label(
            f"Select comment #{comment.number} by {comment.display_name}, on Clause 2", exact=True
        )
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    page.get_by_label("Action").select_option(label="Add the theme")
    page.get_by_label("Theme to use").select_option(label="Personal data")
    page.get_by_role("button", name="Apply to the ticked comments and responses").click()
    expect(page.locator("body")).to_contain_text("Done for 2 comments")
    theme = FrameTheme.objects.get(name="Personal data")
    assert set(
        Coding.objects.filter(theme=theme, source="hand").values_list("comment_id", flat=True)
    ) == {c.pk for c in privacy[:2]}

    # The formal responses received by post, ticked the same way below the comments.
    for postcard in postcards:
        box = page.get_by_label(f"Select formal response {postcard.reference} (Post)", exact=True)
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    page.get_by_label("Action").select_option(label="Add the theme")
    page.get_by_label("Theme to use").select_option(label="Personal data")
    page.get_by_role("button", name="Apply to the ticked comments and responses").click()
    expect(page.locator("body")).to_contain_text("Done for 2 formal responses")
    expect(page.locator("#formal-response-table")).to_contain_text("Personal data")
    assert set(
        Coding.objects.filter(theme=theme, source="hand").values_list("response_id", flat=True)
    ) == {p.pk for p in postcards} | {None}

    # Why a comment was flagged.
    page.get_by_label("Reasons or evidence").select_option(label="A statistic")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=f"#{evidence.number} by {evidence.display_name}").click()
    expect(page.locator("body")).to_contain_text("a percentage: “40%”")

    page.goto(
        f"{live_server.url}/guidance/{version.document.slug}/versions/1/insights/frame/themes/{theme.pk}/"
    )
    page.get_by_label("New name").fill("Personal data and privacy")
    page.get_by_role("button", name="Rename the theme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personal data and privacy")
    page.get_by_role("link", name="Coding frame").click()
    page.get_by_role("link", name="What analysts did", exact=True).click()
    expect(page.locator("#frame-log")).to_contain_text("rename_theme")
    assert list(AnalystAction.objects.values_list("action", flat=True)) == [
        "rename_theme",
        "tag_comments",
        "tag_comments",
        "create_theme",
    ]
    assert console.errors == []
