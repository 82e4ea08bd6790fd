"""Every write to guidance: documents, versions, clauses, consultations and responses.

Each function checks everything first and raises GuidanceRejected, so a refused
change saves nothing; each successful one is recorded in the GuidanceChange log.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parley.accounts.models import User
from parley.discussions import services as discussions
from parley.discussions.models import (
    CLAUSE_TITLE,
    VERSION_TITLE,
    Comment,
    Discussion,
    Outcome,
)
from parley.guidance import adoption_tasks, diff, tasks
from parley.guidance.diff import ClauseChange
from parley.guidance.models import (
    Adoption,
    Clause,
    ClauseResponse,
    Document,
    GuidanceChange,
    OperationalSection,
    Response,
    Version,
)
from parley.markup import render_document
from parley.organisations.models import Organisation
from parley.validation import Rejected, too_long

CLAUSE_NUMBER = re.compile(r"^\d+(\.\d+)*$")
# Far enough for any real consultation; a date near the year 9999 cannot be added to.
LONGEST_CONSULTATION = timedelta(days=3653)


class GuidanceRejected(Rejected):
    """The change to the guidance was not saved."""


def _record(
    *,
    document: Document,
    user: User | None,
    action: str,
    version: Version | None = None,
    **detail: object,
) -> None:
    GuidanceChange.objects.create(
        document=document, version=version, user=user, action=action, detail=detail
    )


def _when(moment: datetime | None) -> str:
    """A date and time for a message, in the site's time zone: "1 December 2026 14:00"."""
    return date_format(timezone.localtime(moment), "j F Y H:i") if moment else ""


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


# Documents and versions ---------------------------------------------------------------


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
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Enter a title")]
    errors |= too_long(Document, title=title.strip(), title_cy=title_cy.strip())
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
    _record(document=document, user=user, action="created the document", title=document.title)
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
    if not title.strip():
        raise GuidanceRejected({"title": [_("Enter a title")]})
    if errors := too_long(Document, title=title.strip(), title_cy=(title_cy or "").strip()):
        raise GuidanceRejected(errors)
    document.title, document.summary = title.strip(), summary.strip()
    if title_cy is not None:
        document.title_cy = title_cy.strip()[:200]
    if summary_cy is not None:
        document.summary_cy = summary_cy.strip()
    document.save(update_fields=["title", "summary", "title_cy", "summary_cy"])
    _record(document=document, user=user, action="changed the title or summary")
    return document


def _create_version(*, document: Document, user: User, number: int) -> Version:
    url = f"/guidance/{document.slug}/versions/{number}/"
    version = Version.objects.create(
        document=document,
        number=number,
        discussion=_new_discussion(Discussion.Kind.GUIDANCE, url, document, number=number),
    )
    _record(document=document, version=version, user=user, action=f"started version {number}")
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
        version.introduction_markdown = latest.introduction_markdown
        version.introduction_html = latest.introduction_html
        version.introduction_markdown_cy = latest.introduction_markdown_cy
        version.introduction_html_cy = latest.introduction_html_cy
        version.save(
            update_fields=[
                "introduction_markdown",
                "introduction_html",
                "introduction_markdown_cy",
                "introduction_html_cy",
            ]
        )
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
    version.save(
        update_fields=[
            "introduction_markdown",
            "introduction_html",
            "introduction_markdown_cy",
            "introduction_html_cy",
        ]
    )
    _record(document=version.document, version=version, user=user, action="edited the introduction")
    return version


