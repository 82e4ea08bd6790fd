"""Publishing a closed consultation's responses as their authors consented, and the
moderators' redactions of passages of their text answers before (or after) that.

Only counted responses are ever published; a confidential one never is (it is still
counted), and e-mail addresses, IP addresses and demographic answers never are. Publishing
is recorded in the document's history; every redaction, and every undoing of one, in the
moderation log (through `redaction_logged`, as moderation sits above consultations).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.consultations.models import Answer, Consultation, Question, Redaction, Response
from parley.files import services as files
from parley.files.models import ResponseFile
from parley.guidance import services as guidance
from parley.guidance.models import ClauseResponse, Version
from parley.guidance.models import Response as BodyResponse
from parley.organisations.permissions import can_edit, can_moderate
from parley.validation import Rejected

MAX_PASSAGE_CHARACTERS = 50_000  # an answer's own limit (services.MAX_ANSWER_CHARACTERS)

# Sent inside the transaction that redacts a passage or undoes a redaction, with `action`
# ("redact" or "unredact"), `redaction` (deleted already when undone), `moderator`,
# `organisation` and `note` (the response's reference and question, never the passage):
# moderation writes it to its append-only log.
redaction_logged = Signal()


class PublicationRejected(Rejected):
    """Nothing was published or redacted."""


# Who may -------------------------------------------------------------------------------


def may_publish(user: User | AnonymousUser, version: Version) -> bool:
    """The document's editors (and owners, site staff) publish its responses."""
    return can_edit(user, version.document.organisation)


def may_redact(user: User | AnonymousUser, version: Version) -> bool:
    """The organisation's moderators (and editors, owners, site staff) redact responses;
    never another organisation's."""
    return can_moderate(user, version.document.organisation)


# Publishing ----------------------------------------------------------------------------


def published_at(version: Version) -> datetime | None:
    """When the version's responses were published, or None."""
    return (
        Consultation.objects.filter(version=version)
        .values_list("responses_published_at", flat=True)
        .first()
    )


def has_closed(version: Version) -> bool:
    """Whether the version was consulted on and its consultation is over (guidance's rule
    for when the body may respond)."""
    return guidance.consultation_has_closed(version)


@transaction.atomic
def publish_responses(*, version: Version, user: User) -> Consultation:
    """Make the counted responses of a closed consultation public, as consented; once.

    Refused (403) to anyone but the document's editors, and (409) before the consultation
    has closed or when they are published already. Recorded in the document's history.
    """
    if not may_publish(user, version):
        raise PublicationRejected(
            {"version": [_("Only the document’s editors can publish its responses")]},
            status=403,
        )
    if not has_closed(version):
        raise PublicationRejected(
            {"version": [_("Responses can be published only after the consultation has closed")]},
            status=409,
        )
    consultation, _created = Consultation.objects.get_or_create(version=version)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.responses_published_at is not None:
        raise PublicationRejected(
            {"version": [_("The responses are published already")]}, status=409
        )
    consultation.responses_published_at = timezone.now()
    consultation.save(update_fields=["responses_published_at"])
    counted = Response.objects.counted().filter(version=version)
    guidance.record_change(
        document=version.document,
        version=version,
        user=user,
        action=f"published the responses to version {version.number}",
        responses=counted.count(),
        confidential=counted.filter(consent=Response.Consent.CONFIDENTIAL).count(),
    )
    return consultation


# Redacting -----------------------------------------------------------------------------


def _pattern(passage: str) -> "re.Pattern[str]":
    """The passage as typed, whatever the spaces and line breaks between its words."""
    return re.compile(r"\s+".join(re.escape(word) for word in passage.split()))


def redacted(text: str, redactions: Iterable[Redaction]) -> str:
    """`text` with every occurrence of each redacted passage replaced by "[redacted:
    <reason>]" (overlapping passages become one, with the first one's reason)."""
    spans: list[tuple[int, int, str]] = []
    for redaction in redactions:
        if not redaction.passage.split():
            continue
        for found in _pattern(redaction.passage).finditer(text):
            spans.append((found.start(), found.end(), redaction.get_reason_display()))
    if not spans:
        return text
    spans.sort(key=lambda span: span[0])
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in spans:
        if merged and start <= merged[-1][1]:
            first_start, first_end, first_reason = merged[-1]
            merged[-1] = (first_start, max(first_end, end), first_reason)
        else:
            merged.append((start, end, reason))
    parts, at = [], 0
    for start, end, reason in merged:
        parts.append(text[at:start])
        parts.append(_("[redacted: %(reason)s]") % {"reason": reason})
        at = end
    parts.append(text[at:])
    return "".join(parts)


