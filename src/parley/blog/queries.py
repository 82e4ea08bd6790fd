"""Read paths shared by blog pages, the home page and the API."""

from parley.blog.models import Post, PostLike, PostQuerySet


def public_posts() -> PostQuerySet:
    return (
        Post.objects.published()
        .newest_first()
        .select_related("author", "organisation", "discussion")
        .prefetch_related("tags")
    )


def latest_posts(count: int) -> list[Post]:
    return list(public_posts()[:count])


def user_likes_post(post: Post, user_id: int | None) -> bool:
    return user_id is not None and PostLike.objects.filter(post=post, user_id=user_id).exists()
