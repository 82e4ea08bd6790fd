"""Insights into a consultation: campaigns, themes and stance, as the insights page shows them.

The analysts, editors and owners of the document's organisation may read them at any time;
everyone else once the response to the consultation is published (the page's rule,
`insights.queries.may_read_insights`).
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from parley.api.auth import ANYONE, OPTIONAL_CREDENTIALS, caller
from parley.api.errors import ErrorOut
from parley.insights import queries

router = Router(tags=["insights"])
campaigns_router = Router(tags=["insights"])


class CampaignOut(Schema):
    id: str = Field(description="Stable while its earliest comment stays, e.g. c-1234")
    size: int = Field(description="How many comments (signatories) it has")
    template: int | None = Field(
        description="The id of its most typical comment; null for a campaign of formal "
        "responses alone (listed for the organisation's analysts only)"
    )
    members: list[int] = Field(description="The ids of its comments, ascending")
    variants: int = Field(description="How many different wordings its comments have")
    first_seen: str
    last_seen: str
    url: str = Field(description="Its template and members: GET /api/v1/campaigns/{id}")


class MemberOut(Schema):
    kind: str = Field(
        default="comment",
        description="comment, or response: a formal response of any channel (listed for the "
        "organisation's analysts only)",
    )
    id: int = Field(description="The comment's id (a response's id for a response)")
    number: int | None = Field(
        description="The comment's number in its discussion; null for a response"
    )
    discussion: int | None = Field(
        description="The id of the comment's discussion; null for a response"
    )
    response: str | None = Field(default=None, description="A response's reference")
    channel: str | None = Field(default=None, description="How a response arrived: online, post …")
    added: list[str] = Field(description="Passages this member added to the template")
    removed: list[str] = Field(description="Passages of the template this member left out")


class CampaignDetailOut(Schema):
    id: str = Field(description="Stable while its earliest comment stays, e.g. c-1234")
    size: int = Field(description="How many public comments (signatories) it has")
    template: str = Field(
        description="The text most members share, found by the analysis (passages "
        "separated by a blank line)"
    )
    members: list[MemberOut] = Field(
        description="Its public comments, those who added most of their own words first"
    )


class ThemeOut(Schema):
    id: str = Field(description="t-1, t-2 … by size, within one analysis")
    terms: list[str] = Field(description="Its top terms, the label")
    size: int
    representatives: list[int] = Field(description="Ids of up to three typical comments")
    clauses: list[str] = Field(description="Clause numbers it touches; 'document' for the whole")


class FrameThemeOut(Schema):
    id: int
    name: str = Field(description="As the analysts named it")
    origin: str = Field(description="engine, analyst, merged or split")
    lineages: list[str] = Field(description="Clause lineages it is tied to")
    responses: list[int] = Field(description="Ids of the response entries that cite it")
    comments: list[int] = Field(description="Ids of the comments coded with it by hand")
    suggested: list[int] = Field(description="Ids of the comments the analysis suggested")
    formal_responses: list[int] | None = Field(
        default=None,
        description="Ids of the formal responses coded with it by hand (the organisation's "
        "analysts only; null for anyone else)",
    )
    suggested_responses: list[int] | None = Field(
        default=None,
        description="Ids of the formal responses the analysis suggested into it (the "
        "organisation's analysts only; null for anyone else)",
    )


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
    frame: list[FrameThemeOut] = Field(default=[], description="The analysts' coding frame")
    reviewed: list[int] = Field(default=[], description="Ids of the comments analysts reviewed")
    reviewed_responses: list[int] | None = Field(
        default=None,
        description="Ids of the formal responses analysts reviewed (the organisation's "
        "analysts only; null for anyone else)",
    )
    responses: dict[str, Any] = Field(
        default={},
        description="Formal responses of every channel read beside the comments: analysed, "
        "in_campaigns, and by_channel (each channel's analysed and in_campaigns); counts only",
    )
    evidence: dict[str, list[int]] = Field(
        default={},
        description="Each kind of reason or evidence (statistic, source, experience, wording) "
        "→ ids of the comments that give it",
    )
    evidence_responses: dict[str, list[int]] | None = Field(
        default=None,
        description="Each kind of reason or evidence → ids of the formal responses (of every "
        "channel) whose answers or attached files' text give it (the organisation's analysts "
        "only; null for anyone else)",
    )


@router.get(
    "/{slug}/versions/{n}/insights",
    response={200: InsightsOut, 401: ErrorOut, 404: ErrorOut},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def get_insights(request: HttpRequest, slug: str, n: int) -> dict[str, Any]:
    """The analysis of a version's comments: campaigns, themes and stance per clause."""
    try:
        version, analyst = queries.visible_version(caller(request), slug, n)
    except queries.NotVisible as error:
        raise Http404 from error
    return queries.analysis_document(version, analyst=analyst)


@campaigns_router.get(
    "/{campaign_id}",
    response={200: CampaignDetailOut, 401: ErrorOut, 404: ErrorOut},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def get_campaign(request: HttpRequest, campaign_id: str) -> dict[str, Any]:
    """A campaign: its template and each member with what it added and left out. Whoever may
    read the consultation's insights may read it; anyone else gets 404."""
    try:
        campaign = queries.visible_campaign(caller(request), campaign_id)
    except queries.NotVisible as error:
        raise Http404 from error
    analyst = queries.may_read_insights(caller(request), campaign.analysis.version)[1]
    return queries.campaign_document(campaign, analyst=analyst)
