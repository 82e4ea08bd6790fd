"""Importing a Disqus export: its comments onto the pages they were written on, all or nothing.

A Disqus export (Disqus admin → Moderation → Export) is XML in the `http://disqus.com`
namespace: `<category>`s, then a `<thread>` per page (its `<link>`), then every `<post>`
(a comment), each naming its thread and, for a reply, its parent by `dsq:id`. Posts come in
no useful order: a reply may come before its parent, and a thread's comments are spread
over the whole file.

`import_disqus` reads the file with expat a chunk at a time, refusing any DOCTYPE (and so
every entity) as the WordPress reader does. Each thread is matched to a page here by its
address (`match_thread`); each post is checked and its HTML made into our Markdown as it is
read, then set down in a scratch SQLite file on disk. A second pass reads the scratch file
back one page at a time, in date order, numbers and threads that page's new comments and
writes them in bulk with the WordPress importer's writer (`importer.insert_rows`): memory
holds one page's comments, never the file's. Everything happens in one transaction, and
each comment's Disqus id is recorded (`DisqusPost`), so a second run adds nothing.

A post that cannot be placed (no id, no thread, a thread the file does not have) makes the
whole import change nothing, with the line and the item in the message (`DisqusError`);
lesser faults (a bad e-mail address, a missing parent) are reported and worked around, as
the WordPress importer does. E-mail addresses are kept, as for WordPress comments, where
only moderators see them; IP addresses are not kept.
"""

import functools
import gc
import html
import itertools
import re
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qs, unquote, urlsplit
from xml.parsers import expat

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from parley.discussions import services as discussions
from parley.discussions.models import MAX_DEPTH, PATH_WIDTH, Comment, Discussion, Status
from parley.markup import plain_name
from parley.organisations.models import Organisation
from parley.wordpress import content
from parley.wordpress.importer import (
    BATCH,
    COMMENT_STATUS,
    PLAIN_EMAIL,
    Ids,
    Problem,
    Report,
    counted,
    insert_rows,
)
from parley.wordpress.models import DisqusPost, WordPressItem
from parley.wordpress.wxr import MAX_TEXT_CHARS, Node, streaming_parser

DISQUS_NAMESPACES = {"http://disqus.com", "https://disqus.com"}
INTERNALS_NAMESPACES = {"http://disqus.com/disqus-internals", "https://disqus.com/disqus-internals"}
ITEMS = {"category", "thread", "post"}
# Read 64 KB at a time: the posts of a chunk are all built before the first is handed on
# (a 1 MB chunk holds some five thousand).
CHUNK = 1 << 16
_COMMENT_PAGE = re.compile(r"comment-page-\d+/$")
# Disqus writes bold and italic as <b> and <i>: our comments' <strong> and <em>.
_DISQUS_EMPHASIS = re.compile(r"<(/?)(b|i)>", re.IGNORECASE)
_EMPHASIS = {"b": "strong", "i": "em"}
# A link Disqus made of an address typed in a comment: its text is its address.
_AUTOLINK = re.compile(r"""<a\s[^>]*?href="([^"<>]*)"[^>]*>([^<]*)</a>""", re.IGNORECASE)
# The identifier the Disqus WordPress plugin gives a thread: "<post id> <guid>".
_WORDPRESS_IDENTIFIER = re.compile(r"(\d{1,18}) (https?://\S+)\Z")


class DisqusError(Exception):
    """The file cannot be imported; the message says why, and where. Nothing was changed."""


# Reading


@functools.lru_cache(maxsize=512)  # a file names few elements, each a hundred thousand times
def _name(expat_name: str) -> str:
    uri, _, local = expat_name.rpartition("\x01")
    if not uri or uri in DISQUS_NAMESPACES:
        return local
    if uri in INTERNALS_NAMESPACES:
        return f"dsq:{local}"
    return f"other:{local}"


