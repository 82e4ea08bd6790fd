from django.contrib import admin

from parley.notifications.models import Email, Recipient, Subscription


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ["kind", "subject", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["recipient", "to"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["recipient", "target", "target_id", "kinds", "confirmed_at"]
    list_filter = ["target"]


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "confirmed_at", "created_at"]
