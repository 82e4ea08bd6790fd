"""Writing a WordPress eXtended RSS (WXR 1.2) export that WordPress's own importer reads.

Posts, wiki pages (as WordPress pages), their comments with threading and status, the
people who wrote them (without their e-mail addresses unless asked), and tags. Written as
a stream, a discussion at a time, so memory stays flat whatever the size of the site.
Ids: a post keeps its own id, a wiki page is `PAGE_ID_BASE` + its id (WordPress keeps
posts and pages in one table), a comment keeps its own id; so exporting twice gives the
same ids, and re-importing adds nothing."""

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol
from xml.sax.saxutils import escape, quoteattr  # nosec B406: only escapes text we write, parses nothing

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment, Discussion, Status
from parley.organisations.models import Organisation
from parley.wiki.models import Page, Revision
from parley.wordpress.models import WordPressItem

PAGE_ID_BASE = 1_000_000_000
# WordPress's importer inserts a post's comments in id order and keeps a reply's parent
# only if the parent is already in: a reply whose id is below its parent's gets this added
# (as often as needed) so that it sorts after it. Unique and the same on every export.
REPLY_ID_STEP = 1_000_000_000_000
# Post meta for what WordPress has no field for; `import-wordpress` reads it back.
WELSH_TITLE, WELSH_BODY = "parley_title_cy", "parley_body_cy"
DELETED_BY_AUTHOR = "parley_deleted_by_author"
DELETED_TEXT = "<p>This comment was deleted by its author.</p>"


class Writable(Protocol):
    def write(self, text: str, /) -> object: ...


COMMENT_APPROVED: dict[str, str] = {
    Status.APPROVED: "1",
    Status.PENDING: "0",
    Status.SPAM: "spam",
    Status.REMOVED: "trash",
}
POST_STATUS: dict[str, str] = {
    Post.Status.PUBLISHED: "publish",
    Post.Status.SCHEDULED: "future",
    Post.Status.DRAFT: "draft",
}
# Characters XML 1.0 cannot carry at all, even in CDATA.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_PRE = re.compile(r"(<pre\b.*?</pre\s*>)", re.IGNORECASE | re.DOTALL)
_NEWLINE = re.compile(r"(<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>)?\n")
_BLOCK_TAGS = {
    "p", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table",
    "thead", "tbody", "tfoot", "tr", "td", "th", "hr", "div", "figure", "figcaption", "pre",
}  # fmt: skip
_SITE_RELATIVE = re.compile(r"""(\s(?:href|src)=["'])/(?![/\\])""")
_MENTION = re.compile(r"""(\shref=["'])#comment-(\d+)(["'])""")  # as mentions were written
_PERMALINK = re.compile(r"""(\shref=["'])/c/(\d+)(["'])""")  # a mention now: `/c/<comment id>`


def _line(match: re.Match[str]) -> str:
    tag = (match.group(3) or "").lower()
    if tag == "br":
        return "<br />\n"  # wpautop adds no second break after `<br />`
    if tag in _BLOCK_TAGS:
        return match.group(0)
    return (match.group(1) or "") + " "


def for_wordpress(
    body_html: str,
    *,
    site: str,
    anchors: dict[int, int] | None = None,
    exported_ids: dict[int, int] | None = None,
) -> str:
    """Our HTML as WordPress will show it as written: its `wpautop` makes every newline
    inside a paragraph a line break, so Markdown's soft breaks become spaces (not inside
    <pre>); a mention of a comment in the same discussion becomes `#comment-<the exported
    id>`, whether written as its permalink `/c/<id>` (`exported_ids`, by comment id) or, as
    older mentions were, `#comment-<number>` (`anchors`, by number); other links to our own
    pages become absolute (they would 404 on WordPress)."""
    parts = _PRE.split(body_html)
    for index in range(0, len(parts), 2):
        parts[index] = _NEWLINE.sub(_line, parts[index])
    text = "".join(parts)
    if anchors:

        def mention(match: re.Match[str]) -> str:
            exported = anchors.get(int(match.group(2)), match.group(2))
            return f"{match.group(1)}#comment-{exported}{match.group(3)}"

        text = _MENTION.sub(mention, text)
    if exported_ids:

        def permalink(match: re.Match[str]) -> str:
            exported = exported_ids.get(int(match.group(2)))
            if exported is None:  # another discussion's comment: a link to our site
                return match.group(0)
            return f"{match.group(1)}#comment-{exported}{match.group(3)}"

        text = _PERMALINK.sub(permalink, text)
    return _SITE_RELATIVE.sub(lambda m: m.group(1) + site + "/", text)


