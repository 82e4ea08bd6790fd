from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parley.accounts.requests import AuthenticatedHttpRequest
from parley.forms import show_rejection
from parley.organisations import queries, services
from parley.organisations.forms import InvitationForm, ProfileForm, RoleForm, SetUpForm
from parley.organisations.models import Invitation, Membership, Organisation
from parley.organisations.permissions import can_manage_members, is_member
from parley.validation import Rejected


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "organisations/index.html", {"organisations": list(queries.organisations())}
    )


def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    the_organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "organisations/organisation.html",
        {
            "organisation": the_organisation,
            "can_manage": can_manage_members(request.user, the_organisation),
            "is_member": is_member(request.user, the_organisation),
            "documents": list(the_organisation.documents.order_by("title")),
            "adoptions": list(
                the_organisation.adoptions.select_related("document", "version").order_by(
                    "document__title"
                )
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    the_organisation = get_object_or_404(Organisation, slug=slug)
    if not can_manage_members(request.user, the_organisation):
        raise PermissionDenied
    form = ProfileForm(
        request.POST or None,
        initial={
            field: getattr(the_organisation, field)
            for field in ("name", "kind", "website", "logo_url", "description", "contact_email")
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(organisation=the_organisation, **form.cleaned_data)
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            messages.success(request, _("Profile saved"))
            return redirect(the_organisation)
    return render(
        request,
        "organisations/edit.html",
        {"organisation": the_organisation, "form": form},
        status=400 if form.errors else 200,
    )


def _members_page(
    request: HttpRequest,
    the_organisation: Organisation,
    *,
    invitation_form: InvitationForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": the_organisation,
            "members": list(queries.members(the_organisation)),
            "invitations": list(queries.pending_invitations(the_organisation)),
            "invitation_form": invitation_form or InvitationForm(),
            "role_choices": cast(forms.ChoiceField, RoleForm.base_fields["role"]).choices,
            "error": error,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def members(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The member list, each with a role to change and a remove button; invitations."""
    the_organisation = get_object_or_404(Organisation, slug=slug)
    if not can_manage_members(request.user, the_organisation):
        raise PermissionDenied
    if request.method == "GET":
        return _members_page(request, the_organisation)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invite(
                organisation=the_organisation,
                invited_by=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
            )
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s") % {"email": invitation.email}
            )
            return redirect("organisations:members", slug)
    return _members_page(request, the_organisation, invitation_form=form, status=400)


def _membership(request: HttpRequest, slug: str, membership_id: int) -> Membership | None:
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"),
        pk=membership_id,
        organisation__slug=slug,
    )
    return membership if can_manage_members(request.user, membership.organisation) else None


@login_required
@require_POST
def change_role(request: AuthenticatedHttpRequest, slug: str, membership_id: int) -> HttpResponse:
    membership = _membership(request, slug, membership_id)
    if membership is None:
        raise PermissionDenied
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise services.OrganisationRejected({"role": [_("Choose a role")]})
        services.change_role(membership=membership, role=form.cleaned_data["role"])
    except Rejected as rejected:
        return _members_page(
            request, membership.organisation, error=rejected.detail, status=rejected.status
        )
    messages.success(request, f"{membership.user.display_name} is now {membership.role}")
    return redirect("organisations:members", slug)


@login_required
@require_POST
def remove_member(request: AuthenticatedHttpRequest, slug: str, membership_id: int) -> HttpResponse:
    membership = _membership(request, slug, membership_id)
    if membership is None:
        raise PermissionDenied
    try:
        services.remove_member(membership=membership)
    except Rejected as rejected:
        return _members_page(
            request, membership.organisation, error=rejected.detail, status=rejected.status
        )
    messages.success(request, f"{membership.user.display_name} is no longer a member")
    return redirect("organisations:members", slug)


@login_required
@require_POST
def cancel_invitation(
    request: AuthenticatedHttpRequest, slug: str, invitation_id: int
) -> HttpResponse:
    """An owner withdraws an invitation before it is accepted."""
    found = (
        Invitation.objects.select_related("organisation")
        .filter(pk=invitation_id, organisation__slug=slug)
        .first()
    )
    if found is None or not can_manage_members(request.user, found.organisation):
        raise PermissionDenied
    if services.cancel_invitation(invitation=found):
        messages.success(
            request, _("The invitation to %(email)s is cancelled") % {"email": found.email}
        )
    return redirect("organisations:members", slug)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Shows an invitation, and accepts it for the signed-in person."""
    try:
        found = services.find_invitation(token)
        if request.method == "POST" and request.user.is_authenticated:
            membership = services.accept_invitation(token=token, user=request.user)
            messages.success(
                request,
                _("You are now %(role)s of %(organisation)s")
                % {
                    "role": membership.get_role_display().lower(),
                    "organisation": membership.organisation.name,
                },
            )
            return redirect(membership.organisation)
    except Rejected as rejected:
        return render(
            request,
            "organisations/invitation.html",
            {"problem": rejected.detail},
            status=rejected.status,
        )
    return render(request, "organisations/invitation.html", {"invitation": found})


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A site admin's first run: the first organisation and its owner (`parley setup`)."""
    if not queries.is_site_admin(request.user):
        raise PermissionDenied
    form = SetUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.set_up_site(**form.cleaned_data)
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            if done.changed:
                messages.success(
                    request,
                    _("%(organisation)s is set up, with %(email)s as its owner")
                    % {"organisation": done.organisation.name, "email": done.owner.email},
                )
            else:
                messages.info(
                    request,
                    _(
                        "Nothing changed: %(organisation)s was already set up, "
                        "with %(email)s as its owner"
                    )
                    % {"organisation": done.organisation.name, "email": done.owner.email},
                )
            return redirect(done.organisation)
    return render(
        request,
        "organisations/set_up.html",
        {
            "form": form,
            "site_name_setting": settings.SITE_NAME,
            "organisations": list(queries.organisations()),
        },
        status=400 if form.errors else 200,
    )
