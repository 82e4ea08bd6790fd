"""Background work: the full analysis of a consultation, and keeping up with new comments."""

from django.tasks import task

from parley.discussions.models import Comment
from parley.guidance.models import Version
from parley.insights import search, services


@task()
def analyse_version(version_id: int) -> int:
    """Analyse a consultation's comments; how many were analysed."""
    version = Version.objects.select_related("discussion", "document").filter(pk=version_id).first()
    if version is None:
        return 0
    return services.analyse(version=version).comment_count


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
