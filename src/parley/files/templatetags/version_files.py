"""`{% version_files version %}`: a version's documents, shown the GOV.UK attachment way, for
guidance's version page (guidance cannot import files)."""

from django import template

from parley.files import queries, sniff
from parley.guidance.models import Version

register = template.Library()


@register.inclusion_tag("files/_version_files.html", takes_context=True)
def version_files(context: template.Context, version: Version) -> dict[str, object]:
    return {
        "version": version,
        "files": [(f, sniff.LABELS.get(f.content_type, "")) for f in queries.files_of(version)],
        "contact": getattr(version.document.organisation, "contact_email", ""),
        "can_edit": bool(context.get("can_edit")),
    }
