"""Whole pages with a discussion, kept for readers who are not signed in.

A kept page is found by its address, its language and its `Freshness` ETag (the same
validators `parley.conditional` answers 304s from), so any write a reader could see (a
comment approved, a like, the post edited) changes the key: the next request renders
and keeps a new copy, and no stale page is ever served. Nothing needs invalidating; old
copies expire.

Only anonymous readers with nothing personal get kept pages: no account, no session, no
pending message, no remembered guest details, no query string. What a page holds that
must differ per response — the CSRF token in every form, and the comment form's
"shown at" stamp and submission key — is cut out of the kept copy and filled in afresh
each time, so a guest can comment from a kept page and two guests never share a key.
"""

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import patch_vary_headers

from parley import outage
from parley.conditional import Freshness, FreshnessFunc, freshness_of, is_personal
from parley.discussions import page_files
from parley.discussions import views as discussion_views

type Kept = tuple[str, list[str], list[str]]  # content type, texts, the inputs between

# Kept copies outlive no change (the key changes); this only bounds what is held.
TIMEOUT_SECONDS = 600

# The hidden inputs filled in per response. Only templates write `<input`: people's text
# is escaped, and comment HTML is cleaned of form elements.
_PER_RESPONSE = re.compile(
    r'<input type="hidden" name="(csrfmiddlewaretoken|shown_at|submission)" value="[^"]*"'
)


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PARLEY_PAGE_CACHE
        and request.method in {"GET", "HEAD"}
        and not request.GET
        and not is_personal(request)
        and discussion_views.GUEST_COOKIE not in request.COOKIES
    )


def _key(request: HttpRequest, etag: str) -> str:
    """Short whatever the address (cache backends refuse keys over 250 characters)."""
    where = f"{request.scheme}://{request.get_host()}{request.path}"
    digest = hashlib.sha256(f"{etag}\n{where}".encode()).hexdigest()
    return f"parley:page:{translation.get_language()}:{digest}"


def _keepable(request: HttpRequest, response: HttpResponseBase) -> bool:
    session = getattr(request, "session", None)
    return (
        isinstance(response, HttpResponse)
        and response.status_code == 200
        and not response.cookies  # the view set something personal
        and not (session is not None and session.modified)
    )


def _cut(html: str) -> tuple[list[str], list[str]]:
    """The page as text between the per-response inputs, and which input each gap is."""
    texts, slots, start = [], [], 0
    for found in _PER_RESPONSE.finditer(html):
        texts.append(html[start : found.start()])
        slots.append(found.group(1))
        start = found.end()
    texts.append(html[start:])
    return texts, slots


def _fill(request: HttpRequest, texts: list[str], slots: list[str]) -> str:
    values = {
        "csrfmiddlewaretoken": get_token(request),  # also gives a new visitor the cookie
        "shown_at": discussion_views.form_shown_stamp(),
        "submission": discussion_views.submission_key(),
    }
    return _join(texts, slots, values)


def _join(texts: list[str], slots: list[str], values: dict[str, str]) -> str:
    out = [texts[0]]
    for slot, text in zip(slots, texts[1:], strict=True):
        out.append(f'<input type="hidden" name="{slot}" value="{values[slot]}"')
        out.append(text)
    return "".join(out)


def _write_file(
    request: HttpRequest, found: Freshness, recheck: Callable[[], Freshness | None], page: Kept
) -> None:
    """Also keep the page as a file for nginx (`page_files`), then check that no write
    changed the page meanwhile: if one did, its deletion may have come before this file."""
    path, language = request.path, translation.get_language()
    if found.next_change_at is not None or page_files.exists(path=path, language=language):
        return
    content_type, texts, slots = page
    if not content_type.startswith("text/html"):
        return
    written = page_files.write(
        path=path, language=language, html=_join(texts, slots, page_files.PLACEHOLDERS)
    )
    now = recheck()
    if written is not None and (now is None or now.etag != found.etag):
        written.unlink(missing_ok=True)


def _kept(key: str) -> Kept | None:
    """The kept copy, or None; a cache that is away (Redis down) is a miss, not an error."""
    try:
        kept: Kept | None = cache.get(key)
    except Exception as failed:
        if not outage.cache_unavailable(failed):
            raise
        return None
    return kept


def _keep(key: str, kept: Kept) -> None:
    """Keep a copy if the cache answers; while it is away the page is only not kept."""
    try:
        cache.set(key, kept, TIMEOUT_SECONDS)
    except Exception as failed:
        if not outage.cache_unavailable(failed):
            raise


def for_anonymous(
    freshness: FreshnessFunc, *, files: bool = False
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Serve the view's page from the cache for anonymous readers while `freshness`
    (the one given to `conditional`, which goes outside this) is unchanged. With `files`,
    the page is also written for nginx to serve (`page_files`, when PARLEY_PAGE_FILES is
    set): only for pages at their discussion's address, whose every change is a write to
    their Post or Discussion row (those writes delete the file)."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            found = freshness_of(request, freshness, *args, **kwargs)
            if found is None:
                return view(request, *args, **kwargs)
            key = _key(request, found.etag)
            kept = _kept(key)
            if kept is not None:
                content_type, texts, slots = kept
                response: HttpResponseBase = HttpResponse(
                    _fill(request, texts, slots), content_type=content_type
                )
            else:
                response = view(request, *args, **kwargs)
                if _keepable(request, response):
                    assert isinstance(response, HttpResponse)
                    texts, slots = _cut(response.content.decode(response.charset))
                    kept = (response["Content-Type"], texts, slots)
                    _keep(key, kept)
            if kept is not None and files and page_files.root() is not None:
                _write_file(request, found, lambda: freshness(request, *args, **kwargs), kept)
            # Shared caches must keep the languages, and anonymous and personal pages, apart.
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            return response

        return wrapper

    return decorator
