"""Guidance: documents, their versions and clauses, comparisons and consultation responses.

Anyone may read what is public. A document's editors also see its drafts, and write
through the same services as the site's pages, so every change is in its history.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from pydantic import AwareDatetime

from parley.accounts.models import User
from parley.api.auth import (
    ANYONE,
    OPTIONAL_CREDENTIALS,
    WITH_POWERS,
    caller,
    organisation_to_write_for,
    signed_in_user,
)
from parley.api.errors import ApiError, errors
from parley.api.pagination import NEXT_HELP, cursor_param, limit_param, page
from parley.api.posts import OrganisationOut
from parley.discussions.models import Comment
from parley.guidance import diff, queries, services
from parley.guidance.models import Clause, Document, Version
from parley.guidance.models import Response as ConsultationResponse
from parley.organisations.permissions import can_edit

router = Router(tags=["guidance"])


# Output --------------------------------------------------------------------------------


class DocumentItem(Schema):
    slug: str
    title: str
    summary: str
    title_cy: str = Field(description="The Welsh title; '' when there is none")
    summary_cy: str = Field(description="The Welsh summary; '' when there is none")
    organisation: OrganisationOut
    current_version: int | None = Field(
        description="The number of the latest version under consultation or published"
    )
    url: str


class DocumentList(Schema):
    items: list[DocumentItem]
    next: str | None = Field(description=NEXT_HELP)


DOCUMENT_ORDER = ("title", "pk")


class StanceCounts(Schema):
    support: int
    oppose: int
    neutral: int


class ClauseOut(Schema):
    number: str = Field(description="Like 4 or 4.1; may change from one version to the next")
    lineage: str = Field(description="The same for this clause in every version, whatever changes")
    heading: str
    body_html: str
    heading_cy: str = Field(description="The Welsh heading; '' when there is none")
    body_html_cy: str = Field(description="The Welsh text, rendered and cleaned; '' when none")
    discussion: int = Field(description="The id of the clause's discussion, for its comments")
    comment_count: int
    stance_counts: StanceCounts
    origin: str = Field(description="split or merge, for a clause made from earlier ones; or ''")
    origin_lineages: list[str] = Field(description="The lineages it was split or merged from")
    url: str


class VersionOut(Schema):
    number: int
    status: str = Field(description="draft, consultation, published or superseded")
    phase: str = Field(description="draft, scheduled, open, closed, published or superseded")
    opens_at: datetime | None
    closes_at: datetime | None
    published_at: datetime | None
    introduction_html: str
    introduction_html_cy: str = Field(description="The Welsh introduction; '' when none")
    discussion: int = Field(description="The id of the discussion of the version as a whole")
    comments_open: bool
    url: str
    clauses: list[ClauseOut]


class VersionItem(Schema):
    number: int
    status: str
    phase: str
    url: str


class DocumentDetail(DocumentItem):
    version: VersionOut = Field(
        description="The current version; for its editors, the latest draft if none is public"
    )
    versions: list[VersionItem] = Field(description="Public versions (drafts too for editors)")


class ComparedClause(Schema):
    number: str
    heading: str
    body_html: str
    heading_cy: str
    body_html_cy: str


class ChangeOut(Schema):
    kind: str = Field(description="added, removed, changed or unchanged")
    lineage: str
    summary: str = Field(description="A sentence saying what happened to the clause")
    old: ComparedClause | None
    new: ComparedClause | None
    renumbered: bool
    moved: bool
    reworded: bool
    heading_changed: bool
    diff_html: str = Field(description="The text with removed words in <del>, added in <ins>")
    origin: str
    origin_numbers: list[str] = Field(description="Old numbers of the clauses it came from")
    merged_into: str = Field(description="For a removed clause: the clause it went into")


class Comparison(Schema):
    from_: int = Field(alias="from")
    to: int
    changes: list[ChangeOut]


class CommentRef(Schema):
    id: int
    number: int
    discussion: int


class ClauseAnswerOut(Schema):
    lineage: str
    number: str | None = Field(description="The clause's number in this version")
    heard_html: str
    changed_html: str
    comments: list[CommentRef] = Field(description="The comments that led to the change")


class OutcomeOut(Schema):
    comment: CommentRef
    outcome: str = Field(description="adopted, partly, not_adopted or out_of_scope")
    outcome_reason: str


class ResponseOut(Schema):
    version: int
    summary_html: str
    published_at: datetime | None = Field(description="null while only its editors can see it")
    next_version: int | None = Field(description="The version that acts on it, if there is one")
    clauses: list[ClauseAnswerOut]
    outcomes: list[OutcomeOut]


# Input ---------------------------------------------------------------------------------


class DocumentIn(Schema):
    title: str
    summary: str = ""
    title_cy: str = Field("", description="Welsh title (optional)")
    summary_cy: str = Field("", description="Welsh summary (optional)")
    slug: str = Field("", description="The document's address; made from the title if empty")
    organisation: str | None = Field(
        None, description="The organisation's slug; needed if you edit more than one"
    )


class ClauseIn(Schema):
    number: str = Field("", description="Like 4 or 4.1; the next whole number if empty")
    heading: str = ""
    body: str = Field(description="Markdown")
    heading_cy: str = Field("", description="Welsh heading (optional)")
    body_cy: str = Field("", description="Welsh text (optional), Markdown")
    origin: str = Field("", description="split or merge, with origin_lineages")
    origin_lineages: list[UUID] = Field(
        default_factory=list, description="Lineages of earlier versions' clauses it comes from"
    )


class ClauseChangeIn(Schema):
    number: str | None = None
    heading: str | None = None
    body: str | None = Field(None, description="Markdown")
    heading_cy: str | None = Field(None, description="Welsh heading; '' removes it")
    body_cy: str | None = Field(None, description="Welsh text, Markdown; '' removes it")
    origin: str | None = None
    origin_lineages: list[UUID] | None = None


class ScheduleIn(Schema):
    opens_at: AwareDatetime
    closes_at: AwareDatetime


# Finding things, and who may see them ---------------------------------------------------


def _document(slug: str) -> Document:
    document = Document.objects.select_related("organisation").filter(slug=slug).first()
    if document is None:
        raise Http404
    return document


def _readable_version(user: User | AnonymousUser, slug: str, number: int) -> tuple[Version, bool]:
    """The version and whether `user` edits it; drafts are not found but by their editors."""
    version, editor = queries.version_for(user, slug, number)
    if version is None:
        raise Http404
    return version, editor


def _editable_document(request: HttpRequest, slug: str) -> Document:
    """The document, if the caller edits it: 404 when they cannot see it, else 403."""
    user = signed_in_user(request)
    document = _document(slug)
    if not can_edit(user, document.organisation):
        if not document.versions.public().exists():
            raise Http404
        raise ApiError(403, f"Only editors of {document.organisation.name} can change it")
    return document


def _editable_version(request: HttpRequest, slug: str, number: int) -> Version:
    version = queries.version_by_number(_editable_document(request, slug), number)
    if version is None:
        raise Http404
    return version


# Shaping the output --------------------------------------------------------------------


def _item_fields(
    request: HttpRequest, document: Document, current_version: int | None
) -> dict[str, Any]:
    return {
        "slug": document.slug,
        "title": document.title,
        "summary": document.summary,
        "title_cy": document.title_cy,
        "summary_cy": document.summary_cy,
        "organisation": OrganisationOut(
            slug=document.organisation.slug, name=document.organisation.name
        ),
        "current_version": current_version,
        "url": request.build_absolute_uri(document.get_absolute_url()),
    }


def _clause(request: HttpRequest, clause: Clause, stats: queries.ClauseStats) -> ClauseOut:
    return ClauseOut(
        number=clause.number,
        lineage=str(clause.lineage),
        heading=clause.heading,
        body_html=clause.body_html,
        heading_cy=clause.heading_cy,
        body_html_cy=clause.body_html_cy,
        discussion=clause.discussion_id,
        comment_count=stats.comment_count,
        stance_counts=StanceCounts(**stats.stance_counts),
        origin=clause.origin,
        origin_lineages=[str(lineage) for lineage in clause.origin_lineages],
        url=request.build_absolute_uri(clause.get_absolute_url()),
    )


def _version(request: HttpRequest, version: Version) -> VersionOut:
    """The version with its clauses and their comment counts, in a fixed number of queries."""
    return VersionOut(
        number=version.number,
        status=version.status,
        phase=version.phase,
        opens_at=version.opens_at,
        closes_at=version.closes_at,
        published_at=version.published_at,
        introduction_html=version.introduction_html,
        introduction_html_cy=version.introduction_html_cy,
        discussion=version.discussion_id,
        comments_open=version.discussion.accepting_comments,
        url=request.build_absolute_uri(version.get_absolute_url()),
        clauses=[
            _clause(request, clause, stats) for clause, stats in queries.clauses_with_stats(version)
        ],
    )


def _detail(request: HttpRequest, document: Document, *, editor: bool) -> DocumentDetail:
    """The document with its current version; editors get the latest draft if none is public."""
    current = queries.current_version(document)
    shown = current
    if shown is None and editor:
        shown = (
            document.versions.select_related("discussion", "document").order_by("-number").first()
        )
    if shown is None:
        raise Http404
    versions = document.versions.order_by("number")
    return DocumentDetail(
        **_item_fields(request, document, current.number if current else None),
        version=_version(request, shown),
        versions=[
            VersionItem(
                number=version.number,
                status=version.status,
                phase=version.phase,
                url=request.build_absolute_uri(version.get_absolute_url()),
            )
            for version in (versions if editor else versions.public())
        ],
    )


def _compared(clause: Clause | None) -> ComparedClause | None:
    if clause is None:
        return None
    return ComparedClause(
        number=clause.number,
        heading=clause.heading,
        body_html=clause.body_html,
        heading_cy=clause.heading_cy,
        body_html_cy=clause.body_html_cy,
    )


def _change(change: diff.ClauseChange) -> ChangeOut:
    return ChangeOut(
        kind=change.kind,
        lineage=change.lineage,
        summary=change.summary,
        old=_compared(change.old),
        new=_compared(change.new),
        renumbered=change.renumbered,
        moved=change.moved,
        reworded=change.reworded,
        heading_changed=change.heading_changed,
        diff_html=change.diff_html,
        origin=change.origin,
        origin_numbers=change.origin_numbers,
        merged_into=change.merged_into,
    )


def _comment_ref(comment: Comment) -> CommentRef:
    return CommentRef(id=comment.pk, number=comment.number, discussion=comment.discussion_id)


def _response(version: Version, response: ConsultationResponse) -> ResponseOut:
    clauses = list(version.clauses.order_by("position").only("lineage", "number", "discussion_id"))
    by_lineage = {str(clause.lineage): clause for clause in clauses}
    place = {lineage: index for index, lineage in enumerate(by_lineage)}
    # The version's own discussion first, then each clause's, in the order of the text.
    rank = {version.discussion_id: 0} | {
        clause.discussion_id: index for index, clause in enumerate(clauses, start=1)
    }
    public = Comment.objects.public()
    answers = sorted(
        response.clauses.prefetch_related(
            Prefetch("comments", queryset=public.order_by("discussion_id", "number"))
        ),
        key=lambda answer: place.get(str(answer.lineage), len(place)),
    )
    with_outcomes = sorted(
        public.filter(discussion_id__in=rank).exclude(outcome=""),
        key=lambda comment: (rank[comment.discussion_id], comment.number),
    )
    return ResponseOut(
        version=version.number,
        summary_html=response.summary_html,
        published_at=response.published_at,
        next_version=response.next_version.number if response.next_version else None,
        clauses=[
            ClauseAnswerOut(
                lineage=str(answer.lineage),
                number=clause.number if (clause := by_lineage.get(str(answer.lineage))) else None,
                heard_html=answer.heard_html,
                changed_html=answer.changed_html,
                comments=[_comment_ref(comment) for comment in answer.comments.all()],
            )
            for answer in answers
        ],
        outcomes=[
            OutcomeOut(
                comment=_comment_ref(comment),
                outcome=comment.outcome,
                outcome_reason=comment.outcome_reason,
            )
            for comment in with_outcomes
        ],
    )


# Reading -------------------------------------------------------------------------------


@router.get(
    "",
    response={200: DocumentList, **errors(400, 401)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def list_documents(
    request: HttpRequest,
    response: HttpResponse,
    cursor: str | None = cursor_param(),
    limit: int = limit_param(),
) -> DocumentList:
    """Documents with a version under consultation or published, by title, a page at a
    time."""
    found = page(
        queries.public_documents(),
        order=DOCUMENT_ORDER,
        cursor=cursor,
        limit=limit,
        request=request,
        response=response,
    )
    documents = found.items
    current = queries.current_versions(documents)
    return DocumentList(
        next=found.next,
        items=[
            DocumentItem(
                **_item_fields(
                    request,
                    document,
                    current[document.pk].number if document.pk in current else None,
                )
            )
            for document in documents
        ],
    )


@router.get(
    "/{slug}",
    response={200: DocumentDetail, **errors(401, 404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def get_document(request: HttpRequest, slug: str) -> DocumentDetail:
    """A document and its current version, clause by clause with comment and stance counts."""
    document = _document(slug)
    return _detail(request, document, editor=can_edit(caller(request), document.organisation))


@router.get(
    "/{slug}/versions/{n}",
    response={200: VersionOut, **errors(401, 404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def get_version(request: HttpRequest, slug: str, n: int) -> VersionOut:
    """One version of a document; a draft is found only by the document's editors."""
    version, _ = _readable_version(caller(request), slug, n)
    return _version(request, version)


