"""Conditional GET for pages and feeds: ETag and Last-Modified from cheap values, so an
unchanged page costs a 304 and a query or two instead of a render.

A view says what its content depends on by returning a `Freshness` (a few timestamps and
counters read in one or two queries). Anything a reader could see change must be among
them: a new approved comment, a like, an edit, a consultation opening or closing.
Signed-in people, and visitors with a session or a pending message (a guest who has just
commented sees their own pending comment; a draft comment kept while signing in), get
personal pages, so they are always answered in full.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone, translation
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import condition


@dataclass(frozen=True)
class Freshness:
    """What a response depends on. `parts` feed the ETag; `changed_at` is the latest
    write or clock boundary (publication, a consultation opening) that changed it."""

    parts: tuple[object, ...]
    changed_at: datetime | None
    # The next moment the response changes with no write (a consultation opening or
    # closing later): a copy kept where nothing checks the validators must not outlive it.
    next_change_at: datetime | None = None

    @property
    def etag(self) -> str:
        text = repr((settings.PARLEY_RELEASE, self.parts)).encode()
        return hashlib.sha256(text).hexdigest()[:32]

    @property
    def last_modified(self) -> datetime | None:
        """`changed_at`, but only once its second has passed: HTTP dates have whole seconds,
        so a second change within the same second would otherwise look unchanged."""
        if self.changed_at is None:
            return None
        if self.changed_at.replace(microsecond=0) + timedelta(seconds=1) > timezone.now():
            return None
        return self.changed_at


def latest(*moments: datetime | None) -> datetime | None:
    """The latest of the moments given that have already come (future ones are ignored)."""
    now = timezone.now()
    passed = [m for m in moments if m is not None and m <= now]
    return max(passed, default=None)


def countdown_minute() -> datetime:
    """The current minute, for pages that show "closes in 2 hours, 5 minutes"."""
    return timezone.now().replace(second=0, microsecond=0)


# The order a reader chose for a discussion's comments (`discussions.paging`): a page
# at the same address shows another order to them.
ORDER_COOKIE = "parley_comment_order"


def is_personal(request: HttpRequest) -> bool:
    """Whether the page may differ for this visitor from what anyone else sees."""
    return (
        request.user.is_authenticated
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or ORDER_COOKIE in request.COOKIES
        or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES
    )


type FreshnessFunc = Callable[..., Freshness | None]


def freshness_of(
    request: HttpRequest, freshness: FreshnessFunc, *args: Any, **kwargs: Any
) -> Freshness | None:
    """`freshness(request, *args, **kwargs)`, read from the database once per request
    however many times it is asked for (condition() asks for the ETag and the date
    separately, and the page cache asks again)."""
    if not hasattr(request, "_parley_freshness"):
        request._parley_freshness = freshness(request, *args, **kwargs)  # type: ignore[attr-defined]
    found: Freshness | None = request._parley_freshness  # type: ignore[attr-defined]
    return found


def conditional(
    freshness: FreshnessFunc, *, personal: bool = True
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Answer GET and HEAD with 304 Not Modified when `freshness(request, *args, **kwargs)`
    is unchanged. With `personal`, personal requests (see `is_personal`) are always
    answered in full. `freshness` returns None when it cannot tell (nothing is sent then)."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        def compute(request: HttpRequest, *args: Any, **kwargs: Any) -> Freshness | None:
            if request.method not in {"GET", "HEAD"} or (personal and is_personal(request)):
                return None
            found = freshness_of(request, freshness, *args, **kwargs)
            if found is not None:
                # The same page in English and in Welsh are different copies.
                found = replace(found, parts=(*found.parts, translation.get_language()))
            if found is not None and personal:
                # A page's forms carry a CSRF token made from the browser's CSRF cookie: a
                # page cached before the cookie changed (signing in rotates it) must not be
                # reused, or the next comment would be refused. Read from META, where the
                # middleware keeps the cookie's value, or the new one the page was given.
                csrf = request.META.get("CSRF_COOKIE") or ""
                found = replace(found, parts=(*found.parts, csrf))
            return found

        def etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
            found = compute(request, *args, **kwargs)
            return found.etag if found else None

        def last_modified(request: HttpRequest, *args: Any, **kwargs: Any) -> datetime | None:
            found = compute(request, *args, **kwargs)
            return found.last_modified if found else None

        conditioned = condition(etag_func=etag, last_modified_func=last_modified)(view)

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = conditioned(request, *args, **kwargs)
            found = compute(request, *args, **kwargs)
            if found is not None:
                if response.status_code == 200:
                    # Rendering may have given the browser its first CSRF cookie.
                    response.headers["ETag"] = quote_etag(found.etag)
                # Browsers and proxies must ask again each time rather than guess.
                response.headers.setdefault("Cache-Control", "no-cache")
                # Our date, not one a feed worked out from its newest entry (a removed
                # comment changes a feed without a newer entry).
                if found.last_modified is None:
                    response.headers.pop("Last-Modified", None)
                else:
                    response.headers["Last-Modified"] = http_date(found.last_modified.timestamp())
            return response

        return wrapper

    return decorator
