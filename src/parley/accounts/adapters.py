from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from parley.accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request: HttpRequest, user: User) -> None:
        """Users have no username; a display name defaults to the e-mail's local part."""
        if not user.display_name:
            user.display_name = user.email.split("@")[0]
