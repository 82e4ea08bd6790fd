"""A reader following links: every page reachable from the home page, as one person, in one
language, through Django's test client.

Addresses are grouped by the URL pattern they resolve to (and the names of their query
parameters), and only the first few of each group are visited, so fifty comments' permalinks
or twenty versions of a document cost a few visits, not fifty.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

# Not pages of the product: Django's own admin (English only, staff only) and the machinery
# of signing out (a form posts there; a GET only asks to confirm).
NOT_CRAWLED = ("/admin/", "/static/", "/media/")
PER_PATTERN = 2
MOST_PAGES = 400


@dataclass
class Visit:
    url: str
    status: int
    html: str  # empty unless the answer is an HTML page
    shown_on: list[str] = field(default_factory=list)  # pages that linked here


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def same_site(href: str, base: str) -> str | None:
    """The path and query a link leads to, or None when it leaves the site or is not a page."""
    href, _ = urldefrag(href.strip())
    if not href:
        return None
    parts = urlsplit(href)
    if parts.scheme not in {"", "http", "https"} or (
        parts.netloc and parts.netloc not in {"testserver", "localhost", "127.0.0.1"}
    ):
        return None
    path = parts.path
    if not path.startswith("/"):
        path = base.rsplit("/", 1)[0] + "/" + path
    if path.startswith(NOT_CRAWLED):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def pattern(url: str) -> str:
    """The group an address belongs to: its URL pattern and the names of its parameters."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
        route = f"{match.namespace}:{match.url_name}" if match.url_name else match.route
    except Resolver404:
        route = parts.path  # each unknown address is its own group, and is reported
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return route + ("?" + "&".join(keys) if keys else "")


def crawl(
    client: Client, start: str = "/", per_pattern: int = PER_PATTERN, most: int = MOST_PAGES
) -> dict[str, Visit]:
    """Every page reachable from `start` by GET links, at most `per_pattern` of each pattern;
    redirects are followed (the final answer is the one recorded)."""
    visits: dict[str, Visit] = {}
    per_group: dict[str, int] = defaultdict(int)
    queue: list[tuple[str, str]] = [(start, "")]
    while queue and len(visits) < most:
        url, shown_on = queue.pop(0)
        if url in visits:
            if shown_on:
                visits[url].shown_on.append(shown_on)
            continue
        group = pattern(url)
        if per_group[group] >= per_pattern:
            continue
        per_group[group] += 1
        response = client.get(url, follow=True)
        html = ""
        if response.streaming:  # a file download: reading it to the end closes the file
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
        elif response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
        visit = Visit(url=url, status=response.status_code, html=html)
        if shown_on:
            visit.shown_on.append(shown_on)
        visits[url] = visit
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        for href in links(html):
            target = same_site(href, urlsplit(final).path)
            if target is not None and target not in visits:
                queue.append((target, url))
    return visits
