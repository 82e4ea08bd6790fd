"""Link cards: a paragraph that is only a link to a guidance document or clause on this
site is shown as a card with its current state ("Clause 4 — 23 comments — have your say")."""

import re

from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve

from parley.discussions.models import Discussion
from parley.guidance import queries
from parley.guidance.models import Clause, Document, Version

_LINK_PARAGRAPH = re.compile(r'<p><a href="(/guidance/[^"#?]*)"[^>]*>[^<]*</a></p>')


def _document_card(slug: str) -> str | None:
    document = Document.objects.filter(slug=slug).select_related("organisation").first()
    version = queries.current_version(document) if document else None
    if version is None:
        return None
    comments = Discussion.objects.filter(
        pk__in=[version.discussion_id, *version.clauses.values_list("discussion_id", flat=True)]
    ).aggregate(total=Sum("comment_count"))["total"]
    return render_to_string(
        "guidance/_card.html",
        {"document": document, "version": version, "comments": comments or 0},
    )


def _clause_card(slug: str, number: int, clause_number: str) -> str | None:
    clause = (
        Clause.objects.filter(
            version__document__slug=slug, version__number=number, number=clause_number
        )
        .exclude(version__status=Version.Status.DRAFT)
        .select_related("version__document__organisation", "discussion")
        .first()
    )
    if clause is None:
        return None
    return render_to_string(
        "guidance/_card.html",
        {
            "document": clause.version.document,
            "version": clause.version,
            "clause": clause,
            "comments": clause.discussion.comment_count,
        },
    )


def embed_cards(html: str) -> str:
    """`html` with each paragraph that only links to public guidance replaced by its card."""

    def card(match: re.Match[str]) -> str:
        try:
            found = resolve(match.group(1))
        except Resolver404:
            return match.group(0)
        rendered = None
        if found.view_name == "guidance:document":
            rendered = _document_card(found.kwargs["slug"])
        elif found.view_name == "guidance:clause":
            rendered = _clause_card(
                found.kwargs["slug"], found.kwargs["number"], found.kwargs["clause"]
            )
        return rendered or match.group(0)

    return _LINK_PARAGRAPH.sub(card, html)
