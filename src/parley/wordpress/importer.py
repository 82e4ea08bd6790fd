"""Importing a WordPress export: posts, pages, authors and comments, all or nothing.

`import_wxr` is the one writer. It runs in one transaction: if the file turns out to be
unreadable half way through, nothing stays. Every object imported is recorded in
`WordPressItem` with its WordPress id, so a second run of the same file changes nothing
and a newer export adds only what is new. Comments are written in bulk, not through
`post_comment` (an import is not a person posting: no spam rules, rate limits or
notifications), with the same numbering and path rules.
"""

import hashlib
import html
import ipaddress
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from parley.accounts.models import User
from parley.blog.models import Post, Tag
from parley.blog.services import tags_from_names
from parley.discussions import services as discussions
from parley.discussions.models import MAX_DEPTH, PATH_WIDTH, Comment, Discussion, Status
from parley.files import services as files
from parley.markup import COMMENT_TAGS, clean, plain_name, render_document
from parley.organisations.models import Organisation
from parley.wiki.models import Page, Revision, Space
from parley.wiki.render import render_page
from parley.wiki.services import RESERVED_SLUGS, site_space
from parley.wordpress import content, media
from parley.wordpress.exporter import DELETED_BY_AUTHOR, WELSH_BODY, WELSH_TITLE
from parley.wordpress.models import WordPressItem
from parley.wordpress.wxr import Node, Reader

BATCH = 1000
NO_DATE = "0000-00-00 00:00:00"
COMMENT_STATUS = {
    "1": Status.APPROVED,
    "approve": Status.APPROVED,
    "0": Status.PENDING,
    "hold": Status.PENDING,
    "spam": Status.SPAM,
    "trash": Status.REMOVED,
    "post-trashed": Status.REMOVED,
}
MENTION_TYPES = {"pingback", "trackback"}
DEFAULT_CATEGORY = "uncategorized"
UPLOADS = media.UPLOADS
# Items with no wp:post_id are keyed on their guid (else link), as a number above any id
# WordPress hands out, so that importing them again finds them.
KEYED_ID_BASE = 1 << 62
# The everyday e-mail address, a strict subset of what Django's validate_email accepts
# (which costs ten times as much, and is still asked about anything else).
PLAIN_EMAIL = re.compile(
    r"[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,63}\Z",
    re.IGNORECASE,
)
# An http(s) address with a host and no spaces or quotes: what a guest's website field
# holds (it is shown as a link, escaped); Django's URLValidator costs 20 times as much.
_WEB_ADDRESS = re.compile(
    r"""https?://[^\s/?#@"'<>\\]+(?::\d{1,5})?(?:[/?#][^\s"'<>\\]*)?\Z""", re.I
)


@dataclass(frozen=True)
class Problem:
    line: int
    item: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.item}: {self.message}"


@dataclass
class Report:
    """What an import did: counts of what was imported, skipped (and why), and every problem."""

    site: str = ""
    imported: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    # Images and links to files in the old site's uploads folder, left pointing there.
    old_uploads: int = 0
    # With an uploads folder: what was brought from it.
    uploads: "media.Uploads | None" = None

    def problem(self, node: Node, item: str, message: str) -> None:
        self.problems.append(Problem(node.line, item, message))

    def lines(self) -> list[str]:
        out = [
            ("Dry run, nothing saved: " if self.dry_run else "Imported: ") + _counts(self.imported)
        ]
        if self.skipped:
            out.append("Skipped: " + _counts(self.skipped))
        uploads = self.uploads
        if uploads is not None:
            copied = counted("files", uploads.copied)
            out.append(
                f"{'Would copy' if self.dry_run else 'Copied'} {copied} from the uploads folder"
                + (f" ({uploads.already} already here)" if uploads.already else "")
            )
        if self.old_uploads and uploads is not None:
            links = counted("links", self.old_uploads)
            why = []
            if uploads.missing:
                why.append(f"files not in {uploads.root}: {uploads.missing_named()}")
            if uploads.refused:
                why.append(f"{counted('files', len(uploads.refused))} refused, listed below")
            out.append(f"Left pointing at the old site: {links} ({'; '.join(why) or 'see below'})")
        elif self.old_uploads:
            links = counted("links to uploaded files", self.old_uploads)
            out.append(
                f"Left pointing at the old site: {links} ({self.site}{UPLOADS}…); "
                "they work while it does (docs/wordpress.md)"
            )
        if self.problems:
            out.append(f"{counted('problems', len(self.problems))}:")
            out.extend(f"  {p}" for p in sorted(self.problems, key=lambda p: p.line))
        return out


