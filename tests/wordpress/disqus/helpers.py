"""The Disqus-shaped export, and reading what an import of it left behind."""

from pathlib import Path

from parley.blog.models import Post
from parley.discussions.models import Comment, Discussion
from parley.wordpress.models import DisqusPost

DISQUS = Path(__file__).parent.parent / "fixtures" / "disqus"
FORUM = (DISQUS / "forum.xml").read_text(encoding="utf-8")


def by_disqus_id(disqus_id: int) -> Comment:
    return DisqusPost.objects.select_related("comment__discussion").get(disqus_id=disqus_id).comment


def discussion_of(slug: str) -> Discussion:
    return Post.objects.select_related("discussion").get(slug=slug).discussion


def snapshot() -> dict[str, object]:
    return {
        "comments": list(Comment.objects.order_by("pk").values()),
        "discussions": list(Discussion.objects.order_by("pk").values()),
        "disqus": list(DisqusPost.objects.order_by("pk").values()),
    }
