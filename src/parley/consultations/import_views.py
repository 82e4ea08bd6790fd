"""Importing responses from a spreadsheet: upload it, map its columns to questions and to
the respondent's details, see every bad row, then import all of them or none. For the
organisation's editors and owners (the document's editors); `consultations.imports` does
the work, as it does for `parley import-responses`."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from parley.accounts.requests import AuthenticatedHttpRequest
from parley.consultations import imports, queries, services
from parley.consultations.models import Question, Response, ResponseImport
from parley.files import uploads
from parley.forms import show_rejection
from parley.guidance.models import Version
from parley.validation import Rejected

SAMPLE_ROWS = 3


def _channels() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in services.STAFF_CHANNELS]


class UploadForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("How did these responses arrive?"),
        choices=_channels,
        initial=Response.Channel.IMPORT,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("Upload a spreadsheet"),
        help_text=gettext_lazy(
            "A CSV file in UTF-8 or an XLSX file, smaller than 50 MB, with headings in its "
            "first row and one response a row."
        ),
        required=False,
        widget=forms.FileInput,
    )


class MappingForm(forms.Form):
    """One choice a column of the file: the question it answers, a detail of the
    respondent, or nothing; and the consent of a row that gives none."""

    def __init__(
        self,
        *args: Any,
        table: imports.Table,
        questions: list[Question],
        demographics: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = imports.targets(questions, demographics)
        self.columns: list[tuple[str, str]] = []
        for index, header in enumerate(table.headers):
            samples = [cells[index] for _n, cells in table.rows[:SAMPLE_ROWS] if index < len(cells)]
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header,
                help_text=_("For example: %(values)s")
                % {"values": " · ".join(s[:60] for s in samples if s) or "—"},
                choices=choices,
            )
            self.columns.append((name, header))
        self.fields["consent"] = forms.ChoiceField(
            label=gettext_lazy("Consent to publish, for a row that does not say"),
            choices=[("", gettext_lazy("None: each row must say")), *Response.Consent.choices],
            required=False,
            widget=forms.RadioSelect,
        )

    def column_map(self, channel: str) -> imports.ColumnMap:
        data = self.cleaned_data
        return imports.ColumnMap(
            columns={header: data[name] for name, header in self.columns},
            channel=channel,
            consent=data.get("consent", ""),
        )


def _importable(request: HttpRequest, slug: str, number: int) -> Version:
    version, editor = queries.version_or_404(request.user, slug, number)
    if not editor:
        raise PermissionDenied(_("Only the document’s editors import responses"))
    return version


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    version = _importable(request, slug, number)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and uploads.too_large(request):
        form.is_valid()
        form.add_error("file", _("The file must be smaller than 50 MB"))
    elif request.method == "POST" and form.is_valid():
        given = form.cleaned_data["file"]
        try:
            if given is None:
                raise Rejected({"file": [_("Choose a CSV or XLSX file")]})
            kept = imports.keep_upload(
                version=version,
                by=request.user,
                file_name=given.name or "",
                content=given,  # read a row at a time, never whole
                channel=form.cleaned_data["channel"],
            )
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            return redirect("consultations:import_mapping", slug, number, kept.pk)
    return render(
        request,
        "consultations/import_upload.html",
        {"document": version.document, "version": version, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mapping(request: AuthenticatedHttpRequest, slug: str, number: int, upload: int) -> HttpResponse:
    """Map the columns, check every row (the problems listed: row, column, problem), then
    import. Checking imports nothing; importing checks again and saves all or nothing."""
    version = _importable(request, slug, number)
    kept = get_object_or_404(ResponseImport, pk=upload, version=version, imported_at=None)
    table = imports.table_of(kept)
    questions = queries.questions_of(version)
    demographics = list(services.settings_of(version).demographics)
    saved = kept.mapping.get("columns") if kept.mapping else None
    guessed = saved or imports.guess(table, questions, demographics)
    initial = {f"column_{i}": guessed.get(h, imports.IGNORE) for i, h in enumerate(table.headers)}
    initial["consent"] = kept.mapping.get("consent", "") if kept.mapping else ""
    form = MappingForm(
        request.POST or None,
        table=table,
        questions=questions,
        demographics=demographics,
        initial=initial,
    )
    errors: list[imports.RowError] = []
    checked: imports.Imported | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        importing = request.POST.get("action") == "import"
        try:
            result = imports.import_upload(
                upload=kept,
                column_map=form.column_map(kept.channel),
                by=request.user,
                dry_run=not importing,
            )
        except imports.ImportRejected as rejected:
            errors, status = rejected.rows, 422
        except Rejected as rejected:
            show_rejection(form, rejected)
            status = rejected.status
        else:
            if importing:
                messages.success(
                    request,
                    _("Imported %(count)s responses from %(file)s (%(already)s already imported)")
                    % {"count": result.imported, "file": kept.file_name, "already": result.already},
                )
                return redirect(reverse("consultations:responses", args=[slug, number]))
            checked = result
    return render(
        request,
        "consultations/import_mapping.html",
        {
            "document": version.document,
            "version": version,
            "form": form,
            "upload": kept,
            "rows": len(table.rows),
            "errors": errors[: imports.ROW_ERRORS_SHOWN],
            "more_errors": max(len(errors) - imports.ROW_ERRORS_SHOWN, 0),
            "checked": checked,
        },
        status=status if status != 200 else (400 if form.errors else 200),
    )