# The singular of each plural the report counts in (its keys are plurals).
_SINGULAR = {
    "new users": "new user",
    "authors": "author",
    "posts": "post",
    "pages": "page",
    "wiki pages": "wiki page",
    "comments": "comment",
    "pingbacks and trackbacks": "pingback or trackback",
    "authors without an e-mail address": "author without an e-mail address",
    "items without an id": "item without an id",
    "items keyed on their guid or link": "item keyed on its guid or link",
    "duplicate items": "duplicate item",
    "items too large": "item too large",
    "unpublished pages": "unpublished page",
    "comments on unpublished pages": "comment on an unpublished page",
    "comments without an id": "comment without an id",
    "duplicate comments": "duplicate comment",
    "comments already imported": "comment already imported",
    "problems": "problem",
    "items": "item",
    "links to uploaded files": "link to an uploaded file",
    "links": "link",
    "files": "file",
}


def counted(what: str, n: int) -> str:
    """ "1 post", "2 posts": `what` is the plural."""
    if n != 1:
        return f"{n} {what}"
    singular = _SINGULAR.get(what)
    if singular is None:  # "<type> items", "<type>s already imported"
        singular = what.replace(" items", " item").replace(
            "s already imported", " already imported"
        )
    return f"1 {singular}"


def _counts(counter: Counter[str]) -> str:
    return ", ".join(counted(what, n) for what, n in counter.items() if n) or "nothing new"


def _wp_id(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


def _date(text: str) -> datetime | None:
    """A WordPress date ("2009-06-02 10:00:00", naive); None when empty or invalid."""
    text = text.strip()
    if len(text) != 19 or text == NO_DATE or text[10] != " ":
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


class _Clock:
    """Turns WordPress dates into aware datetimes: the GMT date when there is one, else the
    local date shifted by the site's offset (learned from items that carry both)."""

    def __init__(self) -> None:
        self.offset: timedelta | None = None

    def when(self, gmt_text: str, local_text: str) -> tuple[datetime | None, str]:
        gmt, local = _date(gmt_text), _date(local_text)
        if gmt is not None and local is not None:
            self.offset = timedelta(minutes=round((local - gmt).total_seconds() / 900) * 15)
        if gmt is not None:
            return gmt.replace(tzinfo=UTC), ""
        if local is not None:
            if self.offset is not None:
                return (local - self.offset).replace(tzinfo=UTC), ""
            return timezone.make_aware(local, timezone.get_default_timezone()), ""
        bad = [t.strip() for t in (gmt_text, local_text) if t.strip() and t.strip() != NO_DATE]
        return None, (f"invalid date ‘{bad[0][:40]}’" if bad else "")


@dataclass(slots=True)
class _Row:
    """A comment to be inserted: the columns that vary, the rest take the model defaults."""

    discussion_id: int
    user_id: int | None
    author_name: str
    author_email: str
    author_url: str
    body: str
    body_html: str
    status: str
    created_at: datetime
    deleted_at: datetime | None = None
    number: int = 0
    path: str = ""
    depth: int = 0
    reply_count: int = 0
    pk: int = 0


@dataclass
class _NewComment:
    node: Node
    wp_id: int
    parent_wp_id: int
    created_at: datetime
    comment: _Row
    comment_type: str
    extra: dict[str, object]
    parent_new: "_NewComment | None" = None
    parent_old: Comment | None = None


def _same(value: Any) -> Any:
    return value


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


_Plan = tuple[str, list[tuple[str, Callable[[Any], Any] | None, Any]]]


def _insert_plan(model: type[models.Model], named: tuple[str, ...]) -> _Plan:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.attname in named]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    table = quote(model._meta.db_table)
    # Table and column names come from the model and are quoted; values are parameters.
    if connection.vendor == "postgresql":
        sql = f"COPY {table} ({columns}) FROM STDIN"
    else:
        sql = (
            f"INSERT INTO {table} ({columns}) "  # noqa: S608  # nosec B608
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )

    def prepare(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
        if isinstance(field, models.DateTimeField) and connection.vendor != "postgresql":
            return connection.ops.adapt_datetimefield_value
        if isinstance(field, models.JSONField):
            if connection.vendor == "postgresql":
                return _json_text  # COPY reads jsonb from its text
            return lambda value: field.get_db_prep_save(value, connection)
        return _same

    # (column named by the rows, how to prepare it) or ("", None, default for every row)
    plan: list[tuple[str, Callable[[Any], Any] | None, Any]] = [
        (f.attname, prepare(f), None)
        if f.attname in named
        else ("", None, f.get_db_prep_save(f.get_default(), connection))
        for f in fields
    ]
    return sql, plan


def insert_rows(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    plans: dict[tuple[object, ...], _Plan] | None = None,
) -> None:
    """What bulk_create does, without building model instances (several times faster for
    a hundred thousand comments): `COPY` on PostgreSQL, else one `executemany` per
    thousand rows. Columns a row does not name take the model field's default (worked
    out once per `plans` cache: one import); a row names its primary key or gets none
    back."""
    if not rows:
        return
    named = tuple(rows[0])
    key = (model, named, connection.vendor)
    found = plans.get(key) if plans is not None else None
    if found is None:
        found = _insert_plan(model, named)
        if plans is not None:
            plans[key] = found
    sql, plan = found
    if all(prep is None or prep is _same for _, prep, _ in plan):
        # Nothing to adapt (PostgreSQL takes datetimes as they are): just pick the values.
        picks = [(name, default) for name, _, default in plan]
        params = [[row[name] if name else default for name, default in picks] for row in rows]
    else:
        params = [
            [prep(row[name]) if prep is not None else default for name, prep, default in plan]
            for row in rows
        ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(sql) as copy:
                for values in params:
                    copy.write_row(values)
            return
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])


