import json
import re
from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import Settings

from parley.accounts.models import User
from parley.blog.models import Post
from parley.config import oidc_providers
from parley.discussions import services
from parley.discussions.models import Comment, Status
from tests.builders import GUEST, make_user


@pytest.fixture
def one_login(settings: Settings) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": oidc_providers(
                json.dumps(
                    [
                        {
                            "id": "one-login",
                            "name": "GOV.UK One Login",
                            "server_url": "https://oidc.example.test",
                            "client_id": "parley",
                            "secret": "s3cret",
                        }
                    ]
                )
            ),
        },
    }


def test_the_comment_form_offers_each_configured_provider(
    client: Client, post: Post, one_login: None
) -> None:
    page = client.get(post.get_absolute_url()).content.decode()
    assert re.search(r'name="sign_in"\s+value="provider:one-login"', page)
    assert "Sign in with GOV.UK One Login" in page
    assert "Sign in with your account here" in page


def test_providers_come_from_settings_alone_without_a_query(
    client: Client, post: Post, one_login: None
) -> None:
    """A SocialApp row is not offered (the CSP would block it), and listing costs nothing."""
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.models import SocialApp
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    SocialApp.objects.create(provider="facebook", name="Stray", client_id="x", secret="y")
    with CaptureQueriesContext(connection) as queries:
        names = [p.name for p in get_adapter().list_providers(None)]
    assert names == ["GOV.UK One Login"]
    assert len(queries) == 0
    assert "Stray" not in client.get(post.get_absolute_url()).content.decode()


def test_the_sign_in_page_shows_a_button_per_provider(
    client: Client, one_login: None, db: None
) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with GOV.UK One Login" in page
    assert "/accounts/oidc/one-login/login/" in page


def test_what_was_typed_survives_going_off_to_sign_in(
    client: Client, post: Post, one_login: None
) -> None:
    response = client.post(
        post.get_absolute_url(),
        {"body": "My half-written thought", "parent": "", "sign_in": "provider:one-login"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/oidc/one-login/login/")
    assert "comment-form" in response["Location"]
    assert not Comment.objects.exists()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "My half-written thought</textarea>" in page
    # The draft is given back once, not forever.
    assert "My half-written thought" not in client.get(post.get_absolute_url()).content.decode()


def test_signing_in_with_a_local_account_keeps_the_draft_too(
    client: Client, post: Post, participant: User
) -> None:
    from tests.builders import PASSWORD

    response = client.post(
        post.get_absolute_url(), {"body": "Draft before signing in", "sign_in": "account"}
    )
    assert response["Location"].startswith("/accounts/login/?next=")
    client.post("/accounts/login/", {"login": participant.email, "password": PASSWORD})
    page = client.get(post.get_absolute_url()).content.decode()
    assert "You are commenting as <strong>Mina Member</strong>" in page
    assert "Draft before signing in</textarea>" in page


def test_a_new_account_claims_the_guest_comments_made_with_its_address(
    post: Post, moderator: User
) -> None:
    from parley.moderation import services as moderation

    guest = services.Author(name="Gus Guest", email="gus@example.net", ip="192.0.2.1")
    earlier = services.post_comment(discussion=post.discussion, body="As a guest", author=guest)
    moderation.moderate(comment=earlier.comment, moderator=moderator, action="approve")
    user = make_user("GUS@example.net", "Gus Registered")
    assert services.claim_guest_comments(user=user, emails=["GUS@example.net"]) == 1
    comment = Comment.objects.get()
    assert (comment.user, comment.display_name, comment.status) == (
        user,
        "Gus Registered",
        Status.APPROVED,
    )


def test_a_person_claims_their_guest_comments_from_their_account(
    client: Client, signed_in: Callable[[User], Client], post: Post, moderator: User
) -> None:
    from parley.moderation import services as moderation

    client.post(post.get_absolute_url(), {**GUEST, "body": "Said as a guest"})
    moderation.moderate(comment=Comment.objects.get(), moderator=moderator, action="approve")
    user = make_user("gus@example.net", "Gus Registered")
    claiming = signed_in(user)
    page = claiming.get("/comments/claim/").content.decode()
    assert "Said as a guest" not in page  # bodies are not repeated, only links
    assert "#1 on Principles for taking part online" in page
    claiming.post("/comments/claim/")
    assert Comment.objects.get().user == user
    assert "Gus Registered" in Client().get(post.get_absolute_url()).content.decode()


def test_unverified_addresses_claim_nothing(
    client: Client, signed_in: Callable[[User], Client], post: Post
) -> None:
    from allauth.account.models import EmailAddress

    client.post(post.get_absolute_url(), {**GUEST, "body": "Said as a guest"})
    user = make_user("other@example.net", "Someone")
    EmailAddress.objects.create(user=user, email="gus@example.net", verified=False)
    signed_in(user).post("/comments/claim/")
    assert Comment.objects.get().user is None
