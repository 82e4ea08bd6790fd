"""Guidance feeds: a document's versions, consultations and responses; a clause's comments."""

from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parley.conditional import Freshness, latest
from parley.discussions import queries as discussion_queries
from parley.discussions.feeds import CommentFeed
from parley.discussions.models import Comment
from parley.guidance.models import Clause, Document, GuidanceChange, Response, Version
from parley.syndication import FEED_LENGTH, ParleyFeed, tag_uri

# Entries of a document feed ----------------------------------------------------------


def version_title(version: Version) -> str:
    """Said with dates rather than "open" or "closed", so it does not change with the clock;
    in the reader's language, the document's title as its editors wrote it."""
    said = {"title": version.document.title, "number": version.number}
    if version.status == Version.Status.CONSULTATION:
        if version.opens_at and version.closes_at:
            return _(
                "Consultation on %(title)s, version %(number)s: comments from %(opens)s to "
                "%(closes)s"
            ) % {
                **said,
                "opens": date_format(version.opens_at, "j F Y"),
                "closes": date_format(version.closes_at, "j F Y"),
            }
        return _("Consultation on %(title)s, version %(number)s") % said
    if version.status == Version.Status.PUBLISHED:
        return _("%(title)s, version %(number)s, published") % said
    return _("%(title)s, version %(number)s (superseded)") % said


def entry_title(item: Version | Response) -> str:
    if isinstance(item, Response):
        version = item.version
        return _("What we heard and what we did: %(title)s, version %(number)s") % {
            "title": version.document.title,
            "number": version.number,
        }
    return version_title(item)


def entry_description(item: Version | Response) -> str:
    if isinstance(item, Response):
        return item.summary_html
    return item.introduction_html or item.document.summary


def entry_link(item: Version | Response) -> str:
    return item.get_absolute_url()


def entry_guid(item: Version | Response) -> str:
    if isinstance(item, Response):
        return tag_uri(
            item.version.created_at,
            f"guidance/{item.version.document_id}/response/{item.version_id}",
        )
    return tag_uri(item.created_at, f"guidance/{item.document_id}/version/{item.number}")


def entry_date(item: Version | Response) -> datetime:
    if isinstance(item, Response):
        return item.published_at or item.updated_at
    return item.published_at or item.opens_at or item.created_at


def public_versions(documents: Q) -> list[Version]:
    return list(
        Version.objects.public()
        .filter(documents)
        .select_related("document")
        .order_by("-created_at", "-pk")[:FEED_LENGTH]
    )


def guidance_freshness(documents: Q) -> tuple[int, datetime | None]:
    """Every change to guidance is logged in GuidanceChange, so its newest row says when
    any of these documents last changed (one query)."""
    found = GuidanceChange.objects.filter(documents).aggregate(
        count=Count("pk"), changed=Max("created_at")
    )
    return found["count"], found["changed"]


class DocumentEntries(ParleyFeed):
    """Entries for versions and responses (mixed with posts by the organisation feed)."""

    item_guid_is_permalink = False

    def item_title(self, item: Any) -> str:
        return entry_title(item)

    def item_description(self, item: Any) -> str:
        return entry_description(item)

    def item_link(self, item: Any) -> str:
        return entry_link(item)

    def item_guid(self, item: Any) -> str:
        return entry_guid(item)

    def item_pubdate(self, item: Any) -> datetime:
        return entry_date(item)

    def item_updateddate(self, item: Any) -> datetime:
        return entry_date(item)


class DocumentFeed(DocumentEntries):
    def get_object(self, request: HttpRequest, slug: str) -> Document:
        document = get_object_or_404(Document.objects.select_related("organisation"), slug=slug)
        if not document.versions.public().exists():
            raise Http404("Nothing published yet")
        return document

    def title(self, obj: Document) -> str:
        return _("%(title)s: versions and consultations") % {"title": obj.title}

    def link(self, obj: Document) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Document) -> str:
        return obj.summary or _("New versions and consultations of %(title)s.") % {
            "title": obj.title
        }

    def feed_guid(self, obj: Document) -> str:
        return tag_uri(obj.created_at, f"guidance/{obj.pk}")

    def author_name(self, obj: Document) -> str:
        return obj.organisation.name

    def items(self, obj: Document) -> list[Version | Response]:
        versions: list[Version | Response] = [*public_versions(Q(document=obj))]
        responses = (
            Response.objects.filter(version__document=obj, published_at__isnull=False)
            .select_related("version__document")
            .order_by("-published_at")[:FEED_LENGTH]
        )
        return sorted([*versions, *responses], key=entry_date, reverse=True)[:FEED_LENGTH]


def document_freshness(request: HttpRequest, slug: str) -> Freshness | None:
    document = Document.objects.filter(slug=slug).values("pk", "title", "summary").first()
    if document is None:
        return None
    count, changed = guidance_freshness(Q(document_id=document["pk"]))
    return Freshness(parts=(*document.values(), count, changed), changed_at=latest(changed))


# A clause's comments -------------------------------------------------------------------


def public_clause(slug: str, number: int, clause: str) -> Clause:
    return get_object_or_404(
        Clause.objects.exclude(version__status=Version.Status.DRAFT).select_related(
            "discussion", "version__document"
        ),
        version__document__slug=slug,
        version__number=number,
        number=clause,
    )


class ClauseComments(CommentFeed):
    def get_object(self, request: HttpRequest, slug: str, number: int, clause: str) -> Clause:
        return public_clause(slug, number, clause)

    def title(self, obj: Clause) -> str:
        version = obj.version
        return _("Comments on clause %(clause)s of %(title)s, version %(number)s") % {
            "clause": obj.number,
            "title": version.document.title,
            "number": version.number,
        }

    def link(self, obj: Clause) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Clause) -> str:
        return _("What people say about clause %(clause)s of %(title)s, newest first.") % {
            "clause": obj.number,
            "title": obj.version.document.title,
        }

    def feed_guid(self, obj: Clause) -> str:
        return tag_uri(obj.version.created_at, f"guidance/clause/{obj.pk}/comments")

    def items(self, obj: Clause) -> list[Comment]:
        return discussion_queries.latest_public_comments(obj.discussion, FEED_LENGTH)


def clause_freshness(request: HttpRequest, slug: str, number: int, clause: str) -> Freshness | None:
    found = (
        Clause.objects.filter(version__document__slug=slug, version__number=number, number=clause)
        .values(
            "pk",
            "heading",
            "version__document__title",
            "discussion__last_activity_at",
            "discussion__comment_count",
        )
        .first()
    )
    if found is None:
        return None
    return Freshness(
        parts=tuple(found.values()), changed_at=latest(found["discussion__last_activity_at"])
    )
