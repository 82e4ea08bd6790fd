"""A comment's badge says what its author is (site staff, an organisation's editor...), so
when that changes, in the admin or on the members page, new readers see the new badge at
once: the pages showing their comments get a new ETag and lose their kept copies."""

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.organisations import services as organisations
from parley.organisations.models import Membership, Role
from tests.builders import comment_as


def read(post: Post, etag: str = "") -> str:
    headers = {"if-none-match": etag} if etag else {}
    response = Client().get(post.get_absolute_url(), headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_a_commenter_made_site_staff_in_the_admin_has_the_badge_at_once(
    post: Post, participant: User, admin_user: User
) -> None:
    comment_as(post, participant, "Words")
    first = Client().get(post.get_absolute_url())
    assert "Site staff" not in first.content.decode()
    admin = Client()
    admin.force_login(admin_user)
    admin.post(
        f"/admin/accounts/user/{participant.pk}/change/",
        {
            "email": participant.email,
            "display_name": "Mina Member",
            "is_active": "on",
            "is_staff": "on",
        },
    )
    assert "Site staff" in read(post, first["ETag"])


def test_an_editor_made_a_member_loses_the_badge_at_once(
    post: Post, editor: User, outsider: User
) -> None:
    Membership.objects.create(organisation=post.organisation, user=outsider, role=Role.OWNER)
    comment_as(post, editor, "As the editor")
    first = Client().get(post.get_absolute_url())
    assert "Editor, Department for Testing" in first.content.decode()
    organisations.change_role(membership=Membership.objects.get(user=editor), role=Role.MEMBER)
    assert "Editor, Department for Testing" not in read(post, first["ETag"])


def test_a_commenter_who_joins_as_moderator_has_the_badge_at_once(
    post: Post, participant: User
) -> None:
    comment_as(post, participant, "Before joining")
    first = Client().get(post.get_absolute_url())
    Membership.objects.create(organisation=post.organisation, user=participant, role=Role.MODERATOR)
    assert "Moderator, Department for Testing" in read(post, first["ETag"])
