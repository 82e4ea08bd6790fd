"""The editor's form for the date the body's response is due: a GOV.UK date input (day,
month, year), with one error message for the whole date, as the design system asks."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _


class ResponseDueForm(forms.Form):
    prefix = "response_due"

    day = forms.CharField(required=False, max_length=10, strip=True)
    month = forms.CharField(required=False, max_length=10, strip=True)
    year = forms.CharField(required=False, max_length=10, strip=True)

    def __init__(self, *args: object, initial_due: date | None = None, **kwargs: object) -> None:
        if initial_due is not None:
            kwargs["initial"] = {
                "day": initial_due.day,
                "month": initial_due.month,
                "year": initial_due.year,
            }
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        parts = [str(data.get(name) or "") for name in ("day", "month", "year")]
        if not any(parts):
            raise forms.ValidationError(_("Enter the date the response is due"))
        if not all(parts):
            raise forms.ValidationError(_("The date must include a day, a month and a year"))
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise forms.ValidationError(_("The date must be a real date, in numbers"))
        day, month, year = parts
        if len(year) != 4:
            raise forms.ValidationError(_("The year must include 4 numbers"))
        try:
            data["due"] = date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(_("The date must be a real date")) from None
        return data

    @property
    def problem(self) -> str:
        """The one message shown beside the date (GOV.UK: one error for a date input)."""
        for error in self.non_field_errors():
            return str(error)
        for field in self:
            for error in field.errors:
                return str(error)
        return ""
