"""Rendered pages read as HTML, not as runs of characters.

The templates are laid out by djLint (`make templates`), which may put a tag's attributes, or
an element's text, on lines of their own. Where whitespace is not shown (between attributes,
at the edges of an element's text) a test must not depend on it, so it finds elements and
compares them as Django's `assertContains(..., html=True)` does: attributes in any order,
runs of whitespace read as one space, whitespace at an element's edges ignored. Or it reads
the page with each tag on one line (`one_line`), where only whitespace inside tags changes.
"""

import re

from django.test.html import Element, parse_html

_TAG = re.compile(r"<[^<>]+>")
_WHITESPACE = re.compile(r"\s+")


def one_line(page: str) -> str:
    """The page with each tag on one line: a run of whitespace inside a tag (between its
    attributes) as one space, none before its `>`. Text and whitespace between tags are
    kept as they are, so a test can still look for a tag and the words beside it."""
    return _TAG.sub(lambda tag: _WHITESPACE.sub(" ", tag.group(0)).replace(" >", ">"), page)


def contains(page: str | Element, fragment: str) -> bool:
    """Whether the page (or an element of it) holds the fragment: the same elements,
    attributes and text."""
    return parse_html(fragment) in (parse_html(page) if isinstance(page, str) else page)


def find_all(page: str | Element, tag: str, /, **attributes: str) -> list[Element]:
    """Every `tag` element (in document order) that has these attributes with these values;
    `class_` names classes the element has (among others, in any order)."""
    wanted = {key.rstrip("_").replace("_", "-"): value for key, value in attributes.items()}
    root = parse_html(page) if isinstance(page, str) else page
    found: list[Element] = []

    def visit(element: Element) -> None:
        if element.name == tag and _has(dict(element.attributes), wanted):
            found.append(element)
        for child in element.children:
            if not isinstance(child, str):
                visit(child)

    visit(root)
    return found


def _has(attributes: dict[str, str | None], wanted: dict[str, str]) -> bool:
    for key, value in wanted.items():
        if key == "class":
            if not set(value.split()) <= set((attributes.get("class") or "").split()):
                return False
        elif attributes.get(key, False) != value:
            return False
    return True


def find(page: str | Element, tag: str, /, **attributes: str) -> Element:
    """The one `tag` element with these attributes."""
    found = find_all(page, tag, **attributes)
    assert len(found) == 1, f"{len(found)} <{tag}> elements with {attributes}, not one"
    return found[0]


def attribute(element: Element, name: str) -> str | None:
    """The value of one of the element's attributes (None when it has none)."""
    return dict(element.attributes).get(name)


def text(element: Element) -> str:
    """The element's words: its pieces of text (each with whitespace runs as one space and
    none at its edges, as Django's parser keeps them) joined by one space."""
    pieces: list[str] = []

    def visit(node: Element) -> None:
        for child in node.children:
            if isinstance(child, str):
                pieces.append(child)
            else:
                visit(child)

    visit(element)
    return " ".join(pieces)
