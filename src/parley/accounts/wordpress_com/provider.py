from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from parley.accounts.wordpress_com.views import WordPressComOAuth2Adapter


class WordPressComAccount(ProviderAccount):
    def get_profile_url(self) -> str | None:
        return self.account.extra_data.get("profile_URL") or None

    def get_avatar_url(self) -> str | None:
        return self.account.extra_data.get("avatar_URL") or None

    def to_str(self) -> str:
        data = self.account.extra_data
        return str(data.get("display_name") or data.get("username") or super().to_str())


class WordPressComProvider(OAuth2Provider):
    id = "wordpress_com"
    name = "WordPress.com"
    account_class = WordPressComAccount
    oauth2_adapter_class = WordPressComOAuth2Adapter

    def get_default_scope(self) -> list[str]:
        return ["auth"]  # who the person is, and nothing of their sites

    def extract_uid(self, data: dict[str, Any]) -> str:
        return str(data["ID"])

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "email": data.get("email") or None,
            "username": data.get("username"),
            "name": data.get("display_name"),
        }

    def extract_email_addresses(self, data: dict[str, Any]) -> list[EmailAddress]:
        email = data.get("email")
        if not email:
            return []
        verified = data.get("email_verified") is True
        return [EmailAddress(email=email, verified=verified, primary=True)]


provider_classes = [WordPressComProvider]
