from django import forms
from django.http import HttpRequest

from parley.accounts.models import User


class SignupForm(forms.Form):
    display_name = forms.CharField(
        max_length=80,
        label="Your name",
        help_text="Shown beside your comments. Your e-mail address is never shown.",
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]
        labels = {"display_name": "Your name"}


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, label="Token name", help_text="What will use it, for example 'my script'."
    )
