"""Wiki text to HTML: `[[Page title]]` links, a table of contents, then parley.markup.

`[[Page title]]` (or `[[Page title|words to show]]`) becomes a link to the page of that
title in the same space, or, when there is none yet, a "create this page" link. The
HTML is cleaned by `parley.markup.render_document`; heading ids are added afterwards,
made only of slug characters, so nothing unsafe is let back in.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.text import slugify

from parley.markup import render_document

WIKI_LINK = re.compile(r"\[\[([^\[\]|\n]{1,200})(?:\|([^\[\]\n]{1,200}))?\]\]")
# Code is shown as written: fenced blocks and inline code spans are passed over.
_CODE = re.compile(r"^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$|(`+)[^`\n][\s\S]*?\2", re.MULTILINE)
_HEADING = re.compile(r"<h([2-4])>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")


@dataclass
class RenderedPage:
    html: str
    toc: list[dict[str, object]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # slugs linked to, written or not
    missing: list[str] = field(default_factory=list)  # titles of pages not yet written


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _add_heading_ids(html: str) -> tuple[str, list[dict[str, object]]]:
    toc: list[dict[str, object]] = []
    used: set[str] = set()

    def anchor(match: re.Match[str]) -> str:
        level, inner = match.group(1), match.group(2)
        text = re.sub(r"\s+", " ", _TAG.sub("", inner)).strip()
        base = "section-" + (slugify(text) or "heading")
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        toc.append({"id": ident, "text": text, "level": int(level)})
        return f'<h{level} id="{ident}">{inner}</h{level}>'

    return _HEADING.sub(anchor, html), toc


def render_page(text: str, *, space_slug: str, existing_slugs: Iterable[str]) -> RenderedPage:
    """Render a page's Markdown; `existing_slugs` are the slugs of the space's pages."""
    existing = set(existing_slugs)
    links: list[str] = []
    missing: list[str] = []

    def link(match: re.Match[str]) -> str:
        title = match.group(1).strip()
        shown = (match.group(2) or title).strip()
        slug = slugify(title)[:200]
        if slug and slug not in links:
            links.append(slug)
        if slug and slug in existing:
            return f"[{_escape(shown)}]({reverse('wiki:page', args=[space_slug, slug])})"
        if title not in missing:
            missing.append(title)
        url = reverse("wiki:new_page", args=[space_slug]) + "?" + urlencode({"title": title})
        return f'[{_escape(shown)} (create this page)]({url} "Create this page")'

    def outside_code(part: str) -> str:
        return WIKI_LINK.sub(link, part)

    pieces, last = [], 0
    for code in _CODE.finditer(text):
        pieces += [outside_code(text[last : code.start()]), code.group(0)]
        last = code.end()
    pieces.append(outside_code(text[last:]))
    html, toc = _add_heading_ids(render_document("".join(pieces)))
    return RenderedPage(html=html, toc=toc, links=links, missing=missing)


def linked_titles(text: str) -> list[str]:
    """The page titles `text` links to with [[…]] (outside code)."""
    prose = _CODE.sub("", text)
    return [match.group(1).strip() for match in WIKI_LINK.finditer(prose)]
