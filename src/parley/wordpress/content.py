"""WordPress content as our Markdown, and the HTML our renderer makes of it.

WordPress stores posts and comments as HTML in which bare newlines also count (its
`wpautop` turns a blank line into a paragraph and a single newline into a line break).
An import stores Markdown, so that editing an imported post or comment shows the text
and not tags, and the HTML our normal Markdown path renders from it
(`render_document`, `render_comment`), so that what readers see is what they saw.

Most comments are a few paragraphs of text with some emphasis: those are converted in
one pass (`_plain_comment`), writing the Markdown and its HTML together (a test checks
that the HTML is exactly what `render_comment` makes of the Markdown). Anything else goes
through markdownify and then the renderer.
"""

import html
import re

from markdownify import MarkdownConverter

from parley.markup import COMMENT_TAGS, DOCUMENT_TAGS, clean, render_comment, render_document

_BLOCK = re.compile(
    r"<(?:table|thead|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address"
    r"|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav"
    r"|figure|figcaption|details|menu|summary)[\s/>]",
    re.IGNORECASE,
)
_HEADING = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]\s*>", re.IGNORECASE | re.DOTALL)
_CELL_BREAK = re.compile(r"</t[dh]\s*>\s*<t[dh][^>]*>", re.IGNORECASE)
_TABLE = re.compile(r"</?(?:table|thead|tbody|tfoot|caption|colgroup|col)\b[^>]*>", re.IGNORECASE)
_ROW_START = re.compile(r"<tr[^>]*>", re.IGNORECASE)
_ROW_END = re.compile(r"</tr\s*>", re.IGNORECASE)
_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_TOP_HEADING = re.compile(r"<(/?)h1\b", re.IGNORECASE)
_HEADING_LEVEL = re.compile(r"<(/?)h([2-6])\b")
# A block's opening, closing or self-closing delimiter (attributes are JSON, in which
# WordPress escapes `--`, `<` and `>`).
_BLOCK_DELIMITER = re.compile(r"<!--\s+/?wp:[a-z][a-z0-9_/-]*(?:\s.*?)?-->", re.DOTALL)
_FIGURE = re.compile(r"</?figure\b[^>]*>", re.IGNORECASE)
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", re.IGNORECASE | re.DOTALL)
_PRE = re.compile(r"(<pre\b[^>]*>)(.*?)</pre\s*>", re.IGNORECASE | re.DOTALL)
_KEPT = re.compile(r"\x00(\d+)\x00")
_ATTR = re.compile(r"""(\w+)\s*=\s*["']([^"']*)["']""")

# The plain comment: paragraphs, line breaks and emphasis, nothing else.
_PLAIN_TAG = re.compile(r"<(/?)(p|br|em|i|strong|b)\s*/?>", re.IGNORECASE)
_PARAGRAPH_TAG = re.compile(r"</?p\s*>", re.IGNORECASE)
_BREAK_TAG = re.compile(r"<br\s*/?>\s*", re.IGNORECASE)
_EMPHASIS_TAG = re.compile(r"<(/?)(em|i|strong|b)\s*>", re.IGNORECASE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>])|&(?=#?\w+;)")
_LINE_START = re.compile(r"^(?:([#+=|~-])|(\d{1,9})([.)]))")
# Whitespace other than a space (a no-break space trims differently) and NUL.
_ODD_CHARACTER = re.compile(r"[^\S ]|\x00")
_DELIMITER = {"em": "*", "i": "*", "strong": "**", "b": "**"}
_HTML_TAG = {"em": "em", "i": "em", "strong": "strong", "b": "strong"}


def autop(text: str) -> str:
    """WordPress's wpautop, enough of it: blank lines make paragraphs, newlines breaks,
    except inside <pre>, which keeps its text as written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(2))
        return f"{match.group(1)}\x00{len(kept) - 1}\x00</pre>"

    text = _PRE.sub(keep, text)
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        if _BLOCK.match(block.lstrip()):
            paragraphs.append(block)
        else:
            paragraphs.append("<p>" + block.replace("\n", "<br>\n") + "</p>")
    joined = "\n".join(paragraphs)
    return _KEPT.sub(lambda m: kept[int(m.group(1))], joined) if kept else joined


def unblock(text: str) -> str:
    """Block-editor content (WordPress 5.0 on) as the HTML it shows: the `<!-- wp:… -->`
    delimiters are structure, not text, so they go; a figure's caption becomes a paragraph
    of its own after what it captions, rather than text glued to an image."""
    if "<!--" in text:
        text = _BLOCK_DELIMITER.sub("", text)
    if "<fig" in text:
        text = _FIGCAPTION.sub(r"\n\n<p>\1</p>\n\n", text)
        text = _FIGURE.sub("\n\n", text)
    return text


def flatten_for_comment(text: str) -> str:
    """What comments cannot show (headings, tables, images) as what they can, so nothing
    a reader saw is lost: headings in bold, a table row per paragraph, an image as a link."""
    text = _HEADING.sub(r"<p><strong>\1</strong></p>", text)
    text = _TABLE.sub("", text)
    text = _CELL_BREAK.sub(" | ", text)
    text = _ROW_START.sub("<p>", text)
    text = _ROW_END.sub("</p>", text)

    def image(match: re.Match[str]) -> str:
        attrs = dict(_ATTR.findall(match.group(0)))
        src, alt = attrs.get("src", ""), attrs.get("alt", "") or "image"
        return f'<a href="{src}">{alt}</a>' if src else alt

    return _IMAGE.sub(image, text)


# An escaped backslash (kept as it is), or an escape that changes nothing.
_NEEDLESS_ESCAPE = re.compile(r"(\\\\)|\\&(?!#?\w+;)")
_NEEDLESS_ESCAPE_NO_TABLES = re.compile(r"(\\\\)|\\&(?!#?\w+;)|\\\|")


# A cell boundary in a Markdown table row: a `|` not escaped.
_CELL_EDGE = re.compile(r"(?<!\\)\|")


class _Converter(MarkdownConverter):
    """markdownify, escaping whatever our renderer would otherwise read as Markdown."""

    def __init__(self) -> None:
        super().__init__(
            heading_style="ATX",
            bullets="-",
            strong_em_symbol="*",
            escape_misc=True,
            newline_style="BACKSLASH",
            table_infer_header=True,
            autolinks=False,
        )


_CONVERTER = _Converter()


def _markdown(cleaned_html: str, *, tables: bool = True) -> str:
    text = _CONVERTER.convert(cleaned_html)
    # markdownify escapes every `&` (and `|`): only one that starts an entity needs it (and
    # `|` only where tables are read), and a person editing the text reads it more easily.
    needless = _NEEDLESS_ESCAPE if tables else _NEEDLESS_ESCAPE_NO_TABLES
    text = needless.sub(lambda m: m.group(1) or m.group(0)[1:], text)
    # markdownify leaves runs of blank lines between blocks: one is enough.
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _cells(row: str) -> list[str]:
    return _CELL_EDGE.split(row.strip())[1:-1]


def _even_tables(markdown: str) -> str:
    """Every row of each table as wide as its widest: a Markdown table drops the cells of a
    row beyond its header's, and HTML rows can differ (a cell spanning two columns)."""
    lines = markdown.split("\n")
    start = 0
    while start < len(lines):
        if not lines[start].startswith("|"):
            start += 1
            continue
        end = start
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        rows = [_cells(line) for line in lines[start:end]]
        width = max(len(row) for row in rows)
        for index, row in enumerate(rows, start):
            if len(row) < width:
                filler = " --- " if index == start + 1 else "  "
                lines[index] = "|" + "|".join(row + [filler] * (width - len(row))) + "|"
        start = end
    return "\n".join(lines)


def document(text: str) -> tuple[str, str]:
    """A post's or page's content as (Markdown, HTML rendered from it)."""
    cleaned = clean(
        _TOP_HEADING.sub(r"<\1h2", autop(unblock(text))), tags=DOCUMENT_TAGS, rel="noopener"
    )
    # Our renderer starts a document's headings at h2 (the title is the h1): `#` is h2.
    cleaned = _HEADING_LEVEL.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) - 1}", cleaned)
    markdown = _markdown(cleaned)
    if "\n|" in markdown or markdown.startswith("|"):
        markdown = _even_tables(markdown)
    return markdown, render_document(markdown)


