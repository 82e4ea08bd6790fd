"""Staff entering a response received on paper, by e-mail, at a meeting or by phone: the
respondent's own form (answers, about them, consent), with how it arrived. The
organisation's analysts, editors and owners enter responses (`can_analyse`); nobody else."""

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from parley.accounts.requests import AuthenticatedHttpRequest
from parley.consultations import queries, services
from parley.consultations.forms import ResponseForm
from parley.files import services as files
from parley.files import uploads
from parley.guidance.models import Version
from parley.organisations.permissions import can_analyse
from parley.validation import Rejected

# The scans staff attach are refused while they stream in, past a respondent's file size.
uploads.limit("consultations:enter_response", files.RESPONSE_MAX_SIZE)


class DateParts(forms.MultiWidget):
    """Day, month and year, each its own box (GOV.UK's date input)."""

    def __init__(self) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value: date | None) -> list[str]:
        return [str(value.day), str(value.month), str(value.year)] if value else ["", "", ""]


class OptionalDateField(forms.MultiValueField):
    """A date given as day, month and year, or none at all; one message for the whole date,
    as GOV.UK asks, shown in a fieldset (`consultations/forms/date_field.html`)."""

    widget = DateParts

    def __init__(self, **kwargs: Any) -> None:
        part = forms.CharField(max_length=10, required=False)
        super().__init__(
            fields=(part, part, part),
            require_all_fields=False,
            required=False,
            **kwargs,
        )
        self.template_name = "consultations/forms/date_field.html"

    def compress(self, data_list: list[str]) -> date | None:
        parts = [(p or "").strip() for p in data_list] if data_list else []
        if not any(parts):
            return None
        if not all(parts) or len(parts) != 3:
            raise forms.ValidationError(_("The date must include a day, a month and a year"))
        if not all(p.isascii() and p.isdigit() for p in parts):
            raise forms.ValidationError(_("The date must be a real date, in numbers"))
        day, month, year = parts
        if len(year) != 4:
            raise forms.ValidationError(_("The year must include 4 numbers"))
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(_("The date must be a real date")) from None


class EnteredResponseForm(ResponseForm):
    """The respondent's form as a member of staff fills it in for them: how the response
    arrived first, the respondent's e-mail address optional, and no confirmation e-mail."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, guest=True, attachments=True, **kwargs)
        self.fields = {
            "channel": forms.ChoiceField(
                label=gettext_lazy("How did the response arrive?"),
                choices=[(c.value, c.label) for c in services.ENTERED_CHANNELS],
                widget=forms.RadioSelect,
            ),
            "received_at": OptionalDateField(
                label=gettext_lazy("When did it arrive? (optional)"),
                help_text=gettext_lazy("For example, 27 11 2026. Leave it blank if not known."),
            ),
            **self.fields,
        }
        self.fields["name"].label = gettext_lazy("Respondent’s name")
        self.fields["email"].label = gettext_lazy("Respondent’s e-mail address (optional)")
        self.fields["email"].help_text = gettext_lazy(
            "Never published. Nobody is e-mailed: a later response from the same address "
            "replaces this one."
        )
        self.fields["consent"].label = gettext_lazy(
            "What did the respondent say about publishing their response?"
        )
        self.fields["files"].label = gettext_lazy("Attach the letter or e-mail (optional)")
        self.fields["files"].help_text = gettext_lazy(
            "A scan or copy of what arrived: up to 5 files, PDF, DOCX, ODT or TXT, each "
            "smaller than 10 MB. Its text is read for the analysts."
        )


def _start_of(day: date | None) -> datetime | None:
    """The first moment of `day` in the site's time zone: a letter's date has no time."""
    return timezone.make_aware(datetime.combine(day, time.min)) if day else None


def _receiving(request: AuthenticatedHttpRequest, slug: str, number: int) -> Version:
    version, _editor = queries.version_or_404(request.user, slug, number)
    if not can_analyse(request.user, version.document.organisation):
        raise PermissionDenied(
            _("Only the organisation’s analysts and editors enter responses received another way")
        )
    return version


@login_required
@require_http_methods(["GET", "POST"])
def enter_response(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    version = _receiving(request, slug, number)
    settings = services.settings_of(version)
    form = EnteredResponseForm(
        request.POST or None,
        request.FILES or None,
        questions=queries.questions_of(version),
        clauses=list(version.clauses.all()),
        demographics=settings.demographics,
    )
    error = ""
    try:
        services.require_receiving(version)
    except Rejected as rejected:
        error = rejected.detail
    if request.method == "POST" and form.is_valid() and not error:
        data = form.cleaned_data
        try:
            entered = services.enter_response(
                version=version,
                entered_by=request.user,
                channel=data["channel"],
                respondent=services.Respondent(
                    name=data.get("name", ""),
                    email=data.get("email", ""),
                    type=data["respondent_type"],
                    organisation=data["organisation"],
                ),
                consent=data["consent"],
                answers=form.answers(),
                demographics=form.demographic_answers(),
                attachments=form.uploads(),
                received_at=_start_of(data["received_at"]),
            )
        except Rejected as rejected:
            form.show(rejected)
        else:
            messages.success(
                request,
                _("Response %(reference)s entered (%(channel)s)")
                % {"reference": entered.reference, "channel": entered.get_channel_display()},
            )
            return redirect(reverse("consultations:enter_response", args=[slug, number]))
    return render(
        request,
        "consultations/enter_response.html",
        {"document": version.document, "version": version, "form": form, "error": error},
        status=409 if error else (400 if form.errors else 200),
    )
