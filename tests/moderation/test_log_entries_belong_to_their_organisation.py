"""Moderation-log entries for rules changes and holding every comment say what an
organisation screens for: only its own moderators see them, on the log page and in its CSV;
the site's own are for site staff (issue 18); site staff see them all."""

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.discussions import services as discussions
from parley.discussions.models import Discussion
from parley.moderation import services
from parley.organisations.models import Organisation

RULES = {
    "hold_first_guest_comment": "on",
    "max_links": "2",
    "held_phrases": "",
    "blocked_phrases": "",
    "min_seconds_to_submit": "3",
    "flags_to_hide": "3",
}
OURS = ("the moderation rules of Department for Testing", "every comment on ‘Principles")
THE_SITES = ("the moderation rules of the site", "every comment on ‘Writing for the web’")


@pytest.fixture
def entries(
    post: Post, moderator: User, admin_user: User, organisation: Organisation, client: Client
) -> None:
    """Department for Testing's moderator changes its rules and holds every comment on its
    post; site staff change the site's rules and hold every comment on a site wiki page."""
    client.force_login(moderator)
    saved = client.post(f"/moderation/rules/?organisation={organisation.slug}", RULES)
    assert saved.status_code == 302
    services.hold_all(discussion=post.discussion, moderator=moderator, hold=True)
    client.force_login(admin_user)
    assert client.post("/moderation/rules/", RULES).status_code == 302
    site_page = discussions.create_discussion(
        kind=Discussion.Kind.WIKI,
        title="Writing for the web",
        url="/wiki/site/writing-for-the-web/",
        organisation=None,
    )
    services.hold_all(discussion=site_page, moderator=admin_user, hold=True)
    client.logout()


def log_as(user: User) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    page = client.get("/moderation/log/")
    csv = client.get("/moderation/log.csv")
    assert page.status_code == csv.status_code == 200
    assert isinstance(csv, StreamingHttpResponse)
    return {
        "page": page.content.decode(),
        "csv": b"".join(csv.streaming_content).decode(),
    }


def test_another_organisations_moderator_sees_neither_their_entries_nor_the_sites(
    entries: None, other_moderator: User
) -> None:
    for where, text in log_as(other_moderator).items():
        for entry in OURS + THE_SITES:
            assert entry not in text, (where, entry)


def test_the_organisations_moderator_sees_its_own_entries_and_not_the_sites(
    entries: None, moderator: User
) -> None:
    for where, text in log_as(moderator).items():
        for entry in OURS:
            assert entry in text, (where, entry)
        for entry in THE_SITES:
            assert entry not in text, (where, entry)


def test_site_staff_see_every_entry(entries: None, admin_user: User) -> None:
    for where, text in log_as(admin_user).items():
        for entry in OURS + THE_SITES:
            assert entry in text, (where, entry)


def test_entries_logged_before_they_had_an_organisation_get_the_one_their_reason_names(
    post: Post, organisation: Organisation, other_organisation: Organisation, moderator: User
) -> None:
    from importlib import import_module

    from django.apps import apps

    from parley.moderation.models import ModerationAction

    backfill = import_module(
        "parley.moderation.migrations.0007_moderation_action_organisation_backfill"
    ).backfill
    site_page = discussions.create_discussion(
        kind=Discussion.Kind.WIKI, title="Site page", url="/wiki/site/page/", organisation=None
    )
    reasons = {
        "changed the moderation rules of Department for Testing": organisation,
        "changed the moderation rules of Borough of Elsewhere": other_organisation,
        "changed the moderation rules of the site": None,
        f"held every comment on ‘{post.discussion.title}’": organisation,
        f"stopped holding every comment on ‘{post.discussion.title}’": organisation,
        f"held every comment on ‘{site_page.title}’": None,
        "changed the moderation rules of Nobody We Know": None,
    }
    for reason in reasons:
        ModerationAction.objects.create(action="rules", moderator=moderator, reason=reason)

    backfill(apps, None)

    found = {
        entry.reason: entry.organisation
        for entry in ModerationAction.objects.select_related("organisation")
    }
    assert found == reasons
