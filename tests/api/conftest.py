"""Helpers for calling the API as a guest, with a token, or with a browser session."""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.utils.crypto import get_random_string

from parley.accounts.models import User
from parley.accounts.services import create_access_token


@pytest.fixture
def token_for(db: None) -> Callable[[User], str]:
    """token_for(user) creates a personal access token and returns the raw secret."""

    def make(user: User) -> str:
        _, raw = create_access_token(user=user, name="tests")
        return raw

    return make


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def csrf_client(user: User) -> tuple[Client, str]:
    """A client that enforces CSRF like a browser would, signed in as `user`.

    Returns the client and the CSRF token its cookie holds, for the X-CSRFToken header.
    """
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    secret = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return client, secret
