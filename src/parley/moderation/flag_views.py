"""Reporting a comment, for anyone reading it, signed in or not; no JavaScript needed."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from parley.discussions import queries as discussion_queries
from parley.moderation import flags
from parley.moderation.models import FlagReason
from parley.notifications.views import CONFIRMED_EMAIL_SESSION_KEY
from parley.ratelimit import client_ip, too_many


class FlagForm(forms.Form):
    """The service does the real validation, so the page and the API say the same things."""

    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"),
        required=False,
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Anything else the moderators should know (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=format_lazy(
            _("Up to {max} characters. Only moderators see this."), max=flags.NOTE_MAX_LENGTH
        ),
    )


def _session_key(request: HttpRequest, *, create: bool) -> str:
    """The guest's session key, which identifies them as a reporter."""
    if request.user.is_authenticated:
        return ""
    if request.session.session_key is None and create:
        request.session.save()
        # An empty session is not sent back as a cookie unless it is marked as changed.
        request.session.modified = True
    return request.session.session_key or ""


def _confirmed_email(request: HttpRequest) -> str:
    """The address a guest confirmed in this browser, if any: their reports count more."""
    if request.user.is_authenticated:
        return ""
    return str(request.session.get(CONFIRMED_EMAIL_SESSION_KEY, ""))


@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The comment, with a reason to choose and a note; posting records the report."""
    # The page shows the comment, so not one on a draft (a post or guidance not public).
    comment = discussion_queries.comment_on_public_discussion(comment_id)
    if comment is None or not comment.is_public:
        raise Http404
    user = request.user if request.user.is_authenticated else None
    form = FlagForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            flags.flag_comment(
                comment=comment,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                user=user,
                reporter_key=_session_key(request, create=True),
                ip=client_ip(request),
                confirmed_email=_confirmed_email(request),
            )
        except flags.FlagRejected as rejected:
            if rejected.status == 429:
                return too_many(request, rejected.retry_after)
            for field, errors in rejected.errors.items():
                form.add_error(field if field in form.fields else None, errors)
            status = rejected.status
        else:
            messages.success(request, _("Thank you: a moderator will look at this comment"))
            # To the top of the page's content, where the thanks is shown, not to the
            # comment far below it, which would leave the thanks out of sight.
            return redirect(f"{comment.discussion.url}#main-content")
    elif request.method == "POST":
        status = 400
    already = flags.has_flagged(
        comment,
        user=user,
        session_key=_session_key(request, create=False),
        confirmed_email=_confirmed_email(request),
    )
    return render(
        request,
        "moderation/flag.html",
        {"comment": comment, "form": form, "already_flagged": already and not form.errors},
        status=status,
    )
