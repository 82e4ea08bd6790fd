"""Signing up with an address that already has an account does the same work as with a new
one: it answered in 0.05 s instead of 0.8 s (no password hashed), which told anyone timing
it which addresses have accounts. Counted, not timed: the password hasher's calls."""

from typing import ClassVar

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from tests.conftest import Mailbox

PASSWORD = "a long and unusual passphrase"


class CountingHasher(MD5PasswordHasher):
    """Django's MD5 hasher, counting the passwords it hashes."""

    algorithm = "counting_md5"
    hashed: ClassVar[list[str]] = []

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.hashed.append(password)
        return super().encode(password, salt)


@pytest.fixture
def counted(settings: Settings) -> list[str]:
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.hashed.clear()
    return CountingHasher.hashed


def sign_up(email: str) -> int:
    response = Client().post(
        "/accounts/signup/",
        {"email": email, "display_name": "Someone", "password1": PASSWORD, "password2": PASSWORD},
    )
    return response.status_code


def test_signing_up_hashes_a_password_whether_or_not_the_address_has_an_account(
    participant: User, counted: list[str], smtp: Mailbox
) -> None:
    assert sign_up("newcomer@example.org") == 302
    for_a_new_address = len(counted)
    counted.clear()

    assert sign_up(participant.email) == 302
    for_an_existing_address = len(counted)

    assert for_a_new_address >= 1
    assert for_an_existing_address == for_a_new_address
    assert User.objects.filter(email="newcomer@example.org").exists()
    assert User.objects.filter(email=participant.email).count() == 1
