"""`{% follow_box "document" document.pk "new versions of this guidance" %}`: a small form
to follow something by e-mail, or to stop following it."""

from typing import Any

from django import template

from parley.notifications.models import Subscription, stored_target_id

register = template.Library()


@register.inclusion_tag("notifications/_follow_box.html", takes_context=True)
def follow_box(context: template.Context, target: str, target_id: int, what: str) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    target_id = stored_target_id(target, target_id)
    following = (
        user.is_authenticated
        and Subscription.objects.filter(
            recipient__user=user, target=target, target_id=target_id
        ).exists()
    )
    return {
        "target": target,
        "target_id": target_id,
        "what": what,
        "following": following,
        "signed_in": user.is_authenticated,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "box_id": f"follow-{target}-{target_id}",
    }
