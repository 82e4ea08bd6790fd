"""Read paths shared by guidance pages and the API."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from parley.accounts.models import User
from parley.conditional import Freshness, countdown_minute, latest
from parley.discussions.models import Comment, Discussion
from parley.guidance.models import Adoption, Clause, Document, GuidanceChange, Version
from parley.organisations.permissions import can_edit


def public_documents() -> QuerySet[Document]:
    return (
        Document.objects.filter(versions__status__in=_PUBLIC_STATUSES)
        .distinct()
        .select_related("organisation")
    )


_PUBLIC_STATUSES = [
    Version.Status.CONSULTATION,
    Version.Status.PUBLISHED,
    Version.Status.SUPERSEDED,
]


def current_versions(documents: list[Document]) -> dict[int, Version]:
    """Each document's current version (see `current_version`), in one query."""
    by_document: dict[int, list[Version]] = {}
    for version in (
        Version.objects.filter(
            document__in=documents,
            status__in=[Version.Status.CONSULTATION, Version.Status.PUBLISHED],
        )
        .select_related("discussion", "document")
        .order_by("-number")
    ):
        by_document.setdefault(version.document_id, []).append(version)
    chosen = {}
    for document_id, candidates in by_document.items():
        chosen[document_id] = next(
            (v for v in candidates if v.phase == "open"),
            next((v for v in candidates if v.phase == "published"), candidates[0]),
        )
    return chosen


def current_version(document: Document) -> Version | None:
    """The version people should read: one open for comments, else the published
    guidance in force, else the latest consultation (scheduled or closed)."""
    return current_versions([document]).get(document.pk)


def public_clauses(lineages: Iterable[str]) -> dict[str, Clause]:
    """For each lineage, its clause as readers may see it: in the version open for
    comments, else the published one, else the latest other consultation, else the latest
    superseded version; never a draft's (a lineage found only in drafts is left out).
    One query; keyed by the lineage as a string."""
    rank = {"open": 0, "published": 1, "scheduled": 2, "closed": 2, "superseded": 3}
    chosen: dict[str, Clause] = {}
    for clause in (
        Clause.objects.filter(lineage__in=list(lineages), version__status__in=_PUBLIC_STATUSES)
        .select_related("version__document")
        .order_by("-version__number")
    ):
        key = str(clause.lineage)
        held = chosen.get(key)
        if held is None or rank[clause.version.phase] < rank[held.version.phase]:
            chosen[key] = clause
    return chosen


def version_by_number(document: Document, number: int) -> Version | None:
    return document.versions.select_related("discussion", "document").filter(number=number).first()


@dataclass
class ClauseStats:
    comment_count: int = 0
    stance_counts: dict[str, int] = field(
        default_factory=lambda: {"support": 0, "oppose": 0, "neutral": 0}
    )


def version_for(user: User | AnonymousUser, slug: str, number: int) -> tuple[Version | None, bool]:
    """The version if `user` may read it (a draft only its editors), and whether they edit it."""
    document = Document.objects.select_related("organisation").filter(slug=slug).first()
    if document is None:
        return None, False
    editor = can_edit(user, document.organisation)
    version = version_by_number(document, number)
    if version is None or not (version.is_public or editor):
        return None, editor
    return version, editor


def version_or_404(user: User | AnonymousUser, slug: str, number: int) -> tuple[Version, bool]:
    """`version_for` for a page: the version and whether `user` edits it, or Http404 when
    they may not read it (a draft: not even that it exists)."""
    version, editor = version_for(user, slug, number)
    if version is None:
        raise Http404("No such version")
    return version, editor


def clauses_with_stats(version: Version) -> list[tuple[Clause, ClauseStats]]:
    """The version's clauses in order, each with its comment and stance counts (two queries)."""
    clauses = list(version.clauses.select_related("discussion").order_by("position"))
    stats = {clause.discussion_id: ClauseStats() for clause in clauses}
    rows = (
        Comment.objects.public()
        .filter(discussion_id__in=stats)
        .values("discussion_id", "stance")
        .annotate(count=Count("pk"))
    )
    for row in rows:
        entry = stats[row["discussion_id"]]
        entry.comment_count += row["count"]
        if row["stance"]:
            entry.stance_counts[row["stance"]] += row["count"]
    return [(clause, stats[clause.discussion_id]) for clause in clauses]


