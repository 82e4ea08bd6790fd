from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from parley.organisations.models import Invitation, Membership, Organisation


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    """Read-only: roles change and members leave on the organisation's members page
    (`organisations.services`, which never leaves it without an owner)."""

    model = Membership
    extra = 0
    fields = ["user", "role"]
    readonly_fields = ["user", "role"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    """Read-only: organisations are set up at /organisations/set-up/ and their profile
    is changed on their own page (`organisations.services`, which checks the addresses)."""

    list_display = ["name", "slug", "kind"]
    list_filter = ["kind"]
    readonly_fields = ["name", "slug", "kind", "description", "website", "logo_url"]
    inlines = [MembershipInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    """Invitations are sent from the members page (`organisations.services.invite` e-mails
    the link); here they are read, and deleting one cancels it."""

    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["organisation"]
    # The token's hash is useless to a person and is never shown or edited.
    exclude = ["token_hash"]
    readonly_fields = [
        "organisation",
        "email",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_by",
        "accepted_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
