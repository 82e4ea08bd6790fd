"""Organisations (public profiles) and the adopters register of a document."""

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from parley.api.auth import ANYONE, OPTIONAL_CREDENTIALS
from parley.api.errors import errors
from parley.api.pagination import MAX_LIMIT, cursor_param, limit_param, page
from parley.guidance import queries as guidance_queries
from parley.guidance.models import Document
from parley.organisations import queries
from parley.organisations.models import Organisation

router = Router(tags=["organisations"])


class OrganisationItem(Schema):
    slug: str
    name: str
    kind: str
    url: str


class OrganisationDetail(OrganisationItem):
    kind_label: str
    website: str
    description: str
    logo_url: str
    feed_url: str
    wiki_url: str


class AdoptionOut(Schema):
    organisation: OrganisationItem
    version: int
    adopted_on: date
    statement: str
    up_to_date: bool
    sections_to_review: int
    url: str


def _item(request: HttpRequest, organisation: Organisation) -> OrganisationItem:
    return OrganisationItem(
        slug=organisation.slug,
        name=organisation.name,
        kind=organisation.kind,
        url=request.build_absolute_uri(organisation.get_absolute_url()),
    )


@router.get(
    "/organisations",
    response={200: list[OrganisationItem], **errors(400, 401, 422)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def list_organisations(
    request: HttpRequest,
    response: HttpResponse,
    cursor: str | None = cursor_param(),
    limit: int = limit_param(default=MAX_LIMIT),
) -> list[OrganisationItem]:
    """Organisations by name, a page at a time: the next page's address is in the `Link`
    header (the body stays a bare array)."""
    organisations = page(
        queries.organisations(),
        order=("name", "pk"),
        cursor=cursor,
        limit=limit,
        request=request,
        response=response,
    )
    return [_item(request, organisation) for organisation in organisations.items]


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationDetail, **errors(401, 404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def get_organisation(request: HttpRequest, slug: str) -> OrganisationDetail:
    """One organisation's public profile."""
    organisation = get_object_or_404(Organisation, slug=slug)
    return OrganisationDetail(
        **_item(request, organisation).model_dump(),
        kind_label=organisation.get_kind_display(),
        website=organisation.website,
        description=organisation.description,
        logo_url=organisation.logo_url,
        feed_url=request.build_absolute_uri(f"/blog/organisations/{organisation.slug}/feed/"),
        wiki_url=request.build_absolute_uri(f"/wiki/{organisation.slug}/"),
    )


@router.get(
    "/documents/{slug}/adoptions",
    response={200: list[AdoptionOut], **errors(400, 401, 404, 422)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def list_adoptions(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    cursor: str | None = cursor_param(),
    limit: int = limit_param(default=MAX_LIMIT),
) -> list[AdoptionOut]:
    """The adopters register, by organisation: who adopted which version, and whether it
    is the published one; a page at a time, the next page's address in the `Link` header."""
    document = Document.objects.filter(slug=slug).first()
    if document is None or not document.versions.public().exists():
        raise Http404
    adoptions = page(
        guidance_queries.adoptions(document),
        order=("organisation_name", "pk"),
        cursor=cursor,
        limit=limit,
        request=request,
        response=response,
    )
    return [
        AdoptionOut(
            organisation=_item(request, adoption.organisation),
            version=adoption.version.number,
            adopted_on=adoption.adopted_on,
            statement=adoption.statement,
            up_to_date=adoption.is_up_to_date,  # type: ignore[attr-defined]
            sections_to_review=adoption.sections_to_review,  # type: ignore[attr-defined]
            url=request.build_absolute_uri(adoption.get_absolute_url()),
        )
        for adoption in guidance_queries.with_up_to_date(document, adoptions.items)
    ]