class Reader:
    """Yields the export's categories, threads and posts as `Node`s, one at a time; raises
    DisqusError for anything that makes the file unreadable. An element with more than
    `max_chars` of text is yielded with `refused` set and its text dropped."""

    def __init__(self, source: BinaryIO, *, max_chars: int = MAX_TEXT_CHARS) -> None:
        self.source = source
        self.max_chars = max_chars
        self.bytes_read = 0
        self._depth = 0
        self._chars = 0
        self.saw_root = False
        self._building: list[Node] = []
        self._ready: list[Node] = []
        self._parser = streaming_parser(
            start=self._start,
            end=self._end,
            characters=self._characters,
            refuse=DisqusError,
            exports="Disqus exports",
        )

    @property
    def line(self) -> int:
        return self._parser.CurrentLineNumber

    def _start(self, expat_name: str, attrs: dict[str, str]) -> None:
        self._depth += 1
        building = self._building
        if building:  # inside a thread or post: the common case, kept short
            node = Node(
                _name(expat_name),
                {_name(k): v for k, v in attrs.items()} if attrs else {},
                self._parser.CurrentLineNumber,
            )
            if not building[0].refused:
                building[-1].children.append(node)
            building.append(node)
            return
        if self._depth == 1:
            if _name(expat_name) != "disqus":
                local = expat_name.rpartition("\x01")[2]
                hint = " (a WordPress export? use import-wordpress)" if local == "rss" else ""
                raise DisqusError(
                    f"not a Disqus export: the document is <{local}>, not <disqus>{hint}"
                )
            self.saw_root = True
        elif self._depth == 2 and (name := _name(expat_name)) in ITEMS:
            building.append(Node(name, {_name(k): v for k, v in attrs.items()}, self.line))
            self._chars = 0

    def _end(self, expat_name: str) -> None:
        self._depth -= 1
        if self._building:
            node = self._building.pop()
            if not self._building:
                self._ready.append(node)

    def _characters(self, data: str) -> None:
        building = self._building
        if not building or building[0].refused:
            return
        self._chars += len(data)
        if self._chars > self.max_chars:
            item = building[0]
            item.refused = (
                f"it holds over {self.max_chars / (1 << 20):g} MB of text, the most one "
                f"{item.name} may hold"
            )
            item.children = []
            for node in building[1:]:
                node.parts.clear()
                node.children.clear()
            return
        building[-1].parts.append(data)

    def _expat_error(self, error: expat.ExpatError) -> DisqusError:
        where = f"line {error.lineno}, column {error.offset + 1}"
        if error.code == expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]:
            if self.bytes_read == 0:
                return DisqusError("the file is empty")
            return DisqusError(f"{where}: the file ends before the export does (is it truncated?)")
        if error.code == expat.errors.codes[expat.errors.XML_ERROR_UNBOUND_PREFIX]:
            return DisqusError(f"{where}: a namespace prefix is used but never declared")
        if not self.saw_root and error.lineno == 1:
            return DisqusError(f"{where}: not an XML file")
        return DisqusError(f"{where}: not well-formed XML ({expat.ErrorString(error.code)})")

    def items(self) -> Iterator[Node]:
        while True:
            chunk = self.source.read(CHUNK)
            self.bytes_read += len(chunk)
            try:
                self._parser.Parse(chunk, not chunk)
            except expat.ExpatError as error:
                raise self._expat_error(error) from None
            yield from self._ready
            self._ready.clear()
            if not chunk:
                break


# Matching a thread to a page


