"""The analysis as JSON, written a piece at a time: the download of `views.analysis_json`.

`queries.analysis_document` builds the same document as one object (the API validates it
against its schema); here every list that grows with the consultation (campaigns and their
members, themes, the coding frame's comments, the reviewed comments, each kind of evidence)
is read from the database in chunks while it is written, so memory stays flat whatever the
number of comments. The bytes are those of `json.JSONEncoder(ensure_ascii=False, indent=1)`
over `analysis_document`, which the tests compare.
"""

from collections.abc import Iterable, Iterator
from json import dumps
from json.encoder import encode_basestring
from typing import Any

from django.db.models import QuerySet

from parley.consultations.models import Response as FormalResponse
from parley.guidance.models import Version
from parley.insights import queries
from parley.insights.models import (
    Analysis,
    Coding,
    CommentReview,
    FrameTheme,
    Placement,
    Theme,
)

CHUNK = 2000  # rows of campaigns and themes read at a time
IDS = 10_000  # ids read at a time: fewer round trips, a few hundred kilobytes
PIECE = 64 * 1024


def analysis_json(version: Version, *, analyst: bool = False) -> Iterator[str]:
    """The analysis document as JSON text, in pieces of about 64 KB."""
    return _gathered(encode(_document(version, analyst=analyst)))


def _document(version: Version, *, analyst: bool) -> dict[str, Any]:
    analysis = queries.analysis_of(version)
    if analysis is None:
        return queries.analysis_document(version, analyst=analyst)  # small: nothing found
    summary = analysis.summary or {}
    return {
        "state": analysis.state,
        "analysed_at": analysis.finished_at.isoformat() if analysis.finished_at else None,
        "comment_count": analysis.comment_count,
        "threshold": analysis.threshold,
        "campaigns": _campaigns(analysis, analyst=analyst),
        "themes": _themes(analysis),
        "stance": summary.get("stance", {}),
        "timeline": summary.get("timeline", []),
        "heat": summary.get("heat", []),
        "notes": summary.get("notes", []),
        "responses": summary.get("responses", {"analysed": 0, "in_campaigns": 0, "by_channel": {}}),
        **_frame(version, analysis, analyst=analyst),
    }


def _campaigns(analysis: Analysis, *, analyst: bool) -> Iterator[dict[str, Any]]:
    """Each campaign shown, largest first, with its comments' ids: the campaigns and the
    members are two queries read side by side in the same order, never one per campaign."""
    shown = queries.shown_campaigns(analysis, analyst=analyst).order_by("-size", "key")
    members = iter(
        Placement.objects.filter(
            analysis=analysis, campaign__in=shown.values("pk"), comment__isnull=False
        )
        .order_by("-campaign__size", "campaign__key", "comment_id")
        .values_list("campaign_id", "comment_id")
        .iterator(chunk_size=IDS)
    )
    pending = next(members, None)

    def members_of(campaign_id: int) -> Iterator[int]:
        nonlocal pending
        while pending is not None and pending[0] == campaign_id:
            yield pending[1]
            pending = next(members, None)

    for campaign in shown.defer("template_passages").iterator(chunk_size=CHUNK):
        yield {
            "id": campaign.key,
            "size": campaign.size,
            "template": campaign.template_id,
            "members": members_of(campaign.pk),
            "variants": campaign.variant_count,
            "first_seen": campaign.first_seen.isoformat(),
            "last_seen": campaign.last_seen.isoformat(),
            "url": f"/api/v1/campaigns/{campaign.key}",
        }


def _themes(analysis: Analysis) -> Iterator[dict[str, Any]]:
    for theme in Theme.objects.filter(analysis=analysis).iterator(chunk_size=CHUNK):
        yield {
            "id": theme.key,
            "terms": theme.terms,
            "size": theme.size,
            "representatives": theme.representatives,
            "clauses": theme.clauses,
        }


def _ids(rows: Any) -> Iterator[int]:
    """A flat `values_list` read in chunks."""
    return iter(rows.iterator(chunk_size=IDS))


