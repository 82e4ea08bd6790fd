from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest

from parley.accounts import services
from parley.accounts.forms import checked_name
from parley.accounts.models import AccessToken, User


class _UserChangeForm(UserChangeForm[User]):
    def clean_display_name(self) -> str:
        return checked_name(self.cleaned_data["display_name"], user=self.instance)


class _UserCreationForm(AdminUserCreationForm[User]):
    def clean_display_name(self) -> str:
        return checked_name(self.cleaned_data["display_name"])


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    """A name is checked and changed by `accounts.services.rename`, as on the account page."""

    form = _UserChangeForm
    add_form = _UserCreationForm
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_active"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "display_name", "password"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "display_name", "password1", "password2"]})]
    filter_horizontal = ["groups"]
    list_filter = ["is_staff", "is_active"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:  # a new account shows nowhere yet
            services.rename(user=obj, display_name=obj.display_name)
        super().save_model(request, obj, form, change)
        if change and "is_staff" in form.changed_data:  # the "Site staff" badge
            services.person_shown_differently(user=obj)


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin[AccessToken]):
    """Tokens are made on the account page (`accounts.services.create_access_token`), which
    shows the secret once; here they can only be seen and revoked."""

    list_display = ["name", "user", "created_at", "expires_at", "revoked_at"]
    exclude = ["token_hash"]
    readonly_fields = ["user", "name", "created_at", "expires_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
