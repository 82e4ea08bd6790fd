"""Pages of a long list: the page a request asks for (404 for one that is not a number or
lies past the last), and the GOV.UK pagination links between pages
(`parley/_pagination.html`). Every list page that grows with the data uses these, so each
page shows a bounded number of rows in a fixed number of queries."""

from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.http import urlencode
from django.utils.translation import gettext

from parley.validation import whole_number


def number_asked(request: HttpRequest) -> int:
    """The page number in `?page=`, 1 if none; 404 for one that is not a whole number."""
    if "page" not in request.GET:
        return 1
    number = whole_number(request.GET["page"])
    if number is None or number < 1:
        raise Http404("No such page")
    return number


def page_of[T](items: Sequence[T] | QuerySet[Any, T], per_page: int, number: int) -> Page[T]:
    """Page `number` of `items` (a count and a slice for a QuerySet); 404 past the last."""
    try:
        return Paginator(items, per_page).page(number)
    except InvalidPage as missing:
        raise Http404("No such page") from missing


def last_page(count: int, per_page: int) -> int:
    """The number of the last page of `count` rows (1 when there are none)."""
    return max(1, -(-count // per_page))


def address(path: str, query: dict[str, str], number: int) -> str:
    """`path` with the filters in `query` and page `number` (none for the first)."""
    wanted = {key: value for key, value in query.items() if key != "page" and value}
    if number > 1:
        wanted["page"] = str(number)
    return f"{path}?{urlencode(wanted)}" if wanted else path


def links[T](
    page: Page[T],
    link: Callable[[int], str],
    *,
    page_label: str = "",
    unit: str = "",
) -> dict[str, object]:
    """GOV.UK pagination: previous, next, and the pages near this one and at both ends.
    `page_label` ("Page %(number)s of comments") names each page's link for screen readers
    and `unit` ("page of comments") follows Previous and Next, unseen; both say "page" unless
    a list has words of its own."""
    if not page.has_other_pages():
        return {"pagination": []}
    page_label = page_label or gettext("Page %(number)s")
    items: list[dict[str, object]] = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if isinstance(number, int):
            items.append(
                {
                    "number": number,
                    "href": link(number),
                    "current": number == page.number,
                    "label": page_label % {"number": number},
                }
            )
        else:  # Paginator.ELLIPSIS
            items.append({"ellipsis": True})
    return {
        "pagination": items,
        "previous_href": link(page.number - 1) if page.has_previous() else None,
        "next_href": link(page.number + 1) if page.has_next() else None,
        "unit": unit or gettext("page"),
    }


def paged[T](
    request: HttpRequest, items: Sequence[T] | QuerySet[Any, T], per_page: int
) -> tuple[Page[T], dict[str, object]]:
    """The page of `items` that `request` asks for, and its links (the request's other
    query parameters, its filters, kept in every link)."""
    page = page_of(items, per_page, number_asked(request))
    query = {key: request.GET.get(key, "") for key in request.GET}
    return page, {"page": page, **links(page, lambda n: address(request.path, query, n))}
