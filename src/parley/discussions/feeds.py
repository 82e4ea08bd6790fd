"""Feeds of comments that need nothing but discussions: a person's public comments.

(A post's or a clause's comment feed belongs to the app that owns the page.)"""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from parley.accounts.models import User
from parley.conditional import Freshness, latest
from parley.discussions import queries
from parley.discussions.models import Comment
from parley.syndication import FEED_LENGTH, ParleyFeed, tag_uri


def person(user_id: int) -> User:
    """Someone with an account, if they may have a public page (guests have none)."""
    return get_object_or_404(User, pk=user_id, is_active=True)


class CommentFeed(ParleyFeed):
    """What every comment feed's entries look like: never an e-mail address."""

    def item_title(self, item: Comment) -> str:
        return f"{item.display_name} on {item.discussion.title} (comment {item.number})"

    def item_description(self, item: Comment) -> str:
        return item.body_html

    def item_link(self, item: Comment) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Comment) -> str:
        return tag_uri(item.created_at, f"comment/{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item: Comment) -> Any:
        return item.created_at

    def item_updateddate(self, item: Comment) -> Any:
        return item.edited_at or item.created_at

    def item_author_name(self, item: Comment) -> str:
        return item.display_name


class PersonComments(CommentFeed):
    def get_object(self, request: HttpRequest, user_id: int) -> User:
        return person(user_id)

    def title(self, obj: User) -> str:
        return f"Comments by {obj.display_name}"

    def link(self, obj: User) -> str:
        return reverse("people:person", args=[obj.pk])

    def description(self, obj: User) -> str:
        return f"Public comments by {obj.display_name}, newest first."

    def feed_guid(self, obj: User) -> str:
        return tag_uri(obj.date_joined, f"person/{obj.pk}/comments")

    def items(self, obj: User) -> list[Comment]:
        return list(queries.public_comments_by(obj.pk)[:FEED_LENGTH])


def person_freshness(request: HttpRequest, user_id: int) -> Freshness | None:
    """A person's page and feed change with their comments and their name."""
    found = User.objects.filter(pk=user_id, is_active=True).values("display_name").first()
    if found is None:
        return None
    count, activity = queries.comments_freshness(queries.public_comments_by(user_id))
    return Freshness(
        parts=(user_id, found["display_name"], count, activity), changed_at=latest(activity)
    )
