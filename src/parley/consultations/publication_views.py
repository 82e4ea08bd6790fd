"""Pages for publishing responses and redacting them, the public's reading of them, and a
respondent's own "your response" page saying what became of theirs."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from parley import pagination
from parley.accounts.models import User
from parley.accounts.requests import AuthenticatedHttpRequest
from parley.consultations import publication, queries, tokens
from parley.consultations.models import Answer, Question, Redaction, Response
from parley.consultations.views import OWN_RESPONSES
from parley.files.views import attachment
from parley.forms import show_rejection
from parley.guidance.models import Version
from parley.validation import Rejected, whole_number

PAGE_SIZE = 50


def _version(request: HttpRequest, slug: str, number: int) -> Version:
    version, _editor = queries.version_or_404(request.user, slug, number)
    return version


def _public_rows(responses: Any) -> list[dict[str, Any]]:
    return [
        {
            "response": response,
            "name": publication.public_name(response),
            "answers": [(a, publication.shown_publicly(a)) for a in response.answers.all()],
            "files": getattr(response, "published_files", []),
        }
        for response in responses
    ]


def published(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The published responses, as consented and redacted: anyone, once published."""
    version = _version(request, slug, number)
    when = publication.published_at(version)
    if when is None:
        raise Http404("The responses are not published")
    page, paging = pagination.paged(request, publication.publishable_responses(version), PAGE_SIZE)
    return render(
        request,
        "consultations/published.html",
        {
            "document": version.document,
            "version": version,
            "page": page,
            "paging": paging,
            "rows": _public_rows(page.object_list),
            "confidential": publication.confidential_count(version),
            "published_at": when,
        },
    )


@require_http_methods(["GET"])
def published_file(
    request: HttpRequest, slug: str, number: int, file: int, name: str
) -> HttpResponse | FileResponse:
    """A file published with its response (consented, reviewed by a moderator), as an
    attachment; any other is the 404 of a file that never was."""
    version = _version(request, slug, number)
    found = publication.published_file(version, file)
    if found is None:
        raise Http404("No such file")
    if name != found.download_name:
        return redirect("consultations:published_file", slug, number, file, found.download_name)
    return attachment(found, found.download_name, public=True)


@login_required
@require_http_methods(["GET"])
def file_to_review(
    request: AuthenticatedHttpRequest, slug: str, number: int, reference: str, file: int
) -> FileResponse:
    """A publishable response's file, for its moderators to read before they review it."""
    version = _moderated(request, slug, number)
    found = publication.file_to_review(version, reference, file)
    if found is None:
        raise Http404("No such file")
    return attachment(found, found.download_name, public=False)


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    """The editor's "Publish the responses" page: what will be published, then a button."""
    version = _version(request, slug, number)
    if not publication.may_publish(request.user, version):
        raise PermissionDenied(_("Only the document’s editors can publish its responses"))
    error, status = "", 200
    if request.method == "POST":
        try:
            publication.publish_responses(version=version, user=request.user)
        except Rejected as rejected:
            error, status = rejected.detail, rejected.status
        else:
            return redirect("consultations:published", slug, number)
    elif not publication.has_closed(version):
        error = _("Responses can be published only after the consultation has closed")
    return render(
        request,
        "consultations/published_publish.html",
        {
            "document": version.document,
            "version": version,
            "error": error,
            "closed": publication.has_closed(version),
            "published_at": publication.published_at(version),
            "publishable": publication.publishable_responses(version).count(),
            "confidential": publication.confidential_count(version),
        },
        status=status,
    )


# Redacting -----------------------------------------------------------------------------


