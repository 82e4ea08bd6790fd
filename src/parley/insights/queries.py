"""Reads shared by the insights page, the exports, the API and the command."""

import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, Prefetch, Q, QuerySet

from parley.accounts.models import User
from parley.consultations.models import Response as FormalResponse
from parley.discussions.models import Comment
from parley.guidance.models import Clause, Document, Response, Version
from parley.insights.models import (
    Analysis,
    AnalystAction,
    Campaign,
    Coding,
    CommentReview,
    FrameTheme,
    IndexEntry,
    Placement,
    Theme,
)
from parley.organisations.permissions import can_analyse

if TYPE_CHECKING:
    from parley.insights import engine


class NotVisible(Exception):
    """No such document or version, or this person may not see its insights."""


def version_for(slug: str, number: int | None = None) -> Version:
    """The document's version `number`; without one, the version under consultation, else the
    latest published (a newer draft has no comments yet). NotVisible if there is none."""
    document = Document.objects.select_related("organisation").filter(slug=slug).first()
    if document is None:
        raise NotVisible(f"There is no document with the slug {slug!r}")
    versions = document.versions.select_related("discussion").order_by("-number")
    if number is not None:
        version = versions.filter(number=number).first()
        if version is None:
            raise NotVisible(f"{document.title!r} has no version {number}")
    else:
        version = (
            versions.filter(status=Version.Status.CONSULTATION).first()
            or versions.filter(status=Version.Status.PUBLISHED).first()
        )
        if version is None:
            raise NotVisible(
                f"{document.title!r} has no version under consultation or published: "
                "name one with --version N"
            )
    version.document = document
    return version


def response_published(version: Version) -> bool:
    return Response.objects.filter(version=version, published_at__isnull=False).exists()


def may_read_insights(user: User | AnonymousUser, version: Version) -> tuple[bool, bool]:
    """(may read the version's insights, analyses them): the one rule for the page, the
    exports, the API and each campaign. The document's organisation's analysts (and its
    editors and owners, who have their rights) read them at any time and may ask for a fresh
    analysis; everyone else once the response to the consultation is published."""
    analyst = can_analyse(user, version.document.organisation)
    return analyst or (version.is_public and response_published(version)), analyst


def visible_version(user: User | AnonymousUser, slug: str, number: int) -> tuple[Version, bool]:
    """The version and whether `user` analyses it, if `user` may read its insights."""
    version = version_for(slug, number)
    allowed, analyst = may_read_insights(user, version)
    if not allowed:
        raise NotVisible("No such insights")
    return version, analyst


def visible_campaign(user: User | AnonymousUser, key: str) -> Campaign:
    """The campaign with this id (`c-<id of its earliest comment>`), if `user` may read the
    insights of its consultation; NotVisible otherwise, alike for one that does not exist."""
    campaign = (
        Campaign.objects.select_related(
            "analysis__version__document__organisation", "analysis__version__discussion"
        )
        .filter(key=key[:40])
        .order_by("-analysis__finished_at", "-pk")
        .first()
    )
    if campaign is None:
        raise NotVisible("No such campaign")
    may_read, analyst = may_read_insights(user, campaign.analysis.version)
    # A campaign of formal responses alone has no public words: its organisation's only.
    if not may_read or (campaign.template_id is None and not analyst):
        raise NotVisible("No such campaign")
    return campaign


def campaign_placements(campaign: Campaign, *, analyst: bool = False) -> QuerySet[Placement]:
    """The campaign's public members, and for its organisation's analysts its counted formal
    responses among them, those who added most of their own words first (then comments
    before responses, by id), each with its comment and discussion or its response: one
    query. Responses are never public here, whatever their consent."""
    members = Q(comment__in=Comment.objects.public())
    if analyst:
        members |= Q(response__in=FormalResponse.objects.counted())
    return (
        Placement.objects.filter(members, campaign=campaign)
        .select_related("comment__user", "comment__discussion", "response")
        .order_by("-added_words", "response_id", "comment_id")
    )


