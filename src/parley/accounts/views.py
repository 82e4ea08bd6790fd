from functools import partial

from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from parley import personal_data
from parley.accounts import mfa, services
from parley.accounts.forms import EraseForm, ProfileForm, TokenForm
from parley.accounts.models import AccessToken
from parley.accounts.requests import AuthenticatedHttpRequest
from parley.forms import show_rejection


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The account page: your name, the accounts elsewhere you sign in with, your second
    factor, and personal access tokens for the API (made only in a session signed in with
    the second factor)."""
    profile_form = ProfileForm(instance=request.user)
    token_form = TokenForm()
    new_token = None
    may_create_token = mfa.may_create_token(request)
    status = 200
    if request.method == "POST" and request.POST.get("form") == "profile":
        profile_form = ProfileForm(request.POST, instance=request.user)
        if profile_form.is_valid():
            try:
                services.rename(
                    user=request.user, display_name=profile_form.cleaned_data["display_name"]
                )
            except services.NameRejected as rejected:
                show_rejection(profile_form, rejected)
            else:
                messages.success(request, gettext("Your name has been updated"))
                return redirect("account_profile")
    elif request.method == "POST" and request.POST.get("form") == "token":
        if not may_create_token:
            status = 403
        else:
            token_form = TokenForm(request.POST)
            if token_form.is_valid():
                _, new_token = services.create_access_token(
                    user=request.user,
                    name=token_form.cleaned_data["name"],
                )
                token_form = TokenForm()
    tokens = AccessToken.objects.active().filter(user=request.user)
    linked = [
        (account.get_provider(request).name, account.get_provider_account().to_str())
        for account in SocialAccount.objects.filter(user=request.user)
    ]
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_form": profile_form,
            "token_form": token_form,
            "tokens": tokens,
            "new_token": new_token,
            "token_days": settings.PARLEY_TOKEN_DAYS,
            "linked_accounts": linked,
            "providers_configured": bool(get_social_adapter().list_providers(request)),
            "may_create_token": may_create_token,
            "has_second_factor": mfa.has_second_factor(request.user),
            "needs_second_factor": mfa.required() and mfa.needs_second_factor(request.user),
        },
        status=400 if profile_form.errors or token_form.errors else status,
    )


@login_required
@require_POST
def revoke_token(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(AccessToken, pk=token_id, user=request.user)
    services.revoke_access_token(token=token)
    messages.success(request, gettext("Token ‘%(name)s’ revoked") % {"name": token.name})
    return redirect("account_profile")


@login_required
@require_http_methods(["GET", "POST"])
def data(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Download what we hold about you; ask for the link that deletes your account."""
    form = EraseForm(request.POST if request.method == "POST" else None)
    sent = False
    if request.method == "POST" and form.is_valid():
        delete_comments = form.cleaned_data["comments"] == "delete"
        transaction.on_commit(
            partial(
                personal_data.send_erase_link.enqueue,
                request.user.pk,
                delete_comments,
                get_language(),
            )
        )
        sent, form = True, EraseForm()
    return render(
        request,
        "accounts/data.html",
        {"form": form, "sent": sent, "hours": personal_data.ERASE_LINK_HOURS},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def data_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = JsonResponse(personal_data.export(request.user), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-parley-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def erase_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: a page with a button; the button deletes the account."""
    found = personal_data.read_erase_token(token)
    context: dict[str, object] = {"hours": personal_data.ERASE_LINK_HOURS}
    if found is None:
        return render(request, "accounts/erased.html", context, status=404)
    person, delete_comments = found
    if request.method == "GET":
        return render(
            request,
            "accounts/erase_confirm.html",
            {"person": person, "delete_comments": delete_comments},
        )
    if request.user.is_authenticated and request.user.pk == person.pk:
        logout(request)
    comments = personal_data.erase(user=person, delete_comments=delete_comments)
    context |= {"person_erased": True, "comments": comments, "delete_comments": delete_comments}
    return render(request, "accounts/erased.html", context)
