from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import (  # the settings half of allauth's own list_apps
    DefaultSocialAccountAdapter,
    _build_apps_from_settings,
)
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parley.accounts import mfa
from parley.accounts.models import User
from parley.accounts.names import staff_it_impersonates
from parley.links import moved_to_site, on_site
from parley.markup import plain_name


class AccountAdapter(DefaultAccountAdapter):
    # allauth's refusals people see, in the site's words (GOV.UK error messages).
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is turned off"),
        "cannot_remove_primary_email": _("You cannot remove your main e-mail address"),
        "duplicate_email": _("This e-mail address is already on your account"),
        "email_password_mismatch": _("The e-mail address or the password is not right"),
        "email_taken": _("Another account already uses this e-mail address"),
        "enter_current_password": _("Enter your current password"),
        "incorrect_password": _("The password is not right"),
        "max_email_addresses": _("You cannot add more than %d e-mail addresses"),
        "too_many_login_attempts": _("Too many failed attempts to sign in: try again later"),
        "unknown_email": _("No account uses this e-mail address"),
    }

    def format_email_subject(self, subject: str) -> str:
        """Our subjects name the site themselves: no "[127.0.0.1:8000]" before them."""
        return subject

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's e-mails, written in Parley's templates (templates/account/email/),
        with the site's name and every link on SITE_URL rather than the host the request
        came to (a proxy's, or a test client's)."""
        links = {
            key: moved_to_site(value)
            for key, value in context.items()
            if key.endswith("_url") and isinstance(value, str)
        }
        site = {"site_name": settings.SITE_NAME, "site_url": on_site("/")}
        super().send_mail(template_prefix, email, {**context, **links, **site})

    def populate_username(self, request: HttpRequest, user: User) -> None:
        """Users have no username; a display name defaults to the e-mail's local part."""
        if not user.display_name:
            user.display_name = user.email.split("@")[0]

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """A sign-in that has just proved every factor the account has counts as recent
        authentication: no second password prompt seconds after signing in."""
        if self.request is not None and mfa.signed_in_recently(self.request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[Any]:
        """The providers configured in settings only (docs/sign-in.md): a SocialApp row
        could not be signed in with anyway, as the Content-Security-Policy names only the
        configured providers' origins. Not reading that table spares every signed-out page
        with a comment form a query."""
        by_provider = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for apps in by_provider.values() for app in apps]

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> User:
        """A display name from what the provider tells us, else the e-mail's local part.

        A provider's name is checked like one typed on the account page: one that could be
        taken for a staff member's (`accounts.names`) is not used. The account is still
        made, under the e-mail's local part (or "Participant" if that looks like staff
        too), and the person is told why and where to choose another."""
        user = super().populate_user(request, sociallogin, data)
        given = (
            " ".join(part for part in (data.get("first_name"), data.get("last_name")) if part)
            or data.get("name")
            or data.get("username")
            or ""
        )
        local_part = plain_name((user.email or "").split("@")[0])[:80]
        name = plain_name(given)[:80] or local_part or "Participant"
        if staff_it_impersonates(name):
            safe = "Participant"
            if local_part and not staff_it_impersonates(local_part):
                safe = local_part
            messages.warning(
                request,
                _(
                    "The name %(provider)s gave us, “%(given)s”, looks like a member of "
                    "staff’s, so we show you as “%(shown)s”. You can choose another name "
                    "on your account page."
                )
                % {"provider": sociallogin.provider.name, "given": name, "shown": safe},
            )
            name = safe
        user.display_name = name
        return user
