"""Sharing a page: its Open Graph and Twitter card description, and share links that are
plain links (e-mail, X, Facebook, LinkedIn, Mastodon, Bluesky, WhatsApp), with no
third-party script and nothing that tracks the reader. Imports no app."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.views.decorators.http import require_GET


@dataclass(frozen=True)
class ShareLink:
    network: str
    href: str


@dataclass(frozen=True)
class Share:
    """What a page's share block and its meta tags need."""

    url: str  # absolute
    title: str
    description: str
    kind: str  # og:type: "article" or "website"
    links: list[ShareLink]
    mastodon: str  # our own page that asks which server, then links to its share page


def summary(html: str, words: int = 40) -> str:
    """Plain text for a description: tags stripped, whitespace collapsed, shortened."""
    text = " ".join(strip_tags(html).split())
    return Truncator(text).words(words, truncate=" …")


def share_links(
    request: HttpRequest, path: str, title: str, description: str, kind: str = "article"
) -> Share:
    url = request.build_absolute_uri(path)
    text = f"{title} {url}"
    links = [
        ShareLink(
            "e-mail",
            "mailto:?"
            + urlencode({"subject": title, "body": f"{title}\n\n{url}"}, quote_via=quote),
        ),
        ShareLink("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ShareLink(
            "Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})
        ),
        ShareLink(
            "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})
        ),
        ShareLink("Bluesky", "https://bsky.app/intent/compose?" + urlencode({"text": text})),
        ShareLink("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
    ]
    mastodon = reverse("share_mastodon") + "?" + urlencode({"url": url, "title": title})
    return Share(
        url=url,
        title=title,
        description=description,
        kind=kind,
        links=links,
        mastodon=mastodon,
    )


def _server(text: str) -> str:
    """A Mastodon server's host name from what someone typed ("mastodon.social",
    "https://mastodon.social/@me"), or "" when it is not a plausible host name."""
    text = text.strip()
    host = (urlsplit(text if "//" in text else f"//{text}").hostname or "").lower()
    labels = host.split(".")
    if len(labels) < 2 or not all(
        label and len(label) <= 63 and label.replace("-", "").isalnum() for label in labels
    ):
        return ""
    return host


@require_GET
def mastodon(request: HttpRequest) -> HttpResponse:
    """Mastodon has no one address to share to: ask for the reader's server, then link to
    its share page. A link, not a redirect, so the page works with the strict CSP."""
    url = request.GET.get("url", "")
    title = request.GET.get("title", "")[:300]
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        url = ""
    server_text = request.GET.get("server", "")
    server = _server(server_text)
    error = (
        gettext("Enter your Mastodon server, like mastodon.social")
        if server_text and not server
        else ""
    )
    share_href = (
        f"https://{server}/share?" + urlencode({"text": f"{title} {url}".strip()})
        if server and url
        else ""
    )
    return render(
        request,
        "parley/share_mastodon.html",
        {
            "url": url,
            "title": title,
            "server": server_text,
            "share_href": share_href,
            "server_name": server,
            "error": error,
            "site_name": settings.SITE_NAME,
        },
        status=400 if error else 200,
    )
