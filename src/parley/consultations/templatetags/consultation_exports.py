"""`{% response_exports version %}`: the export links of the analysts' responses page, and
for the organisation's owners and editors the log of exports with e-mail addresses."""

from typing import Any

from django import template
from django.urls import reverse

from parley.consultations import exports
from parley.guidance.models import Version
from parley.organisations.permissions import can_edit

register = template.Library()


@register.inclusion_tag("consultations/_exports.html", takes_context=True)
def response_exports(context: dict[str, Any], version: Version) -> dict[str, object]:
    user = context["request"].user
    show_log = can_edit(user, version.document.organisation)
    return {
        "document": version.document,
        "version": version,
        "consult_url": reverse("api:consult_export", args=[version.document.slug, version.number]),
        "show_log": show_log,
        "contact_exports": exports.contact_exports(version) if show_log else [],
    }