def heat(stats: list[ClauseStats]) -> list[int]:
    """Each clause's share of the busiest clause's comments, as a level from 0 to 5."""
    busiest = max((s.comment_count for s in stats), default=0)
    if not busiest:
        return [0 for _ in stats]
    return [round(5 * s.comment_count / busiest) for s in stats]


def predecessor_comments(clause: Clause) -> tuple[Clause | None, int]:
    """The same clause (by lineage) in the previous version, and its approved comment count."""
    earlier = (
        Clause.objects.filter(
            version__document_id=clause.version.document_id,
            version__number__lt=clause.version.number,
            lineage=clause.lineage,
        )
        .select_related("version", "version__document")
        .order_by("-version__number")
        .first()
    )
    if earlier is None:
        return None, 0
    count = Comment.objects.public().filter(discussion_id=earlier.discussion_id).count()
    return earlier, count


def stance_totals(stats: list[ClauseStats]) -> Counter[str]:
    total: Counter[str] = Counter()
    for entry in stats:
        total.update(entry.stance_counts)
    return total


def document_freshness(slug: str) -> Freshness | None:
    """What every reading page of a document changes with (see `conditional`): its title
    and summary, its change log (every write to guidance is logged), its public versions'
    phases, and the activity and comment counts of all its discussions."""
    document = Document.objects.filter(slug=slug).values("pk", "title", "summary").first()
    if document is None:
        return None
    log = GuidanceChange.objects.filter(document_id=document["pk"]).aggregate(
        count=Count("pk"), changed=Max("created_at")
    )
    versions = list(Version.objects.public().filter(document_id=document["pk"]).order_by("number"))
    activity = Discussion.objects.filter(
        Q(guidance_version__document_id=document["pk"])
        | Q(guidance_clause__version__document_id=document["pk"])
    ).aggregate(changed=Max("last_activity_at"), comments=Sum("comment_count"))
    phases = tuple((v.number, v.phase) for v in versions)
    counting_down = any(v.phase in {"open", "scheduled"} for v in versions)
    # After a consultation closes, pages say whether the response is overdue, which
    # changes with the date alone (parley.consultations.closing).
    today = (
        timezone.localdate()
        if any(v.phase not in {"open", "scheduled"} for v in versions)
        else None
    )
    return Freshness(
        parts=(
            *document.values(),
            *log.values(),
            phases,
            *activity.values(),
            countdown_minute() if counting_down else None,
            today,
        ),
        changed_at=latest(
            log["changed"],
            activity["changed"],
            *(v.opens_at for v in versions),
            *(v.closes_at for v in versions),
            countdown_minute() if counting_down else None,
        ),
    )


# Adoption ---------------------------------------------------------------------------------


def adoptions(document: Document) -> QuerySet[Adoption]:
    """The document's adoptions with their organisation and version, by the organisation's
    name (annotated as `organisation_name`, so a list can be paged by it), each with
    `sections_to_review`."""
    return (
        Adoption.objects.filter(document=document)
        .select_related("organisation", "version", "document")
        .annotate(
            sections_to_review=Count("sections", filter=Q(sections__needs_review=True)),
            organisation_name=F("organisation__name"),
        )
        .order_by("organisation_name", "pk")
    )


def with_up_to_date(document: Document, rows: Iterable[Adoption]) -> list[Adoption]:
    """`rows` of the document's adoptions, each marked `is_up_to_date` (adopted the
    published version); one query."""
    published = (
        document.versions.filter(status=Version.Status.PUBLISHED)
        .values_list("pk", flat=True)
        .first()
    )
    marked = list(rows)
    for adoption in marked:
        adoption.is_up_to_date = adoption.version_id == published  # type: ignore[attr-defined]
    return marked


def adopters(document: Document) -> list[Adoption]:
    """The document's adoptions, each with `is_up_to_date` and `sections_to_review`; two
    queries, whatever the number of adopters."""
    return with_up_to_date(document, adoptions(document))
