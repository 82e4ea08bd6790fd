"""sitemap.xml (public posts, tags, guidance documents, versions, clauses and wiki pages) and
robots.txt, which points at it."""

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
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


SITEMAPS = {
    "posts": PostSitemap,
    "tags": TagSitemap,
    "guidance": DocumentSitemap,
    "versions": VersionSitemap,
    "clauses": ClauseSitemap,
    "wiki": WikiPageSitemap,
}

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
