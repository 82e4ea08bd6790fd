"""Exports of a version's counted responses, for the organisation's analysts (and editors,
owners and site staff): CSV, XLSX, JSON Lines and the shape i.AI Consult imports.

E-mail addresses only with `contact=true` and a `reason`, which is logged
(`consultations.exports.record_contact_export`) and shown to the organisation's owners and
editors. See docs/api.md and docs/consultations.md.
"""

from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from ninja import Field as SchemaField
from ninja import Query, Router, Schema

from parley.accounts.models import User
from parley.api.auth import ANYONE, OPTIONAL_CREDENTIALS, caller
from parley.api.errors import ApiError, errors
from parley.consultations import export_views, exports, queries
from parley.guidance.models import Version
from parley.organisations.permissions import can_analyse

router = Router(tags=["consultations"])

ERRORS = errors(401, 403, 404, 422)


class ContactQuery(Schema):
    contact: bool = SchemaField(
        False, description="Add each respondent's e-mail address (logged; give a reason)"
    )
    reason: str = SchemaField(
        "", max_length=exports.REASON_LIMIT, description="Why you need e-mail addresses"
    )


def _file(content_type: str, description: str) -> dict[str, Any]:
    return {
        "security": [{}],
        "responses": {
            200: {
                "description": description,
                "content": {content_type: {"schema": {"type": "string"}}},
            }
        },
    }


def _analysable(request: HttpRequest, slug: str, n: int) -> tuple[User, Version]:
    user = caller(request)
    version, _ = queries.version_for(user, slug, n)
    if version is None:
        raise ApiError(404, "Not found")
    if not isinstance(user, User) or not can_analyse(user, version.document.organisation):
        raise ApiError(403, "Only the organisation's analysts and editors read responses")
    return user, version


def _export(request: HttpRequest, slug: str, n: int, fmt: str, q: ContactQuery) -> HttpResponseBase:
    user, version = _analysable(request, slug, n)
    if q.contact:
        exports.record_contact_export(
            version=version, user=user, fmt=fmt, reason=q.reason, confirmed=True
        )
    return export_views.download(version, fmt, contact=q.contact)


@router.get(
    "/{slug}/versions/{n}/responses.csv",
    response=ERRORS,
    auth=ANYONE,
    openapi_extra=_file("text/csv", "One row per counted response, one column per question"),
)
def export_csv(request: HttpRequest, slug: str, n: int, q: Query[ContactQuery]) -> HttpResponseBase:
    """The counted responses as CSV, streamed (analysts, editors, owners, site staff)."""
    return _export(request, slug, n, "csv", q)


@router.get(
    "/{slug}/versions/{n}/responses.xlsx",
    response=ERRORS,
    auth=ANYONE,
    openapi_extra=_file(exports.CONTENT_TYPES["xlsx"], "The same table as an Excel workbook"),
)
def export_xlsx(
    request: HttpRequest, slug: str, n: int, q: Query[ContactQuery]
) -> HttpResponseBase:
    """The counted responses as an XLSX workbook (analysts, editors, owners, site staff)."""
    return _export(request, slug, n, "xlsx", q)


@router.get(
    "/{slug}/versions/{n}/responses.jsonl",
    response=ERRORS,
    auth=ANYONE,
    openapi_extra=_file("application/jsonl", "One JSON object per counted response, a line each"),
)
def export_jsonl(
    request: HttpRequest, slug: str, n: int, q: Query[ContactQuery]
) -> HttpResponseBase:
    """The counted responses as JSON Lines, streamed (analysts, editors, owners, site staff)."""
    return _export(request, slug, n, "jsonl", q)


@router.get(
    "/{slug}/versions/{n}/responses.consult.json",
    response=ERRORS,
    auth=ANYONE,
    url_name="consult_export",
    openapi_extra=OPTIONAL_CREDENTIALS
    | {
        "responses": {
            200: {
                "description": "i.AI Consult's ConsultationDataBatch: respondents, questions, "
                "free text and chosen options by question number",
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        }
    },
)
def export_consult(request: HttpRequest, slug: str, n: int) -> StreamingHttpResponse:
    """The counted responses in the shape i.AI Consult imports (docs/consultations.md),
    streamed."""
    _user, version = _analysable(request, slug, n)
    response = StreamingHttpResponse(
        exports.consult_json_chunks(version), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(version, "consult.json")}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
