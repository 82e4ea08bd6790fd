"""`{% clause_questions clause %}`: the consultation's questions about a clause, for the
clause page, so that guidance need not import consultations."""

from django import template

from parley.consultations import publication, queries
from parley.guidance.models import Clause, Version
from parley.organisations.permissions import can_analyse

OPEN_PHASES = ("draft", "scheduled", "open")

register = template.Library()


@register.inclusion_tag("consultations/_clause_questions.html")
def clause_questions(clause: Clause) -> dict[str, object]:
    return {"clause": clause, "questions": queries.questions_about(clause)}


@register.simple_tag(takes_context=True)
def may_redact_responses(context: template.Context, version: Version) -> bool:
    """`{% may_redact_responses version as redactor %}`: whether the reader moderates the
    version's organisation (so the version page can link them to redacting its responses)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated or version.phase in OPEN_PHASES:
        return False
    return publication.may_redact(request.user, version)


@register.simple_tag(takes_context=True)
def may_read_responses(context: template.Context, version: Version) -> bool:
    """`{% may_read_responses version as analyst %}`: whether the reader reads every response
    to the version (its organisation's analysts, editors, owners and site staff)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    return can_analyse(request.user, version.document.organisation)
