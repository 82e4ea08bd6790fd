"""Signing in with WordPress.com, through a stand-in for its OAuth 2 API on loopback.

WordPress.com cannot be reached from CI, so a small HTTP server plays its part: the
authorize endpoint (which sends the browser back with a code), the token endpoint (which
checks the code, the client's secret and the redirect URI) and `/rest/v1/me`. Parley
talks to it over real HTTP, exactly as it would to public-api.wordpress.com.
"""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from parley.accounts.models import User
from parley.blog.models import Post
from parley.config import oauth_app, sign_in_origins
from parley.discussions.models import Comment
from tests import html
from tests.conftest import Mailbox

CLIENT_ID = "12345"
SECRET = "wp-secret"
CODE = "the-one-code"
TOKEN = "wp-access-token"
CALLBACK = "http://testserver/accounts/wordpress_com/login/callback/"
PERSON = {
    "ID": 9876,
    "display_name": "Wendy Press",
    "username": "wendypress",
    "email": "wendy@example.net",
    "email_verified": True,
    "avatar_URL": "https://example.net/avatar.png",
    "profile_URL": "https://wordpress.com/wendypress",
}


@dataclass
class StandIn:
    """What the stand-in WordPress.com says about whom, and what it was asked."""

    url: str = ""
    person: dict[str, Any] = field(default_factory=lambda: dict(PERSON))
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)
    codes: set[str] = field(default_factory=lambda: {CODE})

    def authorize(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        assert query["client_id"] == [CLIENT_ID]
        assert query["response_type"] == ["code"]
        assert query["scope"] == ["auth"]
        back = {"code": CODE, "state": query["state"][0]}
        return 302, {"Location": f"{query['redirect_uri'][0]}?{urlencode(back)}"}, b""

    def token(self, form: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        self.token_requests.append(form)
        good = (
            form.get("client_id") == [CLIENT_ID]
            and form.get("client_secret") == [SECRET]
            and form.get("grant_type") == ["authorization_code"]
            and form.get("redirect_uri") == [CALLBACK]
            and form.get("code", [""])[0] in self.codes
        )
        if not good:
            return 400, {}, json.dumps({"error": "invalid_grant"}).encode()
        self.codes.discard(form["code"][0])  # a code is good once
        body = {"access_token": TOKEN, "token_type": "bearer", "scope": "auth"}
        return 200, {}, json.dumps(body).encode()

    def me(self, authorization: str) -> tuple[int, dict[str, str], bytes]:
        if authorization != f"Bearer {TOKEN}":
            return 403, {}, json.dumps({"error": "authorization_required"}).encode()
        return 200, {}, json.dumps(self.person).encode()


@pytest.fixture
def wordpress_com(settings: Any) -> Iterator[StandIn]:
    stand_in = StandIn()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            headers = {"Content-Type": "application/json", **headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            if parts.path == "/oauth2/authorize":
                self._answer(*stand_in.authorize(parse_qs(parts.query)))
            elif parts.path == "/rest/v1/me":
                self._answer(*stand_in.me(self.headers.get("Authorization", "")))
            else:
                self._answer(404, {}, b"{}")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode())
            if urlsplit(self.path).path == "/oauth2/token":
                self._answer(*stand_in.token(form))
            else:
                self._answer(404, {}, b"{}")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stand_in.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "wordpress_com": {
            "APPS": [{"client_id": CLIENT_ID, "secret": SECRET}],
            "API_URL": stand_in.url,
        },
    }
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _go_to_wordpress_com(client: Client, stand_in: StandIn, next_url: str = "/") -> str:
    """Press "Sign in with WordPress.com" and let the stand-in send the browser back:
    the callback URL (path and query) the browser is sent to."""
    import requests

    start = client.post("/accounts/wordpress_com/login/", {"next": next_url})
    assert start.status_code == 302
    assert start["Location"].startswith(f"{stand_in.url}/oauth2/authorize?")
    back = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302
    parts = urlsplit(back.headers["Location"])
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK
    return f"{parts.path}?{parts.query}"


def test_the_button_is_shown_only_when_wordpress_com_is_configured(
    client: Client, post: Post, settings: Any
) -> None:
    assert "WordPress.com" not in client.get("/accounts/login/").content.decode()
    assert "WordPress.com" not in client.get(post.get_absolute_url()).content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "wordpress_com": {"APPS": [{"client_id": CLIENT_ID, "secret": SECRET}]},
    }
    # A new configuration is a restart, and a new release fingerprint for kept pages.
    settings.PARLEY_RELEASE = "configured with WordPress.com"
    assert "/accounts/wordpress_com/login/" in client.get("/accounts/login/").content.decode()
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'value="provider:wordpress_com"' in page
    assert "Sign in with WordPress.com" in page


def test_a_person_signs_in_with_wordpress_com_and_comments_as_themselves(
    client: Client, wordpress_com: StandIn, post: Post
) -> None:
    callback = _go_to_wordpress_com(client, wordpress_com, next_url=post.get_absolute_url())
    landed = client.get(callback)
    assert landed.status_code == 302
    assert landed["Location"] == post.get_absolute_url()

    user = User.objects.get(email="wendy@example.net")
    assert user.display_name == "Wendy Press"
    assert EmailAddress.objects.get(user=user).verified
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("wordpress_com", "9876")
    # The token exchange carried the secret in the body, to the registered redirect URI.
    assert wordpress_com.token_requests[0]["redirect_uri"] == [CALLBACK]

    client.post(post.get_absolute_url(), {"body": "Signed in from WordPress", "parent": ""})
    comment = Comment.objects.get()
    assert comment.user == user
    assert comment.display_name == "Wendy Press"


