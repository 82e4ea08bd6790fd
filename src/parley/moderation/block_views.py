"""Suspending accounts and blocking guests, for moderators; the queue links here prefilled."""

from datetime import timedelta
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from parley import pagination
from parley.accounts.models import User
from parley.accounts.requests import AuthenticatedHttpRequest
from parley.moderation import blocks
from parley.moderation.models import Block
from parley.organisations.models import Organisation
from parley.organisations.permissions import can_moderate, moderated_organisation_ids
from parley.validation import whole_number

# The service's fields that the form shows under another name.
FORM_FIELD = {"until": "days", "user": "kind"}
DURATIONS = [("1", _("1 day")), ("7", _("1 week")), ("30", _("30 days")), ("365", _("1 year"))]


class BlockForm(forms.Form):
    """What to block and for how long; the service checks the values themselves."""

    kind = forms.ChoiceField(label=_("What do you want to block?"), widget=forms.RadioSelect)
    user = forms.IntegerField(required=False, widget=forms.HiddenInput)
    email = forms.CharField(
        label=_("Guest’s e-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    network = forms.CharField(
        label=_("IP address or range"),
        required=False,
        help_text=_("For example 203.0.113.7, or 203.0.113.0/24 for a range"),
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        help_text=_("The person is shown this when they try to comment or report a comment."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    days = forms.ChoiceField(label=_("For how long?"), choices=DURATIONS, widget=forms.RadioSelect)
    organisation = forms.ChoiceField(
        label=_("Where does the block apply?"),
        required=False,
        help_text=_("In the discussions of the organisation you choose."),
    )

    def __init__(self, *args: Any, account: User | None, moderator: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = moderated_organisation_ids(moderator)
        where: list[tuple[str, str | Promise]] = [("", _("The whole site"))] if ids is None else []
        owners = Organisation.objects.order_by("name")
        if ids is not None:
            owners = owners.filter(pk__in=ids)
        where += [(o.slug, o.name) for o in owners]
        cast(forms.ChoiceField, self.fields["organisation"]).choices = where
        kinds: list[tuple[str, str | Promise]] = [
            (k, label) for k, label in Block.Kind.choices if k != Block.Kind.USER
        ]
        if account is not None:
            kinds.insert(
                0,
                (
                    Block.Kind.USER,
                    gettext("Suspend the account of %(name)s") % {"name": account.display_name},
                ),
            )
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds
        self.fields["kind"].error_messages["required"] = _("Choose what to block")
        self.fields["days"].error_messages["required"] = _("Choose how long the block lasts")


# Blocks in force a page shows; a wave of spam can leave thousands.
BLOCKS_PER_PAGE = 100


def _account(value: str | None) -> User | None:
    number = whole_number(value)
    return None if number is None else User.objects.filter(pk=number).first()


def _initial(request: AuthenticatedHttpRequest, account: User | None) -> dict[str, object]:
    """What the queue's links prefill: ?user=<id>, ?email=… or ?network=…."""
    initial: dict[str, object] = {"days": "7", "organisation": request.GET.get("organisation", "")}
    if account is not None:
        initial.update(kind=Block.Kind.USER, user=account.pk)
    elif email := request.GET.get("email", ""):
        initial.update(kind=Block.Kind.EMAIL, email=email)
    elif network := request.GET.get("network", ""):
        initial.update(kind=Block.Kind.NETWORK, network=network)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def blocks_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Blocks in force, with a form to add one and a button to lift each."""
    if not can_moderate(request.user):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    account = _account(source.get("user"))
    form = BlockForm(
        request.POST or None,
        account=account,
        moderator=request.user,
        initial=_initial(request, account),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = blocks.block(
                moderator=request.user,
                kind=data["kind"],
                user=account,
                email=data["email"],
                network=data["network"],
                reason=data["reason"],
                until=timezone.now() + timedelta(days=int(data["days"])),
                # Not chosen: the moderator's own organisation (staff: the whole site).
                organisation=Organisation.objects.get(slug=data["organisation"])
                if data["organisation"]
                else "own",
            )
        except blocks.BlockRejected as rejected:
            for field, errors in rejected.errors.items():
                name = FORM_FIELD.get(field, field)
                form.add_error(name if name in form.fields else None, errors)
            status = rejected.status
        else:
            messages.success(
                request, gettext("Blocked %(what)s") % {"what": blocks.describe(added)}
            )
            return redirect("moderation:blocks")
    elif request.method == "POST":
        status = 400
    page, paging = pagination.paged(request, blocks.active_blocks(request.user), BLOCKS_PER_PAGE)
    return render(
        request,
        "moderation/blocks.html",
        {"form": form, "account": account, "blocks": page, "paging": paging},
        status=status,
    )


@login_required
@require_POST
def lift(request: AuthenticatedHttpRequest, block_id: int) -> HttpResponse:
    if not can_moderate(request.user):
        raise PermissionDenied
    # Another organisation's block is not found: its address is not theirs to see.
    block = get_object_or_404(
        blocks.visible_to(request.user).select_related("user", "organisation"), pk=block_id
    )
    blocks.lift(block=block, moderator=request.user)
    messages.success(request, f"Lifted the block on {blocks.describe(block)}")
    return redirect("moderation:blocks")
