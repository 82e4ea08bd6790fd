"""Signing in with an account people already have, through a real OpenID Connect provider.

Each test starts `oidc-provider` (an OpenID Certified implementation, run with node) on
loopback, registers Parley as its client, and tells the live server about it the way
OIDC_PROVIDERS would. Chromium then walks the whole journey: Parley's sign-in page, the
provider's own sign-in and consent pages, and back.
"""

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from playwright.sync_api import Browser, Locator, Page, Request, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from parley.accounts.models import User
from parley.blog.models import Post
from parley.config import oidc_providers, sign_in_origins
from parley.discussions.models import Comment, Status
from tests.e2e.conftest import open_page
from tests.processes import free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
PROVIDER_SCRIPT = Path(__file__).resolve().parent / "oidc" / "provider.mjs"
STARTUP_SECONDS = 30

PROVIDER_ID = "test-idp"
PROVIDER_NAME = "Test Identity"
PERSON_EMAIL = "ada@example.net"
PERSON_NAME = "Ada Lovelace"
PERSON_PASSWORD = "analytical engine"

# What the site says when a sign-in through a provider fails.
FAILURE_HEADING = "Sign-in did not work"
FAILURE_TEXT = "Something went wrong while signing in with another account."


@dataclass(frozen=True)
class IdentityProvider:
    issuer: str
    callback_url: str
    log: Path

    def said(self, text: str) -> bool:
        """Whether the provider has logged this (it logs why it refused each request)."""
        return text in self.log.read_text()


StartProvider = Callable[..., IdentityProvider]


KEY_ID = "parley-test-key"


def client_key_pair() -> tuple[str, str]:
    """A fresh RSA key: its private half as PEM (for Parley), its public half as a JWK
    (for the provider's record of the client)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return pem, json.dumps({**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"})


def wait_until_serving(process: subprocess.Popen[bytes], issuer: str, log: Path) -> None:
    """Poll discovery until it answers; fail with the provider's output if it never does."""
    discovery = f"{issuer}/.well-known/openid-configuration"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(discovery, timeout=2) as response:
                if json.load(response)["issuer"] == issuer:
                    return
        except (OSError, urllib.error.URLError, ValueError):
            pass
        try:  # Wait a moment for the process, noticing at once if it has died.
            process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            continue
        pytest.fail(f"the OpenID Connect provider exited:\n{log.read_text()}")
    pytest.fail(
        f"the OpenID Connect provider did not answer in {STARTUP_SECONDS} s:\n{log.read_text()}"
    )