class Ids:
    """Primary keys handed out before the rows are written, so that a reply can name its
    parent in the same insert (no read back, no second pass of updates)."""

    def __init__(self, model: type[models.Model]) -> None:
        self.table = model._meta.db_table
        self.next = 0
        self.reserved: list[int] = []

    def take(self, count: int) -> list[int]:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                if len(self.reserved) < count:
                    # From the table's own sequence, a block at a time: numbers taken and
                    # not used are gaps, as after any rolled-back insert.
                    cursor.execute(
                        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                        "FROM generate_series(1, %s)",
                        [connection.ops.quote_name(self.table), max(count, BATCH)],
                    )
                    self.reserved += [row[0] for row in cursor.fetchall()]
                taken, self.reserved = self.reserved[:count], self.reserved[count:]
                return taken
            if not self.next:
                # SQLite lets one transaction write at a time, and ours are IMMEDIATE
                # (settings): this one has held the lock since it began, so nobody else
                # can take these numbers before it commits.
                quoted = connection.ops.quote_name(self.table)
                cursor.execute(
                    f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"  # noqa: S608  # nosec B608
                    f" COALESCE((SELECT MAX(id) FROM {quoted}), 0))",
                    [self.table],
                )
                self.next = cursor.fetchone()[0] + 1
        first, self.next = self.next, self.next + count
        return list(range(first, self.next))


