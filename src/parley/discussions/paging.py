"""Which part of a discussion a page shows, and on which page a comment is.

A discussion page shows PARLEY_COMMENTS_PER_PAGE top-level threads, each with its first
`REPLIES_SHOWN` replies and a link to the rest ("show 12 more replies": `?thread=N`, the
one thread whole, `THREAD_ROWS` comments a page). Threads come oldest first (as they
always did), newest first or most liked first: `?order=newest`. Everything a page shows
is in its address (`?order=…&page=…`), so pages stay cacheable by address.

The reader's choice of order is remembered in a cookie (`ORDER_COOKIE`), set only when
they choose one: their next visit to a discussion's bare address shows that order. Such a
reader's pages are personal (`parley.conditional.is_personal`): never a kept page or a
304 made for everyone else, as for any reader with a cookie that changes the page.

`#comment-N` is only known to the browser, so a comment is found by `?comment=N` on the
page's own address, or `/c/<id>` anywhere: both redirect to the page that holds it, with
its anchor. A comment the viewer cannot see is not found (404), wherever it is.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from parley.conditional import ORDER_COOKIE
from parley.discussions import queries
from parley.discussions.models import Discussion
from parley.pagination import links, page_of
from parley.validation import whole_number

DEFAULT_ORDER = "oldest"
# Replies shown under each thread on a page of threads; the rest are a link away.
REPLIES_SHOWN = 10
# Comments a page of one whole thread (`?thread=N`) shows.
THREAD_ROWS = 200
# A page reached by another system's old link (`discussions.anchors`) shows this many
# threads whole on one page, oldest first, as that system did: the link's `#comment-456`
# never reaches the server, so it cannot be sent to the right page.
OLD_LINK_THREADS = 1000
ORDER_COOKIE_DAYS = 365


def _comment_pages() -> dict[str, str]:
    """What the pagination's links say to screen readers about pages of comments."""
    return {"page_label": _("Page %(number)s of comments"), "unit": _("page of comments")}


def order_labels() -> dict[str, str]:
    return {
        "oldest": pgettext("comments", "Oldest first"),
        "newest": pgettext("comments", "Newest first"),
        "liked": pgettext("comments", "Most liked first"),
    }


def order_of(request: HttpRequest) -> tuple[str, bool]:
    """The order this request shows threads in, and whether its address says so."""
    asked = request.GET.get("order", "")
    if asked in queries.ORDERINGS:
        return asked, True
    remembered = request.COOKIES.get(ORDER_COOKIE, "")
    if remembered in queries.ORDERINGS:
        return remembered, False
    return DEFAULT_ORDER, False


def address(
    discussion: Discussion,
    *,
    order: str = DEFAULT_ORDER,
    page: int = 1,
    thread: int | None = None,
    copies: int | None = None,
    anchor: str = "",
    after: int | None = None,
    before: int | None = None,
) -> str:
    """A page of `discussion`: its page of threads in `order`, one `thread`, or the
    threads that copy the letter of comment `copies`; page `page` of threads may say the
    thread it starts `after` or ends `before` (the links between pages do)."""
    query: dict[str, int | str] = {}
    if thread is not None:
        query["thread"] = thread
    elif copies is not None:
        query["copies"] = copies
    elif order != DEFAULT_ORDER:
        query["order"] = order
    if page > 1:
        query["page"] = page
        if after is not None:
            query["after"] = after
        elif before is not None:
            query["before"] = before
    url = f"{discussion.url}?{urlencode(query)}" if query else discussion.url
    return f"{url}#{anchor}" if anchor else url


def _place(
    discussion: Discussion, number: int, *, user_id: int | None, own_ids: list[int], order: str
) -> str | None:
    per_page = settings.PARLEY_COMMENTS_PER_PAGE
    place = queries.place_of(
        discussion, number, user_id=user_id, own_ids=own_ids, order=order, per_page=per_page
    )
    if place is None:
        return None
    anchor = f"comment-{number}"
    if place.rank_in_thread > REPLIES_SHOWN:
        page = place.rank_in_thread // THREAD_ROWS + 1
        return address(discussion, thread=place.thread, page=page, anchor=anchor)
    page = place.thread_index // per_page + 1
    if place.copy_of is not None:
        return address(discussion, copies=place.copy_of, page=page, anchor=anchor)
    return address(discussion, order=order, page=page, anchor=anchor, after=place.after)


