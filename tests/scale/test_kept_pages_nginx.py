"""nginx serves kept pages itself (deploy/nginx/kept-pages*.conf), in front of two app
servers that share the kept-page directory: anonymous readers get the file as it is (its forms
work from this site's pages only); everyone else, and every page without a file, goes to
Parley; and no reader through nginx sees a stale page after a write through either server.

One test, so that `pytest -n 2` starts the servers once."""

import html
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from pytest_django import Settings

from parley.csrf import KEPT_PAGE_TOKEN
from tests.conftest import Mailbox
from tests.scale.cluster import Browser, Response, cluster
from tests.scale.edge import edge
from tests.scale.test_two_app_servers import comment, sign_in

pytestmark = pytest.mark.database_independent  # see pyproject.toml

SAME_HEADERS = [
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Language",
    "Cache-Control",
]


def hidden(page: str, name: str) -> list[str]:
    return re.findall(rf'<input type="hidden" name="{name}" value="([^"]*)"', page)


def from_file(answer: Response) -> bool:
    """nginx answered from a kept file: Parley's answers carry the whole policy in their
    Content-Security-Policy header; a file carries it in a <meta> tag instead."""
    assert answer.status == 200, answer.body[:2000]
    return "default-src" not in answer.headers["Content-Security-Policy"]


def policy(answer: Response) -> set[str]:
    """The page's Content-Security-Policy directives, from the header and any <meta> tag."""
    found = answer.headers.get("Content-Security-Policy", "")
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', answer.body)
    if meta:
        found += ";" + html.unescape(meta.group(1))
    return {part.strip() for part in found.split(";") if part.strip()}


@pytest.mark.xdist_group("kept_pages_nginx")
def test_nginx_serves_kept_pages_and_never_a_stale_one(
    tmp_path: Path, smtp: Mailbox, settings: Settings, prepared_var: Path
) -> None:
    smtp_port = settings.MAILERS["default"]["OPTIONS"]["port"]
    pages = tmp_path / "pages"
    with (
        cluster(
            tmp_path,
            smtp_port=smtp_port,
            environment={"PARLEY_PAGE_FILES": str(pages)},
            static=prepared_var / "static",
        ) as cast,
        edge(tmp_path / "nginx", servers=cast.servers, pages=pages) as front,
    ):
        path = cast.seed["post_url"]
        url = f"{front}{path}"
        kept = pages / "current" / "en-gb" / path.strip("/") / "index.html"

        # No file yet: Parley answers, and writes one.
        first = Browser().get(url)
        assert not from_file(first), cast.logs()
        assert kept.is_file()

        # A new reader gets the file as it is: no cookie, and forms that carry the kept
        # page's token and no per-response key.
        reader = Browser()
        page = reader.get(url)
        assert from_file(page)
        assert "Set-Cookie" not in page.headers
        assert set(hidden(page.body, "csrfmiddlewaretoken")) == {KEPT_PAGE_TOKEN}
        assert hidden(page.body, "submission") == [""]
        assert page.body == kept.read_text()

        # The same headers and the same policy as Parley's own answer.
        for name in SAME_HEADERS:
            assert page.headers.get(name) == first.headers.get(name), name
        assert {"Cookie", "Accept-Language"} <= {
            part.strip() for part in first.headers["Vary"].split(",")
        }
        assert policy(page) >= policy(first)
        assert "frame-ancestors 'none'" in policy(page)

        # A guest comments with the file's form through nginx, from this site's page.
        fields = {
            "csrfmiddlewaretoken": KEPT_PAGE_TOKEN,
            "body": "A guest, from a page nginx served.",
            "author_name": "Gwen Guest",
            "author_email": "gwen@example.net",
            "submission": "",
            "shown_at": "",
        }
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        forged = reader.request(
            url, data=urlencode(fields).encode(), headers={**form, "Origin": "https://evil.example"}
        )
        assert forged.status == 403
        posted = reader.request(
            url, data=urlencode(fields).encode(), headers={**form, "Origin": front}
        )
        assert posted.status == 302, (posted.body[:3000], cast.logs())
        # Now they have a session (their comment awaits a moderator): Parley answers them.
        own = reader.get(url)
        assert not from_file(own)
        assert "A guest, from a page nginx served." in own.body

        # A comment through server B: the very next reader through nginx sees it.
        member = Browser()
        sign_in(member, cast.servers[0], cast)
        comment(member, cast.servers[1], cast, "Posted through B, seen through nginx at once.")
        fresh = Browser().get(url)
        assert "Posted through B, seen through nginx at once." in fresh.body
        assert not from_file(fresh)  # the write deleted the file; Parley wrote a new one
        assert "Posted through B, seen through nginx at once." in kept.read_text()
        newer = Browser().get(url)
        assert from_file(newer)
        assert "Posted through B, seen through nginx at once." in newer.body

        # Signed in, the member always gets Parley's page, with their name.
        signed_in = member.get(url)
        assert not from_file(signed_in)
        assert cast.seed["member"]["name"] in signed_in.body

        # Welsh: the language cookie picks the Welsh file; Accept-Language goes to Parley.
        welsh = {"Cookie": "django_language=cy"}
        assert not from_file(Browser().request(url, headers=welsh))
        in_welsh = Browser().request(url, headers=welsh)
        assert from_file(in_welsh)
        assert '<html lang="cy"' in in_welsh.body
        assert in_welsh.headers["Content-Language"] == "cy"
        asked = Browser().request(url, headers={"Accept-Language": "cy"})
        assert not from_file(asked)
        assert '<html lang="cy"' in asked.body
        print("DEBUG", sorted(str(p) for p in pages.rglob("*")))
        for accepted, english_file in [
            ("en-GB,en;q=0.9", True),
            ("fr", True),  # Parley would answer in English too
            ("cy-GB", False),
            ("en, cy;q=0.5", False),
        ]:
            answer = Browser().request(url, headers={"Accept-Language": accepted})
            assert from_file(answer) == english_file, accepted

        # A query string, or any other page, is Parley's.
        assert not from_file(Browser().get(f"{url}?reply=1"))
