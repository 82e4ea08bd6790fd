"""Writing guidance: documents, their versions, and a draft's introduction and clauses.
Only a draft changes; every clause keeps its lineage from version to version.
"""

import re

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.discussions import services as discussions
from parley.discussions.models import CLAUSE_TITLE, VERSION_TITLE, Discussion
from parley.guidance import signals
from parley.guidance.changes import GuidanceRejected, record
from parley.guidance.models import Clause, Document, Version
from parley.markup import render_document
from parley.organisations.models import Organisation
from parley.validation import too_long

CLAUSE_NUMBER = re.compile(r"^\d+(\.\d+)*$")
# A version's introduction: a new draft copies them, editing it saves them.
INTRODUCTION_FIELDS = [
    "introduction_markdown",
    "introduction_html",
    "introduction_markdown_cy",
    "introduction_html_cy",
]


def _require_draft(version: Version) -> None:
    if version.status != Version.Status.DRAFT:
        raise GuidanceRejected(
            {
                "version": [
                    _("Version %(number)s is %(phase)s: only a draft can be changed")
                    % {"number": version.number, "phase": version.phase_label.lower()}
                ]
            },
            status=409,
        )


def _check_title(title: str, title_cy: str) -> dict[str, list[str]]:
    """A document's title is given and, like its Welsh title, fits."""
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Enter a title")]
    return errors | too_long(Document, title=title.strip(), title_cy=title_cy.strip())


def _new_discussion(kind: str, url: str, document: Document, **fields: object) -> Discussion:
    """Named in the stored form of `kind` (`CLAUSE_TITLE`, `VERSION_TITLE`), in English and,
    when the document has a Welsh title, Welsh; a draft's stay shut until its consultation."""
    form = CLAUSE_TITLE if kind == Discussion.Kind.CLAUSE else VERSION_TITLE
    return discussions.create_discussion(
        kind=kind,
        title=form.store(title=document.title, **fields),
        title_cy=form.store(title=document.title_cy, **fields) if document.title_cy else "",
        url=url,
        organisation=document.organisation,
        is_open=False,
    )


@transaction.atomic
def create_document(
    *,
    user: User,
    organisation: Organisation,
    title: str,
    summary: str = "",
    slug: str = "",
    title_cy: str = "",
    summary_cy: str = "",
) -> Document:
    """A new document with an empty draft version 1; the Welsh title and summary are optional."""
    errors = _check_title(title, title_cy)
    slug = slugify(slug or title)[:200]
    if title.strip() and not slug:
        errors["slug"] = [_("Enter an address made of letters, numbers and hyphens")]
    elif slug and Document.objects.filter(slug=slug).exists():
        errors["slug"] = [_("Another document already has this address")]
    if errors:
        raise GuidanceRejected(errors)
    document = Document.objects.create(
        title=title.strip(),
        slug=slug,
        summary=summary.strip(),
        title_cy=title_cy.strip()[:200],
        summary_cy=summary_cy.strip(),
        organisation=organisation,
    )
    record(document=document, user=user, action="created the document", title=document.title)
    _create_version(document=document, user=user, number=1)
    return document


@transaction.atomic
def update_document(
    *,
    document: Document,
    user: User,
    title: str,
    summary: str,
    title_cy: str | None = None,
    summary_cy: str | None = None,
) -> Document:
    """Change the title and summary; the Welsh ones change only when given ("" removes them)."""
    if errors := _check_title(title, title_cy or ""):
        raise GuidanceRejected(errors)
    document.title, document.summary = title.strip(), summary.strip()
    if title_cy is not None:
        document.title_cy = title_cy.strip()[:200]
    if summary_cy is not None:
        document.summary_cy = summary_cy.strip()
    document.save(update_fields=["title", "summary", "title_cy", "summary_cy"])
    record(document=document, user=user, action="changed the title or summary")
    return document


def _create_version(*, document: Document, user: User, number: int) -> Version:
    url = f"/guidance/{document.slug}/versions/{number}/"
    version = Version.objects.create(
        document=document,
        number=number,
        discussion=_new_discussion(Discussion.Kind.GUIDANCE, url, document, number=number),
    )
    record(document=document, version=version, user=user, action=f"started version {number}")
    return version


