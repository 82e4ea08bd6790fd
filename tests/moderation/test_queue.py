from collections.abc import Callable

from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Comment, Status
from parley.moderation.models import ModerationAction
from tests import html
from tests.builders import comment_as
from tests.conftest import Mailbox
from tests.notifications.helpers import text_of

GUEST = {"author_name": "Gus Guest", "author_email": "gus@example.net", "body": "Held comment"}


def held(client: Client, post: Post, body: str = "Held comment") -> Comment:
    client.post(post.get_absolute_url(), {**GUEST, "body": body})
    return Comment.objects.get(body_markdown=body)


def test_a_moderator_approves_a_held_comment_from_the_queue(
    client: Client, signed_in: Callable[[User], Client], post: Post, moderator: User
) -> None:
    comment = held(client, post)
    moderating = signed_in(moderator)
    queue = moderating.get("/moderation/").content.decode()
    assert "Held comment" in queue
    assert "gus@example.net" in queue  # moderators may see the address; readers never do
    assert "first comment from this e-mail address" in queue
    moderating.post("/moderation/", {"one": f"approve:{comment.pk}"})
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert "Held comment" in Client().get(post.get_absolute_url()).content.decode()
    action = ModerationAction.objects.get()
    assert (action.moderator, action.from_status, action.to_status) == (
        moderator,
        "pending",
        "approved",
    )


