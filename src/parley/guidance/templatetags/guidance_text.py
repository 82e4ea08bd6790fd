"""Filters saying guidance text stored in English in the reader's language."""

from django import template

from parley.guidance import stored_text

register = template.Library()


@register.filter
def review_reason(stored: str) -> str:
    """`{{ reason|review_reason }}`: why a section needs review."""
    return stored_text.review_reason(stored)


@register.filter
def change_said(stored: str) -> str:
    """`{{ change.action|change_said }}`: one entry of a document's history."""
    return stored_text.change(stored)
