from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parley.accounts.models import User
from parley.accounts.names import staff_it_impersonates
from parley.markup import plain_name


def not_staffs_name(name: str, *, user: User | None = None) -> str:
    """`name`, unless it could be taken for a staff member's (`accounts.names`)."""
    if staff_it_impersonates(name, user=user):
        raise forms.ValidationError(
            _("This name looks like a member of staff’s: choose another"), code="impersonation"
        )
    return name


class SignupForm(forms.Form):
    display_name = forms.CharField(
        max_length=80,
        label=_("Your name"),
        help_text=_("Shown beside your comments. Your e-mail address is never shown."),
    )

    def clean_display_name(self) -> str:
        return not_staffs_name(plain_name(self.cleaned_data["display_name"]))

    def signup(self, request: HttpRequest, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    def clean_display_name(self) -> str:
        return not_staffs_name(plain_name(self.cleaned_data["display_name"]), user=self.instance)

    class Meta:
        model = User
        fields = ["display_name"]
        labels = {"display_name": _("Your name")}
        help_texts = {"display_name": _("The name shown beside your comments and posts.")}


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=_("Token name"),
        help_text=_("What will use it, for example ‘my script’."),
    )


class EraseForm(forms.Form):
    """What becomes of someone's comments when their account is deleted."""

    comments = forms.ChoiceField(
        label=_("Your comments"),
        choices=[
            ("keep", _("Keep them, shown as by “a former participant”")),
            ("delete", _("Delete them too")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your comments")},
    )
