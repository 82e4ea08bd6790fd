from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from parley.accounts.requests import AuthenticatedHttpRequest
from parley.discussions.models import Comment
from parley.moderation import queries, services
from parley.moderation.models import ModerationAction
from parley.organisations.permissions import can_moderate


@login_required
@require_http_methods(["GET", "POST"])
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Pending comments with approve / spam / remove."""
    if not can_moderate(request.user):
        return render(request, "parley/403.html", status=403)
    if request.method == "POST":
        comment_id = request.POST.get("comment", "")
        comment = get_object_or_404(
            Comment.objects.select_related("discussion__organisation"),
            pk=int(comment_id) if comment_id.isdigit() else 0,
        )
        action = request.POST.get("action", "")
        if action not in ModerationAction.Action.values:
            messages.error(request, "Choose approve, spam or remove")
            return redirect("moderation:queue")
        try:
            services.moderate(comment=comment, moderator=request.user, action=action)
        except services.NotAllowed:
            return render(request, "parley/403.html", status=403)
        label = ModerationAction.Action(action).label.lower()
        messages.success(request, f"Comment #{comment.number} on ‘{comment.discussion}’ {label}")
        return redirect("moderation:queue")
    return render(request, "moderation/queue.html", {"comments": queries.queue(request.user)})
