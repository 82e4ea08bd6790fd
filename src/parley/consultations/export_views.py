"""Exports of a version's responses for its organisation's analysts (and editors, owners
and site staff): CSV, XLSX and JSON Lines, without e-mail addresses unless the analyst
confirms they need them and says why, which is logged (`exports.record_contact_export`)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from parley.accounts.requests import AuthenticatedHttpRequest
from parley.consultations import exports, queries
from parley.forms import show_rejection
from parley.guidance.models import Version
from parley.organisations.permissions import can_analyse
from parley.validation import Rejected


def analysable_version(request: HttpRequest, slug: str, number: int) -> Version:
    """The version, if this person reads its responses: 404 if they cannot see it, 403 if
    they see it but are not its organisation's analyst, editor, owner or site staff."""
    version, _editor = queries.version_or_404(request.user, slug, number)
    if not can_analyse(request.user, version.document.organisation):
        raise PermissionDenied(_("Only the organisation’s analysts and editors read responses"))
    return version


def download(version: Version, fmt: str, *, contact: bool = False) -> HttpResponseBase:
    """The export in `fmt` (csv, xlsx or jsonl), as an attachment. Never cached."""
    table = exports.Table.of(version, contact=contact)
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(version, table), content_type=exports.CONTENT_TYPES[fmt]
        )
    elif fmt == "jsonl":
        response = StreamingHttpResponse(
            exports.jsonl_lines(version, table), content_type=exports.CONTENT_TYPES[fmt]
        )
    elif fmt == "xlsx":
        response = StreamingHttpResponse(
            exports.xlsx_chunks(version, table), content_type=exports.CONTENT_TYPES[fmt]
        )
    else:
        raise Http404("No such format")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(version, fmt)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def export(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponseBase:
    version = analysable_version(request, slug, number)
    if fmt not in exports.FORMATS:
        raise Http404("No such format")
    if request.GET.get("contact"):
        # E-mail addresses only through the confirmation, which logs the request.
        url = reverse("consultations:contact_export", args=[slug, number])
        return redirect(f"{url}?format={fmt}")
    return download(version, fmt)


class ContactExportForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[
            ("csv", gettext_lazy("CSV")),
            ("xlsx", gettext_lazy("XLSX (Excel)")),
            ("jsonl", gettext_lazy("JSON Lines")),
        ],
        widget=forms.RadioSelect,
        initial="csv",
    )
    reason = forms.CharField(
        label=gettext_lazy("Why do you need respondents’ e-mail addresses?"),
        help_text=gettext_lazy(
            "For example, to ask an organisation to confirm its response. Your name, the time "
            "and this reason are shown to the organisation’s owners and editors."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Include respondents’ e-mail addresses"), required=False
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_export(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponseBase:
    """Asks the analyst to confirm they need e-mail addresses and why; sending the form logs
    the request and answers with the export."""
    version = analysable_version(request, slug, number)
    initial = {"format": request.GET.get("format", "csv")}
    form = ContactExportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exports.record_contact_export(
                version=version,
                user=request.user,
                fmt=data["format"],
                reason=data["reason"],
                confirmed=data["confirm"],
            )
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            return download(version, data["format"], contact=True)
    return _contact_page(request, version, form)


def _contact_page(request: HttpRequest, version: Version, form: ContactExportForm) -> HttpResponse:
    return render(
        request,
        "consultations/contact_export.html",
        {"document": version.document, "version": version, "form": form},
        status=400 if form.errors else 200,
    )
