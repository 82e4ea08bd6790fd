"""A change made in Django's admin has the side effects of the same change made on the site's
pages, because both call the app's service: the moderation log has its entry, the next
comment meets the new rules, readers see the change at once. What has no service to call
(a comment's status, a membership's role, a follow's confirmation) is read-only there."""

from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions.models import Comment, Status
from parley.moderation import services
from parley.moderation.models import CommentPolicy, ModerationRules
from parley.organisations.models import Organisation
from tests.builders import as_admin, comment_as

RULES = {
    "max_links": 2,
    "held_phrases": "",
    "blocked_phrases": "",
    "min_seconds_to_submit": 3,
    "flags_to_hide": 3,
}


def test_rules_saved_in_the_admin_are_logged_and_hold_the_next_comment(
    admin_user: User, post: Post, participant: User
) -> None:
    rules = services.save_rules(rules=ModerationRules(), organisation=None, moderator=admin_user)
    response = as_admin(admin_user).post(
        f"/admin/moderation/moderationrules/{rules.pk}/change/",
        {**RULES, "hold_everything": "on"},
    )
    assert response.status_code == 302
    log = as_admin(admin_user).get("/moderation/log/").content.decode()
    assert log.count("changed the moderation rules of the site") == 2
    held = comment_as(post, participant, "Said after the rules changed")
    assert held.status == Status.PENDING
    assert (
        "Said after the rules changed" not in Client().get(post.get_absolute_url()).content.decode()
    )


def test_rules_saved_on_the_rules_page_are_logged_the_same_way(
    admin_user: User, post: Post, participant: User
) -> None:
    as_admin(admin_user).post("/moderation/rules/", {**RULES, "hold_everything": "on"})
    log = as_admin(admin_user).get("/moderation/log/").content.decode()
    assert log.count("changed the moderation rules of the site") == 1
    assert comment_as(post, participant, "Held").status == Status.PENDING


def test_only_those_who_moderate_them_change_rules_through_the_service(
    participant: User, moderator: User, organisation: Organisation
) -> None:
    for who, whose in [(participant, organisation), (moderator, None)]:
        try:
            services.save_rules(rules=ModerationRules(), organisation=whose, moderator=who)
        except services.NotAllowed:
            continue
        raise AssertionError(f"{who} changed the rules of {whose or 'the site'}")
    assert not ModerationRules.objects.exists()


def test_a_policy_published_in_the_admin_is_rendered_for_readers(admin_user: User) -> None:
    response = as_admin(admin_user).post(
        "/admin/moderation/commentpolicy/add/", {"body_markdown": "## Be kind\n\nNo *abuse*."}
    )
    assert response.status_code == 302
    page = Client().get("/comment-policy/").content.decode()
    assert "<h2>Be kind</h2>" in page
    assert "<em>abuse</em>" in page
    assert CommentPolicy.objects.get().updated_by == admin_user


def test_a_discussion_closed_in_the_admin_is_closed_for_readers_at_once(
    admin_user: User, post: Post
) -> None:
    first = Client().get(post.get_absolute_url())
    assert "Comments are closed" not in first.content.decode()
    response = as_admin(admin_user).post(
        f"/admin/discussions/discussion/{post.discussion_id}/change/", {}
    )
    assert response.status_code == 302
    again = Client().get(post.get_absolute_url(), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Comments are closed" in again.content.decode()


def test_what_has_no_service_in_the_admin_cannot_be_changed_there(
    admin_user: User, post: Post, participant: User, editor: User, organisation: Organisation
) -> None:
    comment = comment_as(post, participant, "Shown")
    admin = as_admin(admin_user)
    refused = admin.post(
        f"/admin/discussions/comment/{comment.pk}/change/", {"status": Status.REMOVED}
    )
    assert refused.status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == Status.APPROVED
    assert admin.get(f"/admin/discussions/comment/{comment.pk}/change/").status_code == 200
    members = admin.get(f"/admin/organisations/organisation/{organisation.pk}/change/")
    assert "Edith Editor" in members.content.decode()
    assert 'name="memberships-0-role"' not in members.content.decode()
    assert admin.get("/admin/organisations/organisation/add/").status_code == 403
    assert admin.get("/admin/organisations/invitation/add/").status_code == 403
    assert admin.get("/admin/accounts/accesstoken/add/").status_code == 403
    assert admin.get("/admin/moderation/moderationaction/add/").status_code == 403
