"""Pages for after a consultation closes: the editor setting when the body's response is
due, and the summary of responses that goes with the published response."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from parley.accounts.requests import AuthenticatedHttpRequest
from parley.consultations import closing, queries, summary
from parley.consultations.closing_forms import ResponseDueForm
from parley.forms import show_rejection
from parley.organisations.permissions import can_analyse


@login_required
@require_http_methods(["GET", "POST"])
def response_due(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    version, editor = queries.version_or_404(request.user, slug, number)
    if not editor:
        raise PermissionDenied(_("Only the document’s editors can set when the response is due"))
    if version.closes_at is None:
        raise Http404("This version has no consultation")
    current = closing.due_date(version, closing.consultation_or_none(version))
    form = ResponseDueForm(request.POST or None, initial_due=current)
    if request.method == "POST" and form.is_valid():
        try:
            closing.set_response_due(
                version=version, user=request.user, due=form.cleaned_data["due"]
            )
        except closing.ClosingRejected as rejected:
            show_rejection(form, rejected)
        else:
            return redirect(version)
    return render(
        request,
        "consultations/response_due.html",
        {
            "document": version.document,
            "version": version,
            "form": form,
            "closed_on": version.closes_at,
            "default_due": closing.due_date(version, None),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def responses_summary(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Public once the body's response to the version is published; before that, a preview
    for the organisation's editors and analysts; anyone else gets a 404."""
    version, _editor = queries.version_for(request.user, slug, number)
    if version is None or not version.is_public:
        raise Http404("No such version")
    public = closing.response_published(version)
    if not public and not can_analyse(request.user, version.document.organisation):
        raise Http404("Not published yet")
    return render(
        request,
        "consultations/summary.html",
        {
            "document": version.document,
            "version": version,
            "summary": summary.summary_of(version),
            "public": public,
            "consultation": closing.consultation_or_none(version),
        },
    )
