"""Erasing a person leaves none of their identifiers anywhere: every text, e-mail and IP
column of every model (new models included, through the app registry) is searched."""

from datetime import timedelta

from django.apps import apps
from django.db import models
from django.utils import timezone

from parley import personal_data
from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment
from parley.moderation import blocks
from parley.moderation.models import Block
from parley.notifications import services as notifications
from parley.notifications.models import Email, Subscription, Target
from parley.organisations import services as organisations
from parley.organisations.models import Organisation
from tests.builders import comment_as

TEXT_FIELDS = (models.CharField, models.TextField, models.GenericIPAddressField, models.JSONField)


def traces(*identifiers: str) -> list[str]:
    """Every `model.field` (with the row's id) still holding one of `identifiers`."""
    wanted = [i.lower() for i in identifiers]
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, TEXT_FIELDS) and not f.primary_key
        ]
        if not fields:
            continue
        for row in model._default_manager.values("pk", *fields):
            for name in fields:
                value = str(row[name] or "").lower()
                found += [
                    f"{model._meta.label}.{name} #{row['pk']}: {i}" for i in wanted if i in value
                ]
    return found


def leave_traces_of(
    email: str, *, name: str, website: str, ip: str, post: Post, moderator: User
) -> Comment:
    """What a person leaves when they comment as a guest, follow, get blocked, invited
    and written to with `email`."""
    written = comment_as(
        post, discussions.Author(name=name, email=email, url=website, ip=ip), "Guest words"
    )
    notifications.follow_as_guest(email=email.upper(), target=Target.SITE, target_id=0)
    (recipient,) = [s.recipient for s in Subscription.objects.all()]
    notifications.queue_confirmation(recipient_id=recipient.pk)
    assert Email.objects.filter(to__iexact=email).exists()
    blocks.block(
        moderator=moderator,
        kind=Block.Kind.EMAIL,
        email=email,
        reason="Posting the same thing everywhere",
        until=timezone.now() + timedelta(days=3),
    )
    return written


def test_erasing_an_account_leaves_no_trace_of_its_addresses_anywhere(
    participant: User, moderator: User, editor: User, organisation: Organisation, post: Post
) -> None:
    leave_traces_of(
        participant.email,
        name="Minerva Beforehand",
        website="https://minerva.example/",
        ip="198.51.100.77",
        post=post,
        moderator=moderator,
    )
    organisations.invite(
        organisation=organisation, invited_by=editor, email=participant.email, role="member"
    )
    mine = comment_as(post, discussions.Author(user=participant, ip="198.51.100.78"), "Signed in")
    blocks.block(
        moderator=moderator,
        kind=Block.Kind.USER,
        user=participant,
        reason="Cooling off",
        until=timezone.now() + timedelta(days=1),
    )
    identifiers = (participant.email, "198.51.100.77", "198.51.100.78", "minerva", "Mina Member")
    assert traces(*identifiers)

    personal_data.erase(user=participant, delete_comments=False)

    assert traces(*identifiers) == []
    assert Comment.objects.filter(pk=mine.pk).exists()


def test_erasing_a_guest_leaves_no_trace_of_their_address_anywhere(
    moderator: User, post: Post
) -> None:
    kept = leave_traces_of(
        "Gwen@Example.NET",
        name="Gwendolyn Guest",
        website="https://gwendolyn.example/",
        ip="198.51.100.99",
        post=post,
        moderator=moderator,
    )

    personal_data.guest_erase(email="gwen@example.net", delete_comments=False)

    assert traces("gwen@example.net", "198.51.100.99", "gwendolyn") == []
    kept.refresh_from_db()
    assert kept.body_markdown == "Guest words"


def test_a_blocked_address_stays_blocked_after_it_is_erased(moderator: User, post: Post) -> None:
    leave_traces_of(
        "blocked@example.net",
        name="B",
        website="",
        ip="198.51.100.5",
        post=post,
        moderator=moderator,
    )

    personal_data.guest_erase(email="blocked@example.net", delete_comments=False)

    where = post.organisation
    assert blocks.active_block_for(
        user=None, email="Blocked@example.net", ip=None, organisation=where
    )
    assert not blocks.active_block_for(
        user=None, email="other@example.net", ip=None, organisation=where
    )
