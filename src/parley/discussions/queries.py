"""Read paths shared by pages and the API."""

from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Window
from django.db.models.functions import Lower, RowNumber, Substr
from django.urls import reverse

from parley.accounts.models import User
from parley.discussions.models import (
    PATH_WIDTH,
    Comment,
    CommentLike,
    CommentQuerySet,
    Discussion,
    Status,
)
from parley.markup import Mentionable, mention_candidates
from parley.organisations.models import Membership, Role

# The roles a comment's author is shown with (`author_role`): a member is shown as no one.
SHOWN_ROLES = [Role.OWNER, Role.EDITOR, Role.MODERATOR]


def author_role() -> Subquery:
    """For a Comment query: the author's role in the discussion's organisation, when they
    own, edit or moderate it (their comments carry a badge), else None."""
    return Subquery(
        Membership.objects.filter(
            user_id=OuterRef("user_id"),
            organisation_id=OuterRef("discussion__organisation_id"),
            role__in=SHOWN_ROLES,
        ).values("role")[:1]
    )


# What `thread_page` reads of each comment: everything that can change about how a
# comment looks, without its text (which only changes with `edited_at`).
_VERSION_FIELDS = (
    "pk",
    "status",
    "user_id",
    "path",
    "user__display_name",
    "author_name",
    "author_url",
    "edited_at",
    "deleted_at",
    "like_count",
    "outcome",
    "outcome_reason",
    "removal_reason",
    "user__is_staff",
    "author_role",
)

# How the top-level threads of a page can be ordered, and how each is sorted. A thread's
# top-level path is its number, zero-padded: ordering by it is ordering by when it was posted.
ORDERINGS: dict[str, tuple[str, ...]] = {
    "oldest": ("path",),
    "newest": ("-path",),
    "liked": ("-like_count", "path"),
}
# The orders whose pages can start from a thread (`thread_page`'s `after` and `before`):
# those of the index comment_threads, read from that thread on rather than counted through.
KEYSET_ORDERS = ("oldest", "newest")


@dataclass
class ThreadPage:
    """One page of a discussion's threads as a viewer sees them. `versions`: one small row
    per comment shown, in display order (`discussions.fragments` keys on them); `hidden`:
    by thread's top-level number, how many of its replies are not shown here."""

    versions: list[tuple[Any, ...]]
    thread_count: int
    removed_count: int
    hidden: dict[int, int] = field(default_factory=dict)
    # By thread's top-level number: how many copies of its letter are shown behind it.
    copies: dict[int, int] = field(default_factory=dict)
    # The top-level numbers of the first and last threads shown (links to the pages
    # beside this one start from them).
    first: int | None = None
    last: int | None = None


def _tops(copies_of: int | None) -> Q:
    """Top-level comments that are threads of a page: those that copy no other, or the
    copies of comment `copies_of` (its page of copies)."""
    return Q(depth=0, copy_of=None) if copies_of is None else Q(depth=0, copy_of_id=copies_of)


def _seen(discussion: Discussion, *, user_id: int | None, own_ids: list[int]) -> CommentQuerySet:
    """The comments of `discussion` a viewer sees: approved ones, removed ones as
    placeholders (so replies keep their place), and the viewer's own awaiting moderation."""
    return Comment.objects.filter(discussion=discussion).public_or_own(
        user_id=user_id, own_ids=own_ids
    )


def _in_threads(roots: list[str]) -> Q:
    """Comments in the threads whose top-level paths are `roots`: each thread is one range
    of the (discussion, path) index ("/" sorts just after the "." that joins a path)."""
    return reduce(or_, (Q(path__gte=root, path__lt=f"{root}/") for root in roots))


