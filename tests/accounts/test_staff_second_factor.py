"""People with powers need a second factor before using them in the browser; tokens are
made only with one; sign-in is rate-limited per account and per IP, and lockouts logged."""

import hashlib
import logging
import re
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import AccessToken, User
from parley.accounts.services import create_access_token
from parley.blog.models import Post
from parley.discussions.models import Comment
from parley.organisations.models import Organisation, Role
from tests import html
from tests.builders import (
    PASSWORD,
    SET_UP,
    code_for,
    give_second_factor,
    member_of,
    post_json,
    sign_in_with_second_factor,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.usefixtures("second_factor_required")

SET_UP_MESSAGE = "Set up a second factor to use your editing and moderation powers"


@pytest.fixture
def owner(organisation: Organisation) -> User:
    return member_of(organisation, "owner@example.org", "Owen Owner", Role.OWNER)


@pytest.fixture
def people_with_powers(editor: User, moderator: User, owner: User, admin_user: User) -> list[User]:
    return [editor, moderator, owner, admin_user]


POWER_PAGES = {
    "editor": ["/blog/new/", "/blog/manage/", "/guidance/new/"],
    "moderator": ["/moderation/", "/moderation/log/", "/moderation/blocks/"],
    "owner": ["/blog/new/", "/moderation/"],
    "admin_user": ["/admin/", "/blog/new/", "/moderation/rules/"],
}


@pytest.mark.parametrize("role", POWER_PAGES)
def test_people_with_powers_and_no_second_factor_are_sent_to_set_one_up(
    role: str, request: pytest.FixtureRequest, client: Client
) -> None:
    user = request.getfixturevalue(role)
    client.force_login(user)
    for page in POWER_PAGES[role]:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == f"{SET_UP}?next={page.replace('/', '%2F')}"
    # allauth asks for the password again before showing the set-up page.
    followed = client.get(response["Location"], follow=True)
    assert followed.redirect_chain[-1][0].startswith("/accounts/reauthenticate/?next=")
    assert SET_UP_MESSAGE in followed.content.decode()


def test_editing_pages_are_guarded_for_every_method_by_their_url_names(
    signed_in: Callable[[User], Client], editor: User, post: Post
) -> None:
    client = signed_in(editor)
    response = client.post(f"/blog/{post.slug}/edit/", {"title": "Changed"})
    assert response.status_code == 302
    assert response["Location"].startswith(SET_UP)
    post.refresh_from_db()
    assert post.title != "Changed"
    response = client.get("/guidance/some-document/versions/2/edit/")
    assert (
        response["Location"]
        == f"{SET_UP}?next=%2Fguidance%2Fsome-document%2Fversions%2F2%2Fedit%2F"
    )


def test_members_and_outsiders_are_never_sent_to_set_one_up(
    client: Client, participant: User, outsider: User
) -> None:
    for user in (participant, outsider):
        client.force_login(user)
        for page in ("/blog/new/", "/moderation/", "/admin/"):
            response = client.get(page)
            assert not response.get("Location", "").startswith(SET_UP), (user, page)


def test_without_a_second_factor_they_still_read_comment_like_and_flag(
    client: Client, people_with_powers: list[User], post: Post, outsider: User
) -> None:
    from tests.builders import comment_as

    comment = comment_as(post, outsider, "A reader's view")
    for number, user in enumerate(people_with_powers, start=2):
        client.force_login(user)
        assert client.get(post.get_absolute_url()).status_code == 200
        assert client.get("/blog/").status_code == 200
        assert client.get("/guidance/").status_code == 200
        assert client.get("/accounts/profile/").status_code == 200
        response = client.post(post.get_absolute_url(), {"body": f"Comment from {user}"})
        assert response.status_code == 302
        assert response["Location"].endswith(f"#comment-{number}")
        assert client.post(f"/blog/{post.slug}/like/").status_code in (200, 302)
        assert client.get(f"/moderation/comments/{comment.pk}/flag/").status_code == 200
        assert client.get("/accounts/2fa/").status_code == 200
    assert Comment.objects.filter(user__in=people_with_powers).count() == 4
    post.refresh_from_db()
    assert post.like_count == 4


def test_with_a_second_factor_they_reach_their_pages(
    request: pytest.FixtureRequest, client: Client, people_with_powers: list[User]
) -> None:
    for role in POWER_PAGES:
        user = request.getfixturevalue(role)
        give_second_factor(user)
        client.force_login(user)
        for page in POWER_PAGES[role]:
            assert client.get(page).status_code == 200, (role, page)


def test_the_requirement_can_be_turned_off(
    settings: Settings, signed_in: Callable[[User], Client], editor: User
) -> None:
    settings.PARLEY_STAFF_SECOND_FACTOR = False
    client = signed_in(editor)
    assert client.get("/blog/new/").status_code == 200
    response = client.post("/accounts/profile/", {"form": "token", "name": "script"})
    assert response.status_code == 200
    assert AccessToken.objects.filter(user=editor).exists()


def test_the_api_with_a_token_needs_no_second_factor(
    client: Client, editor: User, organisation: Organisation
) -> None:
    _, raw = create_access_token(user=editor, name="made by an operator")
    response = post_json(
        client,
        "/api/v1/posts",
        {"title": "From a script", "body": "Hello", "status": "published"},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201
    assert Post.objects.get(title="From a script").author == editor


def _session_api(client: Client) -> Client:
    """A browser session using the API: Django's CSRF check applies, as in a browser."""
    client.handler.enforce_csrf_checks = True
    client.get("/accounts/profile/")  # sets the csrftoken cookie
    return client


def _api_post(client: Client, path: str, data: dict[str, object]) -> "_MonkeyPatchedWSGIResponse":
    return post_json(
        client,
        path,
        data,
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )


@pytest.mark.parametrize(
    ("role", "path", "data"),
    [
        ("editor", "/api/v1/posts", {"title": "Sneaked", "body": "Hi", "status": "published"}),
        ("editor", "/api/v1/documents", {"title": "Sneaked guidance"}),
        ("moderator", "/api/v1/comments/1/moderate", {"action": "approve"}),
    ],
)
def test_the_api_through_a_session_without_a_second_factor_refuses_powers(
    request: pytest.FixtureRequest,
    signed_in: Callable[[User], Client],
    role: str,
    path: str,
    data: dict[str, object],
) -> None:
    client = _session_api(signed_in(request.getfixturevalue(role)))
    response = _api_post(client, path, data)
    assert response.status_code == 403
    assert "second factor" in response.json()["detail"]
    assert not Post.objects.exists()
    queue = client.get("/api/v1/moderation/queue")
    assert queue.status_code == 403


def test_the_api_through_a_session_signed_in_with_a_second_factor_allows_powers(
    client: Client, editor: User, organisation: Organisation
) -> None:
    sign_in_with_second_factor(client, editor, code_for(give_second_factor(editor)))
    response = _api_post(
        _session_api(client),
        "/api/v1/posts",
        {"title": "From the browser", "body": "Hello", "status": "published"},
    )
    assert response.status_code == 201


def test_people_without_powers_comment_through_the_api_session_without_a_second_factor(
    signed_in: Callable[[User], Client], editor: User, post: Post
) -> None:
    client = _session_api(signed_in(editor))
    response = _api_post(
        client, f"/api/v1/discussions/{post.discussion_id}/comments", {"body": "As a reader"}
    )
    assert response.status_code == 201
    assert Comment.objects.get().body_markdown == "As a reader"


def test_setting_one_up_returns_to_the_page_they_wanted(
    signed_in: Callable[[User], Client], editor: User
) -> None:
    client = signed_in(editor)
    response = client.get("/blog/new/", follow=True)
    # allauth asks for the password again before adding an authenticator.
    assert response.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    client.post(response.redirect_chain[-1][0], {"password": PASSWORD})
    page = client.get(f"{SET_UP}?next=/blog/new/").content.decode()
    found = re.search(r'id="authenticator-secret">([A-Z2-7]+)<', page)
    assert found is not None
    secret = found.group(1)
    assert 'action="/accounts/2fa/totp/activate/?next=/blog/new/"' in page

    response = client.post(f"{SET_UP}?next=/blog/new/", {"code": code_for(secret)})

    assert response["Location"] == "/accounts/2fa/recovery-codes/?next=%2Fblog%2Fnew%2F"
    codes_page = client.get(response["Location"]).content.decode()
    assert '<a href="/blog/new/" role="button"' in html.one_line(codes_page)
    assert len(re.findall(r"<li><code>\d{8}</code></li>", codes_page)) == 10
    assert client.get("/blog/new/").status_code == 200


def test_only_a_next_page_on_this_site_is_offered(
    signed_in: Callable[[User], Client], editor: User
) -> None:
    client = signed_in(editor)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get(f"{SET_UP}?next=https://evil.example/").content.decode()
    found = re.search(r'id="authenticator-secret">([A-Z2-7]+)<', page)
    assert found is not None
    secret = found.group(1)
    response = client.post(f"{SET_UP}?next=https://evil.example/", {"code": code_for(secret)})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    page = client.get("/accounts/2fa/recovery-codes/?next=javascript:alert(1)").content.decode()
    # (The language switch carries the page's own address back to it, query and all.)
    assert 'href="javascript:' not in page
    assert "Continue" not in page


def test_a_token_is_refused_without_a_session_signed_in_with_the_second_factor(
    signed_in: Callable[[User], Client], participant: User, editor: User
) -> None:
    give_second_factor(editor)
    for user in (participant, editor):  # with no second factor; with one, but signed in without it
        client = signed_in(user)
        page = client.get("/accounts/profile/").content.decode()
        assert 'id="token-needs-second-factor"' in page
        assert "Create a token" not in page
        response = client.post("/accounts/profile/", {"form": "token", "name": "my script"})
        assert response.status_code == 403
        assert "To create a token" in response.content.decode()
    assert not AccessToken.objects.exists()
    assert "confirm it is you with your authenticator app" in page
    assert "/accounts/2fa/reauthenticate/?next=/accounts/profile/" in page


def test_an_editor_without_a_second_factor_is_sent_to_set_one_up_to_make_a_token(
    signed_in: Callable[[User], Client], editor: User
) -> None:
    client = signed_in(editor)
    response = client.post("/accounts/profile/", {"form": "token", "name": "my script"})
    assert response["Location"] == f"{SET_UP}?next=%2Faccounts%2Fprofile%2F"
    # Changing one's name on the same page is not a power.
    response = client.post("/accounts/profile/", {"form": "profile", "display_name": "Edie"})
    assert response["Location"] == "/accounts/profile/"
    assert not AccessToken.objects.exists()


def test_a_token_is_made_after_signing_in_with_the_second_factor(
    client: Client, editor: User
) -> None:
    secret = give_second_factor(editor)
    sign_in_with_second_factor(client, editor, code_for(secret))

    response = client.post("/accounts/profile/", {"form": "token", "name": "my script"})

    assert response.status_code == 200
    assert re.search(r'<code class="parley-token">parley_[^<]+</code>', response.content.decode())
    assert AccessToken.objects.get().user == editor


def test_confirming_with_the_second_factor_later_also_allows_a_token(
    signed_in: Callable[[User], Client], participant: User
) -> None:
    secret = give_second_factor(participant)
    client = signed_in(participant)
    response = client.post(
        "/accounts/2fa/reauthenticate/?next=/accounts/profile/", {"code": code_for(secret)}
    )
    assert response["Location"] == "/accounts/profile/"
    response = client.post("/accounts/profile/", {"form": "token", "name": "my script"})
    assert response.status_code == 200
    assert AccessToken.objects.get().user == participant


def test_the_account_page_shows_whether_the_second_factor_is_on(
    signed_in: Callable[[User], Client], editor: User, participant: User
) -> None:
    page = signed_in(editor).get("/accounts/profile/").content.decode()
    assert "You need a second factor to use your editing and moderation powers" in page
    assert f"{SET_UP}?next=/accounts/profile/" in page
    page = signed_in(participant).get("/accounts/profile/").content.decode()
    assert "Set up two-factor authentication" in page
    give_second_factor(participant)
    page = signed_in(participant).get("/accounts/profile/").content.decode()
    assert "On: signing in needs a code from your authenticator app" in page
    assert 'href="/accounts/2fa/"' in page


def test_a_recovery_code_signs_in_once(client: Client, editor: User) -> None:
    secret = give_second_factor(editor)
    sign_in_with_second_factor(client, editor, code_for(secret))
    codes = Authenticator.objects.get(user=editor, type=Authenticator.Type.RECOVERY_CODES)
    recovery_code = codes.wrap().get_unused_codes()[0]
    client.post("/accounts/logout/")

    sign_in_with_second_factor(client, editor, recovery_code)
    client.post("/accounts/logout/")

    client.post("/accounts/login/", {"login": editor.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": recovery_code})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()


# Sign-in limits: ACCOUNT_RATE_LIMITS["login_failed"] is "10/m/ip,5/5m/key".


def bad_password(client: Client, email: str) -> None:
    response = client.post("/accounts/login/", {"login": email, "password": "wrong guess"})
    assert response.status_code == 200
    assert "The e-mail address or the password is not right" in response.content.decode()


def test_five_bad_passwords_lock_the_account_and_the_lockout_is_logged(
    client: Client, participant: User, caplog: pytest.LogCaptureFixture
) -> None:
    for _ in range(5):
        bad_password(client, participant.email)

    with caplog.at_level(logging.WARNING, logger="parley.accounts.middleware"):
        response = client.post(
            "/accounts/login/",
            {"login": participant.email, "password": PASSWORD},
            REMOTE_ADDR="192.0.2.7",
        )

    assert response.status_code == 429
    assert "Too many failed attempts to sign in: try again later" in response.content.decode()
    assert client.get("/accounts/profile/").status_code == 302  # not signed in
    [record] = [r for r in caplog.records if r.name == "parley.accounts.middleware"]
    digest = hashlib.sha256(participant.email.encode()).hexdigest()
    assert record.getMessage() == (
        f"Sign-in refused after too many failed attempts: account sha256={digest} ip=192.0.2.7"
    )
    assert participant.email not in record.getMessage()


def test_a_lockout_clears_when_its_window_has_passed(
    client: Client, participant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(5):
        bad_password(client, participant.email)
    locked = client.post("/accounts/login/", {"login": participant.email, "password": PASSWORD})
    assert locked.status_code == 429

    # allauth keeps each attempt's time in the cache and forgets those older than 5 minutes.
    import allauth.core.internal.ratelimit as allauth_ratelimit

    later = time.time() + 5 * 60 + 1
    clock = SimpleNamespace(time=lambda: later, monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(allauth_ratelimit, "time", clock)
    response = client.post("/accounts/login/", {"login": participant.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_clearing_the_cache_lifts_every_lockout_at_once(client: Client, participant: User) -> None:
    for _ in range(5):
        bad_password(client, participant.email)
    locked = client.post("/accounts/login/", {"login": participant.email, "password": PASSWORD})
    assert locked.status_code == 429

    cache.clear()

    response = client.post("/accounts/login/", {"login": participant.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_ten_bad_passwords_from_one_address_lock_it_out_for_every_account(
    client: Client, participant: User, caplog: pytest.LogCaptureFixture
) -> None:
    for number in range(10):
        bad_password(client, f"guess{number}@example.org")

    with caplog.at_level(logging.WARNING, logger="parley.accounts.middleware"):
        response = client.post(
            "/accounts/login/", {"login": participant.email, "password": PASSWORD}
        )

    assert response.status_code == 429
    [record] = [r for r in caplog.records if r.name == "parley.accounts.middleware"]
    assert "ip=127.0.0.1" in record.getMessage()
    other_address = client.post(
        "/accounts/login/",
        {"login": participant.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.4",
    )
    assert other_address.status_code == 302