# Clauses -------------------------------------------------------------------------------


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
    version: Version, number: str, body: str, *, exclude: Clause | None = None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not CLAUSE_NUMBER.match(number):
        errors["number"] = [_("Enter a clause number like 4 or 4.1")]
    elif version.clauses.filter(number=number).exclude(pk=exclude.pk if exclude else 0).exists():
        errors["number"] = [
            _("Clause %(number)s already exists in this version") % {"number": number}
        ]
    if not body.strip():
        errors["body"] = [_("Enter the text of the clause")]
    return errors


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
    errors = (
        _check_clause(version, number, body)
        | _check_origin(version, origin, origin_lineages or [])
        | too_long(Clause, number=number, heading=heading.strip(), heading_cy=heading_cy.strip())
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
    _record(
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
    errors = (
        _check_clause(version, number, body, exclude=clause)
        | _check_origin(version, origin, origin_lineages or [])
        | too_long(Clause, number=number, heading=heading.strip(), heading_cy=heading_cy)
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
    Discussion.objects.filter(pk=clause.discussion_id).update(url=_clause_url(version, number))
    _record(
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
    Discussion.objects.filter(pk=discussion_id).delete()
    _record(
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
    _record(
        document=version.document,
        version=version,
        user=user,
        action=f"moved clause {clause.number} {direction}",
        lineage=str(clause.lineage),
    )
    return clause


# Consultations and publication ---------------------------------------------------------


def _discussions_of(version: Version) -> Q:
    return Q(pk=version.discussion_id) | Q(guidance_clause__version=version)


@transaction.atomic
def schedule_consultation(
    *, version: Version, user: User, opens_at: datetime, closes_at: datetime
) -> Version:
    """Open a version for comments between two times; it closes on time by itself."""
    if version.status not in {Version.Status.DRAFT, Version.Status.CONSULTATION} or (
        version.status == Version.Status.CONSULTATION and version.phase != "scheduled"
    ):
        raise GuidanceRejected(
            {
                "version": [
                    _(
                        "Version %(number)s is %(phase)s: only a draft or a scheduled "
                        "consultation can be (re)scheduled"
                    )
                    % {"number": version.number, "phase": version.phase_label.lower()}
                ]
            },
            status=409,
        )
    errors: dict[str, list[str]] = {}
    if not version.clauses.exists():
        errors["version"] = [_("Add at least one clause before consulting on this version")]
    if closes_at <= opens_at:
        errors["closes_at"] = [_("The closing time must be after the opening time")]
    elif closes_at <= timezone.now():
        errors["closes_at"] = [_("The closing time must be in the future")]
    elif closes_at - opens_at > LONGEST_CONSULTATION:
        errors["closes_at"] = [_("A consultation can last at most ten years")]
    overlapping = (
        Version.objects.filter(
            document=version.document,
            status=Version.Status.CONSULTATION,
            opens_at__lt=closes_at,
            closes_at__gt=opens_at,
        )
        .exclude(pk=version.pk)
        .first()
    )
    if overlapping:
        errors["opens_at"] = [
            _(
                "Version %(number)s's consultation runs from %(opens)s to %(closes)s: "
                "consultations on one document cannot overlap"
            )
            % {
                "number": overlapping.number,
                "opens": _when(overlapping.opens_at),
                "closes": _when(overlapping.closes_at),
            }
        ]
    if errors:
        raise GuidanceRejected(errors)
    version.status = Version.Status.CONSULTATION
    version.opens_at, version.closes_at = opens_at, closes_at
    version.save(update_fields=["status", "opens_at", "closes_at"])
    Discussion.objects.filter(_discussions_of(version)).update(
        is_open=True, opens_at=opens_at, closes_at=closes_at
    )
    version.discussion.refresh_from_db()
    _record(
        document=version.document,
        version=version,
        user=user,
        action=f"scheduled a consultation on version {version.number}",
        opens_at=opens_at.isoformat(),
        closes_at=closes_at.isoformat(),
    )
    transaction.on_commit(tasks.announce_consultation_phases.enqueue)  # if it opens at once
    return version


@transaction.atomic
def publish_version(*, version: Version, user: User) -> Version:
    """Make a version the document's published guidance; the one before is superseded."""
    if version.status in {Version.Status.PUBLISHED, Version.Status.SUPERSEDED}:
        raise GuidanceRejected(
            {
                "version": [
                    _("Version %(number)s is already %(status)s")
                    % {"number": version.number, "status": version.get_status_display().lower()}
                ]
            },
            status=409,
        )
    if version.phase in {"open", "scheduled"}:
        raise GuidanceRejected(
            {
                "version": [
                    _(
                        "Version %(number)s is under consultation until %(closes)s: "
                        "publish it after the consultation closes"
                    )
                    % {"number": version.number, "closes": _when(version.closes_at)}
                ]
            },
            status=409,
        )
    if not version.clauses.exists():
        raise GuidanceRejected({"version": [_("A version with no clauses cannot be published")]})
    Version.objects.filter(document=version.document, status=Version.Status.PUBLISHED).update(
        status=Version.Status.SUPERSEDED
    )
    version.status, version.published_at = Version.Status.PUBLISHED, timezone.now()
    version.save(update_fields=["status", "published_at"])
    Discussion.objects.filter(_discussions_of(version)).update(is_open=False)
    version.discussion.refresh_from_db()
    _record(
        document=version.document,
        version=version,
        user=user,
        action=f"published version {version.number}",
    )
    mark_adoptions_for_review(version=version)  # adopters relying on changed clauses
    transaction.on_commit(partial(tasks.announce_version.enqueue, version.pk))
    return version


# The response: "you said, we did" ------------------------------------------------------


@dataclass
class ClauseAnswer:
    heard: str = ""
    changed: str = ""
    comment_ids: list[int] = field(default_factory=list)


def consultation_has_closed(version: Version) -> bool:
    """Whether `version` was consulted on and the consultation is over: a response may follow."""
    return version.phase == "closed" or (
        version.opens_at is not None
        and version.status in {Version.Status.PUBLISHED, Version.Status.SUPERSEDED}
    )


@transaction.atomic
def save_response(
    *,
    version: Version,
    user: User,
    summary: str,
    next_version: Version | None = None,
    answers: dict[str, ClauseAnswer] | None = None,
) -> Response:
    """Write (or rewrite) the response to a closed consultation, clause by clause."""
    if not consultation_has_closed(version):
        raise GuidanceRejected(
            {"version": [_("A response can only be written once the consultation has closed")]},
            status=409,
        )
    errors: dict[str, list[str]] = {}
    if next_version is not None and (
        next_version.document_id != version.document_id or next_version.number <= version.number
    ):
        errors["next_version"] = [_("Choose a later version of this document")]
    lineages = {str(lin) for lin in version.clauses.values_list("lineage", flat=True)}
    answers = answers or {}
    if unknown := set(answers) - lineages:
        errors["answers"] = [
            ngettext(
                "%(count)d answer is for a clause not in this version",
                "%(count)d answers are for clauses not in this version",
                len(unknown),
            )
            % {"count": len(unknown)}
        ]
    asked = {cid for answer in answers.values() for cid in answer.comment_ids}
    on_document = set(
        Comment.objects.filter(pk__in=asked)
        .filter(_comments_of(version))
        .values_list("pk", flat=True)
    )
    if asked - on_document:
        errors["comments"] = [_("Link only comments made on this version's consultation")]
    if errors:
        raise GuidanceRejected(errors)
    response, _created = Response.objects.get_or_create(version=version)
    response.summary_markdown, response.summary_html = summary, render_document(summary)
    response.next_version = next_version
    response.updated_at = timezone.now()
    response.save()
    for lineage, answer in answers.items():
        row, _created = ClauseResponse.objects.update_or_create(
            response=response,
            lineage=lineage,
            defaults={
                "heard_markdown": answer.heard,
                "heard_html": render_document(answer.heard),
                "changed_markdown": answer.changed,
                "changed_html": render_document(answer.changed),
            },
        )
        row.comments.set(answer.comment_ids)
    _record(
        document=version.document,
        version=version,
        user=user,
        action=f"wrote the response to version {version.number}",
    )
    return response


@transaction.atomic
def publish_response(*, response: Response, user: User) -> Response:
    if not response.summary_markdown.strip():
        raise GuidanceRejected({"summary": [_("Write a summary before publishing the response")]})
    response.published_at = response.published_at or timezone.now()
    response.save(update_fields=["published_at"])
    _record(
        document=response.version.document,
        version=response.version,
        user=user,
        action=f"published the response to version {response.version.number}",
    )
    transaction.on_commit(partial(tasks.announce_response.enqueue, response.pk))
    return response


def _comments_of(version: Version) -> Q:
    return Q(discussion_id=version.discussion_id) | Q(discussion__guidance_clause__version=version)


@transaction.atomic
def set_outcomes(*, version: Version, user: User, outcomes: Iterable[tuple[int, str, str]]) -> int:
    """Record what became of comments (id, outcome, reason); returns how many changed."""
    rows = list(outcomes)
    errors: dict[str, list[str]] = {}
    if bad := [o for _, o, _ in rows if o and o not in Outcome.values]:
        errors["outcome"] = [f"Unknown outcome {bad[0]!r}"]
    ids = {cid for cid, _, _ in rows}
    found = set(
        Comment.objects.filter(pk__in=ids)
        .filter(_comments_of(version))
        .values_list("pk", flat=True)
    )
    if ids - found:
        errors["comments"] = [_("Outcomes can only be given to comments on this version")]
    if errors:
        raise GuidanceRejected(errors)
    changed_ids = [
        comment_id
        for comment_id, outcome, reason in rows
        if Comment.objects.filter(pk=comment_id)
        .exclude(outcome=outcome, outcome_reason=reason.strip())
        .update(outcome=outcome, outcome_reason=reason.strip())
    ]
    changed = len(changed_ids)
    if changed_ids:  # each author hears what became of their comment
        transaction.on_commit(partial(tasks.tell_outcomes.enqueue, changed_ids))
    if changed:
        _record(
            document=version.document,
            version=version,
            user=user,
            action=f"gave outcomes to {changed} comment(s)",
        )
    return changed


# Adoption and operational guidance ------------------------------------------------------


@transaction.atomic
def adopt_version(
    *,
    organisation: Organisation,
    version: Version,
    user: User,
    adopted_on: date,
    statement: str = "",
) -> Adoption:
    """Record that `organisation` adopts a published version; adopting a later version
    replaces the earlier adoption and clears every section's review mark."""
    errors: dict[str, list[str]] = {}
    if version.status != Version.Status.PUBLISHED:
        errors["version"] = [
            _("Version %(number)s is %(phase)s: only the published version can be adopted")
            % {"number": version.number, "phase": version.phase_label.lower()}
        ]
    if len(statement) > ADOPTION_STATEMENT_MAX:
        errors["statement"] = [
            _("The statement must be %(max)s characters or fewer")
            % {"max": f"{ADOPTION_STATEMENT_MAX:,}"}
        ]
    if errors:
        raise GuidanceRejected(errors, status=409 if "version" in errors else 400)
    adoption, _created = Adoption.objects.update_or_create(
        organisation=organisation,
        document=version.document,
        defaults={
            "version": version,
            "adopted_on": adopted_on,
            "statement": statement.strip(),
            "adopted_by": user,
            "updated_at": timezone.now(),
        },
    )
    adoption.sections.update(needs_review=False, review_reasons=[])
    _record(
        document=version.document,
        version=version,
        user=user,
        action=f"{organisation.name} adopted version {version.number}",
    )
    return adoption


ADOPTION_STATEMENT_MAX = 2_000


def _check_lineages(document: Document, lineages: list[str]) -> dict[str, list[str]]:
    """Errors for lineages that are not clauses of `document` (naming the other document
    when a lineage is a clause of one)."""
    wanted = {str(lineage) for lineage in lineages}
    ours = {
        str(lineage)
        for lineage in Clause.objects.filter(
            version__document=document, lineage__in=wanted
        ).values_list("lineage", flat=True)
    }
    if not wanted - ours:
        return {}
    elsewhere = (
        Clause.objects.filter(lineage__in=wanted - ours)
        .select_related("version__document")
        .order_by("-version__number")
        .first()
    )
    if elsewhere is not None:
        return {
            "lineages": [
                _(
                    "Clause %(number)s belongs to ‘%(other)s’, not ‘%(title)s’: map only "
                    "clauses of ‘%(title)s’"
                )
                % {
                    "number": elsewhere.number,
                    "other": elsewhere.version.document.title,
                    "title": document.title,
                }
            ]
        }
    return {"lineages": [_("Choose clauses of ‘%(title)s’") % {"title": document.title}]}


@transaction.atomic
def map_section(
    *, adoption: Adoption, key: str, title: str, url: str = "", lineages: list[str]
) -> OperationalSection | None:
    """Make (or change) the operational section named `key` rely on `lineages`, which
    must be clauses of the adopted document; no lineages removes the section."""
    if not lineages:
        OperationalSection.objects.filter(adoption=adoption, key=key).delete()
        return None
    if errors := _check_lineages(adoption.document, lineages):
        raise GuidanceRejected(errors)
    section, _created = OperationalSection.objects.update_or_create(
        adoption=adoption,
        key=key,
        defaults={"title": title[:200], "url": url, "lineages": sorted(set(lineages))},
    )
    return section


def check_lineages(*, document: Document, lineages: list[str]) -> None:
    """Refuse (GuidanceRejected) lineages that are not clauses of `document`."""
    if errors := _check_lineages(document, lineages):
        raise GuidanceRejected(errors)


@transaction.atomic
def mark_adoptions_for_review(*, version: Version) -> list[OperationalSection]:
    """`version` was just published: mark every adopter's section that relies on a clause
    it changed, saying how, and tell the adopters' owners and editors after commit."""
    marked: list[OperationalSection] = []
    adoptions = (
        Adoption.objects.filter(document=version.document)
        .exclude(version=version)
        .select_related("version")
        .prefetch_related("sections")
    )
    for adoption in adoptions:
        changed = {
            change.lineage: _how_changed(change)
            for change in diff.compare_versions(adoption.version, version)
            if change.kind != "unchanged"
        }
        for section in adoption.sections.all():
            reasons = [changed[lineage] for lineage in section.lineages if lineage in changed]
            if reasons:
                section.needs_review, section.review_reasons = True, reasons
                section.save(update_fields=["needs_review", "review_reasons"])
                marked.append(section)
    if marked:
        transaction.on_commit(partial(adoption_tasks.tell_adopters.enqueue, version.pk))
    return marked


def _how_changed(change: ClauseChange) -> str:
    """ "clause 4, which was reworded": what became of a clause a section relies on."""
    if change.old is None:  # a new clause cannot be relied on yet; kept for completeness
        return change.summary
    what: list[str] = []
    if change.kind == "removed":
        what.append(
            f"was merged into clause {change.merged_into}" if change.merged_into else "was removed"
        )
    else:
        if change.renumbered:
            what.append(f"became clause {change.new.number}")  # type: ignore[union-attr]
        elif change.moved:
            what.append("moved")
        if change.reworded or change.heading_changed:
            what.append("was reworded")
    return f"clause {change.old.number}, which " + " and ".join(what)