def shown_publicly(answer: Answer) -> str:
    """The answer as the public and its author read it: text answers with their redacted
    passages hidden (uses `answer.redactions.all()`, so prefetch it for many answers)."""
    if answer.question.kind != Question.Kind.TEXT:
        return answer.shown
    return redacted(answer.text, answer.redactions.all())


def _log(action: str, redaction: Redaction, moderator: User, version: Version) -> None:
    answer = redaction.answer
    redaction_logged.send(
        Redaction,
        action=action,
        redaction=redaction,
        moderator=moderator,
        organisation=version.document.organisation,
        reason=redaction.reason,
        note=f"{answer.response.reference}, question {answer.question.number}",
    )


@transaction.atomic
def redact(*, answer: Answer, moderator: User, passage: str, reason: str) -> Redaction:
    """Hide `passage` (every place it occurs) in a submitted response's text answer, for
    `reason`; logged in the moderation log. Refused, naming `passage` or `reason`, when the
    passage is empty, too long or not in the answer, or the reason is not one of ours."""
    version = answer.response.version
    if not may_redact(moderator, version):
        raise PublicationRejected(
            {"passage": [_("Only the organisation’s moderators can redact its responses")]},
            status=403,
        )
    errors: dict[str, list[str]] = {}
    passage = passage.strip()
    if answer.question.kind != Question.Kind.TEXT or answer.response.status != (
        Response.Status.SUBMITTED
    ):
        errors["passage"] = [_("Only the written answers of a sent response can be redacted")]
    elif not passage:
        errors["passage"] = [_("Enter the words to redact, as they are in the answer")]
    elif len(passage) > MAX_PASSAGE_CHARACTERS or not _pattern(passage).search(answer.text):
        errors["passage"] = [_("These words are not in the answer: copy them from it exactly")]
    if reason not in Redaction.Reason.values:
        errors["reason"] = [_("Choose why the words are redacted")]
    if errors:
        raise PublicationRejected(errors)
    made = Redaction.objects.create(
        answer=answer, passage=passage, reason=reason, moderator=moderator
    )
    _log("redact", made, moderator, version)
    return made


@transaction.atomic
def undo_redaction(*, redaction: Redaction, moderator: User) -> None:
    """Show a redacted passage again; logged in the moderation log."""
    version = redaction.answer.response.version
    if not may_redact(moderator, version):
        raise PublicationRejected(
            {"passage": [_("Only the organisation’s moderators can redact its responses")]},
            status=403,
        )
    redaction.delete()
    _log("unredact", redaction, moderator, version)


# Reading -------------------------------------------------------------------------------


def public_name(response: Response) -> str:
    """Who a published response is from, as its author consented."""
    organisation = response.respondent_type == Response.RespondentType.ORGANISATION
    if organisation and response.organisation_name:
        return response.organisation_name
    if response.consent == Response.Consent.NAMED and not organisation:
        return response.respondent_name
    return _("An organisation") if organisation else _("An individual")


def _with_answers(responses: QuerySet[Response]) -> QuerySet[Response]:
    return responses.select_related("user").prefetch_related(
        Prefetch(
            "answers",
            queryset=Answer.objects.select_related("question")
            .prefetch_related("redactions")
            .order_by("question__number"),
        ),
        # Only the attached files a moderator has reviewed are published with a response.
        Prefetch(
            "files",
            queryset=ResponseFile.objects.filter(reviewed_at__isnull=False),
            to_attr="published_files",
        ),
    )


def publishable_responses(version: Version) -> QuerySet[Response]:
    """The counted responses whose authors let them be published, oldest first, with their
    answers and redactions: a fixed number of queries however many there are."""
    return _with_answers(
        Response.objects.counted()
        .filter(version=version)
        .exclude(consent=Response.Consent.CONFIDENTIAL)
        .order_by("submitted_at", "pk")
    )


