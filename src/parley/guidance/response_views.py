"""The consultation response journey: write it, link changes to comments, publish it."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_safe

from parley.accounts.models import User
from parley.accounts.requests import AuthenticatedHttpRequest
from parley.discussions.models import Comment
from parley.guidance import queries, services
from parley.guidance.models import Clause, ClauseResponse, Document, Response, Version
from parley.guidance.response_forms import ResponseEditor
from parley.organisations.permissions import can_edit
from parley.validation import Rejected


def _version(request: HttpRequest, slug: str, number: int) -> tuple[Version, bool]:
    """The version and whether this person edits its document; a draft has no response."""
    document = get_object_or_404(Document.objects.select_related("organisation"), slug=slug)
    version = queries.version_by_number(document, number)
    if version is None or not version.is_public:
        raise Http404("No such version")
    version.document = document  # the same row, with its organisation already read
    return version, can_edit(request.user, document.organisation)


def _response_of(version: Version) -> Response | None:
    return Response.objects.filter(version=version).select_related("next_version").first()


def _not_consulted_yet(version: Version) -> str:
    """Why no response can be written yet, or "" when it can."""
    if services.consultation_has_closed(version):
        return ""
    if version.phase in {"scheduled", "open"}:
        closes = timezone.localtime(version.closes_at)
        return gettext(
            "The consultation on version %(number)s is open until %(closes)s. "
            "You can write the response once it has closed."
        ) % {"number": version.number, "closes": date_format(closes, "j F Y, H:i")}
    return gettext(
        "Version %(number)s was not put out for consultation, so there is no response to write."
    ) % {"number": version.number}


# Writing ------------------------------------------------------------------------------


def _editor(data: object | None, version: Version, response: Response | None) -> ResponseEditor:
    """Every form of the page, from five queries whatever the number of comments."""
    clauses = list(version.clauses.order_by("position"))
    answers: dict[str, ClauseResponse] = {}
    links: dict[str, list[int]] = {}
    if response is not None:
        answers = {str(row.lineage): row for row in response.clauses.all()}
        through = ClauseResponse.comments.through.objects.filter(clauseresponse__response=response)
        for lineage, comment_id in through.values_list("clauseresponse__lineage", "comment_id"):
            links.setdefault(str(lineage), []).append(comment_id)
    comments: dict[int, list[Comment]] = {}
    discussion_ids = [version.discussion_id, *(clause.discussion_id for clause in clauses)]
    for comment in (
        Comment.objects.public()
        .filter(discussion_id__in=discussion_ids)
        .select_related("discussion", "user")
        .order_by("discussion_id", "path")
    ):
        comments.setdefault(comment.discussion_id, []).append(comment)
    return ResponseEditor(
        data,
        version=version,
        response=response,
        clauses=clauses,
        answers=answers,
        links=links,
        comments=comments,
    )


def _save(editor: ResponseEditor, *, user: User, publish: bool) -> Response:
    """Save the response and the outcomes together, publishing too if asked: all or nothing."""
    version = editor.version
    with transaction.atomic():
        saved = services.save_response(
            version=version,
            user=user,
            summary=editor.response_form.cleaned_data["summary"],
            next_version=editor.response_form.cleaned_data["next_version"],
            answers=editor.answers(),
        )
        services.set_outcomes(version=version, user=user, outcomes=editor.outcomes())
        if publish:
            services.publish_response(response=saved, user=user)
    return saved


@login_required
@require_http_methods(["GET", "POST"])
def edit_response(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    version, editor = _version(request, slug, number)
    if not editor:
        raise PermissionDenied
    context: dict[str, object] = {"document": version.document, "version": version}
    if request.method == "GET" and (reason := _not_consulted_yet(version)):
        return render(
            request, "guidance/response_form.html", context | {"not_yet": reason}, status=409
        )
    existing = _response_of(version)
    page = _editor(request.POST if request.method == "POST" else None, version, existing)
    status = 200
    if request.method == "POST":
        status = 400
        if page.is_valid():
            publish = request.POST.get("action") == "publish"
            try:
                saved = _save(page, user=request.user, publish=publish)
            except Rejected as rejected:
                page.refuse(rejected)
                status = rejected.status
            else:
                if publish:
                    messages.success(request, gettext("The response is published"))
                    return redirect(saved)
                messages.success(
                    request,
                    gettext("Your changes are public")
                    if saved.is_published
                    else gettext("Draft response saved: it is not public until you publish it"),
                )
                return redirect("guidance:edit_response", slug, number)
    return render(
        request,
        "guidance/response_form.html",
        context | {"editor": page, "response": existing, "errors": page.error_links()},
        status=status,
    )


# Reading ------------------------------------------------------------------------------


@dataclass
class Answer:
    clause: Clause
    row: ClauseResponse
    next_clause: Clause | None


def _outcome_rows(version: Version, clauses: list[Clause]) -> list[tuple[Comment, str]]:
    """Public comments given an outcome, each with what it was about, in clause order."""
    place = {version.discussion_id: -1} | {c.discussion_id: c.position for c in clauses}
    about = {version.discussion_id: gettext("the version as a whole")} | {
        c.discussion_id: gettext("clause %(number)s") % {"number": c.number} for c in clauses
    }
    rows = (
        Comment.objects.public()
        .filter(discussion_id__in=place)
        .exclude(outcome="")
        .select_related("discussion", "user")
    )
    ordered = sorted(rows, key=lambda c: (place[c.discussion_id], c.number))
    return [(comment, about[comment.discussion_id]) for comment in ordered]


@require_safe
def response(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version, editor = _version(request, slug, number)
    answer = _response_of(version)
    if answer is None or (not answer.is_published and not editor):
        raise Http404("No published response")
    nxt = answer.next_version
    if nxt is not None and not (nxt.is_public or editor):
        nxt = None
    clauses = list(version.clauses.order_by("position"))
    by_lineage = {clause.lineage: clause for clause in clauses}
    next_clauses = {c.lineage: c for c in nxt.clauses.all()} if nxt else {}
    linked = Comment.objects.public().select_related("discussion", "user")
    rows = answer.clauses.prefetch_related(
        Prefetch("comments", queryset=linked.order_by("discussion_id", "number"))
    )
    answers = sorted(
        (
            Answer(
                clause=by_lineage[row.lineage], row=row, next_clause=next_clauses.get(row.lineage)
            )
            for row in rows
            if row.lineage in by_lineage
            and (row.heard_markdown.strip() or row.changed_markdown.strip() or row.comments.all())
        ),
        key=lambda a: a.clause.position,
    )
    return render(
        request,
        "guidance/response.html",
        {
            "document": version.document,
            "version": version,
            "response": answer,
            "next_version": nxt,
            "answers": answers,
            "outcomes": _outcome_rows(version, clauses),
            "can_edit": editor,
        },
    )
