from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parley.accounts"
    label = "accounts"

    def ready(self) -> None:
        from allauth.account import signals

        from parley.accounts.services import revoke_tokens_on_password_change

        for signal in (signals.password_changed, signals.password_reset, signals.password_set):
            signal.connect(revoke_tokens_on_password_change)