def campaign_url(version: Version, key: str) -> str:
    from django.urls import reverse

    return reverse(
        "insights:campaign",
        kwargs={"slug": version.document.slug, "number": version.number, "key": key},
    )


def campaign_document(campaign: Campaign, *, analyst: bool = False) -> dict[str, Any]:
    """The API's shape of one campaign: its found template and each public member with
    what it added to it and left out; for its organisation's analysts, its counted formal
    responses too (kind "response": their reference and channel, never a name)."""
    members = list(campaign_placements(campaign, analyst=analyst))
    return {
        "id": campaign.key,
        "size": len(members),
        "template": campaign.template_text,
        "members": [_member(placement) for placement in members],
    }


def _member(placement: Placement) -> dict[str, Any]:
    if placement.response is not None:
        return {
            "kind": "response",
            "id": placement.response_id,
            "number": None,
            "discussion": None,
            "response": placement.response.reference,
            "channel": placement.response.channel,
            "added": placement.added,
            "removed": placement.removed,
        }
    assert placement.comment is not None  # the check constraint: one or the other
    return {
        "kind": "comment",
        "id": placement.comment_id,
        "number": placement.comment.number,
        "discussion": placement.comment.discussion_id,
        "added": placement.added,
        "removed": placement.removed,
    }


def discussion_clauses(version: Version) -> dict[int, Clause | None]:
    """Each discussion of the consultation → its clause (None for the whole document)."""
    clauses = version.clauses.order_by("position")
    return {version.discussion_id: None} | {clause.discussion_id: clause for clause in clauses}


def consultation_comments(version: Version, places: dict[int, Clause | None]) -> QuerySet[Comment]:
    """The public comments on the version and its clauses."""
    return Comment.objects.public().filter(discussion_id__in=list(places))


def analysis_of(version: Version) -> Analysis | None:
    """The version's analysis without its stored campaign index (tens of megabytes at
    100,000 comments), which only matching new comments reads (`campaign_indexes`)."""
    return Analysis.objects.filter(version=version).defer("campaign_index").first()


def campaigns(
    analysis: Analysis, *, limit: int | None = None, analyst: bool = False
) -> list[Campaign]:
    """The analysis's campaigns, largest first; a campaign of formal responses alone only
    for the organisation's analysts."""
    rows = shown_campaigns(analysis, analyst=analyst).select_related(
        "template__user", "template__discussion"
    )
    return list(rows[:limit] if limit is not None else rows)


def shown_campaigns(analysis: Analysis, *, analyst: bool = False) -> QuerySet[Campaign]:
    """The analysis's campaigns this reader may see: a campaign of formal responses alone
    (no template comment) only for the organisation's analysts."""
    rows = Campaign.objects.filter(analysis=analysis)
    return rows if analyst else rows.filter(template__isnull=False)


def themes(analysis: Analysis) -> list[Theme]:
    return list(analysis.themes.all())


def comments_by_id(ids: set[int]) -> dict[int, Comment]:
    rows = Comment.objects.public().filter(pk__in=ids).select_related("user")
    return {comment.pk: comment for comment in rows}


def campaign_members(analysis: Analysis) -> dict[int, list[int]]:
    """Each campaign's comment ids, ascending (one query)."""
    members: dict[int, list[int]] = {}
    rows = (
        Placement.objects.filter(analysis=analysis, campaign__isnull=False, comment__isnull=False)
        .order_by("comment_id")
        .values_list("campaign_id", "comment_id")
    )
    for campaign_id, comment_id in rows:
        members.setdefault(campaign_id, []).append(comment_id)
    return members


def clause_label(clause: Clause | None) -> str:
    return clause.number if clause is not None else "document"


