"""The API's one error format, and the handlers that turn every failure into it.

Every error is JSON: `{"detail": "...", "errors": {"field": ["..."]}}`, where
`errors` is `{}` when no single field is at fault.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from parley.api.parser import UnreadableBody
from parley.validation import Rejected

NOT_FIELD = "__all__"  # as in Django forms: an error about the request as a whole
SIGN_IN = "Sign in, or send a personal access token as `Authorization: Bearer <token>`"


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


def errors(*statuses: int) -> dict[int, Any]:
    """An endpoint's error answers for its `response=` map: each status in our format."""
    return dict.fromkeys(statuses, ErrorOut)


class ApiError(Exception):
    """Raised by an endpoint to answer with `status` and our error format."""

    def __init__(
        self, status: int, detail: str, errors: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or {}


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


def field_of(loc: Sequence[str | int]) -> str:
    """The input field a ninja/pydantic error location points at.

    Locations start with where the value came from (`query`, `path`, `body` …).
    Body locations then name the endpoint's body parameter before the field, so
    `("body", "payload", "author_email")` is the field `author_email`.
    """
    source, *rest = loc
    if source == "body":
        rest = rest[1:]
    return str(rest[0]) if rest else NOT_FIELD


def first_message(errors: dict[str, list[str]]) -> str:
    for messages in errors.values():
        if messages:
            return messages[0]
    return "The request was refused"


def install(api: NinjaAPI) -> None:
    """Make every error `api` returns use our format."""

    def respond(
        request: HttpRequest, status: int, detail: str, errors: dict[str, list[str]] | None = None
    ) -> HttpResponse:
        return api.create_response(request, error_body(detail, errors), status=status)

    @api.exception_handler(NinjaValidationError)
    def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(field_of(error.get("loc", ())), []).append(str(error["msg"]))
        field, messages = next(iter(errors.items()), (NOT_FIELD, ["The request is not valid"]))
        detail = messages[0] if field == NOT_FIELD else f"{field}: {messages[0]}"
        return respond(request, 422, detail, errors)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, UnreadableBody):  # JSON, but not a body we can use
            cause = exc.__cause__
            return respond(request, cause.status, first_message(cause.errors), cause.errors)
        return respond(request, exc.status_code, exc.message)

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        detail = f"The request body is too large: send at most {limit:,} bytes"
        return respond(request, 413, detail)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        # ninja raises it with a bare "Unauthorized" when no credentials came at all.
        detail = SIGN_IN if exc.message == AuthenticationError().message else exc.message
        response = respond(request, 401, detail)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Http404)
    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, "Not found")

    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc.status, exc.detail, exc.errors)

    @api.exception_handler(Rejected)
    def on_rejected(request: HttpRequest, exc: Rejected) -> HttpResponse:
        """Any service's refusal: its own status, its errors field by field."""
        response = respond(request, exc.status, first_message(exc.errors), exc.errors)
        if exc.retry_after is not None:
            response["Retry-After"] = str(max(1, exc.retry_after))
        return response


def document_input_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Every operation with input can answer 422 (a value that does not validate) and,
    with a body, 400 (a body that is not JSON) and 413 (a body over the size limit), in our
    format; say so in the schema."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if operation.get("parameters") or operation.get("requestBody"):
                responses.setdefault(
                    422, {"description": "Unprocessable Content", "content": error}
                )
            if operation.get("requestBody"):
                responses.setdefault(400, {"description": "Bad Request", "content": error})
                responses.setdefault(413, {"description": "Content Too Large", "content": error})
    return schema
