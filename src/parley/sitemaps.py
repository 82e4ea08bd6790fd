"""sitemap.xml (public posts, tags, guidance documents, versions, clauses and wiki pages) and
robots.txt, which points at it.

/sitemap.xml is a sitemap index naming numbered pages, /sitemaps/<section>/<n>.xml, of at most
URLS_PER_SITEMAP addresses each (the protocol allows 50,000). Each page is streamed, its rows
read through .iterator() in one query, so no response grows with the size of the database."""

import math
import sys
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET

from parley.blog import queries as blog_queries
from parley.blog.models import Post, Tag
from parley.guidance.models import Clause, Document, Version
from parley.wiki.models import Page


class PostSitemap(Sitemap[Post]):
    changefreq = "weekly"

    def items(self) -> QuerySet[Post]:
        return Post.objects.published().order_by("pk")

    def lastmod(self, item: Post) -> datetime:
        return max(item.updated_at, item.published_at or item.updated_at)


class TagSitemap(Sitemap[Tag]):
    changefreq = "weekly"

    def items(self) -> QuerySet[Tag]:
        return blog_queries.public_tags().order_by("pk")


class DocumentSitemap(Sitemap[Document]):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> QuerySet[Document]:
        return (
            Document.objects.filter(versions__in=Version.objects.public()).distinct().order_by("pk")
        )


class VersionSitemap(Sitemap[Version]):
    changefreq = "weekly"

    def items(self) -> QuerySet[Version]:
        return Version.objects.public().select_related("document").order_by("pk")


class ClauseSitemap(Sitemap[Clause]):
    changefreq = "weekly"

    def items(self) -> QuerySet[Clause]:
        return (
            Clause.objects.exclude(version__status=Version.Status.DRAFT)
            .select_related("version__document")
            .order_by("pk")
        )


class WikiPageSitemap(Sitemap[Page]):
    changefreq = "weekly"

    def items(self) -> QuerySet[Page]:
        return Page.objects.select_related("space").order_by("pk")

    def lastmod(self, page: Page) -> datetime:
        return page.updated_at


SITEMAPS: dict[str, type[Sitemap[Any]]] = {
    "posts": PostSitemap,
    "tags": TagSitemap,
    "guidance": DocumentSitemap,
    "versions": VersionSitemap,
    "clauses": ClauseSitemap,
    "wiki": WikiPageSitemap,
}

URLS_PER_SITEMAP = 50_000
"""The most addresses one sitemap page lists (the protocol's limit; tests set it lower)."""
ROWS_PER_FETCH = 2_000

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'

PRIVATE_PATHS = ["/accounts/", "/moderation/", "/admin/", "/api/", "/blog/manage/", "/share/"]


@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    """Everything public may be crawled; sign-in, moderation, admin and the API may not
    (except the API's description)."""
    lines = [
        "User-agent: *",
        "Allow: /",
        "Allow: /api/v1/openapi.json",
        *(f"Disallow: {path}" for path in PRIVATE_PATHS),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _rows(name: str) -> QuerySet[Any]:
    items = SITEMAPS[name]().items()
    if not isinstance(items, QuerySet):  # every section is a query, so pages can slice it
        raise TypeError(f"sitemap {name} must return a QuerySet")
    return items


def _xml(response: StreamingHttpResponse) -> StreamingHttpResponse:
    response["Content-Type"] = "application/xml; charset=utf-8"
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_GET
def index(request: HttpRequest) -> StreamingHttpResponse:
    """The sitemap index: one count per section (a constant number of queries), then the
    address of each of its pages (none for an empty section)."""
    pages = [
        (name, number)
        for name in SITEMAPS
        for number in range(1, math.ceil(_rows(name).count() / URLS_PER_SITEMAP) + 1)
    ]

    def chunks() -> Iterator[str]:
        yield f"{XML_HEAD}<sitemapindex {XMLNS}>\n"
        for name, number in pages:
            location = request.build_absolute_uri(reverse("sitemap_page", args=[name, number]))
            yield f"<sitemap><loc>{escape(location)}</loc></sitemap>\n"
        yield "</sitemapindex>\n"

    return _xml(StreamingHttpResponse(chunks()))


def _field(sitemap: Sitemap[Any], name: str, item: Any) -> Any:
    value = getattr(sitemap, name, None)
    return value(item) if callable(value) else value


def _entry(sitemap: Sitemap[Any], item: Any, base: str) -> str:
    parts = [f"<url><loc>{escape(base + sitemap.location(item))}</loc>"]
    lastmod = _field(sitemap, "lastmod", item)
    if lastmod is not None:
        parts.append(f"<lastmod>{lastmod.replace(microsecond=0).isoformat()}</lastmod>")
    for name in ("changefreq", "priority"):
        value = _field(sitemap, name, item)
        if value is not None:
            parts.append(f"<{name}>{value}</{name}>")
    parts.append("</url>\n")
    return "".join(parts)


@require_GET
def page(request: HttpRequest, section: str, number: int) -> StreamingHttpResponse:
    """One numbered sitemap page of a section, streamed: at most URLS_PER_SITEMAP addresses,
    read a chunk of rows at a time in one query (404 for an unknown section or a page past
    the end, however large the number: no database counts past 2**63)."""
    if section not in SITEMAPS or not 1 <= number <= sys.maxsize // URLS_PER_SITEMAP:
        raise Http404
    sitemap = SITEMAPS[section]()
    start = (number - 1) * URLS_PER_SITEMAP
    rows = _rows(section)[start : start + URLS_PER_SITEMAP]
    if number > 1 and not rows.exists():
        raise Http404
    base = request.build_absolute_uri("/").rstrip("/")

    def chunks() -> Iterator[str]:
        yield f"{XML_HEAD}<urlset {XMLNS}>\n"
        for item in rows.iterator(chunk_size=ROWS_PER_FETCH):
            yield _entry(sitemap, item, base)
        yield "</urlset>\n"

    return _xml(StreamingHttpResponse(chunks()))
