"""Markdown rendering and HTML sanitising, used by every app that stores text.

Text is rendered once, on write, and the cleaned HTML is stored beside its source.
markdown-it-py parses CommonMark with raw HTML switched off; nh3 then removes
anything that is not on an allow-list, so nothing executable reaches a page even
if the parser is tricked.
"""

import re
from dataclasses import dataclass, field

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

COMMENT_TAGS = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre"}
DOCUMENT_TAGS = COMMENT_TAGS | {
    "h2", "h3", "h4", "h5", "h6", "hr", "img",
    "table", "thead", "tbody", "tr", "th", "td", "del",
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto"}
# Direction overrides and isolates (U+202A to U+202E, U+2066 to U+2069) let a name reorder
# the text around it ("gpj.exe" shown as "exe.jpg"); control characters break feeds and mail.
_NOT_IN_NAMES = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
MENTION_CLASS = "parley-mention"


@dataclass(frozen=True)
class Mentionable:
    """Someone who may be @mentioned: the name to match and where the link goes."""

    name: str
    href: str
    key: str = ""


@dataclass
class Rendered:
    html: str
    mentioned: list[Mentionable] = field(default_factory=list)


_AT_WORD = re.compile(r"(?<![\w@])@(\w+)")


def mention_candidates(text: str, *, mentions: int = 10, length: int = 80) -> set[str]:
    """Every name an "@" of `text` could be followed by (its first `mentions` "@"s): each
    run of up to `length` characters after it that ends where a mentioned name may end
    (not before a letter, digit or "_", nor on a space), in lower case. `_find_mentions`
    links a name only if it is one of these, whatever its case."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    found: set[str] = set()
    for at in list(_AT_WORD.finditer(lowered))[:mentions]:
        start = at.start() + 1
        for end in range(at.end(), min(start + length, len(lowered)) + 1):
            following = lowered[end] if end < len(lowered) else ""
            if not (following.isalnum() or following == "_") and not lowered[end - 1].isspace():
                found.add(lowered[start:end])
    return found


def _mention_index(names: list[Mentionable]) -> dict[str, list[tuple[str, Mentionable]]]:
    """Names by the lower-cased first run of word characters, longest first in each list,
    so "@Ann Lee" wins over "@Ann". Built once per comment: finding mentions then costs
    a dictionary lookup per "@", however many people take part."""
    index: dict[str, list[tuple[str, Mentionable]]] = {}
    for person in names:
        lowered = person.name.strip().lower()
        first = re.match(r"\w+", lowered)
        if first and lowered == person.name.lower():
            index.setdefault(first.group(0), []).append((lowered, person))
    for candidates in index.values():
        candidates.sort(key=lambda pair: len(pair[0]), reverse=True)
    return index


def _find_mentions(
    text: str, index: dict[str, list[tuple[str, Mentionable]]]
) -> list[tuple[int, int, Mentionable]]:
    """(start, end, person) of each @Name in `text` that names someone taking part."""
    found = []
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters lower-case to two: keep positions aligned
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    for at in _AT_WORD.finditer(lowered):
        for name, person in index.get(at.group(1), ()):
            end = at.start() + 1 + len(name)
            if lowered.startswith(name, at.start() + 1) and not (
                end < len(text) and (text[end].isalnum() or text[end] == "_")
            ):
                found.append((at.start(), end, person))
                break
    return found


def _link_mentions(state: StateCore) -> None:
    """Turn @Name in plain text (not in code or links) into a link to that person."""
    mentionables: list[Mentionable] = state.env.get("mentionables", [])
    index = _mention_index(mentionables)
    if not index:
        return
    mentioned: list[Mentionable] = state.env.setdefault("mentioned", [])
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children: list[Token] = []
        link_depth = 0
        for token in block.children:
            if token.type == "link_open":
                link_depth += 1
            elif token.type == "link_close":
                link_depth -= 1
            if token.type != "text" or link_depth or "@" not in token.content:
                children.append(token)
                continue
            position = 0
            for start, end, person in _find_mentions(token.content, index):
                if start < position:
                    continue
                if start > position:
                    children.append(_text(token.content[position:start]))
                opening = Token("link_open", "a", 1)
                opening.attrs = {"href": person.href, "class": MENTION_CLASS}
                children.extend(
                    [opening, _text(token.content[start:end]), Token("link_close", "a", -1)]
                )
                if person not in mentioned:
                    mentioned.append(person)
                position = end
            if position < len(token.content):
                children.append(_text(token.content[position:]))
        block.children = children


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _demote_headings(state: StateCore) -> None:
    """The page title is the only h1, so a document's highest heading becomes h2 and the
    others keep their distance from it (authors often start at `##`, under a title)."""
    headings = [t for t in state.tokens if t.type in {"heading_open", "heading_close"}]
    if not headings:
        return
    shift = 2 - min(int(token.tag[1]) for token in headings)
    for token in headings:
        token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"


def _parser(disabled: list[str]) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": False, "typographer": False})
    md.disable(disabled)
    md.core.ruler.push("parley_mentions", _link_mentions)
    return md


_COMMENT_MD = _parser(["heading", "lheading", "image", "hr", "html_block", "html_inline"])
_DOCUMENT_MD = _parser(["html_block", "html_inline"]).enable("table").enable("strikethrough")
_DOCUMENT_MD.core.ruler.push("parley_headings", _demote_headings)


def clean(html: str, *, tags: set[str] = COMMENT_TAGS, rel: str = "nofollow ugc noopener") -> str:
    """Keep only allowed tags, attributes and URL schemes; idempotent."""
    return nh3.clean(
        html,
        tags=tags,
        attributes={
            "a": {"href", "title"},
            "img": {"src", "alt", "title"},
            "th": {"align"},
            "td": {"align"},
            "code": {"class"},
        },
        allowed_classes={"a": {MENTION_CLASS}},
        url_schemes=URL_SCHEMES,
        link_rel=rel,
        strip_comments=True,
    )


def render_comment(text: str, *, mentionables: list[Mentionable] | None = None) -> Rendered:
    """A comment body: a CommonMark subset, @mentions linked, links marked nofollow ugc."""
    env: dict[str, list[Mentionable]] = {"mentionables": mentionables or []}
    html = _COMMENT_MD.render(text, env)
    return Rendered(html=clean(html), mentioned=env.get("mentioned", []))


def render_document(text: str) -> str:
    """Editors' long-form text (posts, guidance): full CommonMark with tables, cleaned."""
    return clean(_DOCUMENT_MD.render(text), tags=DOCUMENT_TAGS, rel="noopener")


def plain_name(name: str) -> str:
    """A person's name as shown: no direction overrides or control characters, trimmed."""
    return _NOT_IN_NAMES.sub("", name).strip()


def plain_text(html: str) -> str:
    """The visible text of cleaned HTML, for excerpts and feeds."""
    return re.sub(r"\s+", " ", nh3.clean(html, tags=set())).strip()
