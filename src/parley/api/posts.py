"""Blog posts: the public list and detail, and writing a post as an editor."""

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from pydantic import AwareDatetime

from parley.api.auth import (
    ANYONE,
    OPTIONAL_CREDENTIALS,
    WITH_POWERS,
    organisation_to_write_for,
    signed_in_user,
)
from parley.api.errors import errors
from parley.api.pagination import NEXT_HELP, cursor_param, limit_param, page
from parley.blog import queries
from parley.blog import services as blog
from parley.blog.models import Post

router = Router(tags=["posts"])

# Newest first. The posts list kept its page size (20, at most 100) when every other list
# was paged at 100, at most 1,000: its clients already page it.
ORDER = ("-published_at", "-pk")


class PostItem(Schema):
    slug: str
    title: str
    title_cy: str = Field(description="The Welsh title; '' when there is none")
    published_at: datetime | None
    comment_count: int
    like_count: int
    url: str


class PostPage(Schema):
    items: list[PostItem]
    next: str | None = Field(description=NEXT_HELP)


class AuthorOut(Schema):
    name: str


class OrganisationOut(Schema):
    slug: str
    name: str


class PostDetail(PostItem):
    body_html: str
    body_html_cy: str = Field(description="The Welsh text, rendered and cleaned; '' when none")
    author: AuthorOut
    organisation: OrganisationOut
    comments_open: bool
    discussion: int = Field(description="The id of the post's discussion, for its comments")
    tags: list[str]
    status: str


class PostIn(Schema):
    title: str
    body: str = Field(description="Markdown")
    status: str = Field(description="draft, scheduled or published")
    organisation: str | None = Field(
        None, description="The organisation's slug; needed if you edit more than one"
    )
    tags: list[str] = Field(default_factory=list)
    published_at: AwareDatetime | None = Field(None, description="Needed to schedule a post")
    comments_open: bool = True
    slug: str = Field("", description="The post's address; made from the title if empty")
    title_cy: str = Field("", description="Welsh title (optional)")
    body_cy: str = Field("", description="Welsh text (optional), Markdown")


def _item_fields(request: HttpRequest, post: Post) -> dict[str, Any]:
    return {
        "slug": post.slug,
        "title": post.title,
        "title_cy": post.title_cy,
        "published_at": post.published_at,
        "comment_count": post.discussion.comment_count,
        "like_count": post.like_count,
        "url": request.build_absolute_uri(post.get_absolute_url()),
    }


def _detail(request: HttpRequest, post: Post) -> PostDetail:
    return PostDetail(
        **_item_fields(request, post),
        body_html=post.body_html,
        body_html_cy=post.body_html_cy,
        # A post outlives its author's account; the organisation then speaks for it.
        author=AuthorOut(name=post.author.display_name if post.author else post.organisation.name),
        organisation=OrganisationOut(slug=post.organisation.slug, name=post.organisation.name),
        comments_open=post.discussion.accepting_comments,
        discussion=post.discussion_id,
        tags=[tag.name for tag in post.tags.all()],
        status=post.status,
    )


@router.get(
    "",
    response={200: PostPage, **errors(400, 401, 422)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def list_posts(
    request: HttpRequest,
    response: HttpResponse,
    cursor: str | None = cursor_param(),
    limit: int = limit_param(default=20, maximum=100),
) -> PostPage:
    """Public posts, newest first, a page at a time."""
    posts = page(
        queries.public_posts(),
        order=ORDER,
        cursor=cursor,
        limit=limit,
        request=request,
        response=response,
    )
    return PostPage(
        items=[PostItem(**_item_fields(request, post)) for post in posts.items],
        next=posts.next,
    )


@router.get(
    "/{slug}",
    response={200: PostDetail, **errors(401, 404)},
    auth=ANYONE,
    openapi_extra=OPTIONAL_CREDENTIALS,
)
def get_post(request: HttpRequest, slug: str) -> PostDetail:
    """One public post; drafts and posts scheduled for later are not found."""
    post = queries.public_posts().filter(slug=slug).first()
    if post is None:
        raise Http404
    return _detail(request, post)


@router.post(
    "",
    response={201: PostDetail, **errors(401, 403, 422)},
    auth=WITH_POWERS,
)
def create_post(request: HttpRequest, payload: PostIn) -> Status[PostDetail]:
    """Write a post as an editor: published at once, scheduled, or kept as a draft."""
    user = signed_in_user(request)
    post = blog.create_post(
        author=user,
        organisation=organisation_to_write_for(user, payload.organisation, "post"),
        title=payload.title,
        body=payload.body,
        status=payload.status,
        published_at=payload.published_at,
        tags=payload.tags,
        comments_open=payload.comments_open,
        slug=payload.slug,
        title_cy=payload.title_cy,
        body_cy=payload.body_cy,
    )
    return Status(201, _detail(request, post))