def comment(text: str) -> tuple[str, str]:
    """A comment's content as (Markdown, HTML rendered from it)."""
    text = unblock(text)
    plain = plain_comment(text)
    if plain is not None:
        return plain
    if "<" in text:
        text = flatten_for_comment(text)
    return comment_from_html(clean(autop(text), tags=COMMENT_TAGS))


def comment_from_html(cleaned_html: str) -> tuple[str, str]:
    """Comment HTML already within the comment allow-list, as (Markdown, HTML)."""
    markdown = _markdown(cleaned_html, tables=False)
    return markdown, render_comment(markdown).html


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", text)


def _escape_line_start(line: str) -> str:
    match = _LINE_START.match(line)
    if match is None:
        return line
    if match.group(1):
        return "\\" + line
    return f"{match.group(2)}\\{line[match.end(2) :]}"


def _plain_line(line: str) -> tuple[str, str] | None:
    """One line of text with emphasis as (Markdown, HTML); None if it needs the full path."""
    parts = _EMPHASIS_TAG.split(line)
    # parts: text, slash, tag, text, slash, tag, text ...
    markdown: list[str] = []
    out: list[str] = []
    open_tag = ""
    for index in range(0, len(parts), 3):
        raw = html.unescape(parts[index])
        if "<" in parts[index] or _ODD_CHARACTER.search(raw):
            return None
        if open_tag:
            # Emphasis our renderer reads back as emphasis: letters or digits at both
            # ends, with text (not another tag) on each side.
            if not raw or not raw[0].isalnum() or not raw[-1].isalnum():
                return None
        elif index and index + 1 < len(parts) and not raw:
            return None
        markdown.append(_escape(raw))
        out.append(html.escape(raw, quote=False))
        if index + 1 < len(parts):
            closing, tag = parts[index + 1] == "/", parts[index + 2].lower()
            if closing != bool(open_tag) or (closing and _HTML_TAG[tag] != _HTML_TAG[open_tag]):
                return None
            markdown.append(_DELIMITER[tag])
            out.append(f"</{_HTML_TAG[tag]}>" if closing else f"<{_HTML_TAG[tag]}>")
            open_tag = "" if closing else tag
    if open_tag:
        return None
    return _escape_line_start("".join(markdown)), "".join(out)


def plain_comment(text: str) -> tuple[str, str] | None:
    """A comment of paragraphs, line breaks and emphasis as (Markdown, HTML), in one pass;
    None for anything else."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "<" in text:
        if "<" in _PLAIN_TAG.sub("", text):
            return None
        text = _PARAGRAPH_TAG.sub("\n\n", text)
        text = _BREAK_TAG.sub("\n", text)
    markdown: list[str] = []
    out: list[str] = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        lines = [line.strip() for line in paragraph.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        converted = [_plain_line(line) for line in lines]
        if any(c is None for c in converted):
            return None
        markdown.append("\\\n".join(c[0] for c in converted if c))
        out.append("<p>" + "<br>\n".join(c[1] for c in converted if c) + "</p>\n")
    # Only p, br, em and strong around escaped text: already what `clean` would return.
    return "\n\n".join(markdown), "".join(out)