@router.get(
    "/{slug}/compare/{a}/{b}",
    response={200: Comparison, **errors(401, 404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
    by_alias=True,
)
def compare_versions(request: HttpRequest, slug: str, a: int, b: int) -> dict[str, Any]:
    """How version `b` differs from version `a`, clause by clause (matched by lineage)."""
    user = caller(request)
    old, _ = _readable_version(user, slug, a)
    new, _ = _readable_version(user, slug, b)
    changes = diff.compare_versions(old, new)
    return {"from": a, "to": b, "changes": [_change(change) for change in changes]}


@router.get(
    "/{slug}/versions/{n}/response",
    response={200: ResponseOut, **errors(401, 404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def get_response(request: HttpRequest, slug: str, n: int) -> ResponseOut:
    """The published response to a version's consultation ("you said, we did")."""
    version, editor = _readable_version(caller(request), slug, n)
    response = (
        ConsultationResponse.objects.select_related("next_version").filter(version=version).first()
    )
    if response is None or not (response.is_published or editor):
        raise Http404
    return _response(version, response)


# Writing, as the document's editors ------------------------------------------------------

WRITE_ERRORS = errors(400, 401, 403, 404, 409)


@router.post(
    "",
    response={201: DocumentDetail, **errors(400, 401, 403, 422)},
    auth=WITH_POWERS,
)
def create_document(request: HttpRequest, payload: DocumentIn) -> Status[DocumentDetail]:
    """Start a document, with an empty draft version 1 to add clauses to."""
    user = signed_in_user(request)
    document = services.create_document(
        user=user,
        organisation=organisation_to_write_for(user, payload.organisation, "document"),
        title=payload.title,
        summary=payload.summary,
        slug=payload.slug,
        title_cy=payload.title_cy,
        summary_cy=payload.summary_cy,
    )
    return Status(201, _detail(request, document, editor=True))


@router.post(
    "/{slug}/versions",
    response={201: VersionOut, **WRITE_ERRORS},
    auth=WITH_POWERS,
)
def create_version(request: HttpRequest, slug: str) -> Status[VersionOut]:
    """Start the next version as a draft, copying the latest one's clauses and their lineage."""
    document = _editable_document(request, slug)
    version = services.create_version(document=document, user=signed_in_user(request))
    return Status(201, _version(request, version))


@router.post(
    "/{slug}/versions/{n}/clauses",
    response={201: ClauseOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WITH_POWERS,
)
def add_clause(request: HttpRequest, slug: str, n: int, payload: ClauseIn) -> Status[ClauseOut]:
    """Add a clause at the end of a draft; it is numbered next unless a number is given."""
    clause = services.add_clause(
        version=_editable_version(request, slug, n),
        user=signed_in_user(request),
        number=payload.number,
        heading=payload.heading,
        body=payload.body,
        heading_cy=payload.heading_cy,
        body_cy=payload.body_cy,
        origin=payload.origin,
        origin_lineages=[str(lineage) for lineage in payload.origin_lineages],
    )
    return Status(201, _clause(request, clause, queries.ClauseStats()))


@router.patch(
    "/{slug}/versions/{n}/clauses/{number}",
    response={200: ClauseOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WITH_POWERS,
)
def update_clause(
    request: HttpRequest, slug: str, n: int, number: str, payload: ClauseChangeIn
) -> ClauseOut:
    """Reword, retitle or renumber a draft's clause; what is left out stays as it was."""
    version = _editable_version(request, slug, n)
    clause = version.clauses.filter(number=number).first()
    if clause is None:
        raise Http404
    lineages = payload.origin_lineages
    clause = services.update_clause(
        clause=clause,
        user=signed_in_user(request),
        number=clause.number if payload.number is None else payload.number,
        heading=clause.heading if payload.heading is None else payload.heading,
        body=clause.body_markdown if payload.body is None else payload.body,
        heading_cy=payload.heading_cy,
        body_cy=payload.body_cy,
        origin=clause.origin if payload.origin is None else payload.origin,
        origin_lineages=(
            clause.origin_lineages if lineages is None else [str(lineage) for lineage in lineages]
        ),
    )
    return _clause(request, clause, queries.ClauseStats())


@router.post(
    "/{slug}/versions/{n}/schedule",
    response={200: VersionOut, **errors(400, 401, 403, 404, 409, 422)},
    auth=WITH_POWERS,
)
def schedule_consultation(
    request: HttpRequest, slug: str, n: int, payload: ScheduleIn
) -> VersionOut:
    """Consult on a version between two times; comments close on time by themselves."""
    version = services.schedule_consultation(
        version=_editable_version(request, slug, n),
        user=signed_in_user(request),
        opens_at=payload.opens_at,
        closes_at=payload.closes_at,
    )
    version.discussion.refresh_from_db()  # the service opened it with an UPDATE
    return _version(request, version)


@router.post(
    "/{slug}/versions/{n}/publish",
    response={200: VersionOut, **WRITE_ERRORS},
    auth=WITH_POWERS,
)
def publish_version(request: HttpRequest, slug: str, n: int) -> VersionOut:
    """Make a version the document's guidance; the version published before is superseded."""
    version = services.publish_version(
        version=_editable_version(request, slug, n), user=signed_in_user(request)
    )
    version.discussion.refresh_from_db()  # the service closed it with an UPDATE
    return _version(request, version)