def thread_page(
    discussion: Discussion,
    *,
    user_id: int | None,
    own_ids: list[int],
    order: str,
    offset: int,
    threads: int,
    replies: int,
    copies_of: int | None = None,
    after: int | None = None,
    before: int | None = None,
) -> ThreadPage:
    """`threads` top-level threads from the `offset`th in `order` (`ORDERINGS`), each with
    its first `replies` replies in thread order, in three queries whatever the size of the
    discussion: how many threads (and removed comments) there are, which threads (with how
    many public copies of each one's letter there are), and their comments. Copies of a
    letter (`Comment.copy_of`) are left out, unless `copies_of` asks for the copies of that
    comment instead.

    Nothing is counted: how many threads there are is kept on the discussion
    (`Discussion.thread_count`). Oldest or newest first, `after` or `before` (a thread's
    top-level number) starts the page beside the one that ends or starts with that thread,
    read from it in the index instead of `offset`; and a page past the middle is read from
    the end, so only a page asked for by its number in the middle walks far."""
    seen = _seen(discussion, user_id=user_id, own_ids=own_ids)
    tops = _tops(copies_of)
    if copies_of is None:
        # Kept on the discussion (`thread_counts`), plus the viewer's own threads awaiting
        # moderation (a small query, only for a viewer who may have some).
        count = discussion.thread_count
        if user_id is not None or own_ids:
            count += own_pending_threads(discussion, user_id=user_id, own_ids=own_ids)
        page = ThreadPage(versions=[], thread_count=count, removed_count=discussion.removed_count)
    else:
        counts = seen.aggregate(
            # Of columns of the index comment_threads (not the key), so PostgreSQL can
            # count from that index alone, as SQLite does.
            threads=Count("depth", filter=tops),
            removed=Count("status", filter=Q(status=Status.REMOVED)),
        )
        page = ThreadPage(
            versions=[], thread_count=counts["threads"], removed_count=counts["removed"]
        )
    if offset >= page.thread_count:
        return page
    public_copies = Comment.objects.filter(copy_of=OuterRef("pk")).public()
    ordering = ORDERINGS[order]
    backwards = tuple(key[1:] if key.startswith("-") else f"-{key}" for key in ordering)
    chosen = seen.filter(tops)
    start, stop, reverse = offset, offset + threads, False
    if order in KEYSET_ORDERS and (after is not None or before is not None):
        # From a thread on (the link to the next or previous page): read from it in the
        # index, however deep in the discussion it is.
        key = str(after if after is not None else before).zfill(PATH_WIDTH)
        later = (after is not None) == (order == "oldest")
        chosen = chosen.filter(path__gt=key) if later else chosen.filter(path__lt=key)
        start, stop, reverse = 0, threads, before is not None
    elif order in KEYSET_ORDERS and copies_of is None and 2 * offset > page.thread_count:
        # A page nearer the end: counted from the end, the other way through the index.
        stop = page.thread_count - offset
        start, reverse = max(0, stop - threads), True
    # The page's threads are chosen first (from the index alone), and only they are asked
    # how many copies of their letter there are: a subquery beside the OFFSET would be run
    # for every thread walked past as well (PostgreSQL projects rows before its Limit skips
    # them), which made a deep page asked for by its number cost twice SQLite's.
    walked = chosen.order_by(*(backwards if reverse else ordering)).values("path")[start:stop]
    found = list(
        seen.filter(tops, path__in=walked)
        .order_by(*(backwards if reverse else ordering))
        .annotate(
            copy_count=Subquery(
                public_copies.values("copy_of").annotate(n=Count("pk")).values("n")[:1]
            )
        )
        .values_list("path", "copy_count")
    )
    if reverse:
        found.reverse()
    if not found:
        return page
    roots = [path for path, _copies in found]
    page.first, page.last = int(roots[0]), int(roots[-1])
    page.copies = {int(path): copies for path, copies in found if copies}
    root_of = Substr("path", 1, PATH_WIDTH)
    rows = (
        seen.filter(_in_threads(roots))
        .annotate(
            author_role=author_role(),
            position=Window(RowNumber(), partition_by=[root_of], order_by=F("path").asc()),
            thread_size=Window(Count("pk"), partition_by=[root_of]),
        )
        .filter(position__lte=replies + 1)
        .order_by("path")
        .values_list(*_VERSION_FIELDS, "thread_size")
    )
    by_root: dict[str, list[tuple[Any, ...]]] = {root: [] for root in roots}
    for row in rows:
        by_root[row[3][:PATH_WIDTH]].append(row[:-1])
        if row[3] in by_root and row[-1] > replies + 1:
            page.hidden[int(row[3])] = row[-1] - replies - 1
    for root in roots:
        page.versions.extend(by_root[root])
    return page


def own_pending_threads(discussion: Discussion, *, user_id: int | None, own_ids: list[int]) -> int:
    """How many of the viewer's own top-level comments awaiting moderation are threads of
    `discussion`'s pages (they see them; no one else does)."""
    mine = Q(pk__in=own_ids)
    if user_id is not None:
        mine |= Q(user_id=user_id)
    return Comment.objects.filter(
        mine, discussion=discussion, depth=0, copy_of=None, status=Status.PENDING
    ).count()


def thread_counts(discussion_id: int) -> dict[str, int]:
    """What `Discussion.thread_count` and `removed_count` should be, counted from the
    comments (one query): `services.recount_threads` keeps them so, and tests check it."""
    seen = Comment.objects.filter(discussion_id=discussion_id).public_or_own(
        user_id=None, own_ids=[]
    )
    return seen.aggregate(
        thread_count=Count("depth", filter=_tops(None)),
        removed_count=Count("status", filter=Q(status=Status.REMOVED)),
    )


def letter_thread(discussion: Discussion, number: int) -> int | None:
    """The id of comment `number` if it is a public thread of `discussion` (whose letter
    others may have sent too), else None."""
    return (
        Comment.objects.filter(discussion=discussion, number=number, depth=0, copy_of=None)
        .public()
        .values_list("pk", flat=True)
        .first()
    )


