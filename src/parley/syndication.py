"""What every Parley feed shares: Atom by default with an RSS 2.0 twin, entry ids that
never change (tag: URIs from database ids, not slugs or titles), and conditional GET.

Each domain app keeps its feeds in its own `feeds.py` and wires them with `feed_paths`.
"""

import re
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed

from parley.conditional import FreshnessFunc, conditional
from parley.links import absolute_links

FEED_LENGTH = 50

_authority: ContextVar[str] = ContextVar("feed_authority", default="localhost")


XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def tag_uri(created: datetime, specific: str) -> str:
    """An RFC 4151 tag URI: the site's host name, the day the thing was created, and
    what it is (`post/42`). None of it changes when a title or address is edited."""
    day = timezone.localdate(created) if timezone.is_aware(created) else created.date()
    return f"tag:{_authority.get()},{day.isoformat()}:{specific}"


class ParleyFeed(Feed[Any, Any]):
    """An Atom feed; `rss()` makes its RSS 2.0 twin."""

    feed_type: type[Atom1Feed | Rss201rev2Feed] = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = _authority.set(request.get_host().rsplit(":", 1)[0].strip("[]") or "localhost")
        try:
            return super().__call__(request, *args, **kwargs)
        finally:
            _authority.reset(token)

    def get_feed(self, obj: Any, request: HttpRequest) -> SyndicationFeed:
        """The feed, with every link in an entry's HTML a full address, and the control
        characters XML 1.0 cannot carry taken out of every text: a title or comment
        holding one would otherwise fail the whole feed."""
        generator = super().get_feed(obj, request)
        for item in generator.items:
            # A feed reader has no page to resolve `#comment-6` or `/people/3/` against.
            if item.get("description") and item.get("link"):
                item["description"] = absolute_links(item["description"], item["link"])
        for values in [generator.feed, *generator.items]:
            for key, value in values.items():
                if isinstance(value, str):
                    values[key] = XML_ILLEGAL.sub("", value)
                elif isinstance(value, list | tuple):  # categories
                    values[key] = [XML_ILLEGAL.sub("", str(v)) for v in value]
        return generator

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
