"""OIDC_PROVIDERS becomes allauth's OpenID Connect apps, or stops Parley saying what is wrong."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from parley.config import oidc_providers

ONE_LOGIN = {
    "id": "gov-uk-one-login",
    "name": "GOV.UK One Login",
    "server_url": "https://oidc.integration.account.gov.uk",
    "client_id": "parley-client",
    "secret": "s3cret",
}


SECRET = "secret (or private_key or private_key_file)"


def configured(*providers: Any) -> list[dict[str, Any]]:
    return oidc_providers(json.dumps(list(providers)))


def test_no_providers_configured_means_no_apps() -> None:
    assert oidc_providers("") == []
    assert oidc_providers("  \n") == []
    assert configured() == []


def test_each_provider_becomes_an_app_with_pkce_whose_issuer_is_its_server_url() -> None:
    entra = {
        "id": "entra",
        "name": "Microsoft",
        "server_url": "https://login.microsoftonline.com/tenant-id/v2.0",
        "client_id": "entra-client",
        "secret": "entra-secret",
        "icon": "microsoft",
    }
    apps = configured(ONE_LOGIN, entra)
    assert apps == [
        {
            "provider_id": "gov-uk-one-login",
            "name": "GOV.UK One Login",
            "client_id": "parley-client",
            "secret": "s3cret",
            "settings": {
                "server_url": "https://oidc.integration.account.gov.uk",
                "oauth_pkce_enabled": True,
                "icon": "",
            },
        },
        {
            "provider_id": "entra",
            "name": "Microsoft",
            "client_id": "entra-client",
            "secret": "entra-secret",
            "settings": {
                "server_url": "https://login.microsoftonline.com/tenant-id/v2.0",
                "oauth_pkce_enabled": True,
                "icon": "microsoft",
            },
        },
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("[{", r"^OIDC_PROVIDERS: not valid JSON \(", id="not JSON"),
        pytest.param(json.dumps(ONE_LOGIN), r"expected a JSON list of providers", id="not a list"),
        pytest.param('"gov-uk"', r"expected a JSON list of providers", id="a string"),
    ],
)
def test_text_that_is_not_a_list_of_providers_is_refused(text: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        oidc_providers(text)


@pytest.mark.parametrize(
    ("provider", "missing"),
    [
        pytest.param(
            {**ONE_LOGIN, "secret": ""},
            "secret (or private_key or private_key_file)",
            id="empty secret",
        ),
        pytest.param(
            {"id": "keycloak", "name": "Keycloak", "client_id": "parley"},
            f"server_url, {SECRET}",
            id="two keys missing",
        ),
        pytest.param(
            "keycloak",
            "id, name, server_url, client_id, secret (or private_key or private_key_file)",
            id="not an object",
        ),
    ],
)
def test_a_provider_lacking_a_required_key_is_refused_by_position_and_key(
    provider: Any, missing: str
) -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        configured(ONE_LOGIN, provider)
    assert str(refused.value) == f"OIDC_PROVIDERS: provider 2 lacks {missing}"


@pytest.mark.parametrize(
    "provider_id", ["gov uk", "one/login", "../admin", "entra?x=1", "idp.example"]
)
def test_a_provider_id_that_cannot_be_a_url_segment_is_refused(provider_id: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"must be letters, digits, - or _"):
        configured({**ONE_LOGIN, "id": provider_id})


@pytest.mark.parametrize("provider_id", ["entra", "gov-uk-one-login", "keycloak_staff", "idp2"])
def test_a_provider_id_of_letters_digits_hyphens_and_underscores_is_accepted(
    provider_id: str,
) -> None:
    (app,) = configured({**ONE_LOGIN, "id": provider_id})
    assert app["provider_id"] == provider_id


def test_oidc_providers_may_be_read_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "providers.json"
    path.write_text(json.dumps([ONE_LOGIN]))
    env = {**os.environ, "PARLEY_VAR_DIR": str(tmp_path), "OIDC_PROVIDERS_FILE": str(path)}
    env.pop("OIDC_PROVIDERS", None)
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][0]['provider_id'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "parley.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "gov-uk-one-login"


@pytest.mark.parametrize(
    ("providers", "message"),
    [
        (
            [
                {
                    "id": "a",
                    "name": "A",
                    "server_url": "https://a.test",
                    "client_id": "x",
                    "secret": "y",
                },
                {
                    "id": "a",
                    "name": "B",
                    "server_url": "https://b.test",
                    "client_id": "x",
                    "secret": "y",
                },
            ],
            "two providers have the id 'a'",
        ),
        (
            [
                {
                    "id": "é",
                    "name": "A",
                    "server_url": "https://a.test",
                    "client_id": "x",
                    "secret": "y",
                }
            ],
            "must be letters, digits",
        ),
        (
            [
                {
                    "id": 5,
                    "name": "A",
                    "server_url": "https://a.test",
                    "client_id": "x",
                    "secret": "y",
                }
            ],
            "must be letters, digits",
        ),
        (
            [{"id": "a", "name": "A", "server_url": "not a url", "client_id": "x", "secret": "y"}],
            "server_url must be the issuer's http(s) address",
        ),
    ],
)
def test_ambiguous_or_malformed_providers_are_refused(
    providers: list[dict[str, str]], message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        oidc_providers(json.dumps(providers))


def test_scope_and_auth_params_reach_allauth_and_trailing_slashes_go() -> None:
    [app] = oidc_providers(
        json.dumps(
            [
                {
                    "id": "one-login",
                    "name": "GOV.UK One Login",
                    "server_url": "https://oidc.integration.account.gov.uk/",
                    "client_id": "x",
                    "secret": "y",
                    "scope": ["openid", "email"],
                    "auth_params": {"vtr": '["Cl.Cm"]'},
                }
            ]
        )
    )
    assert app["settings"]["server_url"] == "https://oidc.integration.account.gov.uk"
    assert app["settings"]["scope"] == ["openid", "email"]
    assert app["settings"]["auth_params"] == {"vtr": '["Cl.Cm"]'}


PEM = "-----BEGIN PRIVATE KEY-----\nMIIB...\n-----END PRIVATE KEY-----\n"
WITH_KEY = {k: v for k, v in ONE_LOGIN.items() if k != "secret"}


def test_a_private_key_instead_of_a_secret_means_private_key_jwt() -> None:
    (app,) = configured({**WITH_KEY, "private_key": PEM, "private_key_id": "key-1"})
    assert app["secret"] == ""
    assert app["settings"]["token_auth_method"] == "private_key_jwt"
    assert app["settings"]["private_key"] == PEM
    assert app["settings"]["private_key_id"] == "key-1"
    assert app["settings"]["private_key_algorithm"] == "RS256"


def test_the_private_key_may_be_read_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "one-login.pem"
    path.write_text(PEM)
    (app,) = configured({**WITH_KEY, "private_key_file": str(path)})
    assert app["settings"]["private_key"] == PEM
    assert app["settings"]["token_auth_method"] == "private_key_jwt"


def test_a_provider_with_a_secret_has_no_private_key_settings() -> None:
    (app,) = configured(ONE_LOGIN)
    assert app["secret"] == "s3cret"
    assert "token_auth_method" not in app["settings"]
    assert "private_key" not in app["settings"]


@pytest.mark.parametrize(
    ("provider", "message"),
    [
        pytest.param(
            {**ONE_LOGIN, "private_key": PEM},
            "provider 1 has secret and private_key; give one",
            id="a secret and a key",
        ),
        pytest.param(
            {**WITH_KEY, "private_key": "not a key"},
            "provider 1: private_key must be a PEM private key",
            id="not PEM",
        ),
        pytest.param(
            {**WITH_KEY, "private_key_file": "/nonexistent/key.pem"},
            "provider 1: cannot read private_key_file",
            id="an unreadable key file",
        ),
        pytest.param(
            {**WITH_KEY, "private_key": PEM, "private_key_algorithm": "HS256"},
            "private_key_algorithm must be RS256, PS256 or ES256",
            id="a symmetric algorithm",
        ),
    ],
)
def test_a_bad_private_key_setting_is_refused_saying_why(provider: Any, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        configured(provider)