@dataclass(frozen=True)
class ExportRow:
    """One comment as every export writes it: never an e-mail or IP address."""

    id: int
    number: int
    clause: str
    author: str
    created: str
    stance: str
    campaign: str
    theme: str
    outcome: str
    text: str
    url: str
    codes: str  # the analysts' themes, "; " between them, each "(suggested)" unless by hand
    reviewed: bool
    evidence: str  # kinds of reason or evidence it gives, "; " between them

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


EXPORT_FIELDS = [
    "id",
    "number",
    "clause",
    "author",
    "created",
    "stance",
    "campaign",
    "theme",
    "outcome",
    "text",
    "url",
    "codes",
    "reviewed",
    "evidence",
]


def codes_text(codings: list[Coding]) -> str:
    return "; ".join(
        c.theme.name + ("" if c.source == Coding.Source.HAND else " (suggested)")
        for c in sorted(codings, key=lambda c: c.theme.name)
    )


def evidence_text(placement: Placement | None) -> str:
    return "; ".join(k for k in (placement.evidence_kinds if placement else "").split(",") if k)


def export_rows(version: Version, *, chunk: int = 2000) -> Iterator[ExportRow]:
    """Every public comment of the consultation with its clause, stance, campaign, theme and
    outcome, in order of posting; read in chunks so memory stays flat."""
    places = discussion_clauses(version)
    rows = (
        consultation_comments(version, places)
        .select_related("user", "discussion")
        .prefetch_related(
            Prefetch(
                "placement",
                queryset=Placement.objects.select_related("campaign", "theme"),
            ),
            Prefetch("codings", queryset=Coding.objects.select_related("theme")),
            "review",
        )
        .order_by("created_at", "pk")
    )
    for comment in rows.iterator(chunk_size=chunk):
        placement = getattr(comment, "placement", None)
        review = getattr(comment, "review", None)
        yield ExportRow(
            id=comment.pk,
            number=comment.number,
            clause=clause_label(places[comment.discussion_id]),
            author=comment.display_name,
            created=comment.created_at.isoformat(),
            stance=comment.stance,
            campaign=placement.campaign.key if placement and placement.campaign else "",
            theme=placement.theme.key if placement and placement.theme else "",
            outcome=comment.outcome,
            text=comment.body_markdown,
            url=comment.get_absolute_url(),
            codes=codes_text(list(comment.codings.all())),
            reviewed=bool(review and review.reviewed),
            evidence=evidence_text(placement),
        )


def analysis_document(version: Version, *, analyst: bool = False) -> dict[str, Any]:
    """The analysis as one JSON-ready object: the API's shape, plus the summary. Formal
    responses are counted (by channel), never listed; a campaign of responses alone is
    listed for the organisation's analysts only."""
    analysis = analysis_of(version)
    if analysis is None:
        return {
            "state": "none",
            "campaigns": [],
            "themes": [],
            "stance": {},
            "timeline": [],
            "heat": [],
            "notes": [],
        }
    members = campaign_members(analysis)
    summary = analysis.summary or {}
    return {
        "state": analysis.state,
        "analysed_at": analysis.finished_at.isoformat() if analysis.finished_at else None,
        "comment_count": analysis.comment_count,
        "threshold": analysis.threshold,
        "campaigns": [
            {
                "id": campaign.key,
                "size": campaign.size,
                "template": campaign.template_id,
                "members": members.get(campaign.pk, []),
                "variants": campaign.variant_count,
                "first_seen": campaign.first_seen.isoformat(),
                "last_seen": campaign.last_seen.isoformat(),
                "url": f"/api/v1/campaigns/{campaign.key}",
            }
            for campaign in shown_campaigns(analysis, analyst=analyst)
        ],
        "themes": [
            {
                "id": theme.key,
                "terms": theme.terms,
                "size": theme.size,
                "representatives": theme.representatives,
                "clauses": theme.clauses,
            }
            for theme in analysis.themes.all()
        ],
        "stance": summary.get("stance", {}),
        "timeline": summary.get("timeline", []),
        "heat": summary.get("heat", []),
        "notes": summary.get("notes", []),
        "responses": summary.get("responses", {"analysed": 0, "in_campaigns": 0, "by_channel": {}}),
        **frame_document(version, analysis, analyst=analyst),
    }


