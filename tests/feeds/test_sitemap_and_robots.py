import re
from collections.abc import Callable
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from parley import sitemaps
from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.guidance import services as guidance
from parley.guidance.models import Clause
from parley.organisations.models import Organisation


def streamed(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response).decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return text


def pages(client: Client) -> list[str]:
    """The pages the sitemap index at /sitemap.xml names, as paths."""
    text = streamed(client, "/sitemap.xml")
    assert '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' in text
    return re.findall(r"<sitemap><loc>http://testserver([^<]+)</loc></sitemap>", text)


def page_locations(client: Client, path: str) -> list[str]:
    text = streamed(client, path)
    assert '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' in text
    return re.findall(r"<url><loc>([^<]+)</loc>", text)


def all_locations(client: Client) -> list[str]:
    return [loc for path in pages(client) for loc in page_locations(client, path)]


def locations(client: Client) -> set[str]:
    found = all_locations(client)
    assert len(found) == len(set(found)), "an address appears on two sitemap pages"
    return set(found)


def test_the_sitemap_lists_every_public_page_and_nothing_private(
    client: Client, post: Post, clause: Clause, editor: User, organisation: Organisation
) -> None:
    draft_post = blog.create_post(author=editor, organisation=organisation, title="Draft", body="x")
    draft_document = guidance.create_document(
        user=editor, organisation=organisation, title="Unfinished", summary=""
    )
    from parley.wiki import services as wiki

    page = wiki.create_page(
        space=wiki.site_space(), user=editor, title="Worked examples", body="Examples."
    )
    found = locations(client)
    version = clause.version
    expected = {
        post.get_absolute_url(),
        reverse("blog:tag", args=["guidance"]),
        version.document.get_absolute_url(),
        version.get_absolute_url(),
        *(c.get_absolute_url() for c in version.clauses.all()),
        page.get_absolute_url(),
    }
    assert {f"http://testserver{path}" for path in expected} == found
    assert not any(draft_post.slug in loc or draft_document.slug in loc for loc in found)


def test_robots_txt_allows_the_site_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(
    client: Client,
) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    for private in ("/accounts/", "/moderation/", "/admin/", "/api/"):
        assert f"Disallow: {private}" in lines
    assert "Allow: /api/v1/openapi.json" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_the_index_splits_each_section_into_pages_of_at_most_the_limit_each_url_once(
    client: Client,
    post: Post,
    clause: Clause,
    editor: User,
    organisation: Organisation,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    monkeypatch.setattr(sitemaps, "URLS_PER_SITEMAP", 2)
    for n in range(4):
        blog.create_post(
            author=editor,
            organisation=organisation,
            title=f"Note {n}",
            body="x",
            status=Post.Status.PUBLISHED,
        )
    draft = blog.create_post(author=editor, organisation=organisation, title="Draft", body="x")
    monkeypatch.setattr(sitemaps, "URLS_PER_SITEMAP", 50_000)
    unlimited = locations(client)
    monkeypatch.setattr(sitemaps, "URLS_PER_SITEMAP", 2)

    paths = pages(client)
    assert [p for p in paths if "/posts/" in p] == [f"/sitemaps/posts/{n}.xml" for n in (1, 2, 3)]
    for path in paths:
        with django_assert_max_num_queries(4):
            assert 1 <= len(page_locations(client, path)) <= 2
    assert len(unlimited) >= 10
    assert locations(client) == unlimited
    assert f"http://testserver{draft.get_absolute_url()}" not in unlimited
    assert not any("/wiki/" in p for p in paths), "an empty section has no page"
    assert client.get("/sitemaps/posts/4.xml").status_code == 404
    assert client.get("/sitemaps/secrets/1.xml").status_code == 404
    assert client.get("/sitemaps/posts/0.xml").status_code == 404
    assert client.get("/sitemaps/posts/99999999999999999999.xml").status_code == 404