def test_an_address_wordpress_com_has_not_verified_is_confirmed_by_mail(
    client: Client, wordpress_com: StandIn, smtp: Mailbox, db: None
) -> None:
    wordpress_com.person["email_verified"] = False
    landed = client.get(_go_to_wordpress_com(client, wordpress_com))
    assert landed.status_code == 302
    assert landed["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="wendy@example.net")
    assert not EmailAddress.objects.get(user=user).verified
    assert [m["To"] for m in smtp.messages] == ["wendy@example.net"]


def test_an_existing_account_with_the_verified_address_is_the_one_signed_in(
    client: Client, wordpress_com: StandIn, participant: User
) -> None:
    wordpress_com.person["email"] = participant.email
    client.get(_go_to_wordpress_com(client, wordpress_com))
    assert User.objects.filter(email=participant.email).count() == 1
    assert SocialAccount.objects.get().user == participant
    assert client.get("/accounts/profile/").status_code == 200


def test_cancelling_at_wordpress_com_creates_no_account(
    client: Client, wordpress_com: StandIn, db: None
) -> None:
    callback = _go_to_wordpress_com(client, wordpress_com)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    page = client.get(
        "/accounts/wordpress_com/login/callback/",
        {"error": "access_denied", "state": state},
        follow=True,
    )
    assert "Sign-in cancelled" in page.content.decode()
    assert not User.objects.exists()
    assert wordpress_com.token_requests == []


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda query: query.replace(CODE, "a-forged-code"), id="unknown code"),
        pytest.param(lambda query: query.replace("state=", "state=x"), id="wrong state"),
    ],
)
def test_a_bad_code_or_state_ends_on_the_failure_page_with_no_account(
    client: Client, wordpress_com: StandIn, db: None, spoil: Any
) -> None:
    page = client.get(spoil(_go_to_wordpress_com(client, wordpress_com)), follow=True)
    assert "Sign-in did not work" in page.content.decode()
    assert not User.objects.exists()


def test_a_code_used_once_is_refused_the_second_time(
    client: Client, wordpress_com: StandIn, db: None
) -> None:
    callback = _go_to_wordpress_com(client, wordpress_com)
    client.get(callback)
    client.post("/accounts/logout/")
    again = Client()
    replay = again.get(callback, follow=True)
    assert "Sign-in did not work" in replay.content.decode()
    assert User.objects.count() == 1


def test_signing_in_may_go_to_wordpress_com_under_the_csp() -> None:
    providers: dict[str, dict[str, Any]] = {
        "openid_connect": {"APPS": []},
        "facebook": {"APPS": []},
        "twitter_oauth2": {"APPS": []},
        "wordpress_com": {"APPS": [{"client_id": CLIENT_ID, "secret": SECRET}]},
    }
    assert "https://public-api.wordpress.com" in sign_in_origins(providers)
    providers["wordpress_com"]["APPS"] = []
    assert sign_in_origins(providers) == []


def test_the_client_id_and_secret_go_together(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("WORDPRESS_COM_CLIENT_ID", CLIENT_ID)
    monkeypatch.delenv("WORDPRESS_COM_SECRET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="WORDPRESS_COM_SECRET"):
        oauth_app("WORDPRESS_COM")
    monkeypatch.setenv("WORDPRESS_COM_SECRET", SECRET)
    assert oauth_app("WORDPRESS_COM") == [{"client_id": CLIENT_ID, "secret": SECRET}]


def test_a_signed_in_person_connects_and_disconnects_wordpress_com(
    signed_in: Any, participant: User, wordpress_com: StandIn
) -> None:
    client = signed_in(participant)
    page = client.get("/accounts/profile/").content.decode()
    assert "Accounts you sign in with" in page
    assert "/accounts/3rdparty/" in page

    start = client.post("/accounts/wordpress_com/login/", {"process": "connect"})
    import requests

    back = requests.get(start["Location"], allow_redirects=False, timeout=10)
    parts = urlsplit(back.headers["Location"])
    client.get(f"{parts.path}?{parts.query}")
    account = SocialAccount.objects.get(user=participant)
    assert account.provider == "wordpress_com"
    assert User.objects.count() == 1  # linked to the person, not a new account
    assert "WordPress.com: Wendy Press" in client.get("/accounts/profile/").content.decode()

    connections = client.get("/accounts/3rdparty/").content.decode()
    radio = html.find(connections, "input", type="radio", name="account", value=str(account.pk))
    assert html.attribute(radio, "id") == f"id_account_{account.pk}"
    assert html.attribute(radio, "class") == "govuk-radios__input"
    client.post("/accounts/3rdparty/", {"account": account.pk})
    assert not SocialAccount.objects.exists()
    assert "WordPress.com:" not in client.get("/accounts/profile/").content.decode()
