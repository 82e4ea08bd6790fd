"""Protects sign-in and the pages that change content.

- People who hold powers (see `parley.accounts.mfa`) and have no second factor are sent
  from the pages that use those powers to set one up, and come back afterwards.
- A sign-in refused because of too many failed attempts (allauth's `login_failed` limit,
  per account and per IP address) is logged, and answered with 429 Too Many Requests.
"""

import hashlib
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from allauth.socialaccount.models import SocialApp
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import ResolverMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from parley.accounts import mfa
from parley.ratelimit import client_ip

logger = logging.getLogger(__name__)

SET_UP_MESSAGE = _("Set up a second factor to use your editing and moderation powers")

# Pages that use editing or moderating powers, by namespace (all of it) or by URL name.
POWER_NAMESPACES = {"moderation", "admin"}
POWER_URL_NAMES = {
    "blog": {"new", "edit", "manage"},
    "guidance": {
        "new",
        "edit",
        "edit_version",
        "edit_clause",
        "schedule",
        "publish",
        "new_version",
        "edit_response",
        "history",
    },
    "organisations": {"edit", "members", "change_role", "remove_member", "cancel_invitation"},
    "wiki": {"space_settings", "adopt", "new_page", "edit_page", "revert", "supported_clauses"},
}
# In those namespaces but not powers: any reader flags a comment; anyone may sign out.
NOT_POWERS = {("moderation", "flag"), ("admin", "logout")}
# allauth's pages that set up a second factor, which carry `next` through to the end.
SET_UP_PAGES = {"mfa_activate_totp", "mfa_view_recovery_codes", "mfa_index"}


def is_power_page(request: HttpRequest) -> bool:
    match: ResolverMatch | None = request.resolver_match
    if match is None:
        return False
    if (match.namespace, match.url_name) in NOT_POWERS:
        return False
    if match.namespace in POWER_NAMESPACES:
        return True
    if match.url_name in POWER_URL_NAMES.get(match.namespace, set()):
        return True
    # A personal access token carries every power, so making one is a use of them.
    return (
        match.url_name == "account_profile"
        and request.method == "POST"
        and request.POST.get("form") == "token"
    )


def safe_next(request: HttpRequest) -> str | None:
    """The `next` page in the query string, when it is on this site."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def login_key_hash(request: HttpRequest) -> str:
    """SHA-256 of the lower-cased address tried, so the log never holds it in clear."""
    return hashlib.sha256(request.POST.get("login", "").strip().lower().encode()).hexdigest()


def _refused_for_too_many_attempts(response: TemplateResponse) -> bool:
    form = (response.context_data or {}).get("form")
    if form is None or not form.is_bound:
        return False
    return any(
        error.code == "too_many_login_attempts"
        for errors in form.errors.as_data().values()
        for error in errors
    )


class AccountSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        match = request.resolver_match
        if (
            match is not None
            and match.url_name == "mfa_activate_totp"
            and request.method == "POST"
            and response.status_code == 302
        ):
            # allauth goes on to the recovery codes, forgetting where the person was going.
            target = safe_next(request)
            if target is not None:
                response["Location"] += "?" + urlencode({"next": target})
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not is_power_page(request) or not mfa.lacks_required_second_factor(request.user):
            return None
        messages.warning(request, SET_UP_MESSAGE)
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('mfa_activate_totp')}?{query}")

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # A sign-in provider with no app configured here: allauth still routes its
        # addresses, and raises rather than saying there is no such page.
        if isinstance(exception, SocialApp.DoesNotExist):
            raise Http404("No such sign-in provider")

    def process_template_response(
        self, request: HttpRequest, response: TemplateResponse
    ) -> TemplateResponse:
        match = request.resolver_match
        if match is None or response.context_data is None:
            return response
        if match.url_name in SET_UP_PAGES:
            response.context_data["continue_url"] = safe_next(request)
        elif (
            match.url_name == "account_login"
            and request.method == "POST"
            and _refused_for_too_many_attempts(response)
        ):
            logger.warning(
                "Sign-in refused after too many failed attempts: account sha256=%s ip=%s",
                login_key_hash(request),
                client_ip(request),
            )
            response.status_code = 429
        return response