class RedactionForm(forms.Form):
    passage = forms.CharField(
        label=gettext_lazy("Words to redact"),
        help_text=gettext_lazy(
            "Copy them from the answer exactly; every place they occur is hidden."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        strip=False,
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("Why"),
        choices=Redaction.Reason.choices,
        widget=forms.RadioSelect,
        required=False,
    )


def _moderated(request: HttpRequest, slug: str, number: int) -> Version:
    version = _version(request, slug, number)
    if not publication.may_redact(request.user, version):
        raise PermissionDenied(_("Only the organisation’s moderators can redact its responses"))
    return version


@login_required
def redactions(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    """The publishable responses with written answers, each as it would be published."""
    version = _moderated(request, slug, number)
    page, paging = pagination.paged(request, publication.text_answers_to_redact(version), PAGE_SIZE)
    return render(
        request,
        "consultations/redact_list.html",
        {
            "document": version.document,
            "version": version,
            "page": page,
            "paging": paging,
            "rows": _public_rows(page.object_list),
            "published_at": publication.published_at(version),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def redact_response(
    request: AuthenticatedHttpRequest, slug: str, number: int, reference: str
) -> HttpResponse:
    """One response's written answers, each with its redactions (to undo) and a form to
    redact more: paste the words, choose why."""
    version = _moderated(request, slug, number)
    response = get_object_or_404(
        Response.objects.counted().exclude(consent=Response.Consent.CONFIDENTIAL),
        version=version,
        reference=reference,
    )
    answers = list(
        response.answers.filter(question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .select_related("question", "response")
        .prefetch_related("redactions")
        .order_by("question__number")
    )
    failed: tuple[int, RedactionForm] | None = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in {"publish_file", "withhold_file"}:
            reviewed = publication.file_to_review(
                version, reference, whole_number(request.POST.get("file")) or 0
            )
            if reviewed is None:
                raise Http404("No such file")
            publication.review_file(
                response_file=reviewed,
                moderator=request.user,
                publish=action == "publish_file",
            )
            return redirect(f"{request.path}#files")
        if action == "undo":
            redaction = get_object_or_404(
                Redaction,
                pk=whole_number(request.POST.get("redaction")) or 0,
                answer__response=response,
            )
            publication.undo_redaction(redaction=redaction, moderator=request.user)
            return redirect(request.path)
        chosen = whole_number(request.POST.get("question"))
        answer = next((a for a in answers if a.question.number == chosen), None)
        if answer is None:
            raise Http404("No such answer")
        form = RedactionForm(request.POST, prefix=f"answer-{answer.question.number}")
        if form.is_valid():
            try:
                publication.redact(
                    answer=answer,
                    moderator=request.user,
                    passage=form.cleaned_data["passage"],
                    reason=form.cleaned_data["reason"],
                )
            except Rejected as rejected:
                show_rejection(form, rejected)
            else:
                return redirect(f"{request.path}#answer-{answer.question.number}")
        failed, status = (answer.question.number, form), 400
    rows = [
        {
            "answer": answer,
            "shown": publication.shown_publicly(answer),
            "form": failed[1]
            if failed and failed[0] == answer.question.number
            else RedactionForm(prefix=f"answer-{answer.question.number}"),
        }
        for answer in answers
    ]
    return render(
        request,
        "consultations/redact_response.html",
        {
            "document": version.document,
            "version": version,
            "response": response,
            "name": publication.public_name(response),
            "rows": rows,
            "files": list(response.files.all()),
            "form": failed[1] if failed else None,
        },
        status=status,
    )


# The respondent's page -----------------------------------------------------------------


def _mine(request: HttpRequest, response: Response) -> bool:
    user = request.user if isinstance(request.user, User) else None
    if user is not None and response.user_id == user.pk:
        return True
    if response.reference in request.session.get(OWN_RESPONSES, []):
        return True
    token = request.GET.get("token", "")
    return bool(token) and tokens.read_response_token(token) == response.reference


def your_response(request: HttpRequest, reference: str) -> HttpResponse:
    """The respondent's private page: their reference, their answers as they would be
    published, and what became of the response. Its author only (their account, the
    browser session that wrote it, or the signed link in the receipt e-mail); else 404."""
    response = (
        Response.objects.select_related("version__document", "user")
        .filter(reference=reference)
        .first()
    )
    if response is None or not _mine(request, response):
        raise Http404("No such response")
    if response.status == Response.Status.DRAFT:
        return redirect("consultations:check", reference)
    own = request.session.get(OWN_RESPONSES, [])
    if response.reference not in own:
        request.session[OWN_RESPONSES] = [*own, response.reference][-50:]
    answers: list[Answer] = list(
        response.answers.select_related("question")
        .prefetch_related("redactions")
        .order_by("question__number")
    )
    outcome = publication.outcome_of(response, answers)
    page = render(
        request,
        "consultations/receipt.html",
        {
            "response": response,
            "version": response.version,
            "document": response.version.document,
            "answers": answers,
            "shown": [
                (a, publication.shown_publicly(a), outcome.on_questions.get(a.question.number))
                for a in answers
            ],
            "outcome": outcome,
            "replaced_by": response.replaced_by,
        },
    )
    # The signed link must not leak to other sites through the Referer header.
    page["Referrer-Policy"] = "no-referrer"
    return page
