from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from parley.accounts import mfa, services
from parley.accounts.forms import ProfileForm, TokenForm
from parley.accounts.models import AccessToken
from parley.accounts.requests import AuthenticatedHttpRequest
from parley.discussions import services as discussions


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
            profile_form.save()
            if "display_name" in profile_form.changed_data:
                discussions.person_renamed(user=request.user)  # their comments read anew
            messages.success(request, "Your name has been updated")
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
    messages.success(request, f"Token ‘{token.name}’ revoked")
    return redirect("account_profile")
