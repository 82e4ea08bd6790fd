"""Wiki pages, with their revisions."""

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.params.functions import Query

from parley.api.auth import ANYONE, OPTIONAL_CREDENTIALS
from parley.api.errors import errors
from parley.wiki import queries

router = Router(tags=["wiki"])


class RevisionOut(Schema):
    number: int
    title: str
    body_markdown: str
    author: str | None
    message: str
    created_at: datetime


class HeadingOut(Schema):
    id: str
    text: str
    level: int


class SupportedClauseOut(Schema):
    document: str
    lineage: str


class PageOut(Schema):
    space: str
    slug: str
    title: str
    body_markdown: str
    body_html: str
    toc: list[HeadingOut]
    revision: int
    updated_at: datetime
    discussion: int
    supports: list[SupportedClauseOut]
    url: str
    revisions: list[RevisionOut]


@router.get(
    "/wiki/{space}/{page}",
    response={200: PageOut, **errors(401, 404, 422)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def get_page(
    request: HttpRequest, space: str, page: str, revisions: int = Query(50, ge=0, le=500)
) -> PageOut:
    """A page as it stands, with its latest `revisions` revisions, newest first."""
    found = queries.page(space, page)
    if found is None:
        raise Http404
    return PageOut(
        space=found.space.slug,
        slug=found.slug,
        title=found.title,
        body_markdown=found.body_markdown,
        body_html=found.body_html,
        toc=found.toc,
        revision=found.revision_number,
        updated_at=found.updated_at,
        discussion=found.discussion_id,
        supports=[
            SupportedClauseOut(document=s.document.slug, lineage=str(s.lineage))
            for s in found.supported_clauses.select_related("document")
        ],
        url=request.build_absolute_uri(found.get_absolute_url()),
        revisions=[
            RevisionOut(
                number=r.number,
                title=r.title,
                body_markdown=r.body_markdown,
                author=r.author.display_name if r.author else None,
                message=r.message,
                created_at=r.created_at,
            )
            for r in queries.history(found)[:revisions]
        ],
    )
