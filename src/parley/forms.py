"""Every form on the site renders with GOV.UK Frontend markup through this renderer."""

from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "parley/forms/form.html"
    field_template_name = "parley/forms/field.html"
