from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Mention
from tests.builders import comment_as


def test_a_mention_links_to_that_persons_latest_comment_in_the_discussion(
    client: Client, post: Post, participant: User, outsider: User
) -> None:
    comment_as(post, participant, "Earlier")
    latest = comment_as(post, participant, "Later")
    reply = comment_as(post, outsider, "I agree with @Mina Member here")
    assert f'<a href="/c/{latest.pk}" class="parley-mention"' in reply.body_html
    mention = Mention.objects.get(comment=reply)
    assert mention.mentioned_comment == latest
    assert mention.mentioned_user == participant


def test_a_guest_commenter_can_be_mentioned(
    client: Client, post: Post, moderator: User, outsider: User
) -> None:
    from parley.discussions import services

    guest = services.Author(name="Gwen Guest", email="gwen@example.net", ip="192.0.2.7")
    earlier = comment_as(post, guest, "A guest's view")
    from parley.moderation import services as moderation

    moderation.moderate(comment=earlier, moderator=moderator, action="approve")
    reply = comment_as(post, outsider, "@gwen guest makes a good point")
    assert f'href="/c/{earlier.pk}"' in reply.body_html
    assert Mention.objects.get(comment=reply).mentioned_user is None


def test_an_unknown_name_stays_plain_text(post: Post, participant: User) -> None:
    reply = comment_as(post, participant, "Hello @Nobody Here")
    assert "parley-mention" not in reply.body_html
    assert not Mention.objects.exists()


def test_who_may_be_mentioned_is_read_only_when_a_comment_has_an_at_sign(
    post: Post, participant: User, outsider: User, settings: Settings
) -> None:
    """Reading every commenter of a long discussion is skipped for the many comments that
    mention no one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The announcement is queued, not run, so only posting's own queries are counted.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    comment_as(post, participant, "Earlier")
    with CaptureQueriesContext(connection) as plain:
        comment_as(post, outsider, "No mention here.")
    with CaptureQueriesContext(connection) as mentioning:
        reply = comment_as(post, outsider, "As @Mina Member said.")

    # Guests and members with one of the names it could mean: two reads by name.
    by_name = [q["sql"] for q in mentioning if "LOWER(" in q["sql"].upper()]
    assert len(by_name) == 2
    assert not [q for q in plain if "LOWER(" in q["sql"].upper()]
    assert Mention.objects.get(comment=reply).mentioned_user == participant


def test_only_the_names_a_comment_could_mean_are_read(post: Post, moderator: User) -> None:
    """Of many guests who share a first name, only the one named in full is read: a mention
    in a long discussion reads the few people it could mean, not every commenter."""
    from parley.discussions import queries, services
    from parley.moderation import services as moderation

    for surname in ("Lee", "Lewis", "Leigh", "Smith", "Lee-Jones"):
        guest = services.Author(
            name=f"Ann {surname}", email=f"{surname}@example.net", ip="192.0.2.9"
        )
        moderation.moderate(
            comment=comment_as(post, guest, f"A view from {surname}"),
            moderator=moderator,
            action="approve",
        )

    people = queries.mentionables(post.discussion, "I agree with @ann lee, and with @Ann Smith.")

    assert sorted(person.name for person in people) == ["Ann Lee", "Ann Smith"]


def test_a_name_with_a_capital_beyond_ascii_is_found_written_in_lower_case(
    post: Post, outsider: User
) -> None:
    """SQLite folds only ASCII letters; "Élise" is still found from "@élise"."""
    elise = User.objects.create_user(email="elise@example.net", display_name="Élise Ørsted")
    earlier = comment_as(post, elise, "Mae hyn yn bwysig.")
    reply = comment_as(post, outsider, "Diolch @élise ørsted!")
    assert f'href="/c/{earlier.pk}"' in reply.body_html
    assert Mention.objects.get(comment=reply).mentioned_user == elise
