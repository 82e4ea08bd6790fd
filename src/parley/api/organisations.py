"""Organisations (public profiles) and the adopters register of a document."""

from datetime import date

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from parley.api.auth import ANYONE, OPTIONAL_CREDENTIALS
from parley.api.errors import errors
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
    response={200: list[OrganisationItem], **errors(401)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def list_organisations(request: HttpRequest) -> list[OrganisationItem]:
    """Every organisation, by name."""
    return [_item(request, organisation) for organisation in queries.organisations()]


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
    response={200: list[AdoptionOut], **errors(401, 404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def list_adoptions(request: HttpRequest, slug: str) -> list[AdoptionOut]:
    """The adopters register: who adopted which version, and whether it is the
    published one."""
    document = Document.objects.filter(slug=slug).first()
    if document is None or not document.versions.public().exists():
        raise Http404
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
        for adoption in guidance_queries.adopters(document)
    ]