def one_thread(
    discussion: Discussion,
    *,
    user_id: int | None,
    own_ids: list[int],
    number: int,
    offset: int,
    rows: int,
) -> tuple[list[tuple[Any, ...]], int] | None:
    """The thread whose top-level comment is `number`, `rows` of its comments from the
    `offset`th in thread order, and how many it has (two queries); None if the viewer
    cannot see that comment or it is a reply."""
    root = str(number).zfill(PATH_WIDTH)
    seen = _seen(discussion, user_id=user_id, own_ids=own_ids).filter(_in_threads([root]))
    total = seen.count()
    if not total or not seen.filter(path=root).exists():
        return None
    versions = list(
        seen.annotate(author_role=author_role())
        .order_by("path")
        .values_list(*_VERSION_FIELDS)[offset : offset + rows]
    )
    return versions, total


@dataclass(frozen=True)
class Place:
    """Where a comment is shown: the page of threads (in one order) that holds its thread,
    and its rank in its thread (0 for the top-level comment, 1 for the first reply shown
    after it, and so on)."""

    number: int
    thread: int
    thread_index: int
    rank_in_thread: int
    # The number of the comment whose letter this thread copies: it is on that comment's
    # pages of copies, not on the pages of threads.
    copy_of: int | None = None
    # For a page far from both ends (`KEYSET_DEPTH`), oldest or newest first: the
    # top-level number of the thread just before the page's first, so the page is read
    # from there (`thread_page`'s `after`) rather than walked to by its number.
    after: int | None = None


# A permalink to a page of threads further than this many threads from either end of the
# discussion names the thread its page starts after (`Place.after`); nearer an end, the page
# by its number alone is read from that end as cheaply.
KEYSET_DEPTH = 1_000


def place_of(
    discussion: Discussion,
    number: int,
    *,
    user_id: int | None,
    own_ids: list[int],
    order: str,
    per_page: int,
) -> Place | None:
    """Where comment `number` is for this viewer in `order`, on pages of `per_page` threads,
    or None if they cannot see it (or its thread): never a hint that a comment they cannot
    see exists (three to five queries).

    Its thread's place is counted through the index `comment_threads` from the nearer end
    of the discussion (oldest or newest first; judged by its number among the discussion's),
    the other end's place known from the kept count (`Discussion.thread_count`, plus the
    viewer's own held threads): a comment among the latest or the earliest costs about the
    same in a discussion of any size, one in the middle walks up to half its threads. Most
    liked first has no index to walk: it counts the threads with more likes. A copy of a
    letter is placed on its letter's pages of copies, oldest first."""
    seen = _seen(discussion, user_id=user_id, own_ids=own_ids)
    found = seen.filter(number=number).values_list("path", flat=True).first()
    if found is None:
        return None
    root_path = found[:PATH_WIDTH]
    root_row = (
        seen.filter(path=root_path)
        .values_list("like_count", "copy_of_id", "copy_of__number")
        .first()
    )
    if root_row is None:
        return None
    likes, letter, copy_of = root_row
    tops = seen.filter(_tops(letter))
    rank = 0
    if found != root_path:
        rank = seen.filter(_in_threads([root_path]), path__lt=found).count()
    place = Place(
        number=number, thread=int(root_path), thread_index=0, rank_in_thread=rank, copy_of=copy_of
    )
    if order == "liked" and letter is None:
        before = tops.filter(Q(like_count__gt=likes) | Q(like_count=likes, path__lt=root_path))
        return replace(place, thread_index=before.count())
    order = "oldest" if letter is not None else order  # pages of copies are oldest first
    earlier, later = tops.filter(path__lt=root_path), tops.filter(path__gt=root_path)
    ahead, behind = (earlier, later) if order == "oldest" else (later, earlier)
    from_start = 2 * int(root_path) <= discussion.last_number
    if letter is not None or from_start == (order == "oldest"):
        index = ahead.count()
        total = None
    else:
        total = discussion.thread_count
        if user_id is not None or own_ids:
            total += own_pending_threads(discussion, user_id=user_id, own_ids=own_ids)
        index = total - behind.count() - 1
    place = replace(place, thread_index=index)
    first = index - index % per_page  # the page's first thread
    if letter is not None or first <= KEYSET_DEPTH:
        return place
    total = total if total is not None else discussion.thread_count
    if total - first <= KEYSET_DEPTH:
        return place
    # The thread just before the page's first: the (index % per_page + 1)th ahead of this one.
    backwards = ahead.order_by("-path" if order == "oldest" else "path")
    key = backwards.values_list("path", flat=True)[index % per_page : index % per_page + 1]
    return replace(place, after=int(key[0])) if key else place


