"""Read paths shared by wiki pages and the API."""

from django.db.models import QuerySet

from parley.guidance import queries as guidance_queries
from parley.guidance.models import Clause, Document, OperationalSection
from parley.wiki.models import Page, Revision, Space, SupportedClause


def spaces() -> QuerySet[Space]:
    return Space.objects.select_related("organisation").order_by("organisation", "name")


def pages_of(space: Space) -> QuerySet[Page]:
    return Page.objects.filter(space=space).order_by("title")


def page(space_slug: str, page_slug: str) -> Page | None:
    return (
        Page.objects.select_related("space__organisation", "discussion")
        .filter(space__slug=space_slug, slug=page_slug)
        .first()
    )


def history(page: Page) -> QuerySet[Revision]:
    """The page's revisions, newest first, with their authors (one query)."""
    return Revision.objects.filter(page=page).select_related("author").order_by("-number")


def supported(page: Page) -> list[tuple[Document, list[Clause]]]:
    """The clauses the page supports, grouped by document, each as readers may see it
    (`guidance.queries.public_clauses`): a page anyone can read never links to a draft;
    two queries."""
    rows = list(page.supported_clauses.select_related("document"))
    if not rows:
        return []
    shown = guidance_queries.public_clauses(str(r.lineage) for r in rows)
    by_document: dict[int, tuple[Document, list[Clause]]] = {}
    for row in rows:
        found = shown.get(str(row.lineage))
        if found is not None:
            by_document.setdefault(row.document_id, (row.document, []))[1].append(found)
    for _document, clauses in by_document.values():
        clauses.sort(key=lambda clause: clause.position)
    return list(by_document.values())


def supporting_pages(clause: Clause) -> list[Page]:
    """Wiki pages that declare they support the clause's lineage (one query)."""
    return [
        row.page
        for row in SupportedClause.objects.filter(lineage=clause.lineage)
        .select_related("page__space")
        .order_by("page__space__organisation", "page__title")
    ]


def clauses_to_choose(document: Document) -> list[Clause]:
    """The clauses of the document's latest public version (else its latest), to map to."""
    version = (
        document.versions.public().order_by("-number").first()
        or document.versions.order_by("-number").first()
    )
    return list(version.clauses.order_by("position")) if version else []


def section_key(page: Page) -> str:
    """How an operational section names the wiki page that holds its text."""
    return f"wiki-page:{page.pk}"


def sections_to_review(pages: list[Page]) -> dict[int, list[OperationalSection]]:
    """For each page that holds an adopter's operational section now marked for review,
    those sections (one query)."""
    by_key = {section_key(page): page.pk for page in pages}
    found: dict[int, list[OperationalSection]] = {}
    for section in OperationalSection.objects.filter(
        key__in=by_key, needs_review=True
    ).select_related("adoption__document"):
        found.setdefault(by_key[section.key], []).append(section)
    return found
