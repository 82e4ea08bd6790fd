"""OpenID Connect sign-in, stricter than allauth's generic provider and able to sign in
with GOV.UK One Login:

- the ID token's signature is always checked. allauth skips the check when it fetched
  the token from the provider itself (the specification allows that over TLS); we check
  it always, so a token signed with the wrong key, through a misconfigured proxy or a
  compromised connection, signs nobody in;
- every authorisation request carries a fresh `nonce`, kept in the sign-in's state, and
  the ID token must carry it back (OpenID Connect Core §3.1.2.1, §3.1.3.7);
- a provider configured with a private key authenticates Parley at its token endpoint
  with `private_key_jwt` (a short-lived JWT signed with that key, RFC 7523) instead of
  a client secret. GOV.UK One Login requires both this and the nonce.
"""

import secrets
import time
from typing import Any

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import get_request_param
from django.http import Http404, HttpRequest, HttpResponse

CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME = 300  # seconds; GOV.UK One Login accepts at most five minutes


class Provider(OpenIDConnectProvider):
    """allauth's provider, with a nonce on every authorisation request."""

    @classmethod
    def get_package(cls) -> str:
        return "allauth.socialaccount.providers.openid_connect"  # its URLs are allauth's

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> HttpResponse:
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        return super().redirect(
            request,
            process,
            next_url,
            data,
            auth_params={**auth_params, "nonce": nonce},
            nonce=nonce,  # kept in the sign-in's state, for the callback
            **kwargs,
        )

    def get_oauth2_adapter(self, request: HttpRequest) -> "Adapter":
        return Adapter(request, self.app.provider_id)


class Adapter(OpenIDConnectOAuth2Adapter):
    expected_nonce: str | None = None

    def _private_key(self) -> str:
        return str(self.get_provider().app.settings.get("private_key", ""))

    @property
    def basic_auth(self) -> bool:
        return False if self._private_key() else bool(super().basic_auth)

    def client_assertion(self, client_id: str) -> str:
        """A JWT that proves, with the private key, that Parley is `client_id`."""
        now = int(time.time())
        claims = {
            "iss": client_id,
            "sub": client_id,
            "aud": self.access_token_url,
            "jti": secrets.token_urlsafe(32),
            "iat": now,
            "exp": now + ASSERTION_LIFETIME,
        }
        settings = self.get_provider().app.settings
        headers = {"kid": settings["private_key_id"]} if settings.get("private_key_id") else None
        algorithm = settings.get("private_key_algorithm") or "RS256"
        return jwt.encode(claims, self._private_key(), algorithm=algorithm, headers=headers)

    def get_access_token_data(
        self, request: HttpRequest, app: Any, client: Any, pkce_code_verifier: Any = None
    ) -> dict[str, Any]:
        if self._private_key():
            data: dict[str, Any] = client.get_access_token(
                get_request_param(request, "code"),
                pkce_code_verifier=pkce_code_verifier,
                extra_data={
                    "client_assertion_type": CLIENT_ASSERTION_TYPE,
                    "client_assertion": self.client_assertion(app.client_id),
                },
            )
        else:
            data = super().get_access_token_data(
                request, app, client, pkce_code_verifier=pkce_code_verifier
            )
        self.did_fetch_access_token = False  # makes allauth verify the ID token's signature
        return data

    def complete_login(self, request: HttpRequest, app: Any, token: Any, **kwargs: Any) -> Any:
        if self.expected_nonce and not kwargs["response"].get("id_token"):
            raise OAuth2Error("the provider sent no ID token to carry the nonce")
        return super().complete_login(request, app, token, **kwargs)

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        claims: dict[str, Any] = super()._decode_id_token(app, id_token)
        if self.expected_nonce and not secrets.compare_digest(
            str(claims.get("nonce", "")), self.expected_nonce
        ):
            raise OAuth2Error("the ID token's nonce is not the one this sign-in sent")
        return claims


class CallbackView(OAuth2CallbackView):
    adapter: Adapter

    def _get_state(self, request: HttpRequest, provider: Any) -> tuple[Any, Any]:
        state, response = super()._get_state(request, provider)
        self.adapter.expected_nonce = (state or {}).get("nonce")
        return state, response


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The provider's redirect back to us, as allauth's, with the checks above."""
    try:
        view = CallbackView.adapter_view(Adapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404("No such sign-in provider") from None
