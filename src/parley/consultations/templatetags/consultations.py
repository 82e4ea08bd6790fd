"""`{% clause_questions clause %}`: the consultation's questions about a clause, for the
clause page, so that guidance need not import consultations."""

from django import template

from parley.consultations import queries
from parley.guidance.models import Clause

register = template.Library()


@register.inclusion_tag("consultations/_clause_questions.html")
def clause_questions(clause: Clause) -> dict[str, object]:
    return {"clause": clause, "questions": queries.questions_about(clause)}