@dataclass(frozen=True)
class Address:
    """A thread's link, reduced to what identifies a page: the host without `www.` (the
    scheme and port do not count), the decoded path ending in `/` (a `comment-page-N/`
    tail dropped), and a WordPress plain permalink's post id (`?p=123`); the rest of the
    query and the fragment never name a page."""

    host: str
    path: str
    wordpress_id: int | None = None

    @classmethod
    def of(cls, link: str) -> "Address":
        parts = urlsplit(link.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
        path = unquote(parts.path) or "/"
        path = _COMMENT_PAGE.sub("", path if path.endswith("/") else path + "/")
        query = parse_qs(parts.query)
        wordpress_id = None
        for key in ("p", "page_id"):
            value = query.get(key, [""])[0]
            if value.isdigit() and len(value) < 19:
                wordpress_id = int(value)
                break
        return cls(host=host, path=path, wordpress_id=wordpress_id)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def match_thread(
    *, link: str, identifier: str = "", organisation: Organisation | None = None
) -> tuple[int | None, str]:
    """The discussion a Disqus thread's comments belong to and "", or None and why not.

    Tried in turn: an imported WordPress post or page whose old address this is (a plain
    permalink `?p=123` by its WordPress id), a page of Parley's own at this path, and the
    WordPress post that the Disqus WordPress plugin's identifier (`123 https://…/?p=123`)
    names. Where old addresses of several imported sites match, the one on the link's
    host wins; with `organisation`, only its pages are matched."""
    address = Address.of(link)
    old: Q | None = None
    if address.path == "/" and address.wordpress_id is not None:
        old = Q(wp_id=address.wordpress_id)
    elif address.path != "/":
        old = Q(permalink=address.path)
    if old is not None:
        chosen, why = _wordpress_discussion(old, address.host, organisation)
        if chosen is not None or why:
            return chosen, why
    own = Discussion.objects.filter(url=address.path)
    if organisation is not None:
        own = own.filter(organisation=organisation)
    found = list(own.values_list("pk", flat=True)[:2])
    if len(found) == 1:
        return found[0], ""
    if plugin := _WORDPRESS_IDENTIFIER.match(identifier.strip()):
        chosen, why = _wordpress_discussion(
            Q(wp_id=int(plugin.group(1))), _host(plugin.group(2)), organisation
        )
        if chosen is not None or why:
            return chosen, why
    return None, "matches no page here"


def _wordpress_discussion(
    condition: Q, host: str, organisation: Organisation | None
) -> tuple[int | None, str]:
    candidates = [
        (site, post_discussion or page_discussion)
        for site, post_discussion, page_discussion in WordPressItem.objects.filter(
            condition, kind__in=[WordPressItem.Kind.POST, WordPressItem.Kind.PAGE]
        ).values_list("site", "post__discussion_id", "page__discussion_id")
    ]
    if not candidates:
        return None, ""
    if organisation is not None:
        in_organisation = set(
            Discussion.objects.filter(
                pk__in=[d for _, d in candidates], organisation=organisation
            ).values_list("pk", flat=True)
        )
        candidates = [(site, d) for site, d in candidates if d in in_organisation]
        if not candidates:
            return None, f"its page belongs to another organisation than {organisation.slug}"
    if len(candidates) > 1:
        on_host = [(site, d) for site, d in candidates if _host(site) == host]
        if len(on_host) != 1:
            sites = ", ".join(sorted({site for site, _ in candidates}))
            return None, f"the address is an old address of several imported sites ({sites})"
        candidates = on_host
    return candidates[0][1], ""


# The report


_SINGULAR = {
    "comments": "comment",
    "comments already imported": "comment already imported",
    "comments on threads that match no page": "comment on a thread that matches no page",
    "comments on deleted threads": "comment on a deleted thread",
    "duplicate comments": "duplicate comment",
    "comments too large": "comment too large",
    "threads matched to pages": "thread matched to a page",
    "threads that match no page": "thread that matches no page",
    "threads without comments that match no page": "thread without comments that matches no page",
    "deleted threads": "deleted thread",
    "duplicate threads": "duplicate thread",
}


def _counted(what: str, n: int) -> str:
    return f"1 {_SINGULAR[what]}" if n == 1 and what in _SINGULAR else counted(what, n)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(_counted(what, n) for what, n in counter.items() if n) or "nothing new"


@dataclass
class DisqusReport(Report):
    """What a Disqus import did: the WordPress import's report, with the threads counted."""

    threads: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        out = [
            ("Dry run, nothing saved: " if self.dry_run else "Imported: ") + _counts(self.imported)
        ]
        if self.threads:
            out.append("Threads: " + _counts(self.threads))
        if self.skipped:
            out.append("Skipped: " + _counts(self.skipped))
        if self.problems:
            out.append(f"{counted('problems', len(self.problems))}:")
            out.extend(f"  {p}" for p in sorted(self.problems, key=lambda p: p.line))
        return out


# Importing

_SCRATCH_SCHEMA = """
CREATE TABLE thread (
    id INTEGER PRIMARY KEY, line INTEGER, label TEXT, forum TEXT, created TEXT,
    discussion INTEGER, deleted INTEGER, why TEXT
);
CREATE TABLE post (
    id INTEGER PRIMARY KEY, line INTEGER, thread INTEGER, parent INTEGER, created TEXT,
    status TEXT, name TEXT, email TEXT, body TEXT, html TEXT
);
"""


def _dsq_id(node: Node | None) -> int | None:
    text = node.attrs.get("dsq:id", "").strip() if node is not None else ""
    return int(text) if text.isdigit() and len(text) < 19 else None


def _moment(text: str) -> datetime | None:
    """A Disqus date ("2012-03-08T14:35:00Z") as an aware datetime; None if it is not one."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _unlinked(match: re.Match[str]) -> str:
    href, text = match.group(1), match.group(2)
    return text if html.unescape(text).strip() == html.unescape(href) else match.group(0)


def _as_typed(message: str) -> str:
    """A Disqus message's HTML as the commenter wrote it: bold and italic as <strong> and
    <em>, and an address Disqus turned into a link as the address (as Parley shows an
    address typed in a comment). What is left of it is then the WordPress importer's
    plain comment, the quick path; a link with words of its own stays a link."""
    message = _DISQUS_EMPHASIS.sub(
        lambda m: f"<{m.group(1)}{_EMPHASIS[m.group(2).lower()]}>", message
    )
    return _AUTOLINK.sub(_unlinked, message) if "<a " in message else message


def _true(node: Node, name: str) -> bool:
    return node.value(name).strip().lower() == "true"


@dataclass(slots=True)
class _Entry:
    disqus_id: int
    parent_id: int
    line: int
    row: dict[str, Any]
    parent_new: "_Entry | None" = None
    parent_old: tuple[int, str, int] | None = None  # pk, path, depth


class _Importer:
    def __init__(self, *, organisation: Organisation | None, report: DisqusReport, scratch: Path):
        self.organisation = organisation
        self.report = report
        self.db = sqlite3.connect(scratch / "disqus.sqlite3")
        self.db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCRATCH_SCHEMA
        )
        self.started_at = timezone.now()
        self.had_imports = DisqusPost.objects.exists()
        self._posts: list[Node] = []
        # Threads read so far that take no comments (deleted, or matching no page): their
        # posts are counted, not converted. One number per thread, not per comment.
        self._closed_threads: set[int] = set()
        self._emails: dict[str, bool] = {}
        self._comment_ids = Ids(Comment)
        self._plans: dict[tuple[object, ...], Any] = {}
        self._comments: list[dict[str, Any]] = []
        self._keys: list[dict[str, Any]] = []
        self._recount: set[int] = set()  # discussions whose threads to count at `flush`

    def close(self) -> None:
        self.db.close()

    def problem(self, line: int, item: str, message: str) -> None:
        self.report.problems.append(Problem(line, item, message))

    # the first pass: read, check, convert, set down

    def read(self, node: Node) -> None:
        if node.name == "thread":
            self._thread(node)
        elif node.name == "post":
            self._posts.append(node)
            if len(self._posts) >= BATCH:
                self._post_batch()

    def _thread(self, node: Node) -> None:
        title = html.unescape(node.value("title")).strip()
        link = node.value("link").strip()
        label = f"thread {node.attrs.get('dsq:id', '?')[:20]} ‘{title[:60]}’ ({link[:200]})"
        thread_id = _dsq_id(node)
        if thread_id is None:
            raise DisqusError(f"line {node.line}, {label}: no numeric dsq:id")
        deleted = _true(node, "isDeleted")
        discussion, why = (None, node.refused)
        if not deleted and not node.refused:
            discussion, why = match_thread(
                link=link, identifier=node.value("id"), organisation=self.organisation
            )
        created = _moment(node.value("createdAt"))
        try:
            self.db.execute(
                "INSERT INTO thread VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    thread_id,
                    node.line,
                    label,
                    node.value("forum").strip()[:100],
                    created.isoformat() if created else None,
                    discussion,
                    deleted,
                    why,
                ],
            )
        except sqlite3.IntegrityError:
            self.problem(node.line, label, "the same dsq:id appears earlier in the file: skipped")
            self.report.threads["duplicate threads"] += 1
            return
        if discussion is None:
            self._closed_threads.add(thread_id)

    def _post_batch(self) -> None:
        nodes, self._posts = self._posts, []
        ids: list[int] = []
        for node in nodes:
            disqus_id = _dsq_id(node)
            if disqus_id is None:
                raise DisqusError(
                    f"line {node.line}, post ‘{node.attrs.get('dsq:id', '')[:20]}’: "
                    "no numeric dsq:id, so it could not be told apart on a second import"
                )
            ids.append(disqus_id)
        known: set[int] = set()
        if self.had_imports:
            known = set(
                DisqusPost.objects.filter(disqus_id__in=ids).values_list("disqus_id", flat=True)
            )
        for node, disqus_id in zip(nodes, ids, strict=True):
            if disqus_id in known:
                self.report.skipped["comments already imported"] += 1
                continue
            row = self._post(node, disqus_id)
            if row is None:
                continue
            try:
                self.db.execute("INSERT INTO post VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
            except sqlite3.IntegrityError:
                self.problem(
                    node.line,
                    f"comment {disqus_id}",
                    "the same dsq:id appears earlier in the file: skipped",
                )
                self.report.skipped["duplicate comments"] += 1

    def _post(self, node: Node, disqus_id: int) -> list[object] | None:
        label = f"comment {disqus_id}"
        thread_id = _dsq_id(node.first("thread"))
        if node.refused:
            self.problem(node.line, label, f"{node.refused}: skipped")
            self.report.skipped["comments too large"] += 1
            return None
        if thread_id is None:
            raise DisqusError(
                f"line {node.line}, {label}: no <thread dsq:id>, so its page is not known"
            )
        parent_id = _dsq_id(node.first("parent")) or 0
        if thread_id in self._closed_threads:
            return [disqus_id, node.line, thread_id, parent_id, None, "", "", "", "", ""]
        created = _moment(node.value("createdAt"))
        if created is None:
            self.problem(node.line, label, "no valid createdAt: dated with its thread")
        if _true(node, "isSpam"):
            status = COMMENT_STATUS["spam"]
        elif _true(node, "isDeleted"):
            status = COMMENT_STATUS["trash"]
        elif node.value("isApproved").strip().lower() == "false":
            status = COMMENT_STATUS["hold"]
        else:
            status = COMMENT_STATUS["approve"]
        author = node.first("author")
        name = email = ""
        if author is not None:
            name = plain_name(html.unescape(author.value("name")))[:80]
            name = name or plain_name(author.value("username"))[:80]
            email = author.value("email").strip()
            if email and not self._valid_email(email):
                self.problem(node.line, label, "the author's e-mail address is not valid: left out")
                email = ""
        body, body_html = content.comment(_as_typed(node.value("message")))
        return [
            disqus_id,
            node.line,
            thread_id,
            parent_id,
            created.isoformat() if created else None,
            status,
            name or "Anonymous",
            email,
            body,
            body_html,
        ]

    def _valid_email(self, email: str) -> bool:
        """As the WordPress importer checks a commenter's address."""
        if len(email) <= 254 and PLAIN_EMAIL.match(email):
            return True
        valid = self._emails.get(email)
        if valid is None:
            try:
                validate_email(email)
                valid = True
            except ValidationError:
                valid = False
            self._emails[email] = valid
        return valid

    # the second pass: one page at a time, in date order

    def write(self) -> None:
        if self._posts:
            self._post_batch()
        self.db.commit()
        lost = self.db.execute(
            "SELECT p.line, p.id, p.thread FROM post p LEFT JOIN thread t ON t.id = p.thread "
            "WHERE t.id IS NULL ORDER BY p.line LIMIT 1"
        ).fetchone()
        if lost is not None:
            raise DisqusError(
                f"line {lost[0]}, comment {lost[1]}: its thread {lost[2]} is not in the file"
            )
        self._count_threads()
        rows = self.db.execute(
            "SELECT t.discussion, t.id, t.forum, COALESCE(p.created, t.created), p.id, p.parent,"
            " p.line, p.status, p.name, p.email, p.body, p.html "
            "FROM post p JOIN thread t ON t.id = p.thread "
            "WHERE t.discussion IS NOT NULL AND NOT t.deleted "
            "ORDER BY t.discussion, COALESCE(p.created, t.created), p.id"
        )
        for discussion_id, group in itertools.groupby(rows, key=lambda row: row[0]):
            self._page(discussion_id, list(group))
        self.flush()

    def _count_threads(self) -> None:
        threads = self.report.threads
        for line, label, posts, deleted, why, matched in self.db.execute(
            "SELECT t.line, t.label, COUNT(p.id), t.deleted, t.why, t.discussion IS NOT NULL "
            "FROM thread t LEFT JOIN post p ON p.thread = t.id GROUP BY t.id ORDER BY t.line"
        ):
            if deleted:
                threads["deleted threads"] += 1
                if posts:
                    self.report.skipped["comments on deleted threads"] += posts
                    self.problem(
                        line,
                        label,
                        f"deleted on Disqus; not imported: {_counted('comments', posts)}",
                    )
            elif matched:
                threads["threads matched to pages"] += 1
            elif posts:
                threads["threads that match no page"] += 1
                self.report.skipped["comments on threads that match no page"] += posts
                self.problem(line, label, f"{why}; not imported: {_counted('comments', posts)}")
            else:
                threads["threads without comments that match no page"] += 1

    def _page(self, discussion_id: int, rows: list[tuple[Any, ...]]) -> None:
        entries: dict[int, _Entry] = {}
        for _, thread_id, forum, created, disqus_id, parent_id, line, *rest in rows:
            status, name, email, body, body_html = rest
            entries[disqus_id] = _Entry(
                disqus_id=disqus_id,
                parent_id=parent_id,
                line=line,
                row={
                    "discussion_id": discussion_id,
                    "user_id": None,
                    "author_name": name,
                    "author_email": email,
                    "author_url": "",
                    "body_markdown": body,
                    "body_html": body_html,
                    "status": status,
                    "created_at": datetime.fromisoformat(created) if created else None,
                    "reply_count": 0,
                    "thread_id": thread_id,
                    "forum": forum,
                },
            )
        discussion = (
            Discussion.objects.select_for_update()
            .filter(pk=discussion_id)
            .values("last_number", "created_at")
            .get()
        )
        old_parents = self._old_parents(discussion_id, entries)
        number = discussion["last_number"]
        ordered = list(entries.values())
        for entry in ordered:
            number += 1
            entry.row["number"] = number
            entry.row["created_at"] = entry.row["created_at"] or discussion["created_at"]
        for entry in ordered:
            if not entry.parent_id:
                continue
            if entry.parent_id in entries and entry.parent_id != entry.disqus_id:
                entry.parent_new = entries[entry.parent_id]
            elif entry.parent_id in old_parents:
                entry.parent_old = old_parents[entry.parent_id]
            else:
                self._orphan(entry, "its parent comment is not in the file, or not on this page")
        old_replies: Counter[int] = Counter()
        for entry in ordered:
            self._place(entry)
        for entry, pk in zip(ordered, self._comment_ids.take(len(ordered)), strict=True):
            entry.row["id"] = pk
        for entry in ordered:
            if entry.row["status"] != Status.APPROVED:
                continue
            if entry.parent_new is not None:
                entry.parent_new.row["reply_count"] += 1
            elif entry.parent_old is not None:
                old_replies[entry.parent_old[0]] += 1
        for entry in ordered:
            row = entry.row
            thread_id, forum = row.pop("thread_id"), row.pop("forum")
            row["parent_id"] = (
                entry.parent_new.row["id"]
                if entry.parent_new is not None
                else (entry.parent_old[0] if entry.parent_old is not None else None)
            )
            self._comments.append(row)
            self._keys.append(
                {
                    "disqus_id": entry.disqus_id,
                    "thread_id": thread_id,
                    "forum": forum,
                    "comment_id": row["id"],
                    "imported_at": self.started_at,
                }
            )
        for parent_pk, count in old_replies.items():
            Comment.objects.filter(pk=parent_pk).update(reply_count=F("reply_count") + count)
        approved = sum(1 for e in ordered if e.row["status"] == Status.APPROVED)
        discussions.update_discussions(
            Discussion.objects.filter(pk=discussion_id),
            last_number=number,
            comment_count=F("comment_count") + approved,
        )
        self._recount.add(discussion_id)  # once its comments are written (`flush`)
        self.report.imported["comments"] += len(ordered)
        if len(self._keys) >= 10 * BATCH:
            self.flush()

    def _old_parents(
        self, discussion_id: int, entries: dict[int, _Entry]
    ) -> dict[int, tuple[int, str, int]]:
        """Comments of an earlier import that this page's new comments reply to."""
        wanted = {e.parent_id for e in entries.values() if e.parent_id} - entries.keys()
        if not wanted or not self.had_imports:
            return {}
        return {
            disqus_id: (pk, path, depth)
            for disqus_id, pk, path, depth in DisqusPost.objects.filter(
                disqus_id__in=wanted, comment__discussion_id=discussion_id
            ).values_list("disqus_id", "comment_id", "comment__path", "comment__depth")
        }

    def _orphan(self, entry: _Entry, why: str) -> None:
        self.problem(
            entry.line,
            f"comment {entry.disqus_id}",
            f"{why} (parent {entry.parent_id}): attached at the top level",
        )
        entry.parent_new = entry.parent_old = None

    def _place(self, entry: _Entry) -> None:
        """Sets the comment's path and depth, placing the parents it waits for first."""
        chain = [entry]
        seen = {entry.disqus_id}
        parent = entry.parent_new
        while parent is not None and "path" not in parent.row:
            if parent.disqus_id in seen:
                self._orphan(entry, "its parents form a loop")
                chain = [entry]
                break
            seen.add(parent.disqus_id)
            chain.append(parent)
            parent = parent.parent_new
        for placed in reversed(chain):
            if "path" in placed.row:
                continue
            row = placed.row
            own = f"{row['number']:0{PATH_WIDTH}d}"
            if placed.parent_new is not None:
                parent_path, parent_depth = (
                    placed.parent_new.row["path"],
                    placed.parent_new.row["depth"],
                )
            elif placed.parent_old is not None:
                _, parent_path, parent_depth = placed.parent_old
            else:
                row["path"], row["depth"] = own, 0
                continue
            if parent_depth + 1 > MAX_DEPTH:
                self._orphan(placed, f"the thread is deeper than {MAX_DEPTH} levels")
                row["path"], row["depth"] = own, 0
                continue
            row["path"], row["depth"] = f"{parent_path}.{own}", parent_depth + 1

    def flush(self) -> None:
        """Writes the posts read so far, and counts again the threads of the discussions
        they went into."""
        insert_rows(Comment, self._comments, self._plans)
        self._comments = []
        insert_rows(DisqusPost, self._keys, self._plans)
        self._keys = []
        discussions.recount_threads(*self._recount)
        self._recount = set()


@contextmanager
def _objects_set_aside() -> Iterator[None]:
    """Python's cycle collector, set off every few thousand new objects (an element read),
    would otherwise walk every object Django and the apps already hold, each time: a third
    of the import's time. They are set aside (`gc.freeze`) for the import, and looked at
    again after it; what the import makes is collected as usual, so memory stays flat."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def import_disqus(
    *,
    source: BinaryIO,
    organisation: Organisation | None = None,
    dry_run: bool = False,
    progress: Callable[[Reader, int], None] | None = None,
) -> DisqusReport:
    """Every comment of the Disqus export that is not here yet, onto the page its thread
    was on, in one transaction (rolled back for a dry run); raises DisqusError, having
    changed nothing, when the file cannot be read or a comment cannot be placed."""
    report = DisqusReport(dry_run=dry_run)
    reader = Reader(source)
    with _objects_set_aside(), tempfile.TemporaryDirectory(prefix="parley-disqus-") as scratch:
        importer = _Importer(organisation=organisation, report=report, scratch=Path(scratch))
        try:
            with transaction.atomic():
                for count, node in enumerate(reader.items(), start=1):
                    importer.read(node)
                    if progress is not None:
                        progress(reader, count)
                if not reader.saw_root:
                    raise DisqusError("not a Disqus export: no <disqus> element")
                importer.write()
                if dry_run:
                    transaction.set_rollback(True)
        finally:
            importer.close()
    return report