@transaction.atomic
def create_version(*, document: Document, user: User) -> Version:
    """A new draft copied from the latest version; every clause keeps its lineage."""
    latest = document.versions.order_by("-number").first()
    if latest and latest.status == Version.Status.DRAFT:
        raise GuidanceRejected(
            {
                "version": [
                    _("Version %(number)s is still a draft: finish it first")
                    % {"number": latest.number}
                ]
            },
            status=409,
        )
    version = _create_version(
        document=document, user=user, number=(latest.number + 1) if latest else 1
    )
    if latest:
        for field in INTRODUCTION_FIELDS:
            setattr(version, field, getattr(latest, field))
        version.save(update_fields=INTRODUCTION_FIELDS)
        for clause in latest.clauses.all():
            _make_clause(
                version=version,
                position=clause.position,
                number=clause.number,
                heading=clause.heading,
                body=clause.body_markdown,
                body_html=clause.body_html,
                heading_cy=clause.heading_cy,
                body_cy=clause.body_markdown_cy,
                body_html_cy=clause.body_html_cy,
                lineage=clause.lineage,
            )
        signals.version_started.send(Version, version=version, previous=latest, user=user)
    return version


@transaction.atomic
def update_version(
    *, version: Version, user: User, introduction: str, introduction_cy: str | None = None
) -> Version:
    """Change a draft's introduction; the Welsh one changes only when given."""
    _require_draft(version)
    version.introduction_markdown = introduction
    version.introduction_html = render_document(introduction)
    if introduction_cy is not None:
        version.introduction_markdown_cy = introduction_cy
        version.introduction_html_cy = render_welsh(introduction_cy)
    version.save(update_fields=INTRODUCTION_FIELDS)
    record(document=version.document, version=version, user=user, action="edited the introduction")
    return version


def render_welsh(markdown: str) -> str:
    """The Welsh text rendered and cleaned like the English; nothing when there is none."""
    return render_document(markdown) if markdown.strip() else ""


def _clause_url(version: Version, number: str) -> str:
    return f"/guidance/{version.document.slug}/versions/{version.number}/clauses/{number}/"


def _make_clause(
    *,
    version: Version,
    position: int,
    number: str,
    heading: str,
    body: str,
    body_html: str | None = None,
    heading_cy: str = "",
    body_cy: str = "",
    body_html_cy: str | None = None,
    lineage: object = None,
    origin: str = "",
    origin_lineages: list[str] | None = None,
) -> Clause:
    clause = Clause(
        version=version,
        position=position,
        number=number,
        heading=heading.strip(),
        body_markdown=body,
        body_html=body_html if body_html is not None else render_document(body),
        heading_cy=heading_cy.strip(),
        body_markdown_cy=body_cy,
        body_html_cy=body_html_cy if body_html_cy is not None else render_welsh(body_cy),
        origin=origin,
        origin_lineages=origin_lineages or [],
        discussion=_new_discussion(
            Discussion.Kind.CLAUSE,
            _clause_url(version, number),
            version.document,
            number=version.number,
            clause=number,
        ),
    )
    if lineage is not None:
        clause.lineage = lineage  # type: ignore[assignment]
    clause.save()
    return clause


def _check_clause(
    version: Version,
    number: str,
    heading: str,
    body: str,
    heading_cy: str | None,
    origin: str,
    origin_lineages: list[str],
    *,
    exclude: Clause | None = None,
) -> dict[str, list[str]]:
    """What is wrong with a clause as added or edited: its number (unique in the version),
    text, split/merge origin and lengths; `exclude` is the clause being edited."""
    errors: dict[str, list[str]] = {}
    if not CLAUSE_NUMBER.match(number):
        errors["number"] = [_("Enter a clause number like 4 or 4.1")]
    elif version.clauses.filter(number=number).exclude(pk=exclude.pk if exclude else 0).exists():
        errors["number"] = [
            _("Clause %(number)s already exists in this version") % {"number": number}
        ]
    if not body.strip():
        errors["body"] = [_("Enter the text of the clause")]
    return (
        errors
        | _check_origin(version, origin, origin_lineages)
        | too_long(
            Clause,
            number=number,
            heading=heading.strip(),
            heading_cy=heading_cy.strip() if heading_cy is not None else None,
        )
    )


