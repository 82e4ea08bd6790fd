"""What every Parley feed shares: Atom by default with an RSS 2.0 twin, entry ids that
never change (tag: URIs from database ids, not slugs or titles), and conditional GET.

Each domain app keeps its feeds in its own `feeds.py` and wires them with `feed_paths`.
"""

from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from parley.conditional import FreshnessFunc, conditional

FEED_LENGTH = 50

_authority: ContextVar[str] = ContextVar("feed_authority", default="localhost")


def tag_uri(created: datetime, specific: str) -> str:
    """An RFC 4151 tag URI: the site's host name, the day the thing was created, and
    what it is (`post/42`). None of it changes when a title or address is edited."""
    day = timezone.localdate(created) if timezone.is_aware(created) else created.date()
    return f"tag:{_authority.get()},{day.isoformat()}:{specific}"


class ParleyFeed(Feed):
    """An Atom feed; `rss()` makes its RSS 2.0 twin."""

    feed_type: type[Atom1Feed | Rss201rev2Feed] = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = _authority.set(request.get_host().rsplit(":", 1)[0].strip("[]") or "localhost")
        try:
            return super().__call__(request, *args, **kwargs)
        finally:
            _authority.reset(token)

    def subtitle(self, obj: Any) -> str:
        description = getattr(self, "description", "")
        return str(description(obj) if callable(description) else description)


def feed_paths(
    route: str, feed: type[ParleyFeed], freshness: FreshnessFunc, name: str
) -> list[URLPattern]:
    """The Atom feed at `route` (named `name`) and its RSS twin at `route` + `rss/`
    (named `name_rss`), both answering conditional GETs from `freshness`."""
    rss = type(f"{feed.__name__}Rss", (feed,), {"feed_type": Rss201rev2Feed})
    wrap: Callable[[Any], Any] = conditional(freshness, personal=False)
    return [
        path(route, wrap(feed()), name=name),
        path(f"{route}rss/", wrap(rss()), name=f"{name}_rss"),
    ]
