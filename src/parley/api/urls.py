"""The JSON API under /api/v1: one router per domain, one error format for all of them."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Router

from parley.api import (
    discussions,
    errors,
    guidance,
    moderation,
    organisations,
    posts,
    subscriptions,
    wiki,
)
from parley.api.parser import WithoutNulls


class ParleyAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return errors.document_input_errors(super().get_openapi_schema(**kwargs))


api = ParleyAPI(title="Parley API", version="1", urls_namespace="api", parser=WithoutNulls())
errors.install(api)
api.add_router("/posts", posts.router)
api.add_router("/documents", guidance.router)
api.add_router("/", discussions.router)
api.add_router("/", moderation.router)
api.add_router("/", subscriptions.router)
api.add_router("/", organisations.router)
api.add_router("/", wiki.router)

unknown = Router(tags=["unknown"])


@unknown.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False
)
def not_found(request: HttpRequest, rest: str) -> None:
    """Any other address under /api/v1 is a JSON 404, not the site's HTML page."""
    raise Http404


api.add_router("/", unknown)  # last, so it only answers what nothing else did
