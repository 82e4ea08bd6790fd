"""No input answers 500 (issue 18, "Bad input"): arbitrary unicode, numbers and types in
every query parameter and form field of every page, and every query parameter and JSON field
of every API operation. The pages come from the URLconf, the operations from
/api/v1/openapi.json; the fields from each page's own forms and the operations' schemas.

Bounded: a fixed number of examples, each sending one request per page or operation, drawn
deterministically (the "parley" hypothesis profile derandomizes): about half a minute
on SQLite.
"""

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.accounts.models import User
from parley.accounts.services import create_access_token
from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.guidance.models import Version
from parley.organisations.models import Membership, Organisation
from parley.wiki.models import Page
from tests.builders import comment_as

EXAMPLES = settings(
    max_examples=2,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Not ours to test (Django's admin), or an act that would end the session the test uses.
LEFT_OUT = ("admin/", "api/", "accounts/logout/", "accounts/data/", "accounts/erase/")
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
FIELD_NAME = re.compile(r'name="([^"]+)"')
COMMON_QUERY = ["page", "reply", "from", "to", "p", "page_id", "replytocom", "q", "user", "next"]

# Text that has broken parsers: digits int() refuses, numbers beyond any column, surrogates
# (in a form they arrive as replacement characters), nulls, huge and negative numbers.
TRICKY = st.sampled_from(
    ["²", "٣", "99999999999999999999", "-1", "0", "1e309", "NaN", "\ud800", "\x00", "", " ",
     "9999-12-31T23:59:59", "approve:²", "a" * 600, "[1,2,3]", "null", "%00", "../"]
)  # fmt: skip
TEXT = st.one_of(TRICKY, st.text(max_size=40))
NUMBER = st.one_of(st.integers(min_value=-(2**70), max_value=2**70), st.floats())
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), NUMBER, TEXT),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=6,
)


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "^" not in route:  # regex routes left out
            yield route


@pytest.fixture
def world(
    post: Post,
    consulting: Version,
    wiki_page: Page,
    organisation: Organisation,
    participant: User,
    admin_user: User,
    settings: Any,
) -> dict[str, Any]:
    settings.PARLEY_COMMENT_RATE = "100000/60"
    settings.PARLEY_LIKE_RATE = "100000/60"
    settings.PARLEY_FLAG_RATE = "100000/3600"
    comment = comment_as(post, participant, "A first comment.")
    membership = Membership.objects.filter(organisation=organisation).first()
    return {
        "post": post,
        "document": consulting.document,
        "organisation": organisation,
        "page": wiki_page,
        "comment": comment,
        "membership_id": membership.pk if membership else 1,
        "participant": participant,
        "admin": admin_user,
    }


def _address(route: str, world: dict[str, Any]) -> str:
    """`route` with each parameter filled in with something that exists."""
    comment: Comment = world["comment"]
    if route.startswith("guidance/"):
        slug = world["document"].slug
    elif route.startswith(("organisations/", "blog/organisations/")):
        slug = world["organisation"].slug
    elif route.startswith("blog/tags/"):
        slug = "guidance"
    else:
        slug = world["post"].slug
    values = {
        "slug": slug,
        "document": world["document"].slug,
        "organisation": world["organisation"].slug,
        "space": world["page"].space.slug,
        "page": world["page"].slug,
        "number": "1",
        "a": "1",
        "b": "1",
        "clause": "1",
        "fmt": "csv",
        "discussion_id": str(comment.discussion_id),
        "comment_id": str(comment.pk),
        "membership_id": str(world["membership_id"]),
        "user_id": str(world["participant"].pk),
    }
    return "/" + PARAMETER.sub(lambda m: values.get(m.group(1), "1"), route)


