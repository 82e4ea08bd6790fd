"""Second factors for the people who can change content.

Site staff and an organisation's owners, editors and moderators must have an
authenticator app (TOTP, through allauth.mfa, with recovery codes) before they use those
powers in the browser; `parley.accounts.middleware` sends them to set one up. A personal
access token carries its user's powers with no further prompt, so one is only made in a
session that was signed in with the second factor. `PARLEY_STAFF_SECOND_FACTOR = False`
turns all of this off (the test suite's default; the second-factor tests turn it on).
"""

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from parley.accounts.models import User
from parley.organisations.permissions import can_moderate


def required() -> bool:
    """Whether the site asks for second factors at all."""
    return bool(settings.PARLEY_STAFF_SECOND_FACTOR)


def has_second_factor(user: User | AnonymousUser) -> bool:
    """`user` has an authenticator app (recovery codes alone are not a second factor)."""
    return (
        user.is_authenticated
        and Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )


def needs_second_factor(user: User | AnonymousUser) -> bool:
    """`user` holds a role that can change content: site staff, or an organisation's
    owner, editor or moderator (every role that may edit may also moderate)."""
    return user.is_authenticated and (user.is_staff or can_moderate(user))


def lacks_required_second_factor(user: User | AnonymousUser) -> bool:
    """`user` must set up a second factor before using their powers."""
    return required() and needs_second_factor(user) and not has_second_factor(user)


def signed_in_with_second_factor(request: HttpRequest) -> bool:
    """This session's user proved a second factor (at sign-in or when asked again since).

    allauth records each way a session authenticated; a TOTP code or a recovery code is
    recorded with the method "mfa".
    """
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def signed_in_recently(request: HttpRequest) -> bool:
    """Within ACCOUNT_REAUTHENTICATION_TIMEOUT this session proved the password (or a
    provider's sign-in) and, when the account has an authenticator app, a code from it
    (at sign-in, or by setting the app up since): as much as allauth's "confirm it is
    you" asks for, so it is not asked again."""
    user = request.user
    if not user.is_authenticated:
        return False
    since = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
    fresh = [
        record
        for record in get_authentication_records(request, user)
        if record.get("at", 0) > since
    ]
    first_factor = [r["at"] for r in fresh if r.get("method") in {"password", "socialaccount"}]
    if not first_factor:
        return False
    app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return (
        app is None
        or any(record.get("method") == "mfa" for record in fresh)
        or app.created_at.timestamp() > max(first_factor)
    )


def may_create_token(request: HttpRequest) -> bool:
    """Tokens are made only in a session signed in with the user's second factor."""
    if not required():
        return True
    return has_second_factor(request.user) and signed_in_with_second_factor(request)
