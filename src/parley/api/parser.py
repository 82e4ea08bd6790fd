"""JSON bodies for the API, refusing the null character in any value or key.

PostgreSQL cannot store U+0000 in text, so letting one through would end in a server
error; Django's forms refuse it the same way (ProhibitNullCharactersValidator), and
`parley.null_characters` refuses it in addresses and query strings.
"""

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

NULL_MESSAGE = "Null characters are not allowed"


def _holds_null(value: Any) -> bool:
    """Whether any string, or any key, anywhere in a JSON value holds a null character."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any("\x00" in key or _holds_null(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_null(item) for item in value)
    return False


class WithoutNulls(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        """ninja answers any exception raised here with 400 "Cannot parse request body"."""
        data = json.loads(request.body)
        if _holds_null(data):
            raise ValueError(NULL_MESSAGE)
        return data