def comment_address(
    request: HttpRequest,
    discussion: Discussion,
    number: int,
    *,
    user_id: int | None,
    own_ids: list[int],
) -> str | None:
    """The address of the page that shows comment `number` to this viewer, in the order
    they read in, with its anchor; None if they cannot see it."""
    order, _asked = order_of(request)
    return _place(discussion, number, user_id=user_id, own_ids=own_ids, order=order)


@dataclass
class Part:
    """What `part_of` found the request asks to see."""

    order: str
    order_asked: bool
    page: int = 1
    thread: int | None = None
    copies: int | None = None
    after: int | None = None
    before: int | None = None


def part_of(request: HttpRequest) -> Part:
    """Which page, order, thread or copies of a letter the request asks for; 404 for a
    page, thread or letter that is not a number. A page after 1 may start from a thread
    (`?page=3&after=N`, `?page=3&before=N`: oldest or newest first only)."""
    order, asked = order_of(request)
    part = Part(order=order, order_asked=asked)
    if "page" in request.GET:
        page = whole_number(request.GET["page"])
        if page is None or page < 1:
            raise Http404("No such page")
        part.page = page
        for side in ("after", "before"):
            if side in request.GET:
                key = whole_number(request.GET[side])
                if key is None or part.order not in queries.KEYSET_ORDERS:
                    raise Http404("No such page")
                setattr(part, side, key)
                break
    if "thread" in request.GET:
        part.thread = whole_number(request.GET["thread"])
        if part.thread is None:
            raise Http404("No such thread")
    elif "copies" in request.GET:
        part.copies = whole_number(request.GET["copies"])
        if part.copies is None:
            raise Http404("No such letter")
    return part


@dataclass
class Shown:
    """A page's part of its discussion: the rows to render, and how to move between pages."""

    versions: list[tuple[object, ...]]
    hidden: dict[int, int]
    removed_count: int
    paging: dict[str, object]
    copies: dict[int, int] = field(default_factory=dict)


def threads_for(
    request: HttpRequest,
    discussion: Discussion,
    *,
    user_id: int | None,
    own_ids: list[int],
    old_link: bool,
    reply_to: int | None,
) -> Shown:
    """The comments `request` asks to see (a page of threads, or one thread), in a fixed
    number of queries whatever the size of the discussion; 404 for a page past the last."""
    part = part_of(request)
    per_page = settings.PARLEY_COMMENTS_PER_PAGE
    if old_link:
        part = Part(order=DEFAULT_ORDER, order_asked=False)
        per_page = OLD_LINK_THREADS
    elif reply_to is not None and "page" not in request.GET and part.thread is None:
        # Replying without JavaScript (`?reply=N`): the page that shows comment N.
        place = queries.place_of(
            discussion,
            reply_to,
            user_id=user_id,
            own_ids=own_ids,
            order=part.order,
            per_page=per_page,
        )
        if place is not None and place.rank_in_thread > REPLIES_SHOWN:
            part.thread = place.thread
            part.page = place.rank_in_thread // THREAD_ROWS + 1
        elif place is not None:
            part.page = place.thread_index // per_page + 1
            part.after = place.after
    if part.thread is not None:
        return _one_thread(
            discussion, part=part, thread=part.thread, user_id=user_id, own_ids=own_ids
        )
    if part.copies is not None:
        return _copies(discussion, part=part, letter=part.copies, user_id=user_id, own_ids=own_ids)
    offset = (part.page - 1) * per_page
    replies = OLD_LINK_THREADS if old_link else REPLIES_SHOWN
    found = queries.thread_page(
        discussion,
        user_id=user_id,
        own_ids=own_ids,
        order=part.order,
        offset=offset,
        threads=per_page,
        replies=replies,
        after=part.after,
        before=part.before,
    )
    if (part.after is not None or part.before is not None) and not found.versions:
        raise Http404("No such page")
    wanted = page_of(range(found.thread_count), per_page, part.page)

    def to_page(number: int) -> str:
        """The page beside this one starts from its thread next to this page (read from
        there, however deep); any other from its number (near either end, or typed)."""
        keyed = part.order in queries.KEYSET_ORDERS and not old_link
        return address(
            discussion,
            order=part.order,
            page=number,
            anchor="comments",
            after=found.last if keyed and number == part.page + 1 else None,
            before=found.first if keyed and number == part.page - 1 else None,
        )

    orders = [
        {
            "value": value,
            "label": label,
            "href": address(discussion, order=value, anchor="comments"),
            "current": value == part.order,
        }
        for value, label in order_labels().items()
    ]
    return Shown(
        versions=found.versions,
        hidden=found.hidden,
        copies=found.copies,
        removed_count=found.removed_count,
        paging={
            "page": wanted,
            **links(wanted, to_page, **_comment_pages()),
            "orders": orders if found.thread_count > 1 and not old_link else [],
            "order": part.order,
            "thread_count": found.thread_count,
        },
    )


