"""Fixed-window rate limits kept in the cache, so app servers sharing Redis share counts."""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext, ngettext


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """'10/60' is ten per sixty seconds."""
        try:
            count, seconds = (int(part) for part in text.split("/"))
        except ValueError:
            raise ImproperlyConfigured(f"bad rate {text!r}: expected COUNT/SECONDS") from None
        return cls(count, seconds)


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many requests; try again in {retry_after} seconds.")
        self.retry_after = retry_after


def hit(scope: str, identity: str, rate: Rate) -> None:
    """Count one action by `identity`; raise RateLimited once the allowance is used.

    A window opens at an identity's first action and lasts `rate.seconds`, so the
    count never resets part-way through a burst as clock-aligned windows would.
    """
    key = f"ratelimit:{scope}:{identity}"
    now = time.time()
    # Only atomic operations (add, incr), so processes sharing the cache never lose a count:
    # whoever opens the window stamps it, and its counter is named by that stamp.
    cache.add(f"{key}:opened", now, timeout=rate.seconds)
    opened = cache.get(f"{key}:opened", now)
    counter = f"{key}:{opened!r}"
    cache.add(counter, 0, timeout=rate.seconds)
    try:
        used = cache.incr(counter)
    except ValueError:  # the window closed between the two calls: this opens a new one
        cache.set(f"{key}:opened", now, timeout=rate.seconds)
        cache.set(f"{key}:{now!r}", 1, timeout=rate.seconds)
        used = 1
    if used > rate.count:
        raise RateLimited(retry_after=max(1, math.ceil(opened + rate.seconds - now)))


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from; behind N trusted proxies, the Nth from the right."""
    proxies: int = settings.PARLEY_TRUSTED_PROXIES
    if proxies:
        forwarded: list[str] = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def too_many(request: HttpRequest, retry_after: int | None) -> HttpResponse:
    """The friendly "too many requests" page: 429, with Retry-After when it is known."""
    response = render(
        request,
        "parley/429.html",
        {"retry_after": retry_after, "wait": _wait(retry_after)},
        status=429,
    )
    if retry_after is not None:
        response["Retry-After"] = str(max(1, retry_after))
    return response


def handler429(request: HttpRequest) -> HttpResponse:
    """For django-allauth's own limits (sign-up, sign-in), which do not say how long to wait."""
    return too_many(request, None)


def _wait(seconds: int | None) -> str:
    if seconds is None:
        return gettext("a few minutes")
    if seconds < 60:
        count = max(1, seconds)
        return ngettext("%(count)d second", "%(count)d seconds", count) % {"count": count}
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = math.ceil(minutes / 60)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
