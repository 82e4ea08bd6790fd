"""No third-party scripts, fonts, styles, images or trackers on any page: everything a
page loads comes from this site."""

import re
from collections.abc import Callable

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.guidance.models import Document

LOADS = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)="([^"]+)"', re.I)


def test_pages_load_nothing_from_other_sites(
    client: Client,
    signed_in: Callable[[User], Client],
    participant: User,
    post: Post,
    document: Document,
) -> None:
    pages = [
        "/",
        "/blog/",
        post.get_absolute_url(),
        "/guidance/",
        document.get_absolute_url(),
        "/privacy/",
        "/accounts/login/",
        "/accounts/signup/",
    ]
    for who in (client, signed_in(participant)):
        for page in pages:
            html = who.get(page, follow=True).content.decode()
            loaded = LOADS.findall(html)
            assert loaded, page
            for url in loaded:
                own = url.startswith("http://testserver/") or (
                    url.startswith("/") and not url.startswith("//")
                )
                assert own, (page, url)
