"""Every write to the blog: writing, publishing and liking posts, renaming tags.

Each kind of change a reader could see has one named invalidation here, called by every
entry point (these services, the admin, and the signals for the names blog cannot be told
of): `post_changed` for one post, `posts_changed` for several. A post's ETag follows its
row (`queries.post_freshness`); what it cannot follow is nginx's kept copy of the page
(`discussions.page_files`), which these delete once the write commits.
"""

from datetime import datetime
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.blog import tasks
from parley.blog.models import Post, PostLike, Tag
from parley.discussions import page_files
from parley.discussions import services as discussions
from parley.discussions.models import Discussion
from parley.markup import render_document
from parley.organisations.models import Organisation
from parley.validation import Rejected


class PostRejected(Rejected):
    """The post was not saved."""


def post_changed(post: Post) -> None:
    """Call after any change to `post` a reader could see (its text, status, likes, tags,
    author's or organisation's name, or the post gone): its kept page files go once the
    write commits. Its ETag changes with the row, which the change has written."""
    page_files.forget([post.get_absolute_url()])


def posts_changed(posts: QuerySet[Post]) -> None:
    """`post_changed` for several posts at once (`posts` is not read when files are off)."""
    page_files.forget(posts.values_list("discussion__url", flat=True))


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "post"
    slug, n = base, 2
    while Post.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def tags_from_names(names: list[str]) -> list[Tag]:
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        slug = slugify(name)[:60]
        if not slug:
            continue
        tag, _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name[:60]})
        tags.append(tag)
    return tags


def _check(
    title: str, body: str, status: str, published_at: datetime | None, title_cy: str = ""
) -> None:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Enter a title")]
    elif len(title) > 200:
        errors["title"] = [_("The title must be 200 characters or fewer")]
    if len(title_cy) > 200:
        errors["title_cy"] = [_("The Welsh title must be 200 characters or fewer")]
    if not body.strip():
        errors["body"] = [_("Enter the text of the post")]
    if status not in Post.Status.values:
        errors["status"] = [
            _("Choose one of: %(statuses)s") % {"statuses": ", ".join(Post.Status.values)}
        ]
    elif status == Post.Status.SCHEDULED and (
        published_at is None or published_at <= timezone.now()
    ):
        errors["published_at"] = [_("A scheduled post needs a publication time in the future")]
    if errors:
        raise PostRejected(errors, status=422)


def _render_welsh(body: str) -> str:
    return render_document(body) if body.strip() else ""


def _publication_time(
    status: str, published_at: datetime | None, current: datetime | None
) -> datetime | None:
    if status == Post.Status.DRAFT:
        return published_at or current
    if status == Post.Status.PUBLISHED:
        return current if current and current <= timezone.now() else timezone.now()
    return published_at


@transaction.atomic
def create_post(
    *,
    author: User,
    organisation: Organisation,
    title: str,
    body: str,
    status: str = Post.Status.DRAFT,
    published_at: datetime | None = None,
    tags: list[str] | None = None,
    comments_open: bool = True,
    slug: str = "",
    title_cy: str = "",
    body_cy: str = "",
) -> Post:
    """A new post with its own discussion; published at once, later, or kept as a draft.
    The Welsh title and text are optional and rendered and cleaned like the English."""
    _check(title, body, status, published_at, title_cy)
    slug = slugify(slug)[:200] if slug else ""
    if slug and Post.objects.filter(slug=slug).exists():
        raise PostRejected({"slug": [_("Another post already has this address")]}, status=422)
    post = Post(
        title=title.strip(),
        slug=slug or _unique_slug(title),
        body_markdown=body,
        body_html=render_document(body),
        title_cy=title_cy.strip(),
        body_markdown_cy=body_cy,
        body_html_cy=_render_welsh(body_cy),
        author=author,
        organisation=organisation,
        status=status,
        published_at=_publication_time(status, published_at, None),
    )
    post.discussion = discussions.create_discussion(
        kind=Discussion.Kind.POST,
        title=post.title,
        title_cy=post.title_cy,
        url=post.get_absolute_url(),
        organisation=organisation,
        is_open=comments_open,
    )
    post.save()
    post.tags.set(tags_from_names(tags or []))
    if post.is_public:
        transaction.on_commit(partial(tasks.announce_post.enqueue, post.pk))
    return post


@transaction.atomic
def update_post(
    *,
    post: Post,
    title: str,
    body: str,
    status: str,
    published_at: datetime | None = None,
    tags: list[str] | None = None,
    comments_open: bool = True,
    title_cy: str | None = None,
    body_cy: str | None = None,
) -> Post:
    """Change a post's text, status, tags or comment setting; its address stays the same.
    The Welsh title and text change only when given ("" removes them)."""
    _check(title, body, status, published_at, title_cy or "")
    post.title = title.strip()
    post.body_markdown = body
    post.body_html = render_document(body)
    if title_cy is not None:
        post.title_cy = title_cy.strip()
    if body_cy is not None:
        post.body_markdown_cy, post.body_html_cy = body_cy, _render_welsh(body_cy)
    post.status = status
    post.published_at = _publication_time(status, published_at, post.published_at)
    post.updated_at = timezone.now()
    post.save()
    post.tags.set(tags_from_names(tags or []))
    post_changed(post)
    # The discussion's title shows in comment feeds and people's pages: mark it changed.
    discussions.update_discussions(
        Discussion.objects.filter(pk=post.discussion_id),
        title=post.title,
        title_cy=post.title_cy,
        is_open=comments_open,
        last_activity_at=post.updated_at,
    )
    if post.is_public:  # announced once, the first time it is public
        transaction.on_commit(partial(tasks.announce_post.enqueue, post.pk))
    return post


def like_post(*, post: Post, user: User) -> int:
    """`user` likes `post` (counted once); returns the new count."""
    try:
        with transaction.atomic():
            PostLike.objects.create(post=post, user=user)
            Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + 1)
            post_changed(post)
    except IntegrityError:
        pass
    post.refresh_from_db(fields=["like_count"])
    return post.like_count


@transaction.atomic
def unlike_post(*, post: Post, user: User) -> int:
    deleted, _ = PostLike.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(like_count=F("like_count") - deleted)
        post_changed(post)
    post.refresh_from_db(fields=["like_count"])
    return post.like_count


@transaction.atomic
def save_edited_post(*, post: Post) -> Post:
    """Save a post whose row was changed outside `update_post` (the admin changes its
    author and tags only): its page, kept copies and ETag change with `updated_at`."""
    post.updated_at = timezone.now()
    post.save()
    post_changed(post)
    return post


@transaction.atomic
def delete_post(*, post: Post) -> None:
    """Delete `post` (the admin's delete); its page goes with it."""
    post_changed(post)
    post.delete()


@transaction.atomic
def tag_changed(*, tag: Tag) -> None:
    """Call after renaming `tag`: every post showing it reads differently."""
    posts = Post.objects.filter(tags=tag)
    posts_changed(posts)
    posts.update(updated_at=timezone.now())


@transaction.atomic
def delete_tag(*, tag: Tag) -> None:
    """Delete `tag`: the posts that showed it read differently."""
    tag_changed(tag=tag)
    tag.delete()
