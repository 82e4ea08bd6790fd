"""`parley token`: the command line way to give an integrator an API token."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from parley.accounts.models import AccessToken, User
from parley.blog.models import Post
from parley.discussions.models import Comment
from tests.builders import post_json


def run(*args: str) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_a_token_on_its_last_line_that_the_api_accepts(
    client: Client, post: Post, participant: User
) -> None:
    output = run("create", "member@example.org", "--name", "Integration")

    raw = output.strip().splitlines()[-1]
    assert raw.startswith("parley_")
    assert " " not in raw
    token = AccessToken.objects.get(user=participant)
    assert token.name == "Integration"
    assert raw not in token.token_hash
    response = post_json(
        client,
        f"/api/v1/discussions/{post.discussion_id}/comments",
        {"body": "Posted with a token from the command line."},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201
    assert Comment.objects.get().user == participant


def test_create_finds_the_account_whatever_the_case_of_the_address(participant: User) -> None:
    run("create", "Member@Example.ORG")

    assert AccessToken.objects.get().user == participant


def test_create_for_an_unknown_address_fails_clearly(db: None) -> None:
    with pytest.raises(
        CommandError, match=re.escape("no account with the e-mail address 'nobody@example.org'")
    ):
        run("create", "nobody@example.org")

    assert not AccessToken.objects.exists()


def test_list_shows_tokens_without_their_secrets(participant: User) -> None:
    raw = run("create", "member@example.org", "--name", "Laptop").strip().splitlines()[-1]

    listing = run("list", "member@example.org")

    token = AccessToken.objects.get()
    assert f"{token.pk}\tactive\tLaptop" in listing
    assert raw not in listing
    assert token.token_hash not in listing


def test_revoke_stops_the_token_working(client: Client, participant: User) -> None:
    raw = run("create", "member@example.org").strip().splitlines()[-1]
    token = AccessToken.objects.get()

    output = run("revoke", str(token.pk))

    assert f"Revoked token {token.pk}" in output
    assert "revoked" in run("list", "member@example.org")
    response = client.get("/api/v1/posts", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_revoke_of_an_unknown_token_fails_clearly(db: None) -> None:
    with pytest.raises(CommandError, match="no token 42"):
        run("revoke", "42")
