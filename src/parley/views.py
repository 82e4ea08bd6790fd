"""Pages that belong to the site as a whole rather than to one app."""

from functools import partial

from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from parley import personal_data, ratelimit
from parley.blog import queries as blog_queries
from parley.moderation.models import CommentPolicy
from parley.organisations import queries as organisation_queries


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "parley/home.html",
        {
            "posts": blog_queries.latest_posts(5),
            # A site admin on a site with no organisation is shown the first-run page.
            "set_up": organisation_queries.site_needs_setting_up(request.user),
        },
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "parley/privacy.html", {"ip_days": settings.PARLEY_IP_RETENTION_DAYS})


@require_GET
def comment_policy(request: HttpRequest) -> HttpResponse:
    """The policy site admins published last, or the built-in one until they do."""
    return render(request, "parley/comment_policy.html", {"policy": CommentPolicy.objects.first()})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "parley/404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Every refusal (handler403): a view raises `PermissionDenied(message)` and the page
    says why, in the reader's language; without a message, that their account may not."""
    message = str(exception) if isinstance(exception, PermissionDenied) and exception.args else ""
    if not hasattr(request, "user"):  # refused by a middleware before AuthenticationMiddleware
        request.user = AnonymousUser()
    return render(request, "parley/403.html", {"message": message}, status=403)


GUEST_DATA_RATE = ratelimit.Rate(3, 3600)  # links asked for, per address and per IP


class GuestDataForm(forms.Form):
    email = forms.EmailField(
        label=_("The e-mail address you commented with"),
        max_length=254,
        error_messages={
            "required": _("Enter the e-mail address you commented with"),
            "invalid": _("Enter an e-mail address in the correct format, like name@example.com"),
        },
    )


class GuestEraseForm(forms.Form):
    comments = forms.ChoiceField(
        label=_("Your comments"),
        choices=[
            ("keep", _("Keep their words, shown as by “a former participant”")),
            ("delete", _("Delete their words too")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your comments")},
    )


@require_http_methods(["GET", "POST"])
def guest_data_request(request: HttpRequest) -> HttpResponse:
    """A guest asks for a link to what is linked to their address; it is sent there."""
    form = GuestDataForm(request.POST if request.method == "POST" else None)
    sent = False
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        try:
            ratelimit.hit("guest-data", f"ip:{ratelimit.client_ip(request)}", GUEST_DATA_RATE)
            ratelimit.hit("guest-data", f"email:{email}", GUEST_DATA_RATE)
        except ratelimit.RateLimited as limited:
            return ratelimit.too_many(request, limited.retry_after)
        transaction.on_commit(partial(personal_data.send_guest_link.enqueue, email, get_language()))
        sent = True
    return render(
        request,
        "parley/guest_data_request.html",
        {"form": form, "sent": sent, "hours": personal_data.GUEST_LINK_HOURS},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def guest_data(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: download what is linked to the address, or erase it."""
    email = personal_data.read_guest_token(token)
    if email is None:
        context = {"hours": personal_data.GUEST_LINK_HOURS}
        return render(request, "parley/guest_data_bad_link.html", context, status=404)
    if request.method == "GET" and request.GET.get("download"):
        response = JsonResponse(personal_data.guest_export(email), json_dumps_params={"indent": 2})
        response["Content-Disposition"] = 'attachment; filename="my-parley-data.json"'
        response["Cache-Control"] = "no-store"
        return response
    form = GuestEraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        delete_comments = form.cleaned_data["comments"] == "delete"
        erased = personal_data.guest_erase(email=email, delete_comments=delete_comments)
        return render(
            request,
            "parley/guest_data_erased.html",
            {"erased": erased, "delete_comments": delete_comments},
        )
    held = personal_data.guest_export(email)
    return render(
        request,
        "parley/guest_data.html",
        {"form": form, "email": email, "held": held},
        status=400 if form.errors else 200,
    )
