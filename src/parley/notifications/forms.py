from django import forms

from parley.notifications.models import Frequency, Kind


class PreferencesForm(forms.Form):
    """One choice of frequency per kind of notification."""

    def __init__(self, *args: object, current: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                initial=current[kind.value],
                widget=forms.RadioSelect,
            )
