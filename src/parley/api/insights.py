"""Insights into a consultation: campaigns, themes and stance, as the insights page shows them.

The analysts, editors and owners of the document's organisation may read them at any time;
everyone else once the response to the consultation is published (the page's rule,
`insights.queries.visible_version`).
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from parley.api.auth import ANYONE, OPTIONAL_CREDENTIALS, caller
from parley.api.errors import ErrorOut
from parley.insights import queries

router = Router(tags=["insights"])


class CampaignOut(Schema):
    id: str = Field(description="Stable while its earliest comment stays, e.g. c-1234")
    size: int = Field(description="How many comments (signatories) it has")
    template: int = Field(description="The id of its most typical comment")
    members: list[int] = Field(description="The ids of its comments, ascending")
    variants: int = Field(description="How many different wordings its comments have")
    first_seen: str
    last_seen: str


class ThemeOut(Schema):
    id: str = Field(description="t-1, t-2 … by size, within one analysis")
    terms: list[str] = Field(description="Its top terms, the label")
    size: int
    representatives: list[int] = Field(description="Ids of up to three typical comments")
    clauses: list[str] = Field(description="Clause numbers it touches; 'document' for the whole")


class InsightsOut(Schema):
    state: str = Field(description="none, queued, running, done or failed")
    analysed_at: str | None = None
    comment_count: int = 0
    campaigns: list[CampaignOut]
    themes: list[ThemeOut]
    stance: dict[str, Any] = Field(
        description="clauses: per clause, counts by stance counting every comment "
        "(comments) and each campaign once (campaigns_once); totals: the same overall"
    )
    timeline: list[dict[str, Any]]
    heat: list[dict[str, Any]]
    notes: list[str] = Field(description="Codes for what could not be found, e.g. no_campaigns")


@router.get(
    "/{slug}/versions/{n}/insights",
    response={200: InsightsOut, 401: ErrorOut, 404: ErrorOut},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def get_insights(request: HttpRequest, slug: str, n: int) -> dict[str, Any]:
    """The analysis of a version's comments: campaigns, themes and stance per clause."""
    try:
        version, _ = queries.visible_version(caller(request), slug, n)
    except queries.NotVisible as error:
        raise Http404 from error
    return queries.analysis_document(version)
