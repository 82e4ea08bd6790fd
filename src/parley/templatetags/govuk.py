"""Template helpers that give Django form fields GOV.UK Frontend classes and ARIA links."""

from django import template
from django.forms import BoundField, Field
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()

_INPUT_CLASS = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "file": "govuk-file-upload",
    "multiplefile": "govuk-file-upload",
}


@register.filter
def govuk_widget(field: BoundField) -> SafeString:
    """The field's widget with GOV.UK classes, error state and aria-describedby."""
    kind = field.widget_type
    css = _INPUT_CLASS.get(kind, "govuk-input")
    if field.errors and kind != "checkbox":
        css += f" {css}--error"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs: dict[str, str | bool] = {
        "class": f"{css} {field.field.widget.attrs.get('class', '')}".strip()
    }
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def field_kind(field: BoundField) -> str:
    return field.widget_type


@register.filter
def govuk_error(message: str, field: BoundField) -> str:
    """Django's generic "This field is required." says which field, as GOV.UK asks
    ("Enter …", or "Select …" for a choice); a form's own message is kept."""
    if message != str(Field.default_error_messages["required"]) or not field.label:
        return message
    label = str(field.label)
    if not label[1:2].isupper():  # "Your name" → "your name", but "IP address" stays
        label = label[:1].lower() + label[1:]
    if field.widget_type in {"radioselect", "select"}:
        return gettext("Select %(label)s") % {"label": label}
    return gettext("Enter %(label)s") % {"label": label}


@register.filter
def govuk_anchor(field: BoundField) -> str:
    """Where an error summary's link should go: the field, or a choice's first option."""
    return field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")
