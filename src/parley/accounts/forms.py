from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parley.accounts import services
from parley.accounts.models import User


def checked_name(name: str, *, user: User | None = None) -> str:
    """`name` as `services.rename` would keep it, or its refusal as the field's error."""
    try:
        return services.checked_name(name, user=user)
    except services.NameRejected as rejected:
        raise forms.ValidationError(rejected.errors["display_name"]) from rejected


class SignupForm(forms.Form):
    display_name = forms.CharField(
        max_length=80,
        label=_("Your name"),
        help_text=_("Shown beside your comments. Your e-mail address is never shown."),
    )

    def clean_display_name(self) -> str:
        return checked_name(self.cleaned_data["display_name"])

    def signup(self, request: HttpRequest, user: User) -> None:
        services.rename(user=user, display_name=self.cleaned_data["display_name"])


class ProfileForm(forms.ModelForm[User]):
    """Only checks the name: `services.rename` saves it."""

    def clean_display_name(self) -> str:
        return checked_name(self.cleaned_data["display_name"], user=self.instance)

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
