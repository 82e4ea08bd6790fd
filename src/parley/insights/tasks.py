"""Background work: the full analysis of a consultation, and keeping up with new comments.

`analyse_version` is written beside `services.request_analysis`, which queues it (and which
`attach_comment`, run here, calls), so that neither module imports the other back; it is
named here too, as tasks queued before it moved name this module.
"""

from django.tasks import task

from parley.discussions.models import Comment
from parley.insights import search, services
from parley.insights.services import analyse_version

__all__ = ["analyse_version", "comment_changed"]


@task()
def comment_changed(comment_id: int) -> str:
    """A consultation's comment was posted, approved, edited or hidden: keep its search
    entry in step and, when it is newly public, attach it to a campaign. The campaign key,
    or ""."""
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        search.forget([comment_id])
        return ""
    search.index_comment(comment)
    campaign = services.attach_comment(comment=comment)
    return campaign.key if campaign else ""
