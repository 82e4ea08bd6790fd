from parley.accounts.models import User
from parley.discussions.models import Comment, Status
from parley.organisations.permissions import moderated_organisation_ids


def queue(moderator: User, *, limit: int = 200) -> list[Comment]:
    """Comments awaiting moderation that `moderator` may decide on, oldest first."""
    comments = Comment.objects.filter(status=Status.PENDING).select_related("discussion", "user")
    organisation_ids = moderated_organisation_ids(moderator)
    if organisation_ids is not None:
        comments = comments.filter(discussion__organisation_id__in=organisation_ids)
    return list(comments.order_by("created_at")[:limit])
