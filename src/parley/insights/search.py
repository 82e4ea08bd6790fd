"""Full-text search over a consultation's comments, with filters, on either database; and,
for the organisation's analysts only, over its formal responses' words (`responses`).

SQLite: an FTS5 table (`insights_comment_fts`, rowid = comment id, Porter stemming) made by
migration 0002 and kept in step by `index_comment` (run after every change to a
consultation's comment, in the background) and `reindex` (every full analysis).
PostgreSQL: `to_tsvector('english', body_markdown)` over the comments table, with the GIN
index on that expression that migration 0002 makes. Which one is chosen by
`connection.vendor`; callers see one function, `search`.

Formal responses (`responses`) are searched where their words are kept: their text answers
and the text read from their attached files, a response matching when each word is in one
of them. PostgreSQL matches stemmed words (`to_tsvector('english', …)`, no index: one
version's responses are read); SQLite matches the word's letters anywhere in the text,
whatever the case ("protect" finds "protected" but "protected" not "protecting").
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from parley.consultations.models import Answer, Question
from parley.consultations.models import Response as FormalResponse
from parley.discussions.models import Comment
from parley.files.models import ResponseFile
from parley.guidance.models import Version
from parley.insights import queries

FTS_TABLE = "insights_comment_fts"
RESPONSE_WORDS = 20  # a query's words looked for in responses: one subquery each
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Filters:
    """What to look for; every field is optional ("" or None: no filter)."""

    text: str = ""
    clause: str = ""  # a clause number, or "document" for the version as a whole
    stance: str = ""  # support, oppose, neutral, or "none" for no stance given
    campaign: str = ""  # a campaign key, or "none" for comments in no campaign
    theme: str = ""  # a theme key
    since: date | None = None
    until: date | None = None
    evidence: str = ""  # a kind of evidence (engine.evidence.KINDS), or "any"
    code: int | None = None  # a theme of the analysts' coding frame (FrameTheme id)
    reviewed: str = ""  # "yes" or "no"

    @property
    def any(self) -> bool:
        return any(
            [self.text, self.clause, self.stance, self.campaign, self.theme, self.evidence]
        ) or bool(self.since or self.until or self.code is not None or self.reviewed)


def _fts_query(text: str) -> str:
    """Every word must appear; the words are quoted, so no FTS5 syntax can get in."""
    return " ".join(f'"{word}"' for word in WORD.findall(text))


def search(version: Version, filters: Filters) -> QuerySet[Comment]:
    """The consultation's public comments matching `filters`, best match first when there is
    text to match, else newest first."""
    places = queries.discussion_clauses(version)
    rows = queries.consultation_comments(version, places)
    if filters.clause:
        wanted = [
            discussion_id
            for discussion_id, clause in places.items()
            if queries.clause_label(clause) == filters.clause
        ]
        rows = rows.filter(discussion_id__in=wanted)
    if filters.stance:
        rows = rows.filter(stance="" if filters.stance == "none" else filters.stance)
    if filters.campaign == "none":
        rows = rows.filter(placement__campaign__isnull=True)
    elif filters.campaign:
        rows = rows.filter(
            placement__campaign__key=filters.campaign,
            placement__analysis__version=version,
        )
    if filters.theme:
        rows = rows.filter(
            placement__theme__key=filters.theme, placement__analysis__version=version
        )
    if filters.evidence == "any":
        rows = rows.filter(placement__analysis__version=version).exclude(
            placement__evidence_kinds=""
        )
    elif filters.evidence:
        rows = rows.filter(
            placement__analysis__version=version,
            placement__evidence_kinds__contains=f",{filters.evidence},",
        )
    if filters.code is not None:
        rows = rows.filter(codings__theme_id=filters.code, codings__theme__version=version)
    if filters.reviewed == "yes":
        rows = rows.filter(review__reviewed=True)
    elif filters.reviewed == "no":
        rows = rows.exclude(review__reviewed=True)
    if filters.since:
        rows = rows.filter(created_at__date__gte=filters.since)
    if filters.until:
        rows = rows.filter(created_at__date__lte=filters.until)
    words = WORD.findall(filters.text)
    if not words:
        return rows.order_by("-created_at", "-pk")
    if connection.vendor == "postgresql":
        query = SearchQuery(" ".join(words), config="english", search_type="plain")
        vector = SearchVector("body_markdown", config="english")
        return (
            rows.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by(F("rank").desc(), "-pk")
        )
    # The words are a parameter; only the constant table name is in the SQL.
    matching = RawSQL(  # noqa: S611  # nosec B611
        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608  # nosec B608
        [_fts_query(filters.text)],
    )
    return rows.filter(pk__in=matching).order_by("-created_at", "-pk")


def responses(version: Version, text: str) -> QuerySet[FormalResponse]:
    """The version's counted formal responses (every channel, confidential ones too) whose
    text answers or attached files' text hold every word of `text` (its first 20), newest
    first; none when `text` has no words. Only for the organisation's analysts, editors,
    owners and site staff (`queries.may_read_insights`' second value): callers check, as
    nobody else may read a response's words before it is published, nor a confidential one
    ever."""
    rows = FormalResponse.objects.counted().filter(version=version)
    words = WORD.findall(text)[:RESPONSE_WORDS]
    if not words:
        return rows.none()
    answers = Answer.objects.filter(response=OuterRef("pk"), question__kind=Question.Kind.TEXT)
    files = ResponseFile.objects.filter(
        response=OuterRef("pk"), text_status=ResponseFile.Text.FOUND
    )
    for word in words:
        rows = rows.filter(Q(Exists(_holding(answers, word))) | Q(Exists(_holding(files, word))))
    return rows.order_by("-submitted_at", "-pk")


def _holding[M: (Answer, ResponseFile)](rows: QuerySet[M], word: str) -> QuerySet[M]:
    """Those of `rows` whose `text` holds `word`: stemmed on PostgreSQL, its letters on
    SQLite."""
    if connection.vendor == "postgresql":
        query = SearchQuery(word, config="english", search_type="plain")
        found = rows.alias(document=SearchVector("text", config="english")).filter(document=query)
        return cast("QuerySet[M]", found)
    return rows.filter(text__icontains=word)


def _fts_ready() -> bool:
    return connection.vendor == "sqlite"


def reindex(items: Sequence[tuple[int, str]]) -> None:
    """Replace the FTS rows of these comments (SQLite; PostgreSQL indexes the table itself)."""
    if not _fts_ready():
        return
    ids = [pk for pk, _ in items]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("%s" for _ in chunk)
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608  # nosec B608
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, body) VALUES (%s, %s)",  # noqa: S608  # nosec B608
            list(items),
        )


def forget(ids: Iterable[int]) -> None:
    """Drop the FTS rows of these comments (SQLite)."""
    chunk = list(ids)
    if not _fts_ready() or not chunk:
        return
    with connection.cursor() as cursor:
        marks = ",".join("%s" for _ in chunk)
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608  # nosec B608


def index_comment(comment: Comment) -> None:
    """Keep the FTS row of one comment in step: its text while public, else nothing."""
    if comment.is_public:
        reindex([(comment.pk, comment.body_markdown)])
    else:
        forget([comment.pk])