@pytest.fixture
def identity_provider(
    live_server: LiveServer, settings: Settings, tmp_path: Path
) -> Iterator[StartProvider]:
    """identity_provider(misbehave=("wrong-state",)) starts the provider (misbehaving as
    asked) and makes it Parley's `test-idp`; it is stopped after the test. With
    `private_key_jwt=True` Parley authenticates with a key pair, not a secret."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("these tests need Node.js 20.19+ (`node`): see the README")
    if not (REPO / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("these tests need the npm package oidc-provider: run `make install`")
    processes: list[subprocess.Popen[bytes]] = []

    def start(
        *, misbehave: tuple[str, ...] = (), private_key_jwt: bool = False
    ) -> IdentityProvider:
        port = free_port()
        issuer = f"http://127.0.0.1:{port}"
        client_id, secret = "parley-test-client", "a test client secret"
        callback = f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/"
        log = tmp_path / f"oidc-provider-{port}.log"
        private_pem, public_jwk = client_key_pair()
        with log.open("wb") as output:
            process = subprocess.Popen(
                [
                    node,
                    str(PROVIDER_SCRIPT),
                    f"--port={port}",
                    f"--client-id={client_id}",
                    f"--client-secret={secret}",
                    f"--redirect-uri={callback}",
                    f"--user-email={PERSON_EMAIL}",
                    f"--user-name={PERSON_NAME}",
                    f"--user-password={PERSON_PASSWORD}",
                    f"--misbehave={','.join(misbehave)}",
                    f"--client-jwk={public_jwk if private_key_jwt else ''}",
                ],
                cwd=REPO,
                env={**os.environ, "NODE_PATH": str(REPO / "node_modules")},
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        processes.append(process)
        wait_until_serving(process, issuer, log)
        configured = [
            {
                "id": PROVIDER_ID,
                "name": PROVIDER_NAME,
                "server_url": issuer,
                "client_id": client_id,
                **(
                    {"private_key": private_pem, "private_key_id": KEY_ID}
                    if private_key_jwt
                    else {"secret": secret}
                ),
            }
        ]
        providers = settings.SOCIALACCOUNT_PROVIDERS
        settings.SOCIALACCOUNT_PROVIDERS = {
            **providers,
            "openid_connect": {
                **providers["openid_connect"],
                "APPS": oidc_providers(json.dumps(configured)),
            },
        }
        # Chromium applies CSP form-action to the redirect that follows "Continue"; the
        # settings allow each configured provider's origin, as they do at start-up.
        csp = settings.SECURE_CSP
        settings.SECURE_CSP = {
            **csp,
            "form-action": ["'self'", *sign_in_origins(settings.SOCIALACCOUNT_PROVIDERS)],
        }
        return IdentityProvider(issuer=issuer, callback_url=callback, log=log)

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def menu(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Menu")


def choose_the_provider(page: Page, live_server: LiveServer, post: Post) -> None:
    """From a post, the header's Sign in link, then the provider's button on our side."""
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    menu(page).get_by_role("link", name="Sign in").click()
    # The issue's contract: provider `id`'s button starts the flow at /accounts/oidc/<id>/login/.
    button = page.locator(f"a[href^='/accounts/oidc/{PROVIDER_ID}/login/']")
    expect(button).to_contain_text(PROVIDER_NAME)
    button.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PROVIDER_NAME)
    page.get_by_role("button", name="Continue").click()


def sign_in_at_the_provider(page: Page) -> None:
    expect(page.get_by_role("heading", name="Sign in to Test Identity")).to_be_visible()
    page.get_by_label("Email address").fill(PERSON_EMAIL)
    page.get_by_label("Password").fill(PERSON_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Share your details")).to_be_visible()
    page.get_by_role("button", name="Allow").click()


def expect_a_clear_failure(page: Page) -> None:
    """A page in Parley's own layout that says the sign-in failed, and nobody signed in."""
    expect(page.get_by_role("heading", level=1)).to_have_text(FAILURE_HEADING)
    expect(page.get_by_text(FAILURE_TEXT)).to_be_visible()
    expect(page.locator("html.govuk-template link[href$='parley.css']")).to_have_count(1)
    expect(menu(page).get_by_role("link", name="Sign in")).to_be_visible()


def expect_no_account() -> None:
    assert not User.objects.filter(email__iexact=PERSON_EMAIL).exists()
    assert not SocialAccount.objects.exists()


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, **changes})))


@pytest.mark.parametrize(
    "private_key_jwt",
    [
        pytest.param(False, id="client secret"),
        # GOV.UK One Login authenticates clients with private_key_jwt (and wants a nonce).
        pytest.param(True, id="private_key_jwt"),
    ],
)
def test_a_person_signs_in_with_their_provider_account_comments_and_signs_out(
    browser: Browser,
    live_server: LiveServer,
    identity_provider: StartProvider,
    post: Post,
    private_key_jwt: bool,
) -> None:
    idp = identity_provider(private_key_jwt=private_key_jwt)
    page, console = open_page(browser)

    choose_the_provider(page, live_server, post)
    sign_in_at_the_provider(page)

    # Back on the post they started from, signed in, with no extra form to fill in.
    expect(menu(page).get_by_role("button", name="Sign out")).to_be_visible()
    assert page.url.startswith(f"{live_server.url}{post.get_absolute_url()}")
    person = User.objects.get(email=PERSON_EMAIL)
    assert person.display_name == PERSON_NAME
    assert EmailAddress.objects.get(user=person).verified
    assert SocialAccount.objects.get(user=person).provider == PROVIDER_ID

    page.get_by_label("Your comment").fill("Signing in with my own account was easy.")
    page.get_by_role("button", name="Post comment").click()
    comment = page.locator("#comment-1")
    expect(comment).to_contain_text("Signing in with my own account was easy.")
    expect(comment).to_contain_text(PERSON_NAME)
    expect(comment).not_to_contain_text("Awaiting moderation")
    saved = Comment.objects.get(number=1)
    assert (saved.user, saved.status) == (person, Status.APPROVED)

    menu(page).get_by_role("button", name="Sign out").click()
    expect(menu(page).get_by_role("link", name="Sign in")).to_be_visible()
    assert not idp.said("error")
    assert console.errors == []