def frame_document(
    version: Version, analysis: Analysis, *, analyst: bool = False
) -> dict[str, Any]:
    """The analysts' coding frame for the API and the JSON export: each theme with its
    comments (by hand and suggested), clause lineages and response entries; the reviewed
    comments; each kind of evidence with its comments. No notes, no names of analysts. For
    the organisation's analysts, each theme's formal responses (by hand and suggested), the
    reviewed ones and those giving each kind of evidence too (ids only)."""
    themes = {
        theme.pk: {
            "id": theme.pk,
            "name": theme.name,
            "origin": theme.origin,
            "lineages": theme.lineages,
            "responses": [],
            "comments": [],
            "suggested": [],
            **({"formal_responses": [], "suggested_responses": []} if analyst else {}),
        }
        for theme in FrameTheme.objects.filter(version=version)
    }
    for theme_id, entry in FrameTheme.responses.through.objects.filter(
        frametheme__version=version
    ).values_list("frametheme_id", "clauseresponse_id"):
        themes[theme_id]["responses"].append(entry)
    if analyst:
        for theme_id, response_id, source in (
            Coding.objects.filter(theme__version=version, response__isnull=False)
            .order_by("response_id")
            .values_list("theme_id", "response_id", "source")
        ):
            key = "formal_responses" if source == Coding.Source.HAND else "suggested_responses"
            themes[theme_id][key].append(response_id)
    for theme_id, comment_id, source in (
        Coding.objects.filter(theme__version=version, comment__isnull=False)
        .order_by("comment_id")
        .values_list("theme_id", "comment_id", "source")
    ):
        themes[theme_id]["comments" if source == Coding.Source.HAND else "suggested"].append(
            comment_id
        )
    evidence = _kinds_of(
        Placement.objects.filter(analysis=analysis, comment__isnull=False).order_by("comment_id"),
        "comment_id",
    )
    reviews = CommentReview.objects.filter(version=version, reviewed=True)
    reviewed = list(
        reviews.filter(comment__isnull=False)
        .order_by("comment_id")
        .values_list("comment_id", flat=True)
    )
    document: dict[str, Any] = {
        "frame": list(themes.values()),
        "reviewed": reviewed,
        "evidence": evidence,
    }
    if analyst:
        # Formal responses the classifier flagged (their answers and files' text).
        document["evidence_responses"] = _kinds_of(
            Placement.objects.filter(
                analysis=analysis, response__in=FormalResponse.objects.counted()
            ).order_by("response_id"),
            "response_id",
        )
        document["reviewed_responses"] = list(
            reviews.filter(response__isnull=False)
            .order_by("response_id")
            .values_list("response_id", flat=True)
        )
    return document


def _kinds_of(placements: QuerySet[Placement], key: str) -> dict[str, list[int]]:
    """Each kind of reason or evidence → the ids (`key`) of the placements that give it."""
    from parley.insights.engine.evidence import KINDS

    evidence: dict[str, list[int]] = {kind: [] for kind in KINDS}
    for pk, found in placements.exclude(evidence_kinds="").values_list(key, "evidence_kinds"):
        for kind in found.strip(",").split(","):
            if kind in evidence:
                evidence[kind].append(pk)
    return evidence


def earlier_themes(version: Version) -> list[tuple[FrameTheme, list[str]]]:
    """Themes of earlier versions' frames tied to clauses this version still has: each with
    the numbers those clauses have now (a theme follows its clauses into later versions)."""
    numbers = {
        str(lineage): number for lineage, number in version.clauses.values_list("lineage", "number")
    }
    found = []
    for theme in (
        FrameTheme.objects.filter(
            version__document_id=version.document_id, version__number__lt=version.number
        )
        .exclude(lineages=[])
        .select_related("version")
        .order_by("-version__number", "name")
    ):
        now = [numbers[lineage] for lineage in theme.lineages if lineage in numbers]
        if now:
            found.append((theme, now))
    return found


