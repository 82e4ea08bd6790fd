"""allauth's forms (ACCOUNT_FORMS, SOCIALACCOUNT_FORMS) in the site's words.

allauth labels its fields in its own style ("Email", "Remember Me", "Password (again)")
and puts the label in a placeholder too; GOV.UK forms use sentence case, "E-mail address",
and no placeholders (they vanish as someone types). Kept apart from `parley.accounts.forms`,
which allauth's own forms module imports (ACCOUNT_SIGNUP_FORM_CLASS).
"""

from collections.abc import Mapping
from typing import Any

from allauth.account import forms as account
from allauth.socialaccount import forms as social
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core.validators import EmailValidator, validate_email
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

LABELS = {
    "login": _("E-mail address"),
    "email": _("E-mail address"),
    "password": _("Password"),
    "remember": _("Remember me on this device"),
    "oldpassword": _("Current password"),
    "password1": _("Password"),
    "password2": _("Type the password again"),
}
NEW_PASSWORD = {"password1": _("New password"), "password2": _("Type the new password again")}
# What to say when a field is left empty (GOV.UK: say what to do, not "This field is required").
REQUIRED = {
    "login": _("Enter your e-mail address"),
    "email": _("Enter your e-mail address"),
    "password": _("Enter your password"),
    "oldpassword": _("Enter your current password"),
    "password1": _("Enter a password"),
    "password2": _("Type the password again"),
}
valid_email = EmailValidator(
    message=_("Enter an e-mail address in the correct format, like name@example.com")
)


def password_rules() -> str:
    """The password validators' help, as a GOV.UK list."""
    rules = password_validation.password_validators_help_texts()
    items = format_html_join("", "<li>{}</li>", ((rule,) for rule in rules))
    return format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>', items)


def relabel(form: forms.Form, extra: Mapping[str, Any] | None = None) -> None:
    labels = {**LABELS, **(extra or {})}
    for name, field in form.fields.items():
        if name in labels:
            field.label = labels[name]
        if name in REQUIRED:
            field.error_messages["required"] = REQUIRED[name]
        if name == "password1" and field.help_text:
            field.help_text = password_rules()
        field.validators = [valid_email if v is validate_email else v for v in field.validators]
        field.widget.attrs.pop("placeholder", None)


class LoginForm(account.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relabel(self)


class SignupForm(account.SignupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relabel(self)

    def try_save(self, request: HttpRequest) -> tuple[Any, Any]:
        """For an address that already has an account allauth creates nothing and only
        e-mails its owner, skipping the one slow step of a sign-up: hashing the password.
        Hash it anyway (and throw it away), so both answers take as long and the time
        taken tells nobody which addresses have accounts."""
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class AddEmailForm(account.AddEmailForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relabel(self, {"email": _("New e-mail address")})


class ChangePasswordForm(account.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relabel(self, NEW_PASSWORD)


class SetPasswordForm(account.SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relabel(self)


class ResetPasswordForm(account.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relabel(self)


class ResetPasswordKeyForm(account.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relabel(self, NEW_PASSWORD)


class ReauthenticateForm(account.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relabel(self)


class SocialSignupForm(social.SignupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        relabel(self)
