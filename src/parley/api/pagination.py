"""Keyset pagination over (published_at, pk), newest first, with opaque cursors.

A cursor is URL-safe base64 of the JSON `[published_at, pk]` of the last item on a
page. Unlike an offset, it neither skips nor repeats items when new ones arrive.
"""

import base64
import binascii
import json
from datetime import datetime

from django.db.models import Q

from parley.api.errors import ApiError
from parley.blog.models import Post, PostQuerySet

DEFAULT_LIMIT = 20
MAX_LIMIT = 100

BAD_CURSOR = "This cursor is not one we gave out: use the `next` value of a previous page"


def encode_cursor(post: Post) -> str:
    assert post.published_at is not None  # only public posts are paged
    raw = json.dumps([post.published_at.isoformat(), post.pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The (published_at, pk) a cursor points after; ApiError (400) if it is malformed."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        published_at, pk = json.loads(raw)
        when = datetime.fromisoformat(published_at)
    except (binascii.Error, ValueError, TypeError):
        when, pk = None, None
    if when is None or when.tzinfo is None or type(pk) is not int:
        raise ApiError(400, BAD_CURSOR, {"cursor": [BAD_CURSOR]})
    return when, pk


def page_of_posts(
    posts: PostQuerySet, *, cursor: str | None, limit: int
) -> tuple[list[Post], str | None]:
    """Up to `limit` posts after `cursor` (newest first) and the cursor of the next page."""
    posts = posts.order_by("-published_at", "-pk")
    if cursor:
        when, pk = decode_cursor(cursor)
        posts = posts.filter(Q(published_at__lt=when) | Q(published_at=when, pk__lt=pk))
    page = list(posts[: limit + 1])
    if len(page) > limit:
        return page[:limit], encode_cursor(page[limit - 1])
    return page, None
