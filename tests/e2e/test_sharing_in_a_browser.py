import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from parley.guidance.models import Clause, Version
from tests.e2e.conftest import open_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_clause(consulting: Version) -> Clause:
    """Clause 1 of guidance under consultation (the shared `consulting` fixture)."""
    return consulting.clauses.get(number="1")


def test_the_copy_button_appears_only_with_javascript(
    browser: Browser, live_server: Any, open_clause: Clause
) -> None:
    url = f"{live_server.url}{open_clause.get_absolute_url()}"
    page, console = open_page(browser, javascript=False)
    page.goto(url)
    expect(page.get_by_label("Link to this clause")).to_have_value(url)
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    expect(page.get_by_role("link", name="Share on LinkedIn")).to_be_visible()

    page, console = open_page(browser)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(url)
    page.get_by_role("button", name="Copy link").click()
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert console.errors == []


@pytest.fixture
def partner_site() -> Iterator[Callable[[str], str]]:
    """Another site on loopback (another origin): partner_site(html) serves `html` at its
    home page and returns its address."""
    pages: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get("home", b"")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(html: str) -> str:
        pages["home"] = html.encode()
        return f"http://127.0.0.1:{server.server_address[1]}/"

    try:
        yield serve
    finally:
        server.shutdown()
        server.server_close()


def test_another_site_can_frame_the_card_but_not_the_page(
    browser: Browser, live_server: Any, open_clause: Clause, partner_site: Callable[[str], str]
) -> None:
    version = open_clause.version
    embed = (
        f"{live_server.url}/embed/guidance/{version.document.slug}/versions/"
        f"{version.number}/clauses/{open_clause.number}/"
    )
    partner = partner_site(
        "<!DOCTYPE html><title>Partner</title>"
        f'<iframe id="card" src="{embed}" width="480" height="260" title="Card"></iframe>'
        f'<iframe id="page" src="{live_server.url}{open_clause.get_absolute_url()}" '
        'title="Page"></iframe>'
    )
    page, _ = open_page(browser)
    page.goto(partner)
    card = page.frame_locator("#card")
    expect(card.get_by_role("link", name="Clause 1: Be clear about your role")).to_be_visible()
    expect(card.get_by_text("0 comments")).to_be_visible()
    framed_page = page.frame_locator("#page")
    heading = framed_page.get_by_role("heading", name="Clause 1: Be clear about your role")
    expect(heading).to_have_count(0)