class _Importer:
    def __init__(
        self, *, organisation: Organisation, report: Report, uploads: Path | None = None
    ) -> None:
        self.organisation = organisation
        self.report = report
        self.uploads_root = uploads
        self.uploads: media.Uploads | None = None
        self.clock = _Clock()
        self.site = ""
        self.users_by_login: dict[str, User] = {}
        self.users_by_id: dict[int, User] = {}
        self.seen_items: set[int] = set()
        self.seen_comments: set[int] = set()
        self.known: dict[int, WordPressItem] = {}
        self._space: Space | None = None
        self._tags: dict[str, Tag] = {}
        self._emails: dict[str, bool] = {}
        self._plans: dict[tuple[object, ...], _Plan] = {}
        self._comment_ids = Ids(Comment)
        self._items: list[dict[str, Any]] = []
        self._recount: set[int] = set()  # discussions whose threads to count at `flush`
        self._comments_to_write: list[dict[str, Any]] = []
        self.started_at = timezone.now()
        self.site_had_comments = False

    def start(self, reader: Reader) -> None:
        self.site = reader.channel.site
        self.report.site = self.site
        if self.uploads_root is not None:
            self.uploads = media.Uploads(
                root=self.uploads_root,
                organisation=self.organisation,
                site=self.site,
                store=not self.report.dry_run,
            )
            self.report.uploads = self.uploads
        self.known = {
            item.wp_id: item
            for item in WordPressItem.objects.filter(
                site=self.site, kind__in=[WordPressItem.Kind.POST, WordPressItem.Kind.PAGE]
            ).select_related("post__discussion", "page__discussion")
        }
        if connection.vendor == "postgresql":
            # Fresh statistics, so that looking up a hundred comment ids uses the index
            # rather than reading every row of the site (after a large earlier import the
            # table may not have been analysed yet).
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(WordPressItem._meta.db_table)}")
        self.site_had_comments = WordPressItem.objects.filter(
            site=self.site, kind=WordPressItem.Kind.COMMENT
        ).exists()
        for node in reader.channel.authors:
            self._author(node)

    # authors

    def _author(self, node: Node) -> None:
        login = node.value("wp:author_login").strip()
        email = node.value("wp:author_email").strip()
        name = plain_name(html.unescape(node.value("wp:author_display_name")))[:100] or login
        wp_id = _wp_id(node.value("wp:author_id"))
        label = f"author ‘{login}’"
        try:
            validate_email(email)
        except ValidationError:
            self.report.problem(
                node, label, "no valid e-mail address: their posts are imported without an author"
            )
            self.report.skipped["authors without an e-mail address"] += 1
            return
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None, display_name=name)
            self.report.imported["new users"] += 1
        if (
            wp_id is not None
            and not WordPressItem.objects.filter(
                site=self.site, kind=WordPressItem.Kind.AUTHOR, wp_id=wp_id
            ).exists()
        ):
            WordPressItem.objects.create(
                site=self.site, kind=WordPressItem.Kind.AUTHOR, wp_id=wp_id, user=user
            )
        self.users_by_login[login] = user
        if wp_id is not None:
            self.users_by_id[wp_id] = user

    # items

    def item(self, node: Node) -> None:
        wp_id = _wp_id(node.value("wp:post_id"))
        title = html.unescape(node.value("title")).strip()
        label = f"item {node.value('wp:post_id').strip()[:20] or '?'} ‘{title[:60]}’"
        if node.refused:
            self.report.problem(
                node, label, f"{node.refused} (see docs/wordpress.md): skipped, with its comments"
            )
            self.report.skipped["items too large"] += 1
            return
        keyed = ""
        if wp_id is None:
            key = node.value("guid").strip() or node.value("link").strip()
            if not key:
                self.report.problem(node, label, "no numeric wp:post_id, guid or link: skipped")
                self.report.skipped["items without an id"] += 1
                return
            # WordPress imports these (older and hand-made exports): so do we, keyed on
            # what names them, so that a second import finds them.
            digest = hashlib.sha256(key.encode()).digest()
            wp_id, keyed = KEYED_ID_BASE + int.from_bytes(digest[:8]) % KEYED_ID_BASE, key
        if wp_id in self.seen_items:
            self.report.problem(
                node, label, "the same wp:post_id appears earlier in the file: skipped"
            )
            self.report.skipped["duplicate items"] += 1
            return
        self.seen_items.add(wp_id)
        post_type = node.value("wp:post_type").strip()
        if not post_type:
            self.report.problem(node, label, "no wp:post_type: read as a post")
            post_type = "post"
        if post_type == "attachment" and self.uploads is not None:
            self._attachment(node, label)
            return
        if post_type not in ("post", "page"):
            self.report.skipped[f"{post_type} items"] += 1
            return
        known = self.known.get(wp_id)
        if known is not None:
            self.report.skipped[f"{post_type}s already imported"] += 1
            discussion = known.post.discussion if known.post else known.page.discussion  # type: ignore[union-attr]
        elif post_type == "post":
            discussion = self._post(node, wp_id, title, label)
        else:
            found = self._page(node, wp_id, title, label)
            if found is None:
                return
            discussion = found
        if keyed and known is None:
            self.report.problem(
                node, label, f"no numeric wp:post_id: imported, keyed on ‘{keyed[:80]}’"
            )
            self.report.imported["items keyed on their guid or link"] += 1
        self._comments(node, wp_id, discussion, new_discussion=known is None)

    def _permalink(self, node: Node) -> str:
        link = urlsplit(node.value("link").strip())
        path = unquote(link.path) or "/"
        if link.query.startswith(("p=", "page_id=")):
            return ""  # plain permalinks are redirected by id
        return path if path.endswith("/") else path + "/"

    def _post(self, node: Node, wp_id: int, title: str, label: str) -> Discussion:
        when, date_problem = self.clock.when(
            node.value("wp:post_date_gmt"), node.value("wp:post_date")
        )
        if date_problem:
            self.report.problem(node, label, date_problem)
        wp_status = node.value("wp:status").strip()
        status = Post.Status.DRAFT
        if node.value("wp:post_password"):
            self.report.problem(node, label, "password-protected: imported as an unpublished draft")
        elif wp_status == "publish" and when is not None:
            status = Post.Status.PUBLISHED if when <= timezone.now() else Post.Status.SCHEDULED
        elif wp_status == "future" and when is not None:
            status = Post.Status.SCHEDULED
        elif wp_status == "publish" and not date_problem:
            # As WordPress's importer does: published, dated now.
            when, status = self.started_at, Post.Status.PUBLISHED
            self.report.problem(node, label, "published with no date: dated at import")
        elif wp_status in ("publish", "future"):
            self.report.problem(node, label, "no valid date: imported as an unpublished draft")
        elif wp_status in ("private", "trash"):
            self.report.problem(node, label, f"{wp_status}: imported as an unpublished draft")
        elif wp_status not in ("draft", "pending", "auto-draft", "inherit"):
            self.report.problem(
                node, label, f"status ‘{wp_status[:20]}’: imported as an unpublished draft"
            )
        written = when
        if status == Post.Status.DRAFT and _date(node.value("wp:post_date_gmt")) is None:
            # WordPress's draft with no GMT date: its date floats until it is published.
            when = None
        title = title[:200] or f"Untitled ({wp_id})"
        slug = self._slug(node.value("wp:post_name"), title, wp_id)
        body, body_html = content.document(
            self._with_media(node.value("content:encoded"), node, label)
        )
        self._count_old_uploads(body_html)
        meta = {m.value("wp:meta_key"): m.value("wp:meta_value") for m in node.all("wp:postmeta")}
        body_cy = self._with_media(meta.get(WELSH_BODY, ""), node, label)
        post = Post(
            title=title,
            slug=slug,
            body_markdown=body,
            body_html=body_html,
            title_cy=meta.get(WELSH_TITLE, "")[:200],
            body_markdown_cy=body_cy,
            body_html_cy=render_document(body_cy) if body_cy else "",
            author=self.users_by_login.get(node.value("dc:creator").strip()),
            organisation=self.organisation,
            status=status,
            published_at=when,
            created_at=written or timezone.now(),
            updated_at=written or timezone.now(),
        )
        post.discussion = discussions.create_discussion(
            kind=Discussion.Kind.POST,
            title=title,
            url=post.get_absolute_url(),
            organisation=self.organisation,
            is_open=node.value("wp:comment_status").strip() != "closed",
        )
        post.save()
        names = [
            html.unescape(c.text)
            for c in node.all("category")
            if c.attrs.get("domain", "category") in ("category", "post_tag")
            # WordPress files every post with no category under its default one: not a tag.
            and not (
                c.attrs.get("domain", "category") == "category"
                and c.attrs.get("nicename", "").strip().lower() == DEFAULT_CATEGORY
            )
        ]
        tags = {tag.pk: tag for tag in self._tags_named(names)}
        Post.tags.through.objects.bulk_create(
            Post.tags.through(post_id=post.pk, tag_id=tag_pk) for tag_pk in tags
        )
        self.report.imported["posts"] += 1
        WordPressItem.objects.create(
            site=self.site,
            kind=WordPressItem.Kind.POST,
            wp_id=wp_id,
            post=post,
            permalink=self._permalink(node),
            extra={"excerpt": node.value("excerpt:encoded")}
            if node.value("excerpt:encoded")
            else {},
        )
        return post.discussion

    def _with_media(self, text: str, node: Node, label: str) -> str:
        """`text` with its links to files in the uploads folder pointing at their copies
        (when there is an uploads folder); a file refused is reported with the item."""
        if self.uploads is None:
            return text
        text, refused = self.uploads.rewrite(text)
        for path, why in refused.items():
            self.report.problem(
                node,
                label,
                f"‘{path[:120]}’ not copied: {why}; its links still point at the old site",
            )
        return text

    def _attachment(self, node: Node, label: str) -> None:
        """An uploaded file the export lists: copied with its title and alt text."""
        assert self.uploads is not None
        meta = {m.value("wp:meta_key"): m.value("wp:meta_value") for m in node.all("wp:postmeta")}
        path = media.attached_path(
            meta.get("_wp_attached_file", ""), node.value("wp:attachment_url")
        )
        if not path:
            self.report.problem(node, label, "an attachment that names no file: skipped")
            self.report.skipped["attachment items"] += 1
            return
        title = html.unescape(node.value("title")).strip()
        alt_text = meta.get("_wp_attachment_image_alt", "").strip()
        address, problem = self.uploads.bring(path, title=title, alt_text=alt_text)
        if problem:
            self.report.problem(node, label, f"‘{path[:120]}’ not copied: {problem}")
        elif address is None:
            self.report.problem(node, label, f"‘{path[:120]}’ is not in the uploads folder")

    def _count_old_uploads(self, body_html: str) -> None:
        if UPLOADS in body_html and self.site:
            self.report.old_uploads += len(
                re.findall(r"""(?:src|href)=["']""" + re.escape(self.site + UPLOADS), body_html)
            )

    def _tags_named(self, names: list[str]) -> list[Tag]:
        """Tags by name, each looked up (or made) once per import."""
        found: list[Tag] = []
        for name in names:
            if name not in self._tags:
                made = tags_from_names([name])
                if not made:
                    continue  # nothing a slug can be made of
                self._tags[name] = made[0]
            found.append(self._tags[name])
        return found

    def _slug(self, post_name: str, title: str, wp_id: int) -> str:
        base = (slugify(unquote(post_name)) or slugify(title))[:180] or f"post-{wp_id}"
        slug, n = base, 2
        while Post.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug

    def _page(self, node: Node, wp_id: int, title: str, label: str) -> Discussion | None:
        if node.value("wp:status").strip() != "publish" or node.value("wp:post_password"):
            # The wiki has no drafts: a page whose text was never public stays out of it,
            # and so do its comments (they were never public either).
            comments = len(node.all("wp:comment"))
            self.report.problem(
                node,
                label,
                "an unpublished or password-protected page: skipped"
                + (f", with its {counted('comments', comments)}" if comments else ""),
            )
            self.report.skipped["unpublished pages"] += 1
            self.report.skipped["comments on unpublished pages"] += comments
            return None
        if self._space is None:
            self._space = site_space()
        space = self._space
        when, date_problem = self.clock.when(
            node.value("wp:post_date_gmt"), node.value("wp:post_date")
        )
        if date_problem:
            self.report.problem(node, label, date_problem)
        title = title[:200] or f"Untitled ({wp_id})"
        base = (slugify(unquote(node.value("wp:post_name"))) or slugify(title))[
            :180
        ] or f"page-{wp_id}"
        slug, n = base, 2
        while slug in RESERVED_SLUGS or Page.objects.filter(space=space, slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        body, body_html = content.document(
            self._with_media(node.value("content:encoded"), node, label)
        )
        self._count_old_uploads(body_html)
        rendered = render_page(body, space_slug=space.slug, existing_slugs=())
        author = self.users_by_login.get(node.value("dc:creator").strip())
        page = Page.objects.create(
            space=space,
            title=title,
            slug=slug,
            body_markdown=body,
            body_html=rendered.html,
            toc=rendered.toc,
            revision_number=1,
            discussion=discussions.create_discussion(
                kind=Discussion.Kind.WIKI,
                title=title,
                url=f"/wiki/{space.slug}/{slug}/",
                organisation=space.organisation,
                is_open=node.value("wp:comment_status").strip() != "closed",
            ),
            created_at=when or timezone.now(),
            updated_at=when or timezone.now(),
        )
        Revision.objects.create(
            page=page,
            number=1,
            title=title,
            body_markdown=body,
            author=author,
            message="Imported from WordPress",
            created_at=page.created_at,
        )
        WordPressItem.objects.create(
            site=self.site,
            kind=WordPressItem.Kind.PAGE,
            wp_id=wp_id,
            page=page,
            permalink=self._permalink(node),
        )
        self.report.imported["wiki pages"] += 1
        return page.discussion

    # comments

    def _comments(
        self, item: Node, item_id: int, discussion: Discussion, *, new_discussion: bool
    ) -> None:
        nodes = item.all("wp:comment")
        if not nodes:
            return
        ids = [i for i in (_wp_id(n.value("wp:comment_id")) for n in nodes) if i is not None]
        parent_ids = [i for i in (_wp_id(n.value("wp:comment_parent")) for n in nodes) if i]
        existing: dict[int, int] = {}
        if self.site_had_comments:  # else nothing of this site's can be here already
            existing = dict(
                WordPressItem.objects.filter(
                    site=self.site,
                    kind=WordPressItem.Kind.COMMENT,
                    wp_id__in=set(ids) | set(parent_ids),
                ).values_list("wp_id", "comment_id")
            )
        old_parent_pks = [existing[i] for i in parent_ids if i in existing]
        old_parents = (
            {
                c.pk: c
                for c in Comment.objects.filter(pk__in=old_parent_pks, discussion=discussion).only(
                    "pk", "path", "depth", "number", "status"
                )
            }
            if old_parent_pks
            else {}
        )
        new: dict[int, _NewComment] = {}
        for node in nodes:
            made = self._comment(node, item_id, discussion, existing)
            if made is not None:
                new[made.wp_id] = made
        if not new:
            return
        # Threading: a parent is an earlier import's comment or one of this run's.
        for entry in new.values():
            if not entry.parent_wp_id:
                continue
            if entry.parent_wp_id in new and entry.parent_wp_id != entry.wp_id:
                entry.parent_new = new[entry.parent_wp_id]
            elif entry.parent_wp_id in existing and existing[entry.parent_wp_id] in old_parents:
                entry.parent_old = old_parents[existing[entry.parent_wp_id]]
            else:
                self._orphan(entry, item_id, "its parent comment is not in the file")
        self._break_cycles(new, item_id)
        number = 0  # a discussion made in this run has none yet
        if not new_discussion:
            number = (
                Discussion.objects.select_for_update()
                .values_list("last_number", flat=True)
                .get(pk=discussion.pk)
            )
        ordered = sorted(new.values(), key=lambda e: (e.created_at, e.wp_id))
        for entry in ordered:
            number += 1
            entry.comment.number = number
        for entry in ordered:
            self._place(entry, item_id)
        for entry in sorted(ordered, key=lambda e: e.comment.path):  # parents first
            self._hide_with_parent(entry, item_id)
        replies: Counter[int] = Counter()
        for entry in ordered:
            if entry.comment.status == Status.APPROVED and entry.comment.deleted_at is None:
                if entry.parent_new is not None:
                    entry.parent_new.comment.reply_count += 1
                elif entry.parent_old is not None:
                    replies[entry.parent_old.pk] += 1
        self._insert(discussion, ordered)
        for parent_pk, count in replies.items():
            Comment.objects.filter(pk=parent_pk).update(reply_count=F("reply_count") + count)
        shown = [e for e in ordered if e.comment.deleted_at is None]
        approved = sum(1 for e in shown if e.comment.status == Status.APPROVED)
        discussions.update_discussions(
            Discussion.objects.filter(pk=discussion.pk),
            last_number=number,
            comment_count=F("comment_count") + approved,
        )
        self._recount.add(discussion.pk)  # once its comments are written (`flush`)
        mentions = sum(1 for e in ordered if e.comment_type)
        self.report.imported["comments"] += len(ordered) - mentions
        self.report.imported["pingbacks and trackbacks"] += mentions

    def _insert(self, discussion: Discussion, ordered: list[_NewComment]) -> None:
        """The comments, each naming its parent, and their WordPress ids, written in large
        batches (`flush`): one `COPY` of ten thousand rows lets PostgreSQL store the rows
        while this process reads on, where a hundred rows at a time would keep it waiting."""
        for entry, pk in zip(ordered, self._comment_ids.take(len(ordered)), strict=True):
            entry.comment.pk = pk
        self._comments_to_write.extend(
            [
                {
                    "id": e.comment.pk,
                    "discussion_id": discussion.pk,
                    "number": e.comment.number,
                    "parent_id": e.parent_new.comment.pk
                    if e.parent_new is not None
                    else (e.parent_old.pk if e.parent_old is not None else None),
                    "depth": e.comment.depth,
                    "path": e.comment.path,
                    "user_id": e.comment.user_id,
                    "author_name": e.comment.author_name,
                    "author_email": e.comment.author_email,
                    "author_url": e.comment.author_url,
                    "body_markdown": e.comment.body,
                    "body_html": e.comment.body_html,
                    "status": e.comment.status,
                    "created_at": e.comment.created_at,
                    "deleted_at": e.comment.deleted_at,
                    "reply_count": e.comment.reply_count,
                }
                for e in ordered
            ]
        )
        self._items.extend(
            {
                "site": self.site,
                "kind": WordPressItem.Kind.COMMENT,
                "wp_id": e.wp_id,
                "comment_type": e.comment_type,
                "extra": e.extra,
                "comment_id": e.comment.pk,
                "imported_at": self.started_at,
            }
            for e in ordered
        )
        if len(self._items) >= 10 * BATCH:
            self.flush()

    def flush(self) -> None:
        """Writes the comments and the WordPress ids of the comments imported so far, and
        counts again the threads of the discussions they went into."""
        insert_rows(Comment, self._comments_to_write, self._plans)
        self._comments_to_write = []
        insert_rows(WordPressItem, self._items, self._plans)
        self._items = []
        discussions.recount_threads(*self._recount)
        self._recount = set()

    def _valid_email(self, email: str) -> bool:
        if len(email) <= 254 and PLAIN_EMAIL.match(email):
            return True
        # People comment many times: each address is checked once.
        valid = self._emails.get(email)
        if valid is None:
            try:
                validate_email(email)
                valid = True
            except ValidationError:
                valid = False
            self._emails[email] = valid
        return valid

    def _hide_with_parent(self, entry: _NewComment, item_id: int) -> None:
        """An approved reply to a comment that is not shown (awaiting moderation, spam,
        removed) is held with it: shown alone, it would read as a reply to the comment
        above it, in another thread."""
        if entry.comment.status != Status.APPROVED:
            return
        if entry.parent_new is not None:
            parent_status = entry.parent_new.comment.status
        elif entry.parent_old is not None:
            parent_status = entry.parent_old.status
        else:
            return
        if parent_status != Status.APPROVED:
            entry.comment.status = Status.PENDING
            self.report.problem(
                entry.node,
                f"comment {entry.wp_id} of item {item_id}",
                f"approved, but its parent {entry.parent_wp_id} is not shown: held for "
                "moderation with it, under it",
            )

    def _orphan(self, entry: _NewComment, item_id: int, why: str) -> None:
        entry.parent_new = entry.parent_old = None
        self.report.problem(
            entry.node,
            f"comment {entry.wp_id} of item {item_id}",
            f"{why} (parent {entry.parent_wp_id}): attached at the top level",
        )

    def _break_cycles(self, new: dict[int, _NewComment], item_id: int) -> None:
        for entry in new.values():
            seen = {entry.wp_id}
            parent = entry.parent_new
            while parent is not None:
                if parent.wp_id in seen:
                    self._orphan(entry, item_id, "its parents form a loop")
                    break
                seen.add(parent.wp_id)
                parent = parent.parent_new

    def _place(self, entry: _NewComment, item_id: int) -> int:
        """Sets the comment's depth and path (its parent is placed first); returns the depth."""
        comment = entry.comment
        if comment.path:
            return comment.depth
        own = f"{comment.number:0{PATH_WIDTH}d}"
        if entry.parent_new is not None:
            self._place(entry.parent_new, item_id)
            parent_path, parent_depth = (
                entry.parent_new.comment.path,
                entry.parent_new.comment.depth,
            )
        elif entry.parent_old is not None:
            parent_path, parent_depth = entry.parent_old.path, entry.parent_old.depth
        else:
            comment.path, comment.depth = own, 0
            return 0
        if parent_depth + 1 > MAX_DEPTH:
            self._orphan(entry, item_id, f"the thread is deeper than {MAX_DEPTH} levels")
            comment.path, comment.depth = own, 0
            return 0
        comment.path, comment.depth = f"{parent_path}.{own}", parent_depth + 1
        return comment.depth

    def _comment(
        self, node: Node, item_id: int, discussion: Discussion, existing: dict[int, int]
    ) -> _NewComment | None:
        raw_id = node.value("wp:comment_id").strip()
        label = f"comment {raw_id[:20] or '?'} of item {item_id}"
        wp_id = _wp_id(raw_id)
        if wp_id is None:
            self.report.problem(node, label, "no numeric wp:comment_id: skipped")
            self.report.skipped["comments without an id"] += 1
            return None
        if wp_id in self.seen_comments:
            self.report.problem(
                node, label, "the same wp:comment_id appears earlier in the file: skipped"
            )
            self.report.skipped["duplicate comments"] += 1
            return None
        self.seen_comments.add(wp_id)
        if wp_id in existing:
            self.report.skipped["comments already imported"] += 1
            return None
        created_at, date_problem = self.clock.when(
            node.value("wp:comment_date_gmt"), node.value("wp:comment_date")
        )
        if created_at is None:
            created_at = discussion.created_at
            self.report.problem(node, label, (date_problem or "no date") + ": dated with its post")
        approved = node.value("wp:comment_approved").strip()
        status = COMMENT_STATUS.get(approved)
        if status is None:
            status = Status.PENDING
            what = f"approval ‘{approved[:20]}’" if approved else "an empty approval field"
            self.report.problem(node, label, f"{what}: held for moderation")
        kind = node.value("wp:comment_type").strip()
        kind = kind if kind in MENTION_TYPES else ""
        name = plain_name(html.unescape(node.value("wp:comment_author")))[:80]
        email = node.value("wp:comment_author_email").strip()
        if email and not self._valid_email(email):
            self.report.problem(node, label, "the author's e-mail address is not valid: left out")
            email = ""
        url = node.value("wp:comment_author_url").strip()
        if url in ("http://", "https://"):  # WordPress's empty web address field
            url = ""
        elif url and (len(url) > 200 or not _WEB_ADDRESS.match(url)):
            self.report.problem(node, label, "the author's web address is not valid: left out")
            url = ""
        text = node.value("wp:comment_content")
        extra: dict[str, object] = {}
        if kind:
            site = name or urlsplit(url).hostname or "another site"
            link = (
                f'<a href="{html.escape(url)}">{html.escape(site)}</a>'
                if url
                else html.escape(site)
            )
            body, body_html = content.comment_from_html(
                clean(f"<p>Mentioned on {link}</p>", tags=COMMENT_TAGS)
            )
            extra["content"] = text
        else:
            body, body_html = content.comment(text)
        meta = [
            [m.value("wp:meta_key"), m.value("wp:meta_value")] for m in node.all("wp:commentmeta")
        ]
        if meta:
            extra["meta"] = meta  # opaque text: PHP-serialised values are never unserialised
        deleted_at = None
        if [DELETED_BY_AUTHOR, "1"] in meta:  # an export of ours: the author's own deletion
            deleted_at, body, body_html = created_at, "", ""
            meta.remove([DELETED_BY_AUTHOR, "1"])
            if not meta:
                extra.pop("meta")
        user_id = _wp_id(node.value("wp:comment_user_id"))
        user = self.users_by_id.get(user_id) if user_id else None
        ip = node.value("wp:comment_author_IP").strip()
        if ip:
            try:
                ipaddress.ip_address(ip)
            except ValueError:
                ip = ""
        row = _Row(
            discussion_id=discussion.pk,
            user_id=user.pk if user else None,
            author_name="" if user else (name or "Anonymous"),
            author_email=email,
            author_url="" if user else url,
            body=body,
            body_html=body_html,
            status=status,
            created_at=created_at,
            deleted_at=deleted_at,
        )
        return _NewComment(
            node=node,
            wp_id=wp_id,
            parent_wp_id=_wp_id(node.value("wp:comment_parent")) or 0,
            created_at=created_at,
            comment=row,
            comment_type=kind,
            extra=extra,
        )


def import_wxr(
    *,
    source: BinaryIO,
    organisation: Organisation,
    dry_run: bool = False,
    total_bytes: int = 0,
    progress: Callable[[Reader, int], None] | None = None,
    uploads: Path | None = None,
) -> Report:
    """Everything in the export that is not here yet, in one transaction (rolled back for a
    dry run); raises WXRError, having changed nothing, when the file cannot be read. With
    `uploads` (a copy of the site's wp-content/uploads), the files it lists and its content
    links to are copied into the media and the links rewritten; the files written are
    removed again if the import fails."""
    report = Report(dry_run=dry_run)
    reader = Reader(source, total_bytes=total_bytes)
    importer = _Importer(organisation=organisation, report=report, uploads=uploads)
    try:
        _run(importer, reader, dry_run=dry_run, progress=progress)
    except BaseException:
        if importer.uploads is not None:
            files.discard_stored(importer.uploads.written)
        raise
    return report


def _run(
    importer: _Importer,
    reader: Reader,
    *,
    dry_run: bool,
    progress: Callable[[Reader, int], None] | None,
) -> None:
    with transaction.atomic():
        started = False
        for count, node in enumerate(reader.items(), start=1):
            if not started:
                importer.start(reader)
                started = True
            importer.item(node)
            if progress is not None:
                progress(reader, count)
        if not started:
            importer.start(reader)
        importer.flush()
        if dry_run:
            transaction.set_rollback(True)
