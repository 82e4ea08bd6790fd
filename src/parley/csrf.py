"""The forms of pages nginx serves from a file, under Django's CSRF protection.

A kept page nginx serves itself (discussions.page_files) is the same bytes for every
reader, so its forms cannot carry a reader's own CSRF token. They carry `KEPT_PAGE_TOKEN`
instead, which `KeptPageForms` (just before Django's CsrfViewMiddleware) accepts only on the
one form a kept file carries (the comment form's view, marked `@kept_page_form`) and only
from a browser that says the form came from this site: an `Origin` header that Django's own
origin check accepts (this site, or one in CSRF_TRUSTED_ORIGINS) and, where the browser
sends it, `Sec-Fetch-Site: same-origin`. A forged form on another site sends that site's
origin, or `null`; a request with no Origin header must carry a real token. The body is
read only after those checks pass. Every other request is left to Django's middleware,
unchanged.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware

# Public by design: it proves nothing by itself (see above).
KEPT_PAGE_TOKEN = "kept-page"  # noqa: S105  # nosec B105


def kept_page_form[View: Callable[..., HttpResponseBase]](view: View) -> View:
    """Mark the view that a kept page's form posts to: the only one that accepts its token."""
    view.accepts_kept_page_token = True  # type: ignore[attr-defined]
    return view


def _sent_token(request: HttpRequest) -> str:
    try:
        in_form = request.POST.get("csrfmiddlewaretoken", "")
    except OSError:  # the upload was cut off: Django's middleware says so
        in_form = ""
    return in_form or str(request.META.get(settings.CSRF_HEADER_NAME, ""))


class KeptPageForms:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.django = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        if (
            request.method == "POST"
            and getattr(view, "accepts_kept_page_token", False)
            and "HTTP_ORIGIN" in request.META
            and request.META.get("HTTP_SEC_FETCH_SITE", "same-origin") == "same-origin"
            and self.django._origin_verified(request)  # type: ignore[attr-defined]
            and _sent_token(request) == KEPT_PAGE_TOKEN  # the body, read last
        ):
            # Django's middleware then accepts the request without looking for a token,
            # as it does for one its csrf_protect decorator has already checked.
            request.csrf_processing_done = True  # type: ignore[attr-defined]
