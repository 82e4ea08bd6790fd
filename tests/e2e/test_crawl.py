"""Every page a reader can reach from the home page, as each kind of reader, in English and in
Welsh: no link the reader is shown leads to an error, every page has exactly one h1, and
axe-core finds no serious or critical fault, nor headings out of order or content outside
any landmark.

The demo content (`parley demo`) fills the site. Links are followed with Django's test client
(tests/crawl.py: a few addresses per URL pattern); each pattern's first page is then opened in
Debian's chromium, as the same person in the same language, and checked by axe: once per
pattern, in the language it is first met in (the templates are the same in both; a page's
Welsh differs in its words, which test_accessibility.py checks by axe in both languages, and
tests/i18n by reading them).
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Browser, Page
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from tests.crawl import crawl, pattern
from tests.e2e.test_accessibility import WCAG_22_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
READERS = {
    "anonymous": None,
    "commenter": "priya@demo.invalid",
    "editor": "editor@demo.invalid",
    "moderator": "moderator@demo.invalid",
}
LANGUAGES = ["en-gb", "cy"]
# Faults of lesser impact that still fail the crawl: a heading level skipped, content that no
# landmark holds (a screen reader's user cannot jump to it).
ALSO_FAILING = {"heading-order", "region"}
H1 = re.compile(r"<h1[\s>]", re.IGNORECASE)


def axe_faults(page: Page) -> list[str]:
    found = page.evaluate(
        "([tags, also]) => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical' || also.includes(v.id))"
        ".map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '"
        " + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + n.html.slice(0, 120))"
        ".join(', ')))",
        [[*WCAG_22_AA, "best-practice"], sorted(ALSO_FAILING)],
    )
    return list(found)


def test_every_page_a_reader_can_reach_works_has_one_h1_and_passes_axe(
    browser: Browser, live_server: LiveServer, settings: Settings, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    call_command("demo", stdout=StringIO())
    axe = AXE.read_text()
    problems: list[str] = []
    checked_by_axe: set[str] = set()
    pages = 0
    for reader, email in READERS.items():
        client = Client()
        if email is not None:
            client.force_login(User.objects.get(email=email))
        context = browser.new_context(bypass_csp=True)  # lets the test add axe-core to pages
        if "sessionid" in client.cookies:
            context.add_cookies(
                [
                    {
                        "name": "sessionid",
                        "value": client.cookies["sessionid"].value,
                        "url": live_server.url,
                    }
                ]
            )
        page = context.new_page()
        for language in LANGUAGES:
            client.cookies["django_language"] = language
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
            visits = crawl(client)
            pages += len(visits)
            for url, visit in visits.items():
                where = f"{reader} {language} {url}"
                if visit.status >= 400:
                    problems.append(f"{where}: {visit.status}, linked from {visit.shown_on[:3]}")
                    continue
                if not visit.html:
                    continue
                if (h1s := len(H1.findall(visit.html))) != 1:
                    problems.append(f"{where}: {h1s} h1 elements, not one")
                if pattern(url) in checked_by_axe:
                    continue
                checked_by_axe.add(pattern(url))
                page.goto(f"{live_server.url}{url}", wait_until="domcontentloaded")
                page.evaluate(axe)
                problems.extend(f"{where}: {fault}" for fault in axe_faults(page))
        context.close()
    assert pages > 300, "the crawl reached too few pages to mean anything"
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems)
