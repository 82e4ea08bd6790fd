import html
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from parley.blog.models import Post
from parley.guidance.models import Clause
from tests.html import one_line


def oembed(client: Client, url: str, **extra: str) -> Any:
    return client.get(reverse("oembed"), {"url": url, **extra})


def test_a_clause_url_gives_a_rich_embed_with_the_iframe(client: Client, clause: Clause) -> None:
    response = oembed(client, f"http://testserver{clause.get_absolute_url()}", format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == "1.0"
    assert data["type"] == "rich"
    assert data["provider_name"] == "Parley"
    assert data["title"].startswith("Clause 4: Treat social media as just another channel")
    assert data["width"] == 480
    assert data["height"] == 260
    version = clause.version
    embed = reverse("embed:clause", args=[version.document.slug, version.number, clause.number])
    assert data["html"].startswith(
        f'<iframe src="http://testserver{embed}" width="480" height="260"'
    )


def test_document_and_version_urls_give_the_document_card(client: Client, clause: Clause) -> None:
    document = clause.version.document
    embed = f"http://testserver{reverse('embed:document', args=[document.slug])}"
    for url in (document.get_absolute_url(), clause.version.get_absolute_url()):
        data = oembed(client, f"http://testserver{url}").json()
        assert data["title"] == document.title
        assert embed in data["html"]


def test_maxwidth_and_maxheight_are_respected(client: Client, clause: Clause) -> None:
    data = oembed(
        client, f"http://testserver{clause.get_absolute_url()}", maxwidth="300", maxheight="150"
    ).json()
    assert (data["width"], data["height"]) == (300, 150)
    assert 'width="300" height="150"' in data["html"]


def test_urls_that_are_not_ours_or_not_embeddable_are_not_found(
    client: Client, clause: Clause, post: Post
) -> None:
    for url in (
        f"https://elsewhere.example{clause.get_absolute_url()}",
        f"http://testserver{post.get_absolute_url()}",
        "http://testserver/guidance/no-such-thing/",
        "javascript:alert(1)",
        "",
    ):
        assert oembed(client, url).status_code == 404, url


def test_xml_is_not_implemented(client: Client, clause: Clause) -> None:
    response = oembed(client, f"http://testserver{clause.get_absolute_url()}", format="xml")
    assert response.status_code == 501


def test_clause_and_document_pages_announce_their_oembed(client: Client, clause: Clause) -> None:
    for url in (clause.get_absolute_url(), clause.version.document.get_absolute_url()):
        page = one_line(client.get(url).content.decode())
        link = re.search(
            r'<link rel="alternate" type="application/json\+oembed" title="[^"]+" href="([^"]+)">',
            page,
        )
        assert link, url
        discovered = html.unescape(link.group(1))
        assert discovered.startswith("http://testserver/oembed?")
        assert client.get(discovered).json()["type"] == "rich"
