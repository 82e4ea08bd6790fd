"""Tags for what happens after a consultation closes, for guidance's and organisations'
pages (which cannot import consultations):

- `{% after_closing version %}`: "We are analysing your feedback", with the date the
  response is due, or that it is overdue;
- `{% overdue_responses organisation %}`: the organisation's overdue responses;
- `{% bar_chart question_summary %}`: a summary's accessible SVG bar chart.
"""

from django import template

from parley.consultations import charts, closing
from parley.consultations.summary import QuestionSummary
from parley.guidance.models import Version
from parley.organisations.models import Organisation

register = template.Library()


@register.inclusion_tag("consultations/_after_closing.html", takes_context=True)
def after_closing(context: template.Context, version: Version) -> dict[str, object]:
    return {
        "version": version,
        "after": closing.after_closing(version),
        "can_edit": bool(context.get("can_edit") or context.get("is_editor")),
    }


@register.inclusion_tag("consultations/_overdue_responses.html")
def overdue_responses(organisation: Organisation) -> dict[str, object]:
    return {"overdue": closing.overdue_versions(organisation.pk)}


@register.inclusion_tag("consultations/_bar_chart.html")
def bar_chart(summary: QuestionSummary) -> dict[str, object]:
    return {"summary": summary, "chart": charts.chart_of(summary)}