def comments_by_id(ids: list[int]) -> list[Comment]:
    """Comments with their authors and their roles (`author_role`), in no particular
    order (one query)."""
    return list(
        Comment.objects.filter(pk__in=ids)
        .select_related("user", "discussion__organisation")
        .annotate(author_role=author_role())
    )


def public_discussion(discussion_id: int) -> Discussion | None:
    """The discussion with its organisation, unless it does not exist or belongs to
    something that is not public: a post not yet published, or a draft version of guidance
    or one of its clauses.

    Its owner is asked about in a small query of its own (`Discussion.owner_is_public`):
    one query joining every kind of owner cost more to build than two small ones (posting)."""
    discussion = Discussion.objects.select_related("organisation").filter(pk=discussion_id).first()
    if discussion is None or not discussion.owner_is_public():
        return None
    return discussion


def comment_on_public_discussion(comment_id: int) -> Comment | None:
    """The comment, with its author, discussion and organisation, if its discussion is
    public (`Discussion.objects.public()`), whatever the comment's own status (one query)."""
    return (
        Comment.objects.on_public_discussions()
        .select_related("user", "discussion__organisation")
        .filter(pk=comment_id)
        .first()
    )


def public_comments_in(discussion: Discussion) -> CommentQuerySet:
    """Approved comments of a discussion, unordered (the API pages them in thread order)."""
    return Comment.objects.filter(discussion=discussion).public().select_related("user")


def liked_comment_ids(
    discussion: Discussion, user_id: int | None, *, among: list[int] | None = None
) -> set[int]:
    """The comments of `discussion` (or only those `among`) that the person likes."""
    if user_id is None:
        return set()
    likes = CommentLike.objects.filter(comment__discussion=discussion, user_id=user_id)
    if among is not None:
        likes = likes.filter(comment_id__in=among)
    return set(likes.values_list("comment_id", flat=True))


def mentionables(discussion: Discussion, text: str) -> list[Mentionable]:
    """Who `text` may @mention: everyone who has commented in `discussion` under one of the
    names an "@" in it could be followed by (`markup.mention_candidates`), linked to their
    latest comment there by its permalink (`/c/<id>`), which finds the page that holds it
    however many pages of comments the discussion has, and works the same in feeds, e-mails
    and the API.

    Only those names are read, through the indexes of names in lower case
    (`comment_guest_names`, `user_folded_name`), so a mention costs the same in a discussion
    of a hundred comments as in one of a hundred thousand. SQLite's lower() folds only
    ASCII letters, so each candidate is also given as written, capitalised, in title case
    and in capitals, each folded the same way."""
    candidates = mention_candidates(text)
    if not candidates:
        return []
    folded = set(candidates)
    for candidate in candidates:
        for variant in (candidate.capitalize(), candidate.title(), candidate.upper()):
            folded.add(variant.translate(_ASCII_LOWER))
    people = User.objects.alias(folded=Lower("display_name")).filter(folded__in=folded).values("pk")
    public = Comment.objects.filter(discussion=discussion).public()
    # Two reads, each through its own index (an OR of the two would read the discussion).
    guests = (
        public.filter(user__isnull=True)
        .alias(folded=Lower("author_name"))
        .filter(folded__in=folded)
        .values_list("number", "pk", "user_id", "author_name")
    )
    members = public.filter(user__in=people).values_list(
        "number", "pk", "user_id", "user__display_name"
    )
    latest: dict[str, tuple[str, int, int]] = {}  # folded name: name, comment id, user id
    for _, pk, user_id, name in sorted([*guests, *members]):
        if name:
            latest[name.lower()] = (name, pk, user_id or 0)
    return [
        Mentionable(name=name, href=reverse("comment_permalink", args=[pk]), key=f"{pk}:{user_id}")
        for name, pk, user_id in latest.values()
    ]


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def latest_public_comments(discussion: Discussion, count: int) -> list[Comment]:
    """The newest approved, undeleted comments of a discussion, newest first (one query)."""
    return list(
        Comment.objects.filter(discussion=discussion)
        .public()
        .select_related("user", "discussion")
        .order_by("-created_at", "-pk")[:count]
    )


def public_comments_by(user_id: int) -> CommentQuerySet:
    """A person's public comments on public discussions (not an editor's note on a draft),
    newest first, with what they are on."""
    return (
        Comment.objects.filter(user_id=user_id)
        .public()
        .on_public_discussions()
        .select_related("user", "discussion")
        .order_by("-created_at", "-pk")
    )


def comments_freshness(comments: CommentQuerySet) -> tuple[int, datetime | None]:
    """How many `comments` there are and the latest activity in their discussions (one
    query): a comment edited, removed or liked bumps its discussion's activity."""
    found = comments.order_by().aggregate(
        count=Count("pk"), activity=Max("discussion__last_activity_at")
    )
    return found["count"], found["activity"]
