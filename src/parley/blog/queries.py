"""Read paths shared by blog pages, the home page and the API."""

from django.db.models import Count, Max, QuerySet, Sum
from django.utils import timezone

from parley.blog.models import Post, PostLike, PostQuerySet, Tag
from parley.conditional import Freshness, latest


def public_posts() -> PostQuerySet:
    return (
        Post.objects.published()
        .newest_first()
        .select_related("author", "organisation", "discussion")
        .prefetch_related("tags")
    )


def public_tags() -> QuerySet[Tag]:
    """Tags of at least one public post: a tag used only by drafts or scheduled posts
    is not shown anywhere (it would reveal what is coming), as if it did not exist."""
    return Tag.objects.filter(posts__in=Post.objects.published()).distinct()


def latest_posts(count: int) -> list[Post]:
    return list(public_posts()[:count])


def user_likes_post(post: Post, user_id: int | None) -> bool:
    return user_id is not None and PostLike.objects.filter(post=post, user_id=user_id).exists()


def posts_freshness(posts: PostQuerySet) -> Freshness:
    """What a list of `posts` (a page or a feed) shows changes with, in one query: any
    post added, removed, edited or coming out of its schedule, or a comment counted."""
    found = posts.order_by().aggregate(
        count=Count("pk"),
        updated=Max("updated_at"),
        published=Max("published_at"),
        activity=Max("discussion__last_activity_at"),
        comments=Sum("discussion__comment_count"),
    )
    return Freshness(
        parts=tuple(found.values()),
        changed_at=latest(found["updated"], found["published"], found["activity"]),
    )


def post_freshness(post: Post) -> Freshness:
    """What a post's page and comment feed change with (its discussion already joined)."""
    discussion = post.discussion
    return Freshness(
        parts=(
            post.pk,
            post.updated_at,
            post.published_at,
            post.is_public,
            post.like_count,
            discussion.last_activity_at,
            discussion.comment_count,
            discussion.accepting_comments,
        ),
        changed_at=latest(
            post.updated_at,
            post.published_at,
            discussion.last_activity_at,
            discussion.opens_at,
            discussion.closes_at,
        ),
        next_change_at=min(
            (m for m in (discussion.opens_at, discussion.closes_at) if m and m > timezone.now()),
            default=None,
        ),
    )
