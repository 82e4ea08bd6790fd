"""The JSON API under /api/v1: one router per domain, one error format for all of them."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Router, Swagger

from parley.api import (
    consultation_exports,
    consultations,
    discussions,
    errors,
    files,
    guidance,
    insights,
    moderation,
    organisations,
    posts,
    subscriptions,
    wiki,
)
from parley.api.parser import WithoutNulls
from parley.bilingual import in_english


class ParleyAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return errors.document_input_errors(super().get_openapi_schema(**kwargs))


api = ParleyAPI(
    title="Parley API",
    version="1",
    urls_namespace="api",
    parser=WithoutNulls(),
    # No deep links: Swagger UI puts each one inside the operation's button, and a link
    # inside a button is out of reach of keyboards and screen readers.
    docs=Swagger(settings={"deepLinking": False}),
)
errors.install(api)
ROUTERS = [
    ("/posts", posts.router),
    ("/documents", guidance.router),
    ("/documents", insights.router),
    ("/campaigns", insights.campaigns_router),
    ("/documents", consultations.router),
    ("/documents", files.router),
    ("/responses", consultations.respondent_router),
    ("/documents", consultation_exports.router),
    ("/", discussions.router),
    ("/", moderation.router),
    ("/", subscriptions.router),
    ("/", organisations.router),
    ("/", wiki.router),
]
for prefix, router in ROUTERS:
    # Messages in English whatever the request's Accept-Language: programs read the API, and
    # its field names and codes are the contract (docs/api.md).
    router.add_decorator(in_english, mode="view")
    api.add_router(prefix, router)

unknown = Router(tags=["unknown"])


@unknown.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False
)
def not_found(request: HttpRequest, rest: str) -> None:
    """Any other address under /api/v1 is a JSON 404, not the site's HTML page."""
    raise Http404


api.add_router("/", unknown)  # last, so it only answers what nothing else did
