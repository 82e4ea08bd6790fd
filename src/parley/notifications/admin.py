from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from parley.notifications.models import Email, Recipient, Subscription


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin[Email]):
    """The outbox. What an e-mail says and to whom is fixed when it is queued; an operator
    may only requeue one (status, attempts, next attempt), which the sender then claims as
    it claims any queued row."""

    list_display = ["kind", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [
        "recipient",
        "to",
        "kind",
        "subject",
        "text",
        "html",
        "unsubscribe_url",
        "claimed_at",
        "sent_at",
        "last_error",
        "created_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin[Subscription]):
    """Read-only: people follow and confirm through the signed links `notifications` sends
    (a follow confirmed here would skip the person's consent). Deleting one unfollows."""

    list_display = ["recipient", "target", "target_id", "kinds", "confirmed_at"]
    list_filter = ["target"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin[Recipient]):
    """Read-only: addresses are confirmed and preferences set by the person, through
    `notifications`' signed links and preference pages."""

    list_display = ["pk", "user", "confirmed_at", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
