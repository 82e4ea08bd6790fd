"""Refuse a request whose address holds a null character, before any view runs.

PostgreSQL cannot store or compare U+0000 in text, so a `str` path parameter or a query
value holding one would end in a server error; Django's forms already refuse it in form
fields, and the API's parser in JSON bodies (`parley.api.parser`).
"""

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

NULL = "\x00"


class RefuseNullCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        in_path = NULL in request.path_info
        in_query = any(NULL in key or NULL in value for key, value in request.GET.items())
        if not (in_path or in_query):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            status, detail = (
                (404, "Not found") if in_path else (400, "Null characters are not allowed")
            )
            return JsonResponse({"detail": detail, "errors": {}}, status=status)
        if in_path:
            raise Http404
        raise SuspiciousOperation("A null character in the query string")
