"""Background work after a comment becomes public: telling the people it concerns."""

from django.tasks import task

from parley.discussions import notices
from parley.discussions.models import Comment


@task()
def announce_comment(comment_id: int) -> int:
    """Notify about a comment that became public; how many people were told."""
    comment = (
        Comment.objects.select_related("discussion", "user", "parent__user")
        .filter(pk=comment_id)
        .first()
    )
    return len(notices.comment_published(comment)) if comment else 0
