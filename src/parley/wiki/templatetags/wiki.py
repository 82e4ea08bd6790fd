"""`{% supporting_guidance clause %}`: the wiki pages that support a clause, for the
clause page, so that guidance need not import the wiki."""

from django import template

from parley.guidance.models import Clause
from parley.wiki import queries

register = template.Library()


@register.inclusion_tag("wiki/_supporting.html")
def supporting_guidance(clause: Clause) -> dict[str, object]:
    return {"supporting_pages": queries.supporting_pages(clause)}
