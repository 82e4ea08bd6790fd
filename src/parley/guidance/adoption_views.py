"""The public adopters register of a document, and one adopter's page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from parley.guidance import diff, queries
from parley.guidance.models import Adoption, Document
from parley.organisations.permissions import editable_organisations


def adopters(request: HttpRequest, slug: str) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("organisation"), slug=slug)
    rows = queries.adopters(document)
    published = document.versions.filter(status="published").first()
    return render(
        request,
        "guidance/adopters.html",
        {
            "document": document,
            "adoptions": rows,
            "published": published,
            "can_adopt": editable_organisations(request.user) if published else [],
        },
    )


def adoption(request: HttpRequest, slug: str, organisation: str) -> HttpResponse:
    """What an organisation adopted, its operational sections, and (when a later version
    is published) which clauses changed and which sections rely on them."""
    the_adoption = get_object_or_404(
        Adoption.objects.select_related("organisation", "version", "document"),
        document__slug=slug,
        organisation__slug=organisation,
    )
    published = the_adoption.document.versions.filter(status="published").first()
    changes = (
        [c for c in diff.compare_versions(the_adoption.version, published) if c.kind != "unchanged"]
        if published and published.pk != the_adoption.version_id
        else []
    )
    sections = list(the_adoption.sections.order_by("-needs_review", "title"))
    clause_numbers = {str(c.lineage): c.number for c in the_adoption.version.clauses.all()}
    if published:
        clause_numbers |= {str(c.lineage): c.number for c in published.clauses.all()}
    for section in sections:
        section.clause_numbers = [  # type: ignore[attr-defined]
            clause_numbers.get(lineage, "?") for lineage in section.lineages
        ]
    relying = {
        change.lineage: [s for s in sections if change.lineage in s.lineages] for change in changes
    }
    return render(
        request,
        "guidance/adoption.html",
        {
            "document": the_adoption.document,
            "adoption": the_adoption,
            "published": published,
            "changes": [(change, relying[change.lineage]) for change in changes],
            "sections": sections,
            "to_review": [s for s in sections if s.needs_review],
        },
    )