# The stored indexes read last (a full analysis writes a new one, with a new finished_at,
# and nothing else changes one), so a process reads each index once, not once per comment
# approved or per moderation page; a few, as each can be tens of megabytes.
_LOADED: OrderedDict[tuple[int, datetime | None], "engine.CampaignIndex"] = OrderedDict()
_LOADED_AT_MOST = 2
_LOADING = threading.Lock()


def campaign_indexes(analyses: list[Analysis]) -> dict[int, "engine.CampaignIndex"]:
    """The campaign index of each of these analyses that has one, by analysis id: its stored
    index (read from the database once per process, the first time), with the entries of
    the comments attached since (one query). Each is the caller's to add to or match against."""
    from parley.insights.engine import CampaignIndex

    indexes: dict[int, CampaignIndex] = {}
    missing: dict[int, tuple[int, datetime | None]] = {}
    with _LOADING:
        for analysis in analyses:
            key = (analysis.pk, analysis.finished_at)
            if key in _LOADED:
                _LOADED.move_to_end(key)
                indexes[analysis.pk] = _LOADED[key]
            else:
                missing[analysis.pk] = key
    if missing:
        for pk, data in (
            Analysis.objects.filter(pk__in=list(missing))
            .exclude(campaign_index=b"")
            .values_list("pk", "campaign_index")
        ):
            indexes[pk] = CampaignIndex.from_bytes(bytes(data))
            with _LOADING:
                _LOADED[missing[pk]] = indexes[pk]
                while len(_LOADED) > _LOADED_AT_MOST:
                    _LOADED.popitem(last=False)
    indexes = {pk: index.fork() for pk, index in indexes.items()}
    if indexes:
        entries: dict[int, list[tuple[int, bytes]]] = {}
        for analysis_id, comment_id, entry in (
            IndexEntry.objects.filter(analysis_id__in=list(indexes))
            .order_by("pk")
            .values_list("analysis_id", "comment_id", "entry")
        ):
            entries.setdefault(analysis_id, []).append((comment_id, bytes(entry)))
        for pk, attached in entries.items():
            indexes[pk].extend(attached)
    return indexes


def campaigns_nearly_copied(comments: list[Comment]) -> dict[int, Campaign]:
    """For comments not yet public (the moderation queue): the campaign each nearly copies,
    matched against the stored index of its consultation's last analysis, so a moderator
    sees one more signatory of an argument rather than a stray duplicate. At most five
    queries whatever the number of comments, each stored index read once per process (none
    when no comment is in an analysed consultation); comments outside consultations are left out."""
    discussion_ids = {comment.discussion_id for comment in comments}
    version_of: dict[int, int] = {}
    for version_id, whole, clause in Version.objects.filter(
        Q(discussion_id__in=discussion_ids) | Q(clauses__discussion_id__in=discussion_ids)
    ).values_list("pk", "discussion_id", "clauses__discussion_id"):
        for discussion_id in (whole, clause):
            if discussion_id in discussion_ids:
                version_of[discussion_id] = version_id
    if not version_of:
        return {}
    analyses = list(
        Analysis.objects.filter(
            version_id__in=set(version_of.values()), state=Analysis.State.DONE
        ).only("pk", "version_id", "finished_at")
    )
    analysis_of_version = {analysis.version_id: analysis.pk for analysis in analyses}
    indexes = campaign_indexes(analyses)
    twins: dict[int, int] = {}
    for comment in comments:
        analysis_id = analysis_of_version.get(version_of.get(comment.discussion_id, 0))
        index = indexes.get(analysis_id) if analysis_id is not None else None
        if index is not None:
            twin = index.match(comment.body_markdown)  # never another held comment
            if twin is not None:
                twins[comment.pk] = twin
    if not twins:
        return {}
    campaign_of = {
        placement.comment_id: placement.campaign
        # A campaign of formal responses (its template is no comment) is the analysts' only:
        # moderators are not told of it.
        for placement in Placement.objects.filter(
            comment_id__in=set(twins.values()), campaign__template__isnull=False
        )
        .select_related("campaign__analysis__version__document", "campaign__template")
        # Each row would carry its analysis's whole index and summary otherwise.
        .defer("campaign__analysis__campaign_index", "campaign__analysis__summary")
        if placement.campaign is not None
    }
    return {pk: campaign_of[twin] for pk, twin in twins.items() if twin in campaign_of}


