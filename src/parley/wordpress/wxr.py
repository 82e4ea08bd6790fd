"""Reading a WordPress eXtended RSS (WXR) export as a stream, safely.

expat is driven directly, a chunk at a time, so a file of any size is read in constant
memory and every element knows the line it started on. A DOCTYPE (and so any entity
declaration, internal or external) is refused outright: WXR has none, and this is what
keeps "billion laughs" and external entities out. Elements are matched by namespace
*meaning* and local name, so WXR 1.0, 1.1 and 1.2 with http:// or https:// namespace
URIs all read the same.

An item is held whole while it is read (its post and its comments are imported together),
so its size is bounded: an item with one text (a post's content, a comment) over
`MAX_TEXT_CHARS`, or over `MAX_ITEM_CHARS` in all, is refused by name, and the reader
stops keeping its text as soon as it goes over; the rest of the file is read on. Turning a
post's HTML into Markdown costs far more memory and time than the text itself (a 1 MB
post takes about 90 MB and over a minute): see docs/wordpress.md.
"""

import codecs
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.parsers import expat

VERSIONS = ("1.0", "1.1", "1.2")
CHUNK = 1 << 20
MAX_TEXT_CHARS = 1 << 20  # one text element: a post's content, a comment (1 MB)
MAX_ITEM_CHARS = 32 << 20  # an item's texts together, its comments included (32 MB)
# What a refused item keeps, to be named in the report.
NAMING_NODES = {"title", "wp:post_id", "wp:post_type"}
NAMING_CHARS = 200
# Channel children worth keeping: the rest (generator, description …) is skipped.
CHANNEL_NODES = {
    "title",
    "link",
    "wp:wxr_version",
    "wp:base_site_url",
    "wp:base_blog_url",
    "wp:author",
}


_DECLARED_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class WXRError(Exception):
    """The file cannot be read as a WXR export; the message says why, and where."""


class Node:
    """One element: its name ("prefix:local" for known namespaces: wp, content, excerpt,
    dc; else the local name), attributes, first line, text and children."""

    __slots__ = ("_index", "attrs", "children", "line", "name", "parts", "refused")

    def __init__(self, name: str, attrs: dict[str, str], line: int) -> None:
        self.name = name
        self.attrs = attrs
        self.line = line
        self.parts: list[str] = []
        self.children: list[Node] = []
        self._index: dict[str, Node] | None = None
        # Why an item is too large to import ("" if it is not); its text is then dropped.
        self.refused = ""

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def first(self, name: str) -> "Node | None":
        if self._index is None:
            self._index = {}
            for child in reversed(self.children):
                self._index[child.name] = child
        return self._index.get(name)

    def all(self, name: str) -> list["Node"]:
        return [c for c in self.children if c.name == name]

    def value(self, name: str) -> str:
        node = self.first(name)
        return "".join(node.parts) if node is not None else ""


def _megabytes(chars: int) -> str:
    return f"{chars / (1 << 20):.{0 if chars % (1 << 20) == 0 else 1}f} MB"


def _prefix(uri: str) -> str:
    bare = uri.removeprefix("https://").removeprefix("http://")
    if bare.startswith("wordpress.org/export/"):
        return "excerpt" if bare.rstrip("/").endswith("/excerpt") else "wp"
    if bare.startswith("purl.org/rss/1.0/modules/content"):
        return "content"
    if bare.startswith("purl.org/dc/elements"):
        return "dc"
    if bare.startswith("wellformedweb.org/CommentAPI"):
        return "wfw"
    return "other"


@functools.cache
@functools.cache  # a file names few elements, each a hundred thousand times
def _name(expat_name: str) -> str:
    uri, _, local = expat_name.rpartition("\x01")
    return f"{_prefix(uri)}:{local}" if uri else local


