from typing import Any

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "parley.notifications"
    label = "notifications"

    def ready(self) -> None:
        from allauth.account.signals import user_signed_up

        user_signed_up.connect(_remember_language_of_new_account, dispatch_uid=__name__)


def _remember_language_of_new_account(
    sender: object, request: Any, user: Any, **kwargs: Any
) -> None:
    """A new account's e-mails are in the language they signed up in."""
    from parley.notifications import services

    services.remember_language(person=user, language=services.current_language())