def confidential_count(version: Version) -> int:
    return (
        Response.objects.counted()
        .filter(version=version, consent=Response.Consent.CONFIDENTIAL)
        .count()
    )


def text_answers_to_redact(version: Version) -> QuerySet[Response]:
    """The responses a moderator may need to redact: counted, publishable, with text or
    attached files (to review before they are published)."""
    return (
        publishable_responses(version)
        .filter(
            Q(answers__question__kind=Question.Kind.TEXT, answers__text__gt="")
            | Q(files__isnull=False)
        )
        .distinct()
    )


def published_file(version: Version, file_id: int) -> ResponseFile | None:
    """A file published with its response: the responses are published, its author
    consented, and a moderator reviewed the file. None for any other."""
    if published_at(version) is None:
        return None
    return (
        ResponseFile.objects.filter(
            pk=file_id,
            reviewed_at__isnull=False,
            response__in=Response.objects.counted()
            .filter(version=version)
            .exclude(consent=Response.Consent.CONFIDENTIAL),
        )
        .select_related("response")
        .first()
    )


def file_to_review(version: Version, reference: str, file_id: int) -> ResponseFile | None:
    """A file of a publishable response, which its moderators read and review."""
    return (
        ResponseFile.objects.filter(
            pk=file_id,
            response__reference=reference,
            response__in=Response.objects.counted()
            .filter(version=version)
            .exclude(consent=Response.Consent.CONFIDENTIAL),
        )
        .select_related("response")
        .first()
    )


@transaction.atomic
def review_file(*, response_file: ResponseFile, moderator: User, publish: bool) -> ResponseFile:
    """A moderator has read a publishable response's file: it is published with the
    response (`publish`), or kept private again."""
    if publish:
        return files.review_response_file(response_file=response_file, user=moderator)
    return files.withdraw_response_file(response_file=response_file)


@dataclass(frozen=True)
class OnClause:
    """What the body's published response heard and changed on a clause (HTML; either
    may be '')."""

    heard_html: str
    changed_html: str


@dataclass(frozen=True)
class Outcome:
    """What became of a response, for its author."""

    counted: bool
    replaced: bool
    published: bool
    published_as: str  # the name it is published under; "" when it is not published
    redacted: bool
    body_response_url: str  # the body's published "you said, we did", or ""
    body_response_html: str
    # By question number: for each answered question about a clause on which the body's
    # published response says something, what it heard and changed there.
    on_questions: dict[int, OnClause] = field(default_factory=dict)


def _on_questions(body: BodyResponse | None, answers: list[Answer]) -> dict[int, OnClause]:
    """One query: the published response's words on the clauses the answers are about."""
    tied = {
        a.question.number: a.question.lineage
        for a in answers
        if a.question.lineage is not None and not a.is_empty
    }
    if body is None or not tied:
        return {}
    said = {
        row.lineage: OnClause(
            heard_html=row.heard_html if row.heard_markdown.strip() else "",
            changed_html=row.changed_html if row.changed_markdown.strip() else "",
        )
        for row in ClauseResponse.objects.filter(response=body, lineage__in=set(tied.values()))
        if row.heard_markdown.strip() or row.changed_markdown.strip()
    }
    return {number: said[lineage] for number, lineage in tied.items() if lineage in said}


def outcome_of(response: Response, answers: list[Answer]) -> Outcome:
    counted = response.status == Response.Status.SUBMITTED and response.replaced_by_id is None
    published = (
        counted
        and response.consent != Response.Consent.CONFIDENTIAL
        and published_at(response.version) is not None
    )
    body = BodyResponse.objects.filter(version=response.version, published_at__isnull=False).first()
    return Outcome(
        counted=counted,
        replaced=response.replaced_by_id is not None,
        published=published,
        published_as=public_name(response) if published else "",
        redacted=any(a.redactions.all() for a in answers),
        body_response_url=body.get_absolute_url() if body else "",
        body_response_html=body.summary_html if body else "",
        on_questions=_on_questions(body, answers),
    )