def test_removing_needs_a_reason_from_the_policy_and_keeps_the_note(
    client: Client, signed_in: Callable[[User], Client], post: Post, moderator: User
) -> None:
    comment = held(client, post)
    moderating = signed_in(moderator)
    refused = moderating.post(
        "/moderation/", {"comments": [comment.pk], "action": "remove", "note": "Please rephrase"}
    )
    assert refused.status_code == 400
    assert "Choose which part of the comment policy" in refused.content.decode()
    assert "Please rephrase</textarea>" in refused.content.decode()
    assert '<a href="#bulk-reason">' in refused.content.decode()
    assert 'id="bulk-reason-error"' in refused.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_a_removed_comment_shows_its_reason_and_its_author_is_told_by_email(
    client: Client,
    signed_in: Callable[[User], Client],
    post: Post,
    moderator: User,
    smtp: Mailbox,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    comment = held(client, post, "Something rude")
    moderating = signed_in(moderator)
    moderating.post("/moderation/", {"one": f"approve:{comment.pk}"})
    comment.refresh_from_db()
    discussions.change_status(comment=comment, status=Status.PENDING)  # hidden after flags
    with django_capture_on_commit_callbacks(execute=True):
        moderating.post(
            "/moderation/",
            {
                "one": f"remove:{comment.pk}",
                f"reason-{comment.pk}": "abusive",
                f"note-{comment.pk}": "Be kind",
            },
        )
    comment.refresh_from_db()
    assert (comment.status, comment.removal_reason) == (Status.REMOVED, "abusive")
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "Removed by a moderator: abusive" in page
    assert "Something rude" not in page
    message = smtp.messages[-1]
    assert message["To"] == "gus@example.net"
    text = text_of(message)
    assert "Abusive, threatening or discriminatory" in text
    assert "Be kind" in text
    assert "Something rude" in text


def test_a_held_comment_removed_before_anyone_saw_it_leaves_no_placeholder(
    client: Client,
    signed_in: Callable[[User], Client],
    post: Post,
    moderator: User,
    participant: User,
) -> None:
    earlier = comment_as(post, participant, "A public comment")
    comment = held(client, post, "Something rude")
    moderating = signed_in(moderator)
    moderating.post(
        "/moderation/", {"one": f"remove:{comment.pk}", f"reason-{comment.pk}": "abusive"}
    )

    page = Client().get(post.get_absolute_url()).content.decode()

    assert "Comment removed" not in page
    assert f'id="comment-{comment.number}"' not in page
    assert f'id="comment-{earlier.number}"' in page
    log = moderating.get("/moderation/log/").content.decode()
    assert f"#{comment.number}" in log


def test_a_held_comment_cannot_gather_replies_so_its_removal_orphans_none(
    client: Client,
    signed_in: Callable[[User], Client],
    post: Post,
    moderator: User,
    participant: User,
) -> None:
    comment = held(client, post)
    replying = signed_in(participant).post(
        post.get_absolute_url(), {"body": "A reply to it", "parent": comment.number}
    )
    assert "it is no longer shown" in replying.content.decode()
    assert not Comment.objects.filter(parent=comment).exists()
    signed_in(moderator).post(
        "/moderation/", {"one": f"remove:{comment.pk}", f"reason-{comment.pk}": "abusive"}
    )

    page = Client().get(post.get_absolute_url())

    assert page.status_code == 200
    assert f'id="comment-{comment.number}"' not in page.content.decode()


def test_removing_from_a_card_without_a_reason_shows_the_error_beside_its_reason(
    client: Client, signed_in: Callable[[User], Client], post: Post, moderator: User
) -> None:
    other = held(client, post, "Another held comment")
    comment = held(client, post)
    refused = signed_in(moderator).post(
        "/moderation/", {"one": f"remove:{comment.pk}", f"note-{comment.pk}": "Be kind"}
    )

    page = refused.content.decode()
    assert refused.status_code == 400
    assert f'<a href="#reason-{comment.pk}">Choose which part of the comment policy' in page
    assert f'id="reason-{comment.pk}-error"' in page
    assert f'aria-describedby="reason-{comment.pk}-error"' in page
    assert f'id="reason-{other.pk}-error"' not in page
    assert 'id="bulk-reason-error"' not in page
    note = html.find(page, "input", name=f"note-{comment.pk}")
    assert (html.attribute(note, "type"), html.attribute(note, "value")) == ("text", "Be kind")


def test_bulk_decisions_apply_to_every_ticked_comment(
    client: Client, signed_in: Callable[[User], Client], post: Post, moderator: User
) -> None:
    first, second = held(client, post, "One"), held(client, post, "Two")
    third = held(client, post, "Three")
    signed_in(moderator).post("/moderation/", {"comments": [first.pk, second.pk], "action": "spam"})
    statuses = dict(Comment.objects.values_list("body_markdown", "status"))
    assert statuses == {"One": "spam", "Two": "spam", "Three": "pending"}
    assert third.pk


def test_the_queue_shows_the_thread_above_and_the_authors_record(
    client: Client,
    signed_in: Callable[[User], Client],
    post: Post,
    moderator: User,
    participant: User,
) -> None:
    parent = comment_as(post, participant, "The parent comment")
    client.post(post.get_absolute_url(), {**GUEST, "body": "A held reply", "parent": parent.number})
    page = signed_in(moderator).get("/moderation/").content.decode()
    assert "Replying to" in page
    assert "The parent comment" in page
    assert "0 approved, 1 waiting" in page


def test_the_queue_costs_the_same_queries_for_few_and_many_held_comments(
    client: Client,
    signed_in: Callable[[User], Client],
    post: Post,
    moderator: User,
    settings: Settings,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PARLEY_COMMENT_RATE = "100/60"
    moderating = signed_in(moderator)
    counts = []
    for total in (2, 20):
        while Comment.objects.filter(status=Status.PENDING).count() < total:
            n = Comment.objects.count()
            Client().post(
                post.get_absolute_url(),
                {"author_name": f"G{n}", "author_email": f"g{n}@example.net", "body": f"Held {n}"},
            )
        with CaptureQueriesContext(connection) as queries:
            moderating.get("/moderation/")
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_moderator_of_another_organisation_cannot_act(
    client: Client, signed_in: Callable[[User], Client], post: Post, other_moderator: User
) -> None:
    comment = held(client, post)
    moderating = signed_in(other_moderator)
    assert "Held comment" not in moderating.get("/moderation/").content.decode()
    response = moderating.post("/moderation/", {"one": f"approve:{comment.pk}"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_people_who_do_not_moderate_cannot_open_the_queue(
    signed_in: Callable[[User], Client], participant: User
) -> None:
    assert signed_in(participant).get("/moderation/").status_code == 403
    assert Client().get("/moderation/").status_code == 302


def test_a_comment_caught_as_spam_wrongly_can_be_rescued(
    client: Client, signed_in: Callable[[User], Client], post: Post, moderator: User
) -> None:
    client.post(post.get_absolute_url(), {**GUEST, "body": "Real view", "homepage": "x"})
    comment = Comment.objects.get()
    assert comment.status == Status.SPAM
    moderating = signed_in(moderator)
    assert "Real view" not in moderating.get("/moderation/").content.decode()
    spam_page = moderating.get("/moderation/?show=spam").content.decode()
    assert "Real view" in spam_page
    assert "Not spam: approve" in spam_page
    moderating.post("/moderation/?show=spam", {"one": f"approve:{comment.pk}"})
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
