"""`parley token`: create, list and revoke personal access tokens for the API.

parley token create EMAIL [--name NAME]   prints the new token alone on its last line
parley token list EMAIL
parley token revoke ID
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parley.accounts.models import AccessToken, User
from parley.accounts.services import create_access_token, revoke_access_token

DEFAULT_NAME = "Command line"


def _user(email: str) -> User:
    user = (
        User.objects.filter(email=email).first()
        or User.objects.filter(email__iexact=email.strip()).first()
    )
    if user is None:
        raise CommandError(f"There is no account with the e-mail address {email!r}")
    return user


def _state(token: AccessToken) -> str:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at <= timezone.now():
        return "expired"
    return "active"


class Command(BaseCommand):
    help = "Create, list and revoke personal access tokens for the API."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="Create a token and print it once.")
        create.add_argument("email", help="The e-mail address of the token's owner")
        create.add_argument("--name", default=DEFAULT_NAME, help="What the token is for")
        listing = actions.add_parser("list", help="List a person's tokens (never the secrets).")
        listing.add_argument("email")
        revoke = actions.add_parser("revoke", help="Revoke a token at once.")
        revoke.add_argument("id", type=int, help="The token's id, as `list` shows it")

    def handle(self, *args: Any, **options: Any) -> None:
        match options["action"]:
            case "create":
                self._create(options["email"], options["name"])
            case "list":
                self._list(options["email"])
            case "revoke":
                self._revoke(options["id"])

    def _create(self, email: str, name: str) -> None:
        user = _user(email)
        if not user.is_active:
            raise CommandError(
                f"The account {user.email} is deactivated: its tokens would not work"
            )
        if not name.strip():
            raise CommandError("Give the token a name, so you can tell it apart later")
        token, raw = create_access_token(user=user, name=name.strip())
        self.stdout.write(
            f"Created token {token.pk} ({token.name!r}) for {user.email}, "
            f"valid until {token.expires_at:%Y-%m-%d %H:%M %Z}."
        )
        self.stdout.write("Copy it now: it is not stored and cannot be shown again.")
        self.stdout.write(raw)

    def _list(self, email: str) -> None:
        user = _user(email)
        tokens = list(AccessToken.objects.filter(user=user))
        if not tokens:
            self.stdout.write(f"{user.email} has no tokens.")
            return
        for token in tokens:
            last_used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            self.stdout.write(
                f"{token.pk}\t{_state(token)}\t{token.name}\t"
                f"created {token.created_at:%Y-%m-%d}\texpires {token.expires_at:%Y-%m-%d}\t"
                f"last used {last_used}"
            )

    def _revoke(self, token_id: int) -> None:
        token = AccessToken.objects.select_related("user").filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"There is no token {token_id}")
        if token.revoked_at is not None:
            self.stdout.write(f"Token {token.pk} was already revoked.")
            return
        revoke_access_token(token=token)
        self.stdout.write(f"Revoked token {token.pk} ({token.name!r}) of {token.user.email}.")