def _one_thread(
    discussion: Discussion, *, part: Part, thread: int, user_id: int | None, own_ids: list[int]
) -> Shown:
    found = queries.one_thread(
        discussion,
        user_id=user_id,
        own_ids=own_ids,
        number=thread,
        offset=(part.page - 1) * THREAD_ROWS,
        rows=THREAD_ROWS,
    )
    if found is None:
        raise Http404("No such thread")
    versions, total = found
    wanted = page_of(range(total), THREAD_ROWS, part.page)
    back = comment_address_in(discussion, thread, user_id=user_id, own_ids=own_ids, part=part)
    return Shown(
        versions=versions,
        hidden={},
        removed_count=sum(1 for v in versions if v[1] == "removed"),
        paging=_apart(
            wanted,
            lambda number: address(discussion, thread=thread, page=number, anchor="comments"),
            number=thread,
            heading=_("The thread of comment %(number)s") % {"number": thread},
            back=back,
        ),
    )


def _apart(
    wanted: Page[int], to_page: Callable[[int], str], *, number: int, heading: str, back: str
) -> dict[str, object]:
    """How to move about a part of a discussion shown apart from its pages of threads (one
    thread, or the copies of one letter): its own pages, its heading, and the way back to
    the page of threads that holds comment `number`."""
    return {
        "page": wanted,
        **links(wanted, to_page, **_comment_pages()),
        "orders": [],
        "thread": number,
        "all_threads_href": back,
        "thread_heading": heading,
    }


def _copies(
    discussion: Discussion, *, part: Part, letter: int, user_id: int | None, own_ids: list[int]
) -> Shown:
    """The threads that send the same letter as comment `letter`, oldest first, a page at
    a time; 404 unless that comment is a public thread with copies."""
    thread = queries.letter_thread(discussion, letter)
    if thread is None:
        raise Http404("No such letter")
    per_page = settings.PARLEY_COMMENTS_PER_PAGE
    found = queries.thread_page(
        discussion,
        user_id=user_id,
        own_ids=own_ids,
        order=DEFAULT_ORDER,
        offset=(part.page - 1) * per_page,
        threads=per_page,
        replies=REPLIES_SHOWN,
        copies_of=thread,
    )
    if not found.thread_count:
        raise Http404("No such letter")
    wanted = page_of(range(found.thread_count), per_page, part.page)
    heading = ngettext(
        "%(count)s more person sent the same letter as comment %(number)s",
        "%(count)s more people sent the same letter as comment %(number)s",
        found.thread_count,
    ) % {"count": found.thread_count, "number": letter}
    return Shown(
        versions=found.versions,
        hidden=found.hidden,
        removed_count=found.removed_count,
        paging=_apart(
            wanted,
            lambda number: address(discussion, copies=letter, page=number, anchor="comments"),
            number=letter,
            heading=heading,
            back=comment_address_in(
                discussion, letter, user_id=user_id, own_ids=own_ids, part=part
            ),
        ),
    )


def comment_address_in(
    discussion: Discussion, number: int, *, user_id: int | None, own_ids: list[int], part: Part
) -> str:
    """The page of threads (in `part`'s order) that holds comment `number`'s thread."""
    found = _place(discussion, number, user_id=user_id, own_ids=own_ids, order=part.order)
    return found or address(discussion, order=part.order)


def remember_order(request: HttpRequest, response: HttpResponse) -> None:
    """Remember the order the reader chose in the address, for their next visit."""
    order, asked = order_of(request)
    if not asked or request.COOKIES.get(ORDER_COOKIE, DEFAULT_ORDER) == order:
        return
    if order == DEFAULT_ORDER:
        response.delete_cookie(ORDER_COOKIE, samesite="Lax")
        return
    response.set_cookie(
        ORDER_COOKIE,
        order,
        max_age=ORDER_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
