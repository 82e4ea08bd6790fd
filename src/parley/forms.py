"""Every form on the site renders with GOV.UK Frontend markup through this renderer, and
shows a service's refusal beside the fields it names."""

from django import forms
from django.forms.renderers import TemplatesSetting

from parley.validation import Rejected


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "parley/forms/form.html"
    field_template_name = "parley/forms/field.html"


def show_rejection(form: forms.BaseForm, rejected: Rejected) -> None:
    """Put a service's refusal beside the fields it names; the rest above the form."""
    for field, problems in rejected.errors.items():
        form.add_error(field if field in form.fields else None, problems)