def _frame(version: Version, analysis: Analysis, *, analyst: bool) -> dict[str, Any]:
    """`queries.frame_document`, its lists read as they are written: three or four queries
    for each of the analysts' themes (a few dozen), whatever the number of comments."""
    from parley.insights.engine.evidence import KINDS

    def themes() -> Iterator[dict[str, Any]]:
        for theme in FrameTheme.objects.filter(version=version).iterator(chunk_size=CHUNK):
            codings = Coding.objects.filter(theme=theme)
            comments = codings.filter(comment__isnull=False).order_by("comment_id")
            responses = codings.filter(response__isnull=False).order_by("response_id")
            yield {
                "id": theme.pk,
                "name": theme.name,
                "origin": theme.origin,
                "lineages": theme.lineages,
                "responses": _ids(
                    FrameTheme.responses.through.objects.filter(frametheme=theme)
                    .order_by("pk")
                    .values_list("clauseresponse_id", flat=True)
                ),
                "comments": _ids(
                    comments.filter(source=Coding.Source.HAND).values_list("comment_id", flat=True)
                ),
                "suggested": _ids(
                    comments.exclude(source=Coding.Source.HAND).values_list("comment_id", flat=True)
                ),
                **(
                    {
                        "formal_responses": _ids(
                            responses.filter(source=Coding.Source.HAND).values_list(
                                "response_id", flat=True
                            )
                        ),
                        "suggested_responses": _ids(
                            responses.exclude(source=Coding.Source.HAND).values_list(
                                "response_id", flat=True
                            )
                        ),
                    }
                    if analyst
                    else {}
                ),
            }

    def giving(kind: str, placements: QuerySet[Placement], key: str) -> Iterator[int]:
        rows = (
            placements.filter(evidence_kinds__contains=kind)
            .order_by(key)
            .values_list(key, "evidence_kinds")
        )
        for pk, found in rows.iterator(chunk_size=IDS):
            if kind in found.strip(",").split(","):
                yield pk

    of_comments = Placement.objects.filter(analysis=analysis, comment__isnull=False)

    reviews = CommentReview.objects.filter(version=version, reviewed=True)
    document: dict[str, Any] = {
        "frame": themes(),
        "reviewed": _ids(
            reviews.filter(comment__isnull=False)
            .order_by("comment_id")
            .values_list("comment_id", flat=True)
        ),
        "evidence": {kind: giving(kind, of_comments, "comment_id") for kind in KINDS},
    }
    if analyst:
        # Formal responses the classifier flagged (their answers and files' text).
        of_responses = Placement.objects.filter(
            analysis=analysis, response__in=FormalResponse.objects.counted()
        )
        document["evidence_responses"] = {
            kind: giving(kind, of_responses, "response_id") for kind in KINDS
        }
        document["reviewed_responses"] = _ids(
            reviews.filter(response__isnull=False)
            .order_by("response_id")
            .values_list("response_id", flat=True)
        )
    return document


def encode(value: Any, level: int = 0) -> Iterator[str]:
    """`value` as `json.JSONEncoder(ensure_ascii=False, indent=1)` writes it, where any
    iterator (a generator, a queryset's `.iterator()`) is written as a list, an item at a
    time. String keys only, as every key of the document is."""
    if isinstance(value, dict):
        if not value:
            yield "{}"
            return
        inner = "\n" + " " * (level + 1)
        opening = "{"
        for key, item in value.items():
            yield opening + inner + encode_basestring(key) + ": "
            opening = ","
            yield from encode(item, level + 1)
        yield "\n" + " " * level + "}"
    elif isinstance(value, (list, tuple, Iterator)):
        inner = "\n" + " " * (level + 1)
        opening = "["
        for item in value:
            if type(item) is int:  # the long lists are of ids: the quick way
                yield opening + inner + int.__repr__(item)
            else:
                yield opening + inner
                yield from encode(item, level + 1)
            opening = ","
        yield "[]" if opening == "[" else "\n" + " " * level + "]"
    elif isinstance(value, str):
        yield encode_basestring(value)
    else:
        yield dumps(value)


def _gathered(parts: Iterable[str], size: int = PIECE) -> Iterator[str]:
    """Many small strings gathered into pieces of about `size` characters."""
    gathered: list[str] = []
    length = 0
    for part in parts:
        gathered.append(part)
        length += len(part)
        if length >= size:
            yield "".join(gathered)
            gathered, length = [], 0
    if gathered:
        yield "".join(gathered)
