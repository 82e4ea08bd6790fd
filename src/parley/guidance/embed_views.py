"""The guidance card as partner sites embed it: an iframe page and its oEmbed description.

The embed pages are the only pages other sites may frame; everything else keeps
`frame-ancestors 'none'` and `X-Frame-Options: DENY`."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.html import format_html
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from parley.guidance import cards

EMBED_WIDTH = 480
EMBED_HEIGHT = 260

# The site's policy, except that any site may frame these pages; no scripts at all.
EMBED_CSP: dict[str, Any] = {
    **settings.SECURE_CSP,
    "script-src": [CSP.NONE],
    "form-action": [CSP.NONE],
    "frame-ancestors": ["*"],
}


def embed_path(card: cards.Card) -> str:
    if card.clause:
        return reverse(
            "embed:clause",
            args=[card.document.slug, card.version.number, card.clause.number],
        )
    return reverse("embed:document", args=[card.document.slug])


def iframe(request: HttpRequest, card: cards.Card, width: int, height: int) -> str:
    """The snippet a partner pastes into their page."""
    return format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'referrerpolicy="strict-origin-when-cross-origin"></iframe>',
        request.build_absolute_uri(embed_path(card)),
        width,
        height,
        card.title,
    )


def _embed_page(request: HttpRequest, card: cards.Card | None) -> HttpResponse:
    if card is None:
        raise Http404("Nothing to embed here")
    base_url = request.build_absolute_uri("/").rstrip("/")
    return render(
        request,
        "guidance/embed.html",
        {"card_html": cards.render_card(card, embedded=True, base_url=base_url), "card": card},
    )


@require_GET
@xframe_options_exempt
@csp_override(EMBED_CSP)
def document(request: HttpRequest, slug: str) -> HttpResponse:
    return _embed_page(request, cards.document_card(slug))


@require_GET
@xframe_options_exempt
@csp_override(EMBED_CSP)
def clause(request: HttpRequest, slug: str, number: int, clause: str) -> HttpResponse:
    return _embed_page(request, cards.clause_card(slug, number, clause))


def _dimension(value: str | None, default: int) -> int:
    try:
        return max(100, min(default, int(value))) if value else default
    except ValueError:
        return default


@require_GET
def oembed(request: HttpRequest) -> HttpResponse:
    """oEmbed (https://oembed.com) for guidance documents, versions and clauses: a "rich"
    response whose HTML is the embed iframe. JSON only: format=xml is 501."""
    if request.GET.get("format", "json") != "json":
        return JsonResponse({"detail": "Only format=json is supported"}, status=501)
    url = request.GET.get("url", "")
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or parts.netloc != request.get_host():
        return JsonResponse({"detail": "Not a page of this site"}, status=404)
    card = cards.card_for_path(parts.path)
    if card is None:
        return JsonResponse({"detail": "Nothing to embed at that address"}, status=404)
    width = _dimension(request.GET.get("maxwidth"), EMBED_WIDTH)
    height = _dimension(request.GET.get("maxheight"), EMBED_HEIGHT)
    body: dict[str, Any] = {
        "version": "1.0",
        "type": "rich",
        "provider_name": settings.SITE_NAME,
        "provider_url": request.build_absolute_uri("/"),
        "title": card.title,
        "author_name": card.document.organisation.name,
        "html": iframe(request, card, width, height),
        "width": width,
        "height": height,
        "cache_age": 300,
    }
    return JsonResponse(body)
