"""Pages that belong to the site as a whole rather than to one app."""

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from parley.blog import queries as blog_queries
from parley.moderation.models import CommentPolicy


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "parley/home.html", {"posts": blog_queries.latest_posts(5)})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "parley/privacy.html", {"ip_days": settings.PARLEY_IP_RETENTION_DAYS})


@require_GET
def comment_policy(request: HttpRequest) -> HttpResponse:
    """The policy site admins published last, or the built-in one until they do."""
    return render(request, "parley/comment_policy.html", {"policy": CommentPolicy.objects.first()})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "parley/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without context processors: they may be what failed."""
    return HttpResponseServerError(render_to_string("parley/500.html"))
