import re

from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.guidance import services as guidance
from parley.guidance.models import Clause
from parley.organisations.models import Organisation


def locations(client: Client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' in text
    return set(re.findall(r"<url><loc>([^<]+)</loc>", text))


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