def _as_sent(text: str) -> str:
    """What a server receives for `text` in a form or address: a lone surrogate cannot be
    sent as UTF-8, and arrives as the bytes' replacement character."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _as_form(value: Any) -> str:
    return _as_sent(value if isinstance(value, str) else json.dumps(value))


FOUND: list[str] = []


def _refuse_500(response: Any, what: str) -> None:
    """Note a 5xx; each test asserts at its end that none was noted, listing them all."""
    if response.status_code >= 500:
        FOUND.append(f"{what} answered {response.status_code}"[:300])


def test_no_page_answers_500_whatever_its_query_and_form_fields_hold(
    world: dict[str, Any],
) -> None:
    FOUND.clear()
    client = Client(raise_request_exception=False)
    client.force_login(world["admin"])
    pages = sorted(
        {
            _address(r, world)
            for r in _routes(get_resolver().url_patterns)
            if not r.startswith(LEFT_OUT)
        }
    )
    fields = {}
    for page in pages:
        response = client.get(page)
        _refuse_500(response, f"GET {page}")
        html = (
            response.content.decode(errors="replace")
            if response.get("Content-Type", "").startswith("text/html")
            else ""
        )
        fields[page] = sorted(set(FIELD_NAME.findall(html)) - {"csrfmiddlewaretoken"})

    @EXAMPLES
    @given(st.data())
    def check(data: st.DataObject) -> None:
        for page in pages:
            query = data.draw(
                st.dictionaries(st.sampled_from(COMMON_QUERY), TEXT.map(_as_sent), max_size=2)
            )
            _refuse_500(client.get(page, query), f"GET {page} {query!r}")
            if fields[page]:
                form = data.draw(
                    st.dictionaries(st.sampled_from(fields[page]), JSON_VALUE.map(_as_form))
                )
                _refuse_500(client.post(page, form), f"POST {page} {form!r}")

    check()
    assert not FOUND, "\n".join(FOUND)


def _operations(client: Client) -> list[tuple[str, str, dict[str, Any]]]:
    document = client.get("/api/v1/openapi.json").json()
    return [
        (path, method, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


def _body_fields(operation: dict[str, Any], schemas: dict[str, Any]) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    reference = content.get("schema", {}).get("$ref", "")
    schema = schemas.get(reference.rsplit("/", 1)[-1], {})
    return sorted(schema.get("properties", {}))


def test_no_api_operation_answers_500_whatever_its_parameters_and_json_hold(
    world: dict[str, Any],
) -> None:
    FOUND.clear()
    client = Client(raise_request_exception=False)
    _, raw = create_access_token(user=world["admin"], name="no-500")
    headers = {"Authorization": f"Bearer {raw}"}
    spec = client.get("/api/v1/openapi.json").json()
    schemas = spec.get("components", {}).get("schemas", {})
    operations = _operations(client)
    comment: Comment = world["comment"]
    values = {
        "slug": world["document"].slug,
        "n": "1",
        "number": "1",
        "discussion_id": str(comment.discussion_id),
        "comment_id": str(comment.pk),
        "space": world["page"].space.slug,
        "page": world["page"].slug,
    }

    @EXAMPLES
    @given(st.data())
    def check(data: st.DataObject) -> None:
        for path, method, operation in operations:
            address = re.sub(
                r"\{(\w+)\}",
                lambda m: values.get(m.group(1), data.draw(st.sampled_from(["1", "²", "x"]))),
                path,
            )
            names = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
            query = (
                data.draw(st.dictionaries(st.sampled_from(names), TEXT.map(_as_sent), max_size=2))
                if names
                else {}
            )
            body: Any = None
            if "requestBody" in operation:
                fields = _body_fields(operation, schemas)
                body = data.draw(
                    st.one_of(
                        st.dictionaries(st.sampled_from(fields), JSON_VALUE)
                        if fields
                        else st.just({}),
                        JSON_VALUE,
                    )
                )
            if method == "get":
                response = client.get(address, query, headers=headers)
            else:
                response = client.generic(
                    method.upper(),
                    f"{address}?{urlencode(query)}" if query else address,
                    "" if body is None else json.dumps(body),
                    content_type="application/json",
                    headers=headers,
                )
            _refuse_500(response, f"{method.upper()} {address} {query!r} {body!r}")

    check()
    assert not FOUND, "\n".join(FOUND)
