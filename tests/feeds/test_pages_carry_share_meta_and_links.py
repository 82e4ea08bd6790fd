import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse

from parley.accounts.models import User
from parley.blog import services as blog
from parley.blog.models import Post
from parley.guidance.models import Clause
from parley.organisations.models import Organisation
from tests import html


def meta(page: str, key: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', page)
    assert found, key
    return found.group(1)


def test_posts_documents_and_clauses_describe_themselves_to_social_networks(
    client: Client, post: Post, clause: Clause
) -> None:
    version = clause.version
    cases = {
        post.get_absolute_url(): (
            "Principles for taking part online",
            "We have drafted principles",
        ),
        version.document.get_absolute_url(): (
            "Principles for taking part online",
            "Short principles for staff online.",
        ),
        clause.get_absolute_url(): (
            "Clause 4: Treat social media as just another channel"
            " — Principles for taking part online",
            "Plan for it like any other channel.",
        ),
    }
    for url, (title, description) in cases.items():
        page = client.get(url).content.decode()
        assert meta(page, "og:title") == title, url
        assert meta(page, "og:description").startswith(description), url
        assert meta(page, "og:url") == f"http://testserver{url}", url
        assert meta(page, "og:type") == "article", url
        assert meta(page, "twitter:card") == "summary", url
        assert meta(page, "twitter:title") == title, url


def test_share_links_are_plain_links_with_accessible_names_and_no_tracking_scripts(
    client: Client, post: Post, clause: Clause
) -> None:
    for url in (post.get_absolute_url(), clause.get_absolute_url()):
        page = html.one_line(client.get(url).content.decode())
        absolute = f"http://testserver{url}"
        by_name = {
            html.text(link): html.attribute(link, "href") or ""
            for link in html.find_all(page, "a", class_="govuk-link")
            if html.text(link).startswith("Share ") and html.attribute(link, "rel")
        }
        assert set(by_name) == {
            "Share by e-mail",
            "Share on X",
            "Share on Facebook",
            "Share on LinkedIn",
            "Share on Mastodon",
            "Share on Bluesky",
            "Share on WhatsApp",
        }, url
        assert by_name["Share by e-mail"].startswith("mailto:?")
        assert absolute in parse_qs(urlsplit(by_name["Share on LinkedIn"]).query)["url"]
        assert absolute in parse_qs(urlsplit(by_name["Share on Facebook"]).query)["u"]
        assert absolute in parse_qs(urlsplit(by_name["Share on X"]).query)["url"]
        assert absolute in parse_qs(urlsplit(by_name["Share on WhatsApp"]).query)["text"][0]
        # Copying the link works without JavaScript: a readonly field holding it.
        field = html.find(page, "input", id="share-url")
        assert (html.attribute(field, "type"), html.attribute(field, "value")) == ("url", absolute)
        assert ("readonly", None) in field.attributes
        scripts = re.findall(r"<script[^>]*>", page)
        assert scripts == ['<script type="module" src="/static/parley.js">'], url


def test_drafts_have_no_share_block(
    signed_in: Callable[[User], Client], editor: User, organisation: Organisation
) -> None:
    draft = blog.create_post(author=editor, organisation=organisation, title="Draft", body="Text")
    page = signed_in(editor).get(draft.get_absolute_url()).content.decode()
    assert "og:title" not in page
    assert "Share on" not in page


def test_mastodon_sharing_asks_for_the_server_then_links_to_its_share_page(
    client: Client, post: Post
) -> None:
    url = f"http://testserver{post.get_absolute_url()}"
    start = reverse("share_mastodon")
    asking = client.get(start, {"url": url, "title": post.title})
    assert asking.status_code == 200
    assert 'name="server"' in asking.content.decode()
    chosen = client.get(
        start, {"url": url, "title": post.title, "server": "https://mastodon.social/@me"}
    )
    href = re.search(r'href="(https://mastodon\.social/share\?[^"]+)"', chosen.content.decode())
    assert href
    assert url in parse_qs(urlsplit(href.group(1).replace("&amp;", "&")).query)["text"][0]
    bad = client.get(start, {"url": url, "server": "not a server"})
    assert bad.status_code == 400
    assert "Enter your Mastodon server" in bad.content.decode()


def test_mastodon_sharing_only_shares_pages_of_this_site(client: Client) -> None:
    response = client.get(
        reverse("share_mastodon"), {"url": "https://evil.example/", "server": "mastodon.social"}
    )
    main = response.content.decode().split("<main")[1]
    assert "evil.example" not in main
    assert "mastodon.social/share" not in main
    assert "There is nothing to share" in main
