"""Confirming a guest's address, one-click unsubscribing and choosing preferences.

None of these needs a login except the signed-in preferences page: the signed token in
the link is the proof. Every form posts back to the same address and works without
JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from parley.accounts.requests import AuthenticatedHttpRequest
from parley.notifications import queries, services, targets, tokens
from parley.notifications.forms import FollowForm, PreferencesForm
from parley.notifications.models import TARGET_KINDS, Kind, Recipient, Target
from parley.validation import whole_number

# The guest address confirmed in this browser, by the link sent to it: that guest's
# reports of comments count as a verified person's (parley.moderation.flags).
CONFIRMED_EMAIL_SESSION_KEY = "parley_confirmed_email"


def _bad_link(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/bad_link.html", status=404)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail shows a button; pressing it confirms. (A GET
    alone does not: mail scanners open links to check them.)"""
    recipient_id = tokens.read_confirm(token)
    if recipient_id is None or not Recipient.objects.filter(pk=recipient_id).exists():
        return _bad_link(request)
    if request.method == "GET":
        return render(request, "notifications/confirm.html")
    recipient = services.confirm(recipient_id=recipient_id)
    if recipient is None:
        return _bad_link(request)
    if recipient.is_guest:
        request.session[CONFIRMED_EMAIL_SESSION_KEY] = recipient.email
    return render(
        request,
        "notifications/confirmed.html",
        {"preferences_url": tokens.preferences_url(recipient.pk)},
    )


@csrf_exempt  # RFC 8058: mail clients POST here with no session and no CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm with a button; POST (the button, or a mail client's one-click
    request) unsubscribes. The signed token, not a login, says who and from what."""
    found = tokens.read_unsubscribe(token)
    recipient = Recipient.objects.filter(pk=found[0]).first() if found else None
    if found is None or recipient is None:
        return _bad_link(request)
    scope = found[1]
    context = {
        "what": services.describe_scope(recipient, scope),
        "preferences_url": tokens.preferences_url(recipient.pk)
        if recipient.is_guest
        else reverse("notifications:preferences"),
    }
    if request.method == "POST":
        services.unsubscribe(recipient_id=recipient.pk, scope=scope)
        return render(request, "notifications/unsubscribed.html", context)
    return render(request, "notifications/unsubscribe.html", context)


def _preferences(request: HttpRequest, recipient: Recipient) -> HttpResponse:
    current = {kind: services.frequency_of(recipient, kind) for kind in Kind.values}
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST":
        if remove := request.POST.get("remove", ""):
            if (subscription_id := whole_number(remove)) is not None:
                services.remove_subscription(recipient=recipient, subscription_id=subscription_id)
                messages.success(request, gettext("You no longer follow that"))
            return redirect(request.path)
        if form.is_valid():
            try:
                services.set_frequencies(recipient=recipient, frequencies=form.cleaned_data)
            except services.SubscriptionRejected as rejected:
                for field, errors in rejected.errors.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                services.remember_language(
                    person=recipient.user or recipient.email, language=services.current_language()
                )
                messages.success(request, gettext("Your choices are saved"))
                return redirect(request.path)
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "recipient": recipient,
            "subscriptions": [
                (subscription, services.describe(subscription))
                for subscription in queries.subscriptions_of(recipient)
            ],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _preferences(request, services.recipient_for_user(request.user))


@require_http_methods(["GET", "POST"])
def guest_preferences(request: HttpRequest, token: str) -> HttpResponse:
    recipient_id = tokens.read_preferences(token)
    recipient = Recipient.objects.filter(pk=recipient_id).first() if recipient_id else None
    if recipient is None:
        return _bad_link(request)
    return _preferences(request, recipient)


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback or "/"


def _followable(request: HttpRequest) -> tuple[str, targets.Followable]:
    data = request.POST if request.method == "POST" else request.GET
    target, raw_id = data.get("target", ""), data.get("id", "0")
    target_id = whole_number(raw_id)
    found = (
        targets.resolve(target, target_id)
        if target in TARGET_KINDS and target_id is not None
        else None
    )
    if found is None:
        raise Http404("Nothing to follow there")
    return target, found


def _label(target: str, found: targets.Followable) -> str:
    if target == Target.SITE:
        return gettext("new posts")
    return f"‘{found.title}’"


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    """Follow a discussion, document, organisation or the site by e-mail: at once when
    signed in, after confirming by mail as a guest. GET shows the form on its own page
    (and is where a guest's mistyped address comes back, with the error beside it)."""
    target, found = _followable(request)
    back = _back(request, found.url)
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.user.is_authenticated:
        services.follow(
            user=request.user,
            target=target,
            target_id=found.id,
            title=found.title,
            url=found.url,
        )
        messages.success(
            request,
            gettext("You will get an e-mail about %(what)s") % {"what": _label(target, found)},
        )
        return redirect(back)
    if request.method == "POST" and form.is_valid():
        services.follow_as_guest(
            email=form.cleaned_data["email"],
            target=target,
            target_id=found.id,
            title=found.title,
            url=found.url,
        )
        messages.success(
            request,
            gettext(
                "Check your e-mail: follow the link we sent to confirm your address. "
                "Nothing else is sent until you do."
            ),
        )
        return redirect(back)
    context = {"target": target, "followable": found, "label": _label(target, found)}
    context |= {"form": form, "next": back}
    return render(
        request,
        "notifications/follow.html",
        context,
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["POST"])
def unfollow(request: AuthenticatedHttpRequest) -> HttpResponse:
    target, found = _followable(request)
    if services.unfollow(user=request.user, target=target, target_id=found.id):
        messages.success(
            request,
            gettext("You will no longer get e-mails about %(what)s")
            % {"what": _label(target, found)},
        )
    return redirect(_back(request, found.url))
