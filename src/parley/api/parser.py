"""JSON bodies for the API, refusing text no database can store, and bodies of the wrong shape.

PostgreSQL cannot store U+0000 in text, and no database can store a lone surrogate
(`"\\ud800"` is valid JSON, but not text that can be written as UTF-8): letting either through
would end in a server error. Django's forms refuse the null character the same way
(ProhibitNullCharactersValidator), and `parley.null_characters` refuses it in addresses
and query strings. Every operation's body is a JSON object; anything else (`[1, 2]`, `null`)
is refused too, rather than read as "no changes".
"""

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

NULL_MESSAGE = "Null characters are not allowed"
SURROGATE_MESSAGE = "Unpaired surrogate characters (such as \\ud800) are not allowed"
NOT_AN_OBJECT = "The body must be a JSON object"
WHOLE_BODY = "__all__"


class UnreadableBody(ValueError):
    """A body that is JSON but cannot be used; `errors` names the field at fault."""

    def __init__(self, status: int, errors: dict[str, list[str]]) -> None:
        self.status = status
        self.errors = errors
        super().__init__(next(iter(errors.values()))[0])


def _fault(text: str) -> str | None:
    if "\x00" in text:
        return NULL_MESSAGE
    try:
        text.encode()
    except UnicodeEncodeError:
        return SURROGATE_MESSAGE
    return None


def _first_fault(value: Any, field: str) -> tuple[str, str] | None:
    """(field, message) for the first string or key in `value` that cannot be stored;
    `field` is the top-level field it sits in."""
    if isinstance(value, str):
        message = _fault(value)
        return None if message is None else (field, message)
    if isinstance(value, dict):
        for key, item in value.items():
            if (message := _fault(key)) is not None:
                return (field, message)
            if (found := _first_fault(item, field)) is not None:
                return found
    if isinstance(value, list):
        for item in value:
            if (found := _first_fault(item, field)) is not None:
                return found
    return None


class WithoutNulls(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        """ninja answers any exception raised here with 400 "Cannot parse request body";
        `parley.api.errors` answers an UnreadableBody with its own status and field."""
        return json_object(request.body)


def json_object(text: str | bytes) -> dict[str, Any]:
    """`text` as a JSON object that every database can store; raises ValueError when it is
    not JSON, UnreadableBody when it cannot be used."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise UnreadableBody(422, {WHOLE_BODY: [NOT_AN_OBJECT]})
    for key, value in data.items():
        if (message := _fault(key)) is not None:
            raise UnreadableBody(400, {WHOLE_BODY: [message]})
        if (found := _first_fault(value, key)) is not None:
            field, message = found
            raise UnreadableBody(400, {field: [message]})
    return data
