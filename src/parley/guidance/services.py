"""The guidance app's writes, as other apps and the views call them; each is written in
the module of its journey:

- `editing`: documents, versions, clauses;
- `consultation`: scheduling a consultation, publishing a version;
- `responses`: the response ("you said, we did") and the outcomes of comments;
- `adoption`: adopting a version, mapping operational sections, marking them for review.

Each function checks everything first and raises GuidanceRejected, so a refused
change saves nothing; each successful one is recorded in the GuidanceChange log, where
`record_change` also writes what the apps above guidance change about a version (its
consultation's questions).
"""

from parley.guidance.adoption import (
    adopt_version,
    check_lineages,
    map_section,
    mark_adoptions_for_review,
)
from parley.guidance.changes import GuidanceRejected
from parley.guidance.changes import record as record_change
from parley.guidance.consultation import publish_version, schedule_consultation
from parley.guidance.editing import (
    add_clause,
    create_document,
    create_version,
    move_clause,
    remove_clause,
    render_welsh,
    update_clause,
    update_document,
    update_version,
)
from parley.guidance.responses import (
    ClauseAnswer,
    consultation_has_closed,
    publish_response,
    save_response,
    set_outcomes,
)

__all__ = [
    "ClauseAnswer",
    "GuidanceRejected",
    "add_clause",
    "adopt_version",
    "check_lineages",
    "consultation_has_closed",
    "create_document",
    "create_version",
    "map_section",
    "mark_adoptions_for_review",
    "move_clause",
    "publish_response",
    "publish_version",
    "record_change",
    "remove_clause",
    "render_welsh",
    "save_response",
    "schedule_consultation",
    "set_outcomes",
    "update_clause",
    "update_document",
    "update_version",
]