def _check_origin(version: Version, origin: str, lineages: list[str]) -> dict[str, list[str]]:
    if not origin and not lineages:
        return {}
    if origin not in Clause.Origin.values:
        return {"origin": [_("Choose split or merge")]}
    previous = Clause.objects.filter(
        version__document=version.document, version__number__lt=version.number
    ).values_list("lineage", flat=True)
    known = {str(lineage) for lineage in previous}
    if not lineages or any(lineage not in known for lineage in lineages):
        return {"origin_lineages": [_("Choose clauses of an earlier version of this document")]}
    return {}


@transaction.atomic
def add_clause(
    *,
    version: Version,
    user: User,
    number: str = "",
    heading: str = "",
    body: str,
    heading_cy: str = "",
    body_cy: str = "",
    origin: str = "",
    origin_lineages: list[str] | None = None,
) -> Clause:
    """A clause at the end of a draft, numbered next unless a number is given."""
    _require_draft(version)
    last = version.clauses.aggregate(Max("position"))["position__max"] or 0
    if not number:
        top_level = [
            int(n) for n in version.clauses.values_list("number", flat=True) if "." not in n
        ]
        number = str(max(top_level, default=0) + 1)
    errors = _check_clause(
        version, number, heading, body, heading_cy, origin, origin_lineages or []
    )
    if errors:
        raise GuidanceRejected(errors)
    clause = _make_clause(
        version=version,
        position=last + 1,
        number=number,
        heading=heading,
        body=body,
        heading_cy=heading_cy,
        body_cy=body_cy,
        origin=origin,
        origin_lineages=origin_lineages,
    )
    record(
        document=version.document,
        version=version,
        user=user,
        action=f"added clause {number}",
        lineage=str(clause.lineage),
    )
    return clause


@transaction.atomic
def update_clause(
    *,
    clause: Clause,
    user: User,
    number: str,
    heading: str,
    body: str,
    heading_cy: str | None = None,
    body_cy: str | None = None,
    origin: str | None = None,
    origin_lineages: list[str] | None = None,
) -> Clause:
    """Reword or renumber a draft's clause; its lineage stays the same. Its split/merge
    origin, and its Welsh heading and text, change only when given."""
    version = clause.version
    _require_draft(version)
    if origin is None:
        origin, origin_lineages = clause.origin, [str(x) for x in clause.origin_lineages]
    errors = _check_clause(
        version, number, heading, body, heading_cy, origin, origin_lineages or [], exclude=clause
    )
    if errors:
        raise GuidanceRejected(errors)
    before = {"number": clause.number, "heading": clause.heading, "body": clause.body_markdown}
    clause.number, clause.heading = number, heading.strip()
    clause.body_markdown, clause.body_html = body, render_document(body)
    if heading_cy is not None:
        clause.heading_cy = heading_cy.strip()
    if body_cy is not None:
        clause.body_markdown_cy, clause.body_html_cy = body_cy, render_welsh(body_cy)
    clause.origin, clause.origin_lineages = origin, origin_lineages or []
    clause.save()
    discussions.update_discussions(
        Discussion.objects.filter(pk=clause.discussion_id), url=_clause_url(version, number)
    )
    record(
        document=version.document,
        version=version,
        user=user,
        action=f"edited clause {number}",
        lineage=str(clause.lineage),
        before=before,
    )
    return clause


@transaction.atomic
def remove_clause(*, clause: Clause, user: User) -> None:
    version = clause.version
    _require_draft(version)
    number, lineage, discussion_id = clause.number, str(clause.lineage), clause.discussion_id
    clause.delete()
    discussions.delete_discussion(discussion_id=discussion_id)
    record(
        document=version.document,
        version=version,
        user=user,
        action=f"removed clause {number}",
        lineage=lineage,
    )


@transaction.atomic
def move_clause(*, clause: Clause, user: User, direction: str) -> Clause:
    """Swap a draft's clause with its neighbour ("up" or "down"); numbers stay as they are."""
    version = clause.version
    _require_draft(version)
    siblings = version.clauses.order_by("position")
    neighbour = (
        siblings.filter(position__lt=clause.position).last()
        if direction == "up"
        else siblings.filter(position__gt=clause.position).first()
    )
    if neighbour is None:
        return clause
    clause.position, neighbour.position = neighbour.position, clause.position
    clause.save(update_fields=["position"])
    neighbour.save(update_fields=["position"])
    record(
        document=version.document,
        version=version,
        user=user,
        action=f"moved clause {clause.number} {direction}",
        lineage=str(clause.lineage),
    )
    return clause