def test_cancelling_at_the_provider_says_so_and_creates_no_account(
    browser: Browser, live_server: LiveServer, identity_provider: StartProvider, post: Post
) -> None:
    identity_provider()
    page, _ = open_page(browser)
    choose_the_provider(page, live_server, post)

    page.get_by_role("link", name="Cancel and go back").click()

    # The provider answered error=access_denied: a cancelled sign-in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in cancelled")
    expect(page.get_by_role("main").get_by_role("link", name="sign in")).to_be_visible()
    expect_no_account()


def test_a_replayed_authorization_code_is_refused(
    browser: Browser, live_server: LiveServer, identity_provider: StartProvider, post: Post
) -> None:
    idp = identity_provider()
    page, _ = open_page(browser)
    callbacks: list[str] = []
    authorizations: list[str] = []

    def note(request: Request) -> None:
        if request.url.startswith(idp.callback_url):
            callbacks.append(request.url)
        elif request.url.startswith(f"{idp.issuer}/auth?"):
            authorizations.append(request.url)

    page.on("request", note)
    choose_the_provider(page, live_server, post)
    sign_in_at_the_provider(page)
    menu(page).get_by_role("button", name="Sign out").click()
    expect(menu(page).get_by_role("link", name="Sign in")).to_be_visible()
    (used,) = callbacks

    # The same callback again: its state was used up by the first sign-in.
    page.goto(used)
    expect_a_clear_failure(page)

    # The used code with the genuine state of a new sign-in, in a fresh browser so that the
    # provider's own session does not sign the person straight back in: the code is refused.
    other, _ = open_page(browser)
    other.on("request", note)
    choose_the_provider(other, live_server, post)
    expect(other.get_by_role("heading", name="Sign in to Test Identity")).to_be_visible()
    fresh_state = parse_qs(urlsplit(authorizations[-1]).query)["state"][0]
    other.goto(with_query(used, state=fresh_state))

    expect_a_clear_failure(other)
    # The new sign-in's PKCE verifier does not fit the old code: PKCE stops code injection.
    assert idp.said("invalid_grant: code_verifier does not match code_challenge")
    assert User.objects.filter(email=PERSON_EMAIL).count() == 1
    assert SocialAccount.objects.count() == 1


@pytest.mark.parametrize(
    ("misbehaviour", "provider_says"),
    [
        pytest.param("wrong-state", "", id="a callback whose state does not match"),
        pytest.param(
            "expired-code",
            "invalid_grant: authorization code is expired",
            id="an expired authorization code",
        ),
        pytest.param("wrong-audience", "", id="an ID token for another audience"),
        # allauth would skip this check for a token it fetched itself (allowed over TLS);
        # parley.accounts.oidc makes it check always.
        pytest.param("bad-signature", "", id="an ID token with a bad signature"),
        # Parley sends a fresh nonce with every sign-in (the provider refuses requests
        # without one) and the ID token must carry it back.
        pytest.param("wrong-nonce", "", id="an ID token with another nonce"),
    ],
)
def test_a_provider_that_misbehaves_ends_on_a_clear_page_and_creates_no_account(
    browser: Browser,
    live_server: LiveServer,
    identity_provider: StartProvider,
    post: Post,
    misbehaviour: str,
    provider_says: str,
) -> None:
    idp = identity_provider(misbehave=(misbehaviour,))
    page, _ = open_page(browser)
    choose_the_provider(page, live_server, post)
    sign_in_at_the_provider(page)

    expect_a_clear_failure(page)
    expect_no_account()
    assert idp.said(provider_says)
