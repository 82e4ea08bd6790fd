"""Answers while the database or Redis is away: 503 with Retry-After, never a 500.

Django turns any exception into the 500 handler's answer (`parley.views.server_error`);
when the exception is the database's connection failing, or Redis's (with REDIS_URL set),
the site is not broken but unavailable for a moment: pages answer 503 with a short page in
the reader's language, the API 503 in its JSON error format (in English, as all its
errors), both saying when to try again. Rendered without context processors and without
the session or the user: they need the database.

Where Redis is only a cache (kept pages, `discussions.page_cache`) its outage is a miss,
not an error (`cache_unavailable`); where it counts (rate limits, the sign-in lockout,
used one-time codes, cached sessions) the request answers 503 rather than going uncounted.
"""

import sys

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

RETRY_AFTER_SECONDS = 30


def database_unavailable(exception: BaseException | None) -> bool:
    """Whether `exception` is the database being unreachable (down, restarting, refusing
    connections, a dead persistent connection), rather than a fault in Parley."""
    return isinstance(exception, (OperationalError, InterfaceError))


def cache_unavailable(exception: BaseException | None) -> bool:
    """Whether `exception` is Redis being unreachable (down, restarting, timing out)."""
    return isinstance(exception, (RedisConnectionError, RedisTimeoutError))


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def unavailable(request: HttpRequest) -> HttpResponse:
    response: HttpResponse
    if is_api(request):
        detail = "The service is unavailable for a moment: try again shortly"
        response = JsonResponse({"detail": detail, "errors": {}}, status=503)
    else:
        response = HttpResponse(render_to_string("parley/503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler: 503 when the database or Redis is what failed; else the 500 page
    (JSON for the API)."""
    failed = sys.exc_info()[1]
    if database_unavailable(failed) or cache_unavailable(failed):
        return unavailable(request)
    if is_api(request):
        return JsonResponse({"detail": "Something went wrong", "errors": {}}, status=500)
    return HttpResponse(render_to_string("parley/500.html"), status=500)
