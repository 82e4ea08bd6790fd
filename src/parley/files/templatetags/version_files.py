"""`{% version_files version %}`: a version's documents, shown the GOV.UK attachment way, for
guidance's version page (guidance cannot import files)."""

from django import template
from django.template.defaultfilters import filesizeformat
from django.utils.translation import ngettext

from parley.files import queries, sniff
from parley.files.models import VersionFile
from parley.guidance.models import Version

register = template.Library()


def metadata(document_file: VersionFile) -> str:
    """What the GOV.UK attachment pattern says under the title: "PDF, 1.2 MB, 12 pages"."""
    parts = [sniff.LABELS.get(document_file.content_type, ""), filesizeformat(document_file.size)]
    if document_file.pages:
        parts.append(
            ngettext("%(count)s page", "%(count)s pages", document_file.pages)
            % {"count": document_file.pages}
        )
    return ", ".join(parts)


@register.inclusion_tag("files/_version_files.html", takes_context=True)
def version_files(context: template.Context, version: Version) -> dict[str, object]:
    return {
        "version": version,
        "files": [(f, metadata(f)) for f in queries.files_of(version)],
        "contact": getattr(version.document.organisation, "contact_email", ""),
        "can_edit": bool(context.get("can_edit")),
    }