@dataclass
class Channel:
    """What the export says about the site, gathered before its first item."""

    version: str = ""
    title: str = ""
    link: str = ""
    base_blog_url: str = ""
    authors: list[Node] = field(default_factory=list)

    @property
    def site(self) -> str:
        return (self.base_blog_url or self.link).strip().rstrip("/")


def streaming_parser(
    *,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    characters: Callable[[str], None],
    refuse: Callable[[str], Exception],
    exports: str,
) -> expat.XMLParserType:
    """An expat parser fed a file a piece at a time, calling these handlers (names as
    `namespace\x01local`, text in 64 KB runs), that refuses any DOCTYPE or entity
    declaration with `refuse(message)` before an entity could be expanded (XXE, billion
    laughs). `exports` names what the file should be ("WordPress exports")."""
    parser = expat.ParserCreate(namespace_separator="\x01")
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_doctype(*args: object) -> None:
        raise refuse(
            f"line {parser.CurrentLineNumber}: the file has a DOCTYPE; {exports} have none, "
            "and it is refused so that no entity can be expanded"
        )

    def refuse_entity(*args: object) -> None:
        raise refuse(f"line {parser.CurrentLineNumber}: entity declarations are refused")

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    return parser


class Reader:
    """Yields the export's items (`Node`s named "item") once the channel has been read;
    raises WXRError for anything that makes the file unreadable."""

    def __init__(
        self,
        source: BinaryIO,
        *,
        total_bytes: int = 0,
        max_text_chars: int = MAX_TEXT_CHARS,
        max_item_chars: int = MAX_ITEM_CHARS,
    ) -> None:
        self.source = source
        self.max_text_chars = max_text_chars
        self.max_item_chars = max_item_chars
        self._item_chars = 0
        self._text_chars = 0
        self.total_bytes = total_bytes
        self.bytes_read = 0
        self.channel = Channel()
        self._items: list[Node] = []
        self._stack: list[str] = []
        self._building: list[Node] = []
        self._encoding = "utf-8"
        self._checked_version = False
        self._saw_channel = False
        self._parser = streaming_parser(
            start=self._start,
            end=self._end,
            characters=self._characters,
            refuse=WXRError,
            exports="WordPress exports",
        )

    @property
    def line(self) -> int:
        return self._parser.CurrentLineNumber

    # expat handlers

    def _start(self, expat_name: str, attrs: dict[str, str]) -> None:
        name = _name(expat_name)
        building = self._building
        if building:  # inside an item: the common case, kept short (and off the stack)
            node = Node(
                name,
                {_name(k): v for k, v in attrs.items()} if attrs else {},
                self._parser.CurrentLineNumber,
            )
            if not building[0].refused or (len(building) == 1 and name in NAMING_NODES):
                building[-1].children.append(node)  # a refused item keeps only its names
            building.append(node)
            self._text_chars = 0
            return
        depth = len(self._stack)
        self._stack.append(name)
        if depth == 0 and name != "rss":
            local = expat_name.rpartition("\x01")[2]
            raise WXRError(f"not a WordPress export: the document is <{local}>, not <rss>")
        if depth == 1 and name == "channel":
            self._saw_channel = True
        if depth == 2 and self._stack[1] == "channel" and (name in CHANNEL_NODES or name == "item"):
            if name == "item":
                self._check_version()
            self._building.append(Node(name, {}, self.line))
            self._item_chars = self._text_chars = 0

    def _end(self, expat_name: str) -> None:
        building = self._building
        if building:
            node = building.pop()
            if building:
                return
            self._stack.pop()  # the item (or channel node) itself was on the stack
        else:
            self._stack.pop()
            if len(self._stack) == 1 and self._stack[0] == "rss" and self._saw_channel:
                self._check_version()
            return
        channel = self.channel
        match node.name:
            case "item":
                self._items.append(node)
            case "wp:author":
                channel.authors.append(node)
            case "wp:wxr_version":
                channel.version = node.text.strip()
            case "wp:base_blog_url":
                channel.base_blog_url = node.text
            case "wp:base_site_url":
                channel.base_blog_url = channel.base_blog_url or node.text
            case "title":
                channel.title = node.text.strip()
            case "link":
                channel.link = node.text

    def _characters(self, data: str) -> None:
        building = self._building
        if not building:
            return
        self._item_chars += len(data)
        self._text_chars += len(data)
        if building[0].refused:
            if len(building) == 2 and building[-1].name in NAMING_NODES:
                building[-1].parts.append(data[:NAMING_CHARS])
            return
        if self._text_chars > self.max_text_chars:
            self._refuse(
                f"its <{building[-1].name}> is over {_megabytes(self.max_text_chars)}, the "
                "most one text may hold"
            )
        elif self._item_chars > self.max_item_chars:
            self._refuse(
                f"it holds over {_megabytes(self.max_item_chars)} of text, the most one item "
                "may hold"
            )
        else:
            building[-1].parts.append(data)

    def _refuse(self, why: str) -> None:
        """Drop the item's text, keeping what names it (title, id, type)."""
        item = self._building[0]
        item.refused = why
        item.children = [c for c in item.children if c.name in NAMING_NODES]
        item._index = None
        for node in self._building[1:]:
            node.parts.clear()
            node.children.clear()

    def _check_version(self) -> None:
        if self._checked_version:
            return
        self._checked_version = True
        version = self.channel.version
        if not version:
            raise WXRError(
                "not a WordPress export: the channel has no <wp:wxr_version> before its items"
            )
        try:
            float(version)
        except ValueError:
            raise WXRError(f"the WXR version ‘{version[:20]}’ is not a number") from None
        if version not in VERSIONS:
            raise WXRError(
                f"unknown WXR version {version[:20]}: this importer reads {', '.join(VERSIONS)}"
            )

    # reading

    def _expat_error(self, error: expat.ExpatError) -> WXRError:
        where = f"line {error.lineno}, column {error.offset + 1}"
        code = expat.errors.messages[error.code]
        if code == expat.errors.XML_ERROR_NO_ELEMENTS:
            if self.bytes_read == 0:
                return WXRError("the file is empty")
            return WXRError(f"{where}: the file ends before the export does (is it truncated?)")
        if code == expat.errors.XML_ERROR_UNBOUND_PREFIX:
            return WXRError(f"{where}: a namespace prefix is used but never declared")
        if code in (
            expat.errors.XML_ERROR_UNKNOWN_ENCODING,
            expat.errors.XML_ERROR_INCORRECT_ENCODING,
        ):
            return WXRError(f"{where}: the file's declared encoding cannot be read")
        if not self._stack and error.lineno == 1:
            return WXRError(f"{where}: not an XML file")
        return WXRError(f"{where}: not well-formed XML ({expat.ErrorString(error.code)})")

    def items(self) -> Iterator[Node]:
        decoder = codecs.getincrementaldecoder("utf-8")()
        lines_before = 0
        while True:
            chunk = self.source.read(CHUNK)
            if not self.bytes_read:
                declared = _DECLARED_ENCODING.match(chunk[:200])
                self._encoding = declared.group(1).decode().lower() if declared else "utf-8"
            self.bytes_read += len(chunk)
            if self._encoding in ("utf-8", "utf8"):
                # expat stops at the first bad byte with "invalid token"; saying the bytes
                # are not UTF-8 is the message people can act on.
                try:
                    decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError as error:
                    line = lines_before + chunk[: error.start].count(b"\n") + 1
                    raise WXRError(
                        f"line {line}: bytes that are not UTF-8, though the file says it is "
                        "(was it saved in another encoding?)"
                    ) from None
                lines_before += chunk.count(b"\n")
            try:
                self._parser.Parse(chunk, not chunk)
            except expat.ExpatError as error:
                raise self._expat_error(error) from None
            yield from self._items
            self._items.clear()
            if not chunk:
                break
        if not self._saw_channel:
            raise WXRError("not a WordPress export: the <rss> has no <channel>")
