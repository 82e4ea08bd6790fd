from typing import Any

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.views import (
    OAuth2Adapter,
    OAuth2CallbackView,
    OAuth2LoginView,
)
from django.conf import settings
from django.http import HttpRequest

DEFAULT_API_URL = "https://public-api.wordpress.com"


def api_url() -> str:
    """WordPress.com's API, or a stand-in for it named in the provider's settings."""
    configured = settings.SOCIALACCOUNT_PROVIDERS.get("wordpress_com", {}).get("API_URL")
    return str(configured or DEFAULT_API_URL).rstrip("/")


class WordPressComOAuth2Adapter(OAuth2Adapter):
    provider_id = "wordpress_com"

    @property
    def authorize_url(self) -> str:
        return f"{api_url()}/oauth2/authorize"

    @property
    def access_token_url(self) -> str:
        return f"{api_url()}/oauth2/token"

    @property
    def profile_url(self) -> str:
        return f"{api_url()}/rest/v1/me"

    def complete_login(self, request: HttpRequest, app: Any, token: Any, **kwargs: Any) -> Any:
        with get_adapter().get_requests_session() as session:
            response = session.get(
                self.profile_url, headers={"Authorization": f"Bearer {token.token}"}
            )
            response.raise_for_status()
            data = response.json()
        return self.get_provider().sociallogin_from_response(request, data)


oauth2_login = OAuth2LoginView.adapter_view(WordPressComOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(WordPressComOAuth2Adapter)
