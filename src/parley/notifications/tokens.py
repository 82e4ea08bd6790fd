"""Signed links in e-mails: confirming a guest's address, unsubscribing in one click, and
a guest's preferences page. Nothing secret is stored: the signature is the proof."""

from django.core import signing
from django.urls import reverse

from parley.links import on_site

CONFIRM_SALT = "parley.notifications.confirm"
UNSUBSCRIBE_SALT = "parley.notifications.unsubscribe"
PREFERENCES_SALT = "parley.notifications.preferences"
CONFIRM_MAX_AGE = 14 * 24 * 3600  # a confirmation link works for two weeks


def absolute(path: str) -> str:
    """`path` on this site as a full address, for e-mails (there is no request to ask)."""
    return on_site(path)


def confirm_url(recipient_id: int) -> str:
    token = signing.dumps(recipient_id, salt=CONFIRM_SALT, compress=True)
    return absolute(reverse("notifications:confirm", args=[token]))


def unsubscribe_url(recipient_id: int, scope: str) -> str:
    token = signing.dumps([recipient_id, scope], salt=UNSUBSCRIBE_SALT, compress=True)
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def preferences_url(recipient_id: int) -> str:
    token = signing.dumps(recipient_id, salt=PREFERENCES_SALT, compress=True)
    return absolute(reverse("notifications:guest_preferences", args=[token]))


def read_confirm(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def read_unsubscribe(token: str) -> tuple[int, str] | None:
    try:
        recipient_id, scope = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(recipient_id), str(scope)
    except (signing.BadSignature, TypeError, ValueError):
        return None


def read_preferences(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=PREFERENCES_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None