# The coding frame ------------------------------------------------------------------------


def frame_themes(version: Version) -> list[FrameTheme]:
    """The frame's themes by name, each with `by_hand` and `suggested` counts: one query."""
    from django.db.models import Count

    return list(
        FrameTheme.objects.filter(version=version).annotate(
            by_hand=Count("codings", filter=Q(codings__source=Coding.Source.HAND)),
            suggested=Count("codings", filter=Q(codings__source=Coding.Source.SUGGESTED)),
        )
    )


def coded_comments(rows: QuerySet[Comment]) -> QuerySet[Comment]:
    """Comments with their themes, review and evidence, in a fixed number of queries."""
    return rows.select_related("user", "discussion", "placement", "review").prefetch_related(
        Prefetch("codings", queryset=Coding.objects.select_related("theme"))
    )


def frame_responses(
    version: Version,
    *,
    limit: int,
    code: int | None = None,
    evidence: str = "",
    reviewed: str = "",
    matching: QuerySet[FormalResponse] | None = None,
) -> tuple[list[FormalResponse], int]:
    """The formal responses the last analysis read, filtered as the frame's comments are (a
    theme of the frame, a kind of evidence or "any", reviewed "yes" or "no", among
    `matching` when given: the search's responses holding the words asked for), those not
    yet reviewed first (then by id), at most `limit`, each with its themes, review and
    evidence; and how many match: three queries."""
    rows = FormalResponse.objects.counted().filter(placement__analysis__version=version)
    if code is not None:
        rows = rows.filter(codings__theme_id=code, codings__theme__version=version)
    if evidence == "any":
        rows = rows.exclude(placement__evidence_kinds="")
    elif evidence:
        rows = rows.filter(placement__evidence_kinds__contains=f",{evidence},")
    if reviewed == "yes":
        rows = rows.filter(review__reviewed=True)
    elif reviewed == "no":
        rows = rows.exclude(review__reviewed=True)
    if matching is not None:
        rows = rows.filter(pk__in=matching.order_by().values("pk"))
    shown = list(
        rows.select_related("review", "placement")
        .prefetch_related(
            Prefetch("codings", queryset=Coding.objects.select_related("theme").order_by("theme"))
        )
        .order_by(F("review__reviewed").asc(nulls_first=True), "pk")[:limit]
    )
    return shown, rows.count()


def theme_responses(theme: FrameTheme) -> list[FormalResponse]:
    """The counted formal responses coded with the theme (by hand or suggested), by id: the
    ones a split may move to the new theme; one query."""
    return list(
        FormalResponse.objects.counted()
        .filter(version_id=theme.version_id, codings__theme=theme)
        .order_by("pk")
        .distinct()
    )


def frame_log(version: Version) -> QuerySet[AnalystAction]:
    return AnalystAction.objects.filter(version=version).select_related("user")


CODING_FIELDS = [
    "id",
    "number",
    "clause",
    "codes",
    "coded_by_hand",
    "reviewed",
    "reviewed_by",
    "reviewed_at",
    "evidence",
    "evidence_signs",
    "note",
    "kind",
    "reference",
    "channel",
]


