"""Template helpers of the coding frame: the name of a kind of evidence, and the citations
of the analysts' themes in the published response ("N comments in the theme X")."""

from typing import Any, cast

from django import template
from django.contrib.auth.models import AnonymousUser

from parley.accounts.models import User
from parley.insights import queries
from parley.insights.frame_forms import evidence_names, sign_names

register = template.Library()


@register.filter
def evidence_name(kind: str) -> str:
    return evidence_names().get(kind, kind)


@register.filter
def sign_name(sign: str) -> str:
    return sign_names().get(sign, sign)


@register.simple_tag(takes_context=True)
def theme_citations(context: template.Context, entry: Any) -> list[queries.Citation]:
    """The analysts' themes linked to this entry of the response, each with how many public
    comments it holds, and a link to them when the reader may open the insights."""
    request = context.get("request")
    user: User | AnonymousUser = getattr(request, "user", None) or AnonymousUser()
    shared = cast(Any, context.render_context)  # one read per response, however many entries
    cache: dict[int, dict[int, list[queries.Citation]]] = shared.setdefault("theme_citations", {})
    response_id = entry.response_id
    if response_id not in cache:
        cache[response_id] = queries.citations(entry.response, user)
    found: list[queries.Citation] = cache[response_id].get(entry.pk, [])
    return found
