"""The response to a consultation, "you said, we did": written clause by clause once
the consultation has closed, published, and what became of each comment.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parley.accounts.models import User
from parley.discussions.models import Comment, Outcome
from parley.guidance import tasks
from parley.guidance.changes import GuidanceRejected, record
from parley.guidance.models import ClauseResponse, Response, Version
from parley.markup import render_document


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
    if asked - _on_version(version, asked):
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
    record(
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
    record(
        document=response.version.document,
        version=response.version,
        user=user,
        action=f"published the response to version {response.version.number}",
    )
    transaction.on_commit(partial(tasks.announce_response.enqueue, response.pk))
    return response


def _on_version(version: Version, comment_ids: set[int]) -> set[int]:
    """Which of `comment_ids` are comments on the version or its clauses."""
    return set(
        Comment.objects.filter(pk__in=comment_ids)
        .filter(
            Q(discussion_id=version.discussion_id) | Q(discussion__guidance_clause__version=version)
        )
        .values_list("pk", flat=True)
    )


@transaction.atomic
def set_outcomes(*, version: Version, user: User, outcomes: Iterable[tuple[int, str, str]]) -> int:
    """Record what became of comments (id, outcome, reason); returns how many changed."""
    rows = list(outcomes)
    errors: dict[str, list[str]] = {}
    if bad := [o for _, o, _ in rows if o and o not in Outcome.values]:
        errors["outcome"] = [f"Unknown outcome {bad[0]!r}"]
    ids = {cid for cid, _, _ in rows}
    if ids - _on_version(version, ids):
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
        record(
            document=version.document,
            version=version,
            user=user,
            action=f"gave outcomes to {changed} comment(s)",
        )
    return changed