def reply_ids(rows: list[tuple[int, int | None]]) -> dict[int, int]:
    """The id each comment (pk, parent pk), parents first, is exported under: its own pk,
    plus `REPLY_ID_STEP` as often as it takes to sort after its parent's."""
    ids: dict[int, int] = {}
    for pk, parent in rows:
        exported = pk
        above = ids.get(parent, 0) if parent else 0
        while exported <= above:
            exported += REPLY_ID_STEP
        ids[pk] = exported
    return ids


def cdata(text: str) -> str:
    text = _NOT_XML.sub("", text)
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _text(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def _dates(when: datetime | None) -> tuple[str, str]:
    if when is None:
        return "0000-00-00 00:00:00", "0000-00-00 00:00:00"
    local = timezone.localtime(when, timezone.get_default_timezone())
    gmt = when.astimezone(UTC)
    return local.strftime("%Y-%m-%d %H:%M:%S"), gmt.strftime("%Y-%m-%d %H:%M:%S")


def _login(user: User) -> str:
    return f"user-{user.pk}"


@dataclass(frozen=True)
class Exported:
    """How many of each were written, and what WordPress cannot hold (what: how many)."""

    counts: Counter[str]
    not_exported: Counter[str]


class _Writer:
    def __init__(self, out: Writable, organisation: Organisation | None, with_emails: bool) -> None:
        self.out = out
        self.organisation = organisation
        self.with_emails = with_emails
        self.site = settings.PARLEY_SITE_URL.rstrip("/")
        self.counts: Counter[str] = Counter()
        # What WordPress cannot hold, for the report: what, how many.
        self.not_exported: Counter[str] = Counter()

    def w(self, text: str) -> None:
        self.out.write(text)

    def email(self, address: str) -> str:
        return address if self.with_emails else ""

    def posts(self) -> Iterator[Post]:
        posts = Post.objects.select_related("author", "discussion").prefetch_related("tags")
        if self.organisation is not None:
            posts = posts.filter(organisation=self.organisation)
        return posts.order_by("pk").iterator(chunk_size=200)

    def pages(self) -> Iterator[Page]:
        pages = Page.objects.select_related("space", "discussion")
        if self.organisation is not None:
            # The site's own space too: that is where imported WordPress pages go.
            pages = pages.filter(
                Q(space__organisation=self.organisation) | Q(space__organisation=None)
            )
        return pages.order_by("pk").iterator(chunk_size=200)

    def write(self) -> "Exported":
        self.w('<?xml version="1.0" encoding="UTF-8" ?>\n')
        self.w(
            '<rss version="2.0"\n'
            '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
            '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
            '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
            '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
            '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n'
        )
        title = self.organisation.name if self.organisation else settings.SITE_NAME
        self.w(f"\t<title>{_text(title)}</title>\n\t<link>{_text(self.site)}</link>\n")
        self.w("\t<description></description>\n")
        self.w(f"\t<language>{_text(settings.LANGUAGE_CODE)}</language>\n")
        self.w("\t<wp:wxr_version>1.2</wp:wxr_version>\n")
        self.w(f"\t<wp:base_site_url>{_text(self.site)}</wp:base_site_url>\n")
        self.w(f"\t<wp:base_blog_url>{_text(self.site)}</wp:base_blog_url>\n")
        self._authors()
        self.w("\t<generator>Parley</generator>\n")
        for post in self.posts():
            self._post(post)
        for page in self.pages():
            self._page(page)
        self.w("</channel>\n</rss>\n")
        spam = Comment.objects.filter(status=Status.SPAM)
        if self.organisation is not None:
            spam = spam.filter(discussion__organisation=self.organisation)
        if spam_count := spam.count():
            # Exported as spam, but WordPress's own exporter leaves spam out: gone after
            # the next move.
            self.not_exported["spam comments (WordPress's exporter leaves them out)"] = spam_count
        return Exported(self.counts, self.not_exported)

    def _authors(self) -> None:
        posts = Post.objects.all()
        if self.organisation is not None:
            posts = posts.filter(organisation=self.organisation)
        comments = Comment.objects.exclude(user=None)
        if self.organisation is not None:
            comments = comments.filter(discussion__organisation=self.organisation)
        ids = set(posts.exclude(author=None).values_list("author_id", flat=True))
        ids |= set(comments.values_list("user_id", flat=True).distinct())
        revisions = Revision.objects.filter(number=1).exclude(author=None)
        if self.organisation is not None:
            revisions = revisions.filter(
                Q(page__space__organisation=self.organisation) | Q(page__space__organisation=None)
            )
        ids |= set(revisions.values_list("author_id", flat=True).distinct())
        for user in User.objects.filter(pk__in=ids).order_by("pk"):
            self.w(
                f"\t<wp:author><wp:author_id>{user.pk}</wp:author_id>"
                f"<wp:author_login>{cdata(_login(user))}</wp:author_login>"
                f"<wp:author_email>{cdata(self.email(user.email))}</wp:author_email>"
                f"<wp:author_display_name>{cdata(user.display_name)}</wp:author_display_name>"
                "<wp:author_first_name><![CDATA[]]></wp:author_first_name>"
                "<wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>\n"
            )
            self.counts["authors"] += 1

    def _item(
        self,
        *,
        wp_id: int,
        title: str,
        url: str,
        author: User | None,
        body: str,
        excerpt: str,
        when: datetime | None,
        modified: datetime,
        created: datetime,
        status: str,
        slug: str,
        post_type: str,
        tags: list[tuple[str, str]],
        discussion: Discussion,
        meta: list[tuple[str, str]] = [],  # noqa: B006 - never changed
    ) -> None:
        # An unpublished post is dated when it was written (WordPress's importer would
        # store the current time for `0000-00-00`, and add it again on the next import);
        # its GMT date stays empty, as WordPress keeps a draft's, so it floats until published.
        local, gmt = _dates(when) if when is not None else (_dates(created)[0], _dates(None)[1])
        modified_local, modified_gmt = _dates(modified)
        link = self.site + url
        pub_date = when.strftime("%a, %d %b %Y %H:%M:%S +0000") if when else ""
        comment_status = "open" if discussion.is_open else "closed"
        self.w(
            "\t<item>\n"
            f"\t\t<title>{cdata(title)}</title>\n"
            f"\t\t<link>{_text(link)}</link>\n"
            f"\t\t<pubDate>{_text(pub_date)}</pubDate>\n"
            f"\t\t<dc:creator>{cdata(_login(author) if author else '')}</dc:creator>\n"
            f'\t\t<guid isPermaLink="false">{_text(link)}</guid>\n'
            "\t\t<description></description>\n"
            f"\t\t<content:encoded>{cdata(for_wordpress(body, site=self.site))}</content:encoded>\n"
            f"\t\t<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>\n"
            f"\t\t<wp:post_id>{wp_id}</wp:post_id>\n"
            f"\t\t<wp:post_date>{cdata(local)}</wp:post_date>\n"
            f"\t\t<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>\n"
            f"\t\t<wp:post_modified>{cdata(modified_local)}</wp:post_modified>\n"
            f"\t\t<wp:post_modified_gmt>{cdata(modified_gmt)}</wp:post_modified_gmt>\n"
            f"\t\t<wp:comment_status>{cdata(comment_status)}</wp:comment_status>\n"
            "\t\t<wp:ping_status><![CDATA[closed]]></wp:ping_status>\n"
            f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n"
            f"\t\t<wp:status>{cdata(status)}</wp:status>\n"
            "\t\t<wp:post_parent>0</wp:post_parent>\n"
            "\t\t<wp:menu_order>0</wp:menu_order>\n"
            f"\t\t<wp:post_type>{cdata(post_type)}</wp:post_type>\n"
            "\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n"
            "\t\t<wp:is_sticky>0</wp:is_sticky>\n"
        )
        for tag_slug, name in tags:
            nicename = quoteattr(tag_slug)
            self.w(
                f'\t\t<category domain="post_tag" nicename={nicename}>{cdata(name)}</category>\n'
            )
        for key, value in meta:
            self.w(
                f"\t\t<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
                f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>\n"
            )
        self._comments(discussion)
        self.w("\t</item>\n")

    def _post(self, post: Post) -> None:
        mapping = WordPressItem.objects.filter(kind=WordPressItem.Kind.POST, post=post).first()
        meta = []
        if post.title_cy or post.body_markdown_cy:
            # WordPress has no second language: kept as post meta (not shown), read back here.
            meta = [(WELSH_TITLE, post.title_cy), (WELSH_BODY, post.body_markdown_cy)]
            self.not_exported["posts whose Welsh text WordPress keeps but does not show"] += 1
        self._item(
            wp_id=post.pk,
            title=post.title,
            url=post.get_absolute_url(),
            author=post.author,
            body=post.body_html,
            excerpt=str(mapping.extra.get("excerpt", "")) if mapping else "",
            when=post.published_at,
            modified=post.updated_at,
            created=post.created_at,
            status=POST_STATUS.get(post.status, "draft"),
            slug=post.slug,
            post_type="post",
            tags=[(tag.slug, tag.name) for tag in post.tags.all()],
            discussion=post.discussion,
            meta=meta,
        )
        self.counts["posts"] += 1

    def _page(self, page: Page) -> None:
        first = page.revisions.select_related("author").order_by("number").first()
        if page.revision_number > 1:
            self.not_exported["earlier revisions of wiki pages (only the latest text goes)"] += (
                page.revision_number - 1
            )
        self._item(
            wp_id=PAGE_ID_BASE + page.pk,
            title=page.title,
            url=page.get_absolute_url(),
            author=first.author if first else None,
            body=page.body_html,
            excerpt="",
            when=page.created_at,
            modified=page.updated_at,
            created=page.created_at,
            status="publish",
            slug=page.slug,
            post_type="page",
            tags=[],
            discussion=page.discussion,
        )
        self.counts["pages"] += 1

    def _comments(self, discussion: Discussion) -> None:
        comments = Comment.objects.filter(discussion=discussion).order_by("path")
        rows = list(comments.values_list("pk", "parent_id", "number"))
        if not rows:
            return
        ids = reply_ids([(pk, parent) for pk, parent, _ in rows])
        anchors = {number: ids[pk] for pk, _, number in rows}
        for comment in comments.select_related("user", "wordpress").iterator(chunk_size=1000):
            mapping: WordPressItem | None = getattr(comment, "wordpress", None)
            kind = mapping.comment_type if mapping else ""
            body = str(mapping.extra.get("content", "")) if kind and mapping else comment.body_html
            body = for_wordpress(body, site=self.site, anchors=anchors, exported_ids=ids)
            status = COMMENT_APPROVED.get(comment.status, "0")
            meta = list(mapping.extra.get("meta", [])) if mapping is not None else []
            if comment.deleted_at is not None:
                # The author's own deletion keeps its place in the thread (WordPress would
                # hide the replies under a comment in the bin): approved, saying so.
                body = DELETED_TEXT
                meta.append([DELETED_BY_AUTHOR, "1"])
                self.not_exported["comments deleted by their authors (sent as a note)"] += 1
            user = comment.user
            name = user.display_name if user else comment.author_name
            email = self.email(user.email if user else comment.author_email)
            local, gmt = _dates(comment.created_at)
            parent = ids.get(comment.parent_id or 0, 0)
            self.w(
                "\t\t<wp:comment>\n"
                f"\t\t\t<wp:comment_id>{ids[comment.pk]}</wp:comment_id>\n"
                f"\t\t\t<wp:comment_author>{cdata(name)}</wp:comment_author>\n"
                f"\t\t\t<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>\n"
                f"\t\t\t<wp:comment_author_url>{_text(comment.author_url)}</wp:comment_author_url>\n"
                "\t\t\t<wp:comment_author_IP><![CDATA[]]></wp:comment_author_IP>\n"
                f"\t\t\t<wp:comment_date>{cdata(local)}</wp:comment_date>\n"
                f"\t\t\t<wp:comment_date_gmt>{cdata(gmt)}</wp:comment_date_gmt>\n"
                f"\t\t\t<wp:comment_content>{cdata(body)}</wp:comment_content>\n"
                f"\t\t\t<wp:comment_approved>{cdata(status)}</wp:comment_approved>\n"
                f"\t\t\t<wp:comment_type>{cdata(kind or 'comment')}</wp:comment_type>\n"
                f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
                f"\t\t\t<wp:comment_user_id>{user.pk if user else 0}</wp:comment_user_id>\n"
            )
            for key, value in meta:
                self.w(
                    f"\t\t\t<wp:commentmeta><wp:meta_key>{cdata(str(key))}</wp:meta_key>"
                    f"<wp:meta_value>{cdata(str(value))}</wp:meta_value></wp:commentmeta>\n"
                )
            self.w("\t\t</wp:comment>\n")
            self.counts["comments"] += 1


def write_wxr(
    out: Writable, *, organisation: Organisation | None = None, with_emails: bool = False
) -> Exported:
    """The site's (or one organisation's) posts, pages and comments as WXR 1.2, written to
    `out`; returns how many of each were written and what WordPress cannot show or keep.
    People's e-mail addresses are left out (empty) unless `with_emails`."""
    return _Writer(out, organisation, with_emails).write()
