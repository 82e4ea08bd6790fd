"""Django's password rules (AUTH_PASSWORD_VALIDATORS) in the site's words, in English
and Welsh: Django has no Welsh for them, and people read them as they choose a password."""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "Your password must be at least %(min_length)d character long",
            "Your password must be at least %(min_length)d characters long",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Use at least %(min_length)d character.",
            "Use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return _("Your password is too like your %(verbose_name)s")

    def get_help_text(self) -> str:
        return _("Do not use your name or e-mail address.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Your password is one that many people use: choose a less common one")

    def get_help_text(self) -> str:
        return _("Do not use a password many people use.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Your password must not be only numbers")

    def get_help_text(self) -> str:
        return _("Do not use only numbers.")
