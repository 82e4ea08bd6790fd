"""Cards for guidance: "Clause 4 — 23 comments — have your say".

A paragraph of a post that is only a link to a guidance document or clause on this site is
shown as a card with its current state, and partner sites embed the same card in an iframe
(`guidance.embed_views`)."""

import re
from dataclasses import dataclass

from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from parley.discussions.models import Discussion
from parley.guidance import queries
from parley.guidance.models import Clause, Document, Version

_LINK_PARAGRAPH = re.compile(r'<p><a href="(/guidance/[^"#?]*)"[^>]*>[^<]*</a></p>')


@dataclass(frozen=True)
class Card:
    document: Document
    version: Version
    comments: int
    clause: Clause | None = None

    @property
    def url(self) -> str:
        return self.clause.get_absolute_url() if self.clause else self.document.get_absolute_url()

    @property
    def title(self) -> str:
        """In the reader's language, with the Welsh titles for a Welsh reader if given."""
        if self.clause:
            return clause_title(self.clause, self.document)
        return self.document.title_shown.text


def clause_title(clause: Clause, document: Document) -> str:
    """ "Clause 4: Think before you share — Principles …", for share links and embeds."""
    said = {
        "number": clause.number,
        "heading": clause.heading_shown.text,
        "title": document.title_shown.text,
    }
    if clause.heading:
        return _("Clause %(number)s: %(heading)s — %(title)s") % said
    return _("Clause %(number)s — %(title)s") % said


def document_card(slug: str) -> Card | None:
    """The card of a document's current version; its comments on the whole and on each
    clause are counted in one query."""
    document = Document.objects.filter(slug=slug).select_related("organisation").first()
    version = queries.current_version(document) if document else None
    if document is None or version is None:
        return None
    comments = Discussion.objects.filter(
        pk__in=[version.discussion_id, *version.clauses.values_list("discussion_id", flat=True)]
    ).aggregate(total=Sum("comment_count"))["total"]
    return Card(document=document, version=version, comments=comments or 0)


def clause_card(slug: str, number: int, clause_number: str) -> Card | None:
    """The card of a clause of a public version."""
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
    return Card(
        document=clause.version.document,
        version=clause.version,
        clause=clause,
        comments=clause.discussion.comment_count,
    )


def card_for_path(path: str) -> Card | None:
    """The card of the guidance page at `path` (a document, a version or a clause)."""
    try:
        found = resolve(path)
    except Resolver404:
        return None
    if found.view_name in {"guidance:document", "guidance:version"}:
        return document_card(found.kwargs["slug"])
    if found.view_name == "guidance:clause":
        return clause_card(found.kwargs["slug"], found.kwargs["number"], found.kwargs["clause"])
    return None


def render_card(card: Card, *, embedded: bool = False, base_url: str = "") -> str:
    """The card's HTML; `embedded` (in another site's iframe) makes its links absolute
    (from `base_url`) and open in the top window."""
    return render_to_string(
        "guidance/_card.html",
        {
            "document": card.document,
            "version": card.version,
            "clause": card.clause,
            "comments": card.comments,
            "embedded": embedded,
            "base_url": base_url,
        },
    )


def has_cards(html: str) -> bool:
    """Whether `html` has a paragraph that may become a card (pages showing one show live
    counts from elsewhere, so they cannot be answered from their own timestamps)."""
    return _LINK_PARAGRAPH.search(html) is not None


def embed_cards(html: str) -> str:
    """`html` with each paragraph that only links to public guidance replaced by its card."""

    def card(match: re.Match[str]) -> str:
        try:
            found = resolve(match.group(1))
        except Resolver404:
            return match.group(0)
        found_card = None
        if found.view_name == "guidance:document":
            found_card = document_card(found.kwargs["slug"])
        elif found.view_name == "guidance:clause":
            found_card = clause_card(
                found.kwargs["slug"], found.kwargs["number"], found.kwargs["clause"]
            )
        return render_card(found_card) if found_card else match.group(0)

    return _LINK_PARAGRAPH.sub(card, html)