def _coding_row(review: CommentReview | None, placement: Placement | None) -> dict[str, Any]:
    return {
        "coded_by_hand": bool(review and review.coded_by_hand),
        "reviewed": bool(review and review.reviewed),
        "reviewed_by": review.reviewed_by.display_name
        if review and review.reviewed_by is not None
        else "",
        "reviewed_at": review.reviewed_at.isoformat() if review and review.reviewed_at else "",
        "evidence": evidence_text(placement),
        "evidence_signs": "; ".join(
            f"{sign['kind']}: {sign['sign']} ({sign['text']})"
            for sign in (placement.evidence if placement else [])
        ),
        "note": review.note if review else "",
    }


def coding_rows(version: Version, *, chunk: int = 2000) -> Iterator[dict[str, Any]]:
    """Every public comment, then every counted formal response (any channel), with the
    analysts' coding: themes, review, evidence and the private note (for the organisation's
    analysts only). A response's row has its id, reference and channel, no number or
    clause."""
    places = discussion_clauses(version)
    rows = coded_comments(consultation_comments(version, places)).select_related(
        "review__reviewed_by"
    )
    for comment in rows.order_by("created_at", "pk").iterator(chunk_size=chunk):
        yield {
            "id": comment.pk,
            "number": comment.number,
            "clause": clause_label(places[comment.discussion_id]),
            "codes": codes_text(list(comment.codings.all())),
            **_coding_row(getattr(comment, "review", None), getattr(comment, "placement", None)),
            "kind": "comment",
            "reference": "",
            "channel": "",
        }
    responses = (
        FormalResponse.objects.counted()
        .filter(version=version)
        .select_related("review__reviewed_by", "placement")
        .prefetch_related(Prefetch("codings", queryset=Coding.objects.select_related("theme")))
    )
    for response in responses.order_by("pk").iterator(chunk_size=chunk):
        yield {
            "id": response.pk,
            "number": "",
            "clause": "",
            "codes": codes_text(list(response.codings.all())),
            **_coding_row(getattr(response, "review", None), getattr(response, "placement", None)),
            "kind": "response",
            "reference": response.reference,
            "channel": response.channel,
        }


LOG_FIELDS = ["when", "who", "action", "detail"]


def log_rows(version: Version) -> Iterator[dict[str, Any]]:
    import json

    for action in frame_log(version).iterator(chunk_size=2000):
        yield {
            "when": action.created_at.isoformat(),
            "who": action.user.display_name if action.user is not None else "",
            "action": action.action,
            "detail": json.dumps(action.detail, ensure_ascii=False, sort_keys=True),
        }


@dataclass(frozen=True)
class Citation:
    """One theme cited by an entry of the response: its name, how many public comments it
    holds, and where to read them (empty when the reader may not open the insights)."""

    name: str
    count: int
    url: str


def citations(response: Response, user: User | AnonymousUser) -> dict[int, list[Citation]]:
    """Each entry (ClauseResponse id) of the response → the frame's themes linked to it:
    two queries for the whole response."""
    from django.db.models import Count
    from django.urls import reverse

    version = response.version
    themes = (
        FrameTheme.objects.filter(version=version, responses__response=response)
        .annotate(
            public=Count(
                "codings",
                filter=Q(codings__comment__in=Comment.objects.public()),
                distinct=True,
            )
        )
        .values_list("pk", "name", "public", "responses__pk")
        .order_by("name", "pk")
    )
    rows = list(themes)
    if not rows:
        return {}
    may_read = may_read_insights(user, version)[0]
    base = (
        reverse("insights:insights", args=[version.document.slug, version.number])
        if may_read
        else ""
    )
    out: dict[int, list[Citation]] = {}
    for pk, name, count, entry in rows:
        out.setdefault(entry, []).append(
            Citation(name=name, count=count, url=f"{base}?code={pk}#search" if base else "")
        )
    return out
