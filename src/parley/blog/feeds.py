"""Blog feeds: all posts, a tag's posts, an organisation's posts and guidance, and a
post's comments. Entry ids are tag: URIs from database ids, so they survive edits."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from parley.blog import queries
from parley.blog.models import Post, Tag
from parley.conditional import Freshness, latest
from parley.discussions import queries as discussion_queries
from parley.discussions.feeds import CommentFeed
from parley.discussions.models import Comment
from parley.guidance import feeds as guidance_feeds
from parley.guidance.models import Response, Version
from parley.organisations.models import Organisation
from parley.syndication import FEED_LENGTH, ParleyFeed, tag_uri


class PostEntries(ParleyFeed):
    """Entries for posts; the organisation feed mixes in versions and responses."""

    item_guid_is_permalink = False

    def item_title(self, item: Any) -> str:
        return item.title if isinstance(item, Post) else guidance_feeds.entry_title(item)

    def item_description(self, item: Any) -> str:
        return item.body_html if isinstance(item, Post) else guidance_feeds.entry_description(item)

    def item_link(self, item: Any) -> str:
        return str(item.get_absolute_url())

    def item_guid(self, item: Any) -> str:
        if isinstance(item, Post):
            return tag_uri(item.created_at, f"post/{item.pk}")
        return guidance_feeds.entry_guid(item)

    def item_pubdate(self, item: Any) -> datetime:
        if isinstance(item, Post):
            return item.published_at or item.created_at
        return guidance_feeds.entry_date(item)

    def item_updateddate(self, item: Any) -> datetime:
        if isinstance(item, Post):
            return max(item.updated_at, item.published_at or item.created_at)
        return guidance_feeds.entry_date(item)

    def item_author_name(self, item: Any) -> str | None:
        if isinstance(item, Post):
            return item.author.display_name if item.author else item.organisation.name
        return None

    def item_categories(self, item: Any) -> list[str]:
        return [tag.name for tag in item.tags.all()] if isinstance(item, Post) else []


class LatestPosts(PostEntries):
    def title(self, obj: None) -> str:
        return _("%(site)s blog") % {"site": settings.SITE_NAME}

    def link(self, obj: None) -> str:
        return reverse("blog:index")

    def description(self, obj: None) -> str:
        return _("The newest posts on %(site)s.") % {"site": settings.SITE_NAME}

    def feed_guid(self, obj: None) -> str:
        return tag_uri(datetime(2026, 1, 1), "blog")

    def items(self, obj: None) -> list[Post]:
        return queries.latest_posts(FEED_LENGTH)


def latest_posts_freshness(request: HttpRequest) -> Freshness:
    return queries.posts_freshness(queries.public_posts())


class TagPosts(PostEntries):
    def get_object(self, request: HttpRequest, slug: str) -> Tag:
        return get_object_or_404(queries.public_tags(), slug=slug)

    def title(self, obj: Tag) -> str:
        return _("Posts tagged ‘%(tag)s’ on %(site)s") % {
            "tag": obj.name,
            "site": settings.SITE_NAME,
        }

    def link(self, obj: Tag) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Tag) -> str:
        return _("The newest posts tagged ‘%(tag)s’.") % {"tag": obj.name}

    def feed_guid(self, obj: Tag) -> str:
        return tag_uri(datetime(2026, 1, 1), f"tag/{obj.pk}")

    def items(self, obj: Tag) -> list[Post]:
        return list(queries.public_posts().filter(tags=obj)[:FEED_LENGTH])


def tag_freshness(request: HttpRequest, slug: str) -> Freshness | None:
    tag = queries.public_tags().filter(slug=slug).values_list("pk", "name").first()
    if tag is None:
        return None
    found = queries.posts_freshness(queries.public_posts().filter(tags=tag[0]))
    return Freshness(parts=(*tag, *found.parts), changed_at=found.changed_at)


class OrganisationFeed(PostEntries):
    """An organisation's posts, and its guidance: new versions, consultations, responses."""

    def get_object(self, request: HttpRequest, slug: str) -> Organisation:
        return get_object_or_404(Organisation, slug=slug)

    def title(self, obj: Organisation) -> str:
        return _("%(organisation)s on %(site)s") % {
            "organisation": obj.name,
            "site": settings.SITE_NAME,
        }

    def link(self, obj: Organisation) -> str:
        return reverse("blog:organisation", args=[obj.slug])

    def description(self, obj: Organisation) -> str:
        return obj.description or _("Posts and guidance from %(organisation)s.") % {
            "organisation": obj.name
        }

    def feed_guid(self, obj: Organisation) -> str:
        return tag_uri(datetime(2026, 1, 1), f"organisation/{obj.pk}")

    def items(self, obj: Organisation) -> list[Post | Version | Response]:
        posts = list(queries.public_posts().filter(organisation=obj)[:FEED_LENGTH])
        versions = guidance_feeds.public_versions(Q(document__organisation=obj))
        responses = list(
            Response.objects.filter(version__document__organisation=obj, published_at__isnull=False)
            .select_related("version__document")
            .order_by("-published_at")[:FEED_LENGTH]
        )
        entries: list[Post | Version | Response] = [*posts, *versions, *responses]
        return sorted(entries, key=self.item_pubdate, reverse=True)[:FEED_LENGTH]


def organisation_freshness(request: HttpRequest, slug: str) -> Freshness | None:
    organisation = (
        Organisation.objects.filter(slug=slug).values("pk", "name", "description").first()
    )
    if organisation is None:
        return None
    posts = queries.posts_freshness(queries.public_posts().filter(organisation=organisation["pk"]))
    count, changed = guidance_feeds.guidance_freshness(Q(document__organisation=organisation["pk"]))
    return Freshness(
        parts=(*organisation.values(), *posts.parts, count, changed),
        changed_at=latest(posts.changed_at, changed),
    )


def public_post(slug: str) -> Post:
    return get_object_or_404(
        Post.objects.published().select_related("discussion", "organisation"), slug=slug
    )


class PostComments(CommentFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Post:
        return public_post(slug)

    def title(self, obj: Post) -> str:
        return _("Comments on ‘%(title)s’") % {"title": obj.title}

    def link(self, obj: Post) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Post) -> str:
        return _("What people say about ‘%(title)s’, newest first.") % {"title": obj.title}

    def feed_guid(self, obj: Post) -> str:
        return tag_uri(obj.created_at, f"post/{obj.pk}/comments")

    def items(self, obj: Post) -> list[Comment]:
        return discussion_queries.latest_public_comments(obj.discussion, FEED_LENGTH)


def post_comments_freshness(request: HttpRequest, slug: str) -> Freshness | None:
    post = Post.objects.select_related("discussion").filter(slug=slug).first()
    if post is None or not post.is_public:
        return None
    return queries.post_freshness(post)
