"""Keyset pagination for every API list, with opaque cursors.

A list is read in an order of model fields (or annotations, such as a related model's
name) that together are unique (the last is the primary key, or a column unique in the list
such as a comment's `path`). A page is at
most `limit` items; its cursor is the signed values of those fields on its last item,
and the next page is the items after those values in that order. Unlike an offset, a
cursor neither skips nor repeats items when new ones arrive, and reading any page costs
the same one indexed query (plus the list's own prefetches), however deep it is.

The cursor is signed with the list's order as salt, so a cursor that was changed, made
up, or given out by another list is refused with 400 naming `cursor`.

`next` is given twice: as the field `next` of a list whose body is an object, and as a
`Link: <…>; rel="next"` header (RFC 8288) with the address of the next page. A list whose
body is a bare array (organisations, adopters) has only the header, and a default limit of
`MAX_LIMIT`, so that a client written before lists were paged still gets all of a list of
today's sizes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja.params.functions import Query

from parley.api.errors import ApiError

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000

BAD_CURSOR = "This cursor is not one we gave out: use the `next` value of a previous page"
NEXT_HELP = "Pass as `cursor` to get the next page; null on the last"


def cursor_param() -> Any:
    return Query(None, description="The `next` of the page before; leave out for the first page")


def limit_param(default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT) -> Any:
    return Query(
        default, ge=1, le=maximum, description=f"Items per page, 1 to {maximum:,} ({default})"
    )


@dataclass(frozen=True)
class Page[M: Model]:
    items: list[M]
    next: str | None


def _signer(queryset: QuerySet[Any], order: Sequence[str]) -> signing.Signer:
    return signing.Signer(salt=f"parley.api.cursor:{queryset.model._meta.label}:{','.join(order)}")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def cursor_after(item: Model, order: Sequence[str]) -> str:
    """The cursor of the page that starts after `item`, in a list read in `order`."""
    values = [_plain(getattr(item, field.lstrip("-"))) for field in order]
    return _signer(type(item)._default_manager.all(), order).sign_object(values, compress=True)


def _field_values(queryset: QuerySet[Any], order: Sequence[str], cursor: str) -> list[Any]:
    """The values a cursor holds, as the fields' Python types; 400 naming `cursor` if it
    is not one this list gave out."""
    refused = ApiError(400, BAD_CURSOR, {"cursor": [BAD_CURSOR]})
    try:
        values = _signer(queryset, order).unsign_object(cursor)
    except (signing.BadSignature, ValueError, TypeError):
        raise refused from None
    if not isinstance(values, list) or len(values) != len(order):
        raise refused
    meta = queryset.model._meta
    annotations = queryset.query.annotations
    converted = []
    for field_name, value in zip(order, values, strict=True):
        name = field_name.lstrip("-")
        if name == "pk":
            field = meta.pk
        elif name in annotations:  # e.g. a related model's name, annotated to order by
            field = annotations[name].output_field
        else:
            field = meta.get_field(name)
        try:
            converted.append(field.to_python(value))
        except ValidationError:
            raise refused from None
    return converted


def _after(order: Sequence[str], values: list[Any]) -> Q:
    """Rows after `values` in `order`: (a > x) or (a = x and b > y) or …"""
    earlier: dict[str, Any] = {}
    alternatives = []
    for field_name, value in zip(order, values, strict=True):
        name = field_name.lstrip("-")
        comparison = "lt" if field_name.startswith("-") else "gt"
        alternatives.append(Q(**earlier, **{f"{name}__{comparison}": value}))
        earlier[name] = value
    return reduce(or_, alternatives)


def page[M: Model](
    queryset: QuerySet[M],
    *,
    order: Sequence[str],
    cursor: str | None,
    limit: int,
    request: HttpRequest | None = None,
    response: HttpResponse | None = None,
) -> Page[M]:
    """Up to `limit` items of `queryset` in `order`, after `cursor`, and the cursor of the
    next page (None on the last). With `request` and `response`, the response also gets
    a `Link` header to the next page."""
    ordered = queryset.order_by(*order)
    if cursor:
        ordered = ordered.filter(_after(order, _field_values(queryset, order, cursor)))
    items = list(ordered[: limit + 1])
    next_cursor = cursor_after(items[limit - 1], order) if len(items) > limit else None
    if next_cursor and request is not None and response is not None:
        response["Link"] = f'<{next_url(request, next_cursor)}>; rel="next"'
    return Page(items=items[:limit], next=next_cursor)


def next_url(request: HttpRequest, next_cursor: str) -> str:
    """This request's address with `cursor` set to the next page's."""
    query = request.GET.copy()
    query["cursor"] = next_cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
