"""What people do in one page load (issue 17): comment, reply, like, edit and reply again;
report a comment and read the thanks; switch to Welsh and carry on. Each with JavaScript
and without, reading what the page says afterwards as a person would."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment, Discussion
from parley.guidance import services as guidance
from parley.organisations.models import Organisation
from parley.wiki import services as wiki
from tests.builders import comment_as
from tests.e2e.conftest import open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WITH_AND_WITHOUT_JAVASCRIPT = pytest.mark.parametrize(
    "javascript", [True, False], ids=["with-javascript", "without-javascript"]
)


class Place:
    """A page with a discussion: its address and how its heading counts the comments, in
    English and in Welsh."""

    def __init__(
        self, discussion: Discussion, url: str, heading: str = "", heading_cy: str = ""
    ) -> None:
        self.discussion, self.url = discussion, url
        self.heading, self.heading_cy = heading, heading_cy

    def count(self, number: int) -> str:
        if self.heading:
            return f"{self.heading} ({number})"
        return f"{number} comment" if number == 1 else f"{number} comments"

    def count_cy(self, number: int) -> str:
        return f"{self.heading_cy} ({number})" if self.heading_cy else f"{number} sylw"


@pytest.fixture(params=["post", "clause", "wiki page"])
def place(request: pytest.FixtureRequest, editor: User, organisation: Organisation) -> Place:
    if request.param == "post":
        post: Post = request.getfixturevalue("post")
        return Place(post.discussion, post.get_absolute_url())
    if request.param == "clause":
        document = guidance.create_document(
            user=editor, organisation=organisation, title="Principles"
        )
        draft = document.versions.get()
        guidance.add_clause(version=draft, user=editor, heading="Channels", body="Plan for it.")
        guidance.schedule_consultation(
            version=draft,
            user=editor,
            opens_at=timezone.now() - timedelta(days=1),
            closes_at=timezone.now() + timedelta(days=3),
        )
        clause = draft.clauses.get()
        return Place(clause.discussion, clause.get_absolute_url())
    page = wiki.create_page(
        space=wiki.space_for(organisation), user=editor, title="Rotas", body="Who is on."
    )
    return Place(
        page.discussion,
        page.get_absolute_url(),
        heading="Comments on ‘Rotas’",
        heading_cy="Sylwadau ar ‘Rotas’",
    )


def post_comment(
    page: Page, body: str, *, reply_to: int | None = None, guest: bool = False
) -> None:
    """As a person does: Reply (when replying), fill in the form, post it. A guest fills in
    their name and address when the form does not have them yet."""
    if reply_to is not None:
        page.locator(f"#comment-{reply_to}").get_by_role("link", name="Reply").click()
        expect(page.locator("#comment-form-heading")).to_have_text(f"Reply to comment #{reply_to}")
    form = page.locator("#comment-form")
    if guest and not form.get_by_label("Name", exact=True).input_value():
        form.get_by_label("Name", exact=True).fill("Gus Guest")
        form.get_by_label("E-mail address").fill("gus@example.net")
    form.get_by_label("Your comment").fill(body)
    form.get_by_role("button", name="Post comment").click()


def heading(page: Page) -> Locator:
    return page.locator("#comments-heading")


@WITH_AND_WITHOUT_JAVASCRIPT
def test_a_member_comments_replies_likes_edits_and_replies_again(
    browser: Browser,
    live_server: LiveServer,
    place: Place,
    participant: User,
    outsider: User,
    javascript: bool,
) -> None:
    comment_as(place.discussion, outsider, "Who covers the weekends?")
    page, console = open_page(browser, javascript=javascript)
    sign_in(page, live_server, participant)
    page.goto(f"{live_server.url}{place.url}")
    page.evaluate("window.sameLoad = true")
    expect(heading(page)).to_have_text(place.count(1))
    stances = place.discussion.allows_stance

    if stances:
        page.get_by_label("Support", exact=True).check()
    post_comment(page, "A rota would help.")
    expect(page.locator("#comment-2")).to_contain_text("A rota would help.")
    expect(heading(page)).to_have_text(place.count(2))
    if stances:
        expect(page.locator("#comment-2")).to_contain_text("Support")
        # The next comment starts with no view given, as a new form does.
        expect(page.get_by_label("No view given")).to_be_checked()
    expect(page.locator("#comment-form").get_by_label("Your comment")).to_have_value("")

    post_comment(page, "Volunteers, taking turns.", reply_to=1)
    expect(page.locator("#comment-3")).to_contain_text("Volunteers, taking turns.")
    expect(page.locator("#comment-3")).to_contain_text("in reply to comment 1")
    expect(heading(page)).to_have_text(place.count(3))

    page.get_by_role("button", name="Like comment 1").click()
    expect(page.locator("#comment-1")).to_contain_text("1 person likes this")

    post_comment(page, "And the bank holidays.", reply_to=3)
    expect(page.locator("#comment-4")).to_contain_text("And the bank holidays.")
    expect(heading(page)).to_have_text(place.count(4))
    if javascript:
        assert page.evaluate("window.sameLoad") is True
        expect(page.locator("#parley-live")).to_have_text("Comment 4 posted")

    page.get_by_role("link", name="Edit comment 2").click()
    page.get_by_label("Your comment").fill("A shared rota would help.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#comment-2")).to_contain_text("A shared rota would help.")
    expect(page.locator("#comment-2")).to_contain_text("edited")

    post_comment(page, "Agreed, shared.", reply_to=2)
    expect(page.locator("#comment-5")).to_contain_text("Agreed, shared.")
    expect(heading(page)).to_have_text(place.count(5))
    expect(page.locator("#comment-1")).to_contain_text("1 person likes this")

    numbers = list(Comment.objects.order_by("number").values_list("number", "stance"))
    assert numbers == [(1, ""), (2, "support" if stances else ""), (3, ""), (4, ""), (5, "")]
    assert [e for e in console.errors if "favicon" not in e] == []


@WITH_AND_WITHOUT_JAVASCRIPT
def test_a_guest_posts_twice_from_one_page_and_both_wait_for_moderation(
    browser: Browser, live_server: LiveServer, post: Post, outsider: User, javascript: bool
) -> None:
    comment_as(post, outsider, "Who covers the weekends?")
    page, console = open_page(browser, javascript=javascript)
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    post_comment(page, "A rota would help.", guest=True)
    expect(page.locator("#comment-2")).to_contain_text("Awaiting moderation")

    post_comment(page, "Volunteers, taking turns.", reply_to=1, guest=True)
    expect(page.locator("#comment-3")).to_contain_text("Volunteers, taking turns.")
    expect(page.locator("#comment-3")).to_contain_text("Awaiting moderation")
    # Nobody else sees a held comment yet, so the count stays.
    expect(heading(page)).to_have_text("1 comment")
    if javascript:
        expect(page.locator("#parley-live")).to_have_text("Comment 3 is awaiting moderation")
    assert Comment.objects.count() == 3
    assert [e for e in console.errors if "favicon" not in e] == []


@WITH_AND_WITHOUT_JAVASCRIPT
def test_after_reporting_a_comment_far_down_the_page_the_thanks_is_in_view(
    browser: Browser,
    live_server: LiveServer,
    post: Post,
    outsider: User,
    javascript: bool,
    settings: Settings,
) -> None:
    settings.PARLEY_COMMENT_RATE = "100/60"
    for number in range(1, 16):
        comment_as(post, outsider, f"Point {number}.\n\n" + "More words. " * 40)
    page, console = open_page(browser, javascript=javascript)
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.get_by_role("link", name="Report comment 15").click()
    page.get_by_label("Spam").check()
    page.get_by_role("button", name="Report comment").click()

    thanks = page.get_by_text("Thank you: a moderator will look at this comment")
    expect(thanks).to_be_visible()
    expect(thanks).to_be_in_viewport()
    assert [e for e in console.errors if "favicon" not in e] == []


@WITH_AND_WITHOUT_JAVASCRIPT
def test_switching_to_welsh_mid_journey_the_discussion_speaks_welsh_and_marks_english(
    browser: Browser, live_server: LiveServer, place: Place, participant: User, javascript: bool
) -> None:
    page, console = open_page(browser, javascript=javascript)
    sign_in(page, live_server, participant)
    page.goto(f"{live_server.url}{place.url}")
    stances = place.discussion.allows_stance
    if stances:
        page.get_by_label("Support", exact=True).check()
    post_comment(page, "I think the rota should cover the weekends.")
    expect(page.locator("#comment-1")).to_contain_text("the rota should cover")

    page.get_by_role("navigation", name="Language").get_by_role("button", name="Cymraeg").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(heading(page)).to_have_text(place.count_cy(1))
    # An English comment on a Welsh page is marked, so screen readers pronounce it right.
    expect(page.locator("#comment-1 .parley-comment__body")).to_have_attribute("lang", "en")

    page.locator("#comment-1").get_by_role("link", name="Ateb").click()
    expect(page.locator("#comment-form-heading")).to_have_text("Ateb sylw #1")
    form = page.locator("#comment-form")
    form.get_by_label("Eich sylw").fill("Rwy’n cytuno, mae angen rota ar y penwythnos hefyd.")
    form.get_by_role("button", name="Postio sylw").click()
    expect(page.locator("#comment-2")).to_contain_text("Rwy’n cytuno")
    expect(heading(page)).to_have_text(place.count_cy(2))
    if stances:
        expect(page.locator("#comment-1")).to_contain_text("Cefnogi")
        expect(page.get_by_label("Dim barn wedi'i rhoi")).to_be_checked()
    expect(page.locator("#comment-2 .parley-comment__body")).not_to_have_attribute(
        "lang", re.compile(".*")
    )
    if javascript:
        expect(page.locator("#comment-form-heading")).to_have_text("Gadael sylw")
        expect(page.locator("#parley-live")).to_have_text("Postiwyd sylw 2")

    # And back in English, the Welsh comment is the one marked.
    page.get_by_role("navigation", name="Iaith").get_by_role("button", name="English").click()
    expect(page.locator("#comment-2 .parley-comment__body")).to_have_attribute("lang", "cy")
    expect(page.locator("#comment-1 .parley-comment__body")).not_to_have_attribute(
        "lang", re.compile(".*")
    )
    assert Comment.objects.count() == 2
    assert [e for e in console.errors if "favicon" not in e] == []


def test_on_a_clause_quoting_still_works_after_the_form_comes_back_with_errors(
    browser: Browser, live_server: LiveServer, editor: User, organisation: Organisation
) -> None:
    document = guidance.create_document(user=editor, organisation=organisation, title="Rules")
    draft = document.versions.get()
    guidance.add_clause(version=draft, user=editor, heading="Rotas", body="Plan every weekend.")
    guidance.schedule_consultation(
        version=draft,
        user=editor,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=3),
    )
    page, console = open_page(browser)
    sign_in(page, live_server, editor)
    page.goto(f"{live_server.url}{draft.clauses.get().get_absolute_url()}")
    page.get_by_role("button", name="Post comment").click()  # nothing written yet
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your comment")

    page.locator("#clause-text").select_text()
    page.get_by_role("button", name="Quote the selected words").click()
    expect(page.locator("#id_quote")).to_have_value("Plan every weekend.")
    page.get_by_label("Your comment").fill("Every one?")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comment-1")).to_contain_text("Plan every weekend.")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    assert [e for e in console.errors if "status of 400" not in e] == []
