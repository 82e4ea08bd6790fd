import csv
import io
from collections.abc import Callable

from django.http import StreamingHttpResponse
from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.moderation import services
from parley.moderation.models import CommentPolicy, ModerationAction
from tests.builders import comment_as


def test_the_log_lists_every_decision_for_moderators_and_exports_csv(
    signed_in: Callable[[User], Client], post: Post, participant: User, moderator: User
) -> None:
    comment = comment_as(post, participant, "Off topic")
    services.moderate(
        comment=comment,
        moderator=moderator,
        action="remove",
        reason="off_topic",
        note="Stay on topic",
    )
    client = signed_in(moderator)
    page = client.get("/moderation/log/").content.decode()
    assert "Removed" in page
    assert "Stay on topic" in page
    response = client.get("/moderation/log.csv")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["when", "moderator", "action"]
    assert rows[1][1:5] == ["Mo Derator", "remove", "off_topic", "Stay on topic"]
    assert rows[1][6] == "removed"


def test_the_log_is_for_moderators_only_and_cannot_be_edited_in_the_admin(
    signed_in: Callable[[User], Client],
    participant: User,
    admin_user: User,
    post: Post,
    moderator: User,
) -> None:
    assert signed_in(participant).get("/moderation/log/").status_code == 403
    assert signed_in(participant).get("/moderation/log.csv").status_code == 403
    comment = comment_as(post, participant, "x")
    services.moderate(comment=comment, moderator=moderator, action="approve")
    action = ModerationAction.objects.get()
    admin = signed_in(admin_user)
    assert admin.post(f"/admin/moderation/moderationaction/{action.pk}/delete/").status_code == 403


def test_site_admins_publish_a_new_comment_policy(
    signed_in: Callable[[User], Client], admin_user: User, participant: User
) -> None:
    client = signed_in(admin_user)
    response = client.post(
        "/moderation/policy/edit/", {"body": "## Be kind\n\nNo *abuse*, please."}
    )
    assert response["Location"] == "/comment-policy/"
    page = Client().get("/comment-policy/").content.decode()
    assert "<h2>Be kind</h2>" in page
    assert "<em>abuse</em>" in page
    assert CommentPolicy.objects.count() == 1
    assert signed_in(participant).get("/moderation/policy/edit/").status_code == 403


def test_every_comment_form_links_to_the_policy(client: Client, post: Post) -> None:
    assert 'href="/comment-policy/"' in client.get(post.get_absolute_url()).content.decode()
