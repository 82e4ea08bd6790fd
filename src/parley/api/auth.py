"""Who is calling: a personal access token, or the browser's signed-in session.

A token travels as `Authorization: Bearer <token>` and needs no CSRF token, since a
browser never adds it by itself. A session cookie does travel by itself, so an
unsafe request (POST, DELETE …) that relies on it must carry the CSRF token too.

Endpoints that need a signed-in person use `SIGNED_IN`; endpoints open to anyone
use `ANYONE`, which still recognises a token or a session when one is present and
refuses a bad token or a missing CSRF token rather than carrying on anonymously.
Endpoints that use editing or moderating powers use `WITH_POWERS`: as `SIGNED_IN`,
but a browser session of someone who must have a second factor and has none is refused,
as the pages that use those powers are (`parley.accounts.mfa`). A token is not: one is
only made in a session signed in with the second factor, or by an operator.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from parley.accounts import mfa
from parley.accounts.models import User
from parley.accounts.services import user_for_token
from parley.api.errors import ApiError
from parley.organisations.models import Organisation
from parley.organisations.permissions import can_edit, editable_organisations

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <personal access token>`."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = user_for_token(token.strip())
        if user is None:
            # Refuse outright: carrying on as a guest would hide the caller's mistake.
            raise AuthenticationError(
                message="The access token is not valid: it may have expired or been revoked"
            )
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods must also pass Django's CSRF check.
    `for_powers`: endpoints that use editing or moderating powers, which refuse someone
    who must have a second factor and has none."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, *, for_powers: bool = False) -> None:
        super().__init__()
        self.for_powers = for_powers

    def _get_key(self, request: HttpRequest) -> str | None:
        # CSRF is checked in authenticate, and only once we know a session signs someone in.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            return None
        if (
            request.method not in SAFE_METHODS
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise HttpError(
                403,
                "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken "
                "header, or use an access token instead of the session",
            )
        if self.for_powers and mfa.lacks_required_second_factor(user):
            raise HttpError(
                403,
                "Set up a second factor (an authenticator app) on your account before "
                "using editing or moderation powers, or use a personal access token",
            )
        return user


class Anonymous:
    """Lets a request without credentials through; the endpoint sees an AnonymousUser."""

    def __call__(self, request: HttpRequest) -> AnonymousUser:
        return AnonymousUser()


token_auth = TokenAuth()
session_auth = SessionAuth()

SIGNED_IN = [token_auth, session_auth]
WITH_POWERS = [token_auth, SessionAuth(for_powers=True)]
ANYONE = [token_auth, session_auth, Anonymous()]
# OpenAPI's way of saying "credentials are optional": an empty security requirement.
OPTIONAL_CREDENTIALS: dict[str, Any] = {"security": [{}]}


def caller(request: HttpRequest) -> User | AnonymousUser:
    """The person behind a request that passed `ANYONE` or `SIGNED_IN`."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else AnonymousUser()


def signed_in_user(request: HttpRequest) -> User:
    """The person behind a request that passed `SIGNED_IN`."""
    auth = getattr(request, "auth", None)
    if not isinstance(auth, User):
        raise AuthenticationError()
    return auth


def organisation_to_write_for(user: User, slug: str | None, what: str) -> Organisation:
    """The organisation `user` is writing a `what` for: the one named, or the only one
    they edit. Refuses (403/422, naming `organisation`) anything else."""
    if not can_edit(user):
        raise ApiError(403, f"Only an organisation's editors can write a {what}")
    if slug is None:
        editable = editable_organisations(user)
        if len(editable) != 1:  # staff edit every organisation, which may be none or many
            message = f"Say which organisation this {what} is for, by its slug"
            raise ApiError(422, message, {"organisation": [message]})
        return editable[0]
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        message = f"There is no organisation {slug!r}"
        raise ApiError(422, message, {"organisation": [message]})
    if not can_edit(user, organisation):
        message = f"You are not an editor of {slug!r}"
        raise ApiError(403, message, {"organisation": [message]})
    return organisation
