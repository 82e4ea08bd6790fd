from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parley.notifications.models import Frequency, Kind


class PreferencesForm(forms.Form):
    """One choice of frequency per kind of notification."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                initial=current[kind.value],
                widget=forms.RadioSelect,
            )


class FollowForm(forms.Form):
    """A guest's address, to follow something by e-mail (confirmed by mail first)."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address"),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com"),
        },
    )
