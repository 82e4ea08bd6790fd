"""The coding frame's pages: for the organisation's analysts (and its editors and owners,
and site staff) only; everyone else gets a 404. Every change goes through `insights.frame`."""

import io
from collections.abc import Callable, Iterator
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from parley import pagination, spreadsheets
from parley.accounts.models import User
from parley.consultations import queries as consultation_queries
from parley.files import queries as file_queries
from parley.forms import show_rejection
from parley.guidance.models import ClauseResponse, Version
from parley.insights import frame, queries, search
from parley.insights.frame_forms import (
    BulkForm,
    CommentForm,
    DeleteForm,
    LinkForm,
    MergeForm,
    NewThemeForm,
    RenameForm,
    SplitForm,
    evidence_names,
)
from parley.insights.models import Coding, CommentReview, FrameTheme
from parley.insights.views import filters_asked
from parley.validation import Rejected

COMMENTS_PER_PAGE = 50
RESPONSES_LISTED = 50  # the frame page's formal responses, not yet reviewed first
LOG_PER_PAGE = 100


def _analysed_by(request: HttpRequest, slug: str, number: int) -> tuple[Version, User]:
    """The version, if this person analyses it; 404 otherwise (alike for one that does
    not exist)."""
    try:
        version, analyst = queries.visible_version(request.user, slug, number)
    except queries.NotVisible as error:
        raise Http404(str(error)) from error
    if not analyst or not isinstance(request.user, User):
        raise Http404("No such coding frame")
    return version, request.user


def _theme(version: Version, pk: int) -> FrameTheme:
    theme = FrameTheme.objects.filter(version=version, pk=pk).first()
    if theme is None:
        raise Http404("No such theme")
    theme.version = version
    return theme


def _frame_url(version: Version, query: str = "") -> str:
    url = reverse("insights:frame", args=[version.document.slug, version.number])
    return f"{url}?{query}" if query else url


def _attempt(form: Any, act: Callable[[], object]) -> int:
    """Run the service; on refusal put its errors on the form. The status to answer."""
    try:
        act()
    except Rejected as rejected:
        show_rejection(form, rejected)
        return rejected.status
    return 0


def _clause_label(clause_number: str) -> str:
    return (
        _("Whole version")
        if clause_number == "document"
        else _("Clause %(number)s") % {"number": clause_number}
    )


@require_http_methods(["GET", "POST"])
def frame_page(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The themes of the frame, and the comments and formal responses with their themes,
    review and evidence, to filter, tick and act on in bulk."""
    version, user = _analysed_by(request, slug, number)
    frame.adopt_analysis(version=version)
    themes = queries.frame_themes(version)
    by_pk = {theme.pk: theme for theme in themes}
    filters = filters_asked(request)
    new_form = NewThemeForm(prefix="new")
    bulk = BulkForm(themes=themes, prefix="bulk")
    status = 200
    if request.method == "POST":
        status = 400
        if request.POST.get("form") == "new":
            new_form = NewThemeForm(request.POST, prefix="new")
            if new_form.is_valid():
                made: list[FrameTheme] = []
                status = (
                    _attempt(
                        new_form,
                        lambda: made.append(
                            frame.create_theme(
                                version=version, user=user, name=new_form.cleaned_data["name"]
                            )
                        ),
                    )
                    or 302
                )
                if made:
                    messages.success(request, _("Theme made: “%(name)s”") % {"name": made[0].name})
                    return redirect("insights:frame_theme", slug=slug, number=number, pk=made[0].pk)
        else:
            bulk = BulkForm(request.POST, themes=themes, prefix="bulk")
            if bulk.is_valid():
                status = _apply(request, bulk, version, user, by_pk, filters) or 302
                if status == 302:
                    return redirect(_frame_url(version, request.GET.urlencode()))
            elif bulk.has_error("theme", "gone"):
                status = 409
    results = pagination.page_of(
        queries.coded_comments(search.search(version, filters)),
        COMMENTS_PER_PAGE,
        pagination.number_asked(request),
    )
    places = queries.discussion_clauses(version)
    clause_of = {pk: queries.clause_label(clause) for pk, clause in places.items()}
    for comment in results:
        comment.where = _clause_label(clause_of[comment.discussion_id])  # type: ignore[attr-defined]
    ticked = {str(v) for v in request.POST.getlist("bulk-comments")}
    ticked_responses = {str(v) for v in request.POST.getlist("bulk-responses")}
    formal_responses, formal_response_total = queries.frame_responses(
        version,
        limit=RESPONSES_LISTED,
        code=filters.code,
        evidence=filters.evidence,
        reviewed=filters.reviewed,
        matching=search.responses(version, filters.text) if filters.text else None,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "insights/frame.html",
        {
            "document": version.document,
            "version": version,
            "themes": themes,
            "filters": filters,
            "filter_theme": by_pk.get(filters.code) if filters.code is not None else None,
            "evidence_names": evidence_names(),
            "new_form": new_form,
            "bulk": bulk,
            "results": results,
            "ticked": ticked,
            "ticked_responses": ticked_responses,
            "query_string": query.urlencode(),
            "the_analysts": frame.is_the_analysts(version),
            "earlier": queries.earlier_themes(version),
            "formal_responses": formal_responses,
            "formal_response_total": formal_response_total,
        },
        status=status,
    )


def _apply(
    request: HttpRequest,
    bulk: BulkForm,
    version: Version,
    user: User,
    themes: dict[int, FrameTheme],
    filters: search.Filters,
) -> int:
    """The bulk form's action on its ticked comments and formal responses, through one
    `insights.frame` service (atomic: all of them or none); the status to answer."""
    data = bulk.cleaned_data
    ids: list[int] = data["comments"]
    responses: list[int] = data["responses"]
    action = data["action"]
    theme, revision = data.get("theme") or (None, None)
    seen = {theme.pk: revision} if theme is not None and revision is not None else {}
    items: dict[str, Any] = {"comment_ids": ids, "response_ids": responses}

    def act() -> None:
        if action == "tag" and theme is not None:
            frame.tag_comments(version=version, user=user, add=[theme], seen=seen, **items)
        elif action == "untag" and theme is not None:
            frame.tag_comments(version=version, user=user, remove=[theme], seen=seen, **items)
        elif action == "move" and theme is not None:
            source = themes.get(filters.code) if filters.code is not None else None
            if source is None:
                raise Rejected(
                    {
                        "action": [
                            _(
                                "Filter the list on a theme first: the comments move out of "
                                "that theme"
                            )
                        ]
                    }
                )
            frame.move_comments(
                version=version, user=user, source=source, target=theme, seen=seen, **items
            )
        else:
            frame.mark_reviewed(version=version, user=user, reviewed=action == "reviewed", **items)

    status = _attempt(bulk, act)
    if not status:
        if ids:
            messages.success(
                request,
                ngettext("Done for %(count)s comment", "Done for %(count)s comments", len(ids))
                % {"count": len(ids)},
            )
        if responses:
            messages.success(
                request,
                ngettext(
                    "Done for %(count)s formal response",
                    "Done for %(count)s formal responses",
                    len(responses),
                )
                % {"count": len(responses)},
            )
    return status


@require_http_methods(["GET", "POST"])
def theme_page(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    """One theme: rename, link to clauses and the response, split, merge or delete it."""
    version, user = _analysed_by(request, slug, number)
    theme = _theme(version, pk)
    others = [t for t in queries.frame_themes(version) if t.pk != theme.pk]
    members = list(
        queries.coded_comments(
            queries.consultation_comments(version, queries.discussion_clauses(version)).filter(
                codings__theme=theme
            )
        ).order_by("discussion_id", "number")
    )
    member_choices = [
        (str(c.pk), f"#{c.number} {c.display_name}: {c.body_markdown[:120]}") for c in members
    ]
    formal = queries.theme_responses(theme)
    response_choices = [(str(r.pk), r.reference) for r in formal]
    clauses = list(version.clauses.order_by("position"))
    clause_choices = [
        (str(c.lineage), f"{c.number}. {c.heading_shown.text}".strip()) for c in clauses
    ]
    entries = list(ClauseResponse.objects.filter(response__version=version).order_by("pk"))
    heading_of = {c.lineage: c for c in clauses}
    entry_choices = [
        (
            str(e.pk),
            _("Response to clause %(number)s") % {"number": heading_of[e.lineage].number}
            if e.lineage in heading_of
            else str(e.pk),
        )
        for e in entries
    ]
    initial = {"revision": theme.revision}
    forms: dict[str, Any] = {
        "rename": RenameForm(prefix="rename", initial=initial | {"name": theme.name}),
        "link": LinkForm(
            prefix="link",
            clauses=clause_choices,
            entries=entry_choices,
            initial=initial
            | {
                "lineages": theme.lineages,
                "responses": [str(pk) for pk in theme.responses.values_list("pk", flat=True)],
            },
        ),
        "split": SplitForm(
            prefix="split", members=member_choices, responses=response_choices, initial=initial
        ),
        "merge": MergeForm(prefix="merge", others=others, initial=initial),
        "delete": DeleteForm(prefix="delete", initial=initial),
    }
    status = 200
    if request.method == "POST":
        which = request.POST.get("form", "")
        status = 400
        if which in forms:
            per_form: dict[str, dict[str, Any]] = {
                "rename": {},
                "link": {"clauses": clause_choices, "entries": entry_choices},
                "split": {"members": member_choices, "responses": response_choices},
                "merge": {"others": others},
                "delete": {},
            }
            kwargs = per_form[which]
            form = type(forms[which])(request.POST, prefix=which, **kwargs)
            forms[which] = form
            if form.is_valid():
                done = _theme_action(which, form.cleaned_data, theme, user)
                status = _attempt(form, done[0])
                if not status:
                    messages.success(request, done[1])
                    if which in {"merge", "delete"}:
                        return redirect(_frame_url(version))
                    return redirect("insights:frame_theme", slug=slug, number=number, pk=theme.pk)
    return render(
        request,
        "insights/frame_theme.html",
        {
            "document": version.document,
            "version": version,
            "theme": theme,
            "members": members,
            "formal_responses": formal,
            "forms": forms,
            "evidence_names": evidence_names(),
            "any_errors": [f for f in forms.values() if f.errors],
        },
        status=status,
    )


def _theme_action(
    which: str, data: dict[str, Any], theme: FrameTheme, user: User
) -> tuple[Callable[[], object], str]:
    revision = data["revision"]
    if which == "rename":
        return (
            lambda: frame.rename_theme(
                theme=theme, user=user, name=data["name"], revision=revision
            ),
            _("Theme renamed"),
        )
    if which == "link":
        return (
            lambda: frame.link_theme(
                theme=theme,
                user=user,
                revision=revision,
                lineages=data["lineages"],
                responses=[int(pk) for pk in data["responses"]],
            ),
            _("Links saved"),
        )
    if which == "split":
        return (
            lambda: frame.split_theme(
                theme=theme,
                user=user,
                name=data["name"],
                comment_ids=[int(pk) for pk in data["comments"]],
                response_ids=[int(pk) for pk in data["responses"]],
                revision=revision,
            ),
            _("Theme split: the comments and responses you chose are in the new theme"),
        )
    if which == "merge":
        into, seen = data["into"]
        return (
            lambda: frame.merge_themes(
                theme=theme, into=into, user=user, revision=revision, into_revision=seen
            ),
            _("Themes merged into “%(name)s”") % {"name": into.name},
        )
    return (
        lambda: frame.delete_theme(theme=theme, user=user, revision=revision),
        _("Theme deleted"),
    )


@require_http_methods(["GET", "POST"])
def comment_page(request: HttpRequest, slug: str, number: int, pk: int) -> HttpResponse:
    """One comment: its evidence and why, its themes, reviewed, and the private note."""
    version, user = _analysed_by(request, slug, number)
    places = queries.discussion_clauses(version)
    comment = (
        queries.coded_comments(queries.consultation_comments(version, places)).filter(pk=pk).first()
    )
    if comment is None:
        raise Http404("No such comment")
    themes = queries.frame_themes(version)
    form, status, done = _coding(
        request,
        version,
        themes,
        codings=list(comment.codings.all()),
        review=getattr(comment, "review", None),
        save=lambda chosen, reviewed, note: frame.code_comment(
            version=version,
            user=user,
            comment_id=comment.pk,
            themes=chosen,
            reviewed=reviewed,
            note=note,
        ),
    )
    if done:
        return done
    placement = getattr(comment, "placement", None)
    return render(
        request,
        "insights/frame_comment.html",
        {
            "document": version.document,
            "version": version,
            "comment": comment,
            "where": _clause_label(queries.clause_label(places[comment.discussion_id])),
            "signs": placement.evidence if placement else [],
            "suggested": [c for c in comment.codings.all() if c.source == Coding.Source.SUGGESTED],
            "form": form,
            "evidence_names": evidence_names(),
        },
        status=status,
    )


def _coding(
    request: HttpRequest,
    version: Version,
    themes: list[FrameTheme],
    *,
    codings: list[Coding],
    review: CommentReview | None,
    save: Callable[[list[FrameTheme], bool, str], object],
) -> tuple[CommentForm, int, HttpResponse | None]:
    """The form coding one comment or response (its themes, reviewed, the private note):
    shown as it is, or sent and saved through `save`; the redirect back to the frame once
    saved."""
    form = CommentForm(
        themes=themes,
        initial={
            "themes": [str(c.theme_id) for c in codings],
            "reviewed": bool(review and review.reviewed),
            "note": review.note if review else "",
        },
    )
    if request.method != "POST":
        return form, 200, None
    form = CommentForm(request.POST, themes=themes)
    if not form.is_valid():
        return form, 400, None
    chosen = [t for t in themes if str(t.pk) in form.cleaned_data["themes"]]
    status = _attempt(
        form, lambda: save(chosen, form.cleaned_data["reviewed"], form.cleaned_data["note"])
    )
    if status:
        return form, status, None
    messages.success(request, _("Coding saved"))
    return form, 200, redirect(_frame_url(version))


@require_http_methods(["GET", "POST"])
def response_page(request: HttpRequest, slug: str, number: int, reference: str) -> HttpResponse:
    """One formal response (of any channel): its written answers and its files' text, its
    themes, reviewed, and the private note."""
    version, user = _analysed_by(request, slug, number)
    response = (
        consultation_queries.counted_with_answers(version).filter(reference=reference[:12]).first()
    )
    if response is None:
        raise Http404("No such response")
    themes = queries.frame_themes(version)
    codings = list(Coding.objects.filter(response=response))
    form, status, done = _coding(
        request,
        version,
        themes,
        codings=codings,
        review=CommentReview.objects.filter(response=response).first(),
        save=lambda chosen, reviewed, note: frame.code_response(
            version=version,
            user=user,
            response_id=response.pk,
            themes=chosen,
            reviewed=reviewed,
            note=note,
        ),
    )
    if done:
        return done
    return render(
        request,
        "insights/frame_response.html",
        {
            "document": version.document,
            "version": version,
            "response": response,
            "answers": [a for a in response.answers.all() if not a.is_empty],
            "file_text": file_queries.texts_of_responses([response.pk]).get(response.pk, ""),
            "suggested": [c for c in codings if c.source == Coding.Source.SUGGESTED],
            "form": form,
        },
        status=status,
    )


@require_safe
def log_page(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Who changed the frame, when, and what: newest first."""
    version, _user = _analysed_by(request, slug, number)
    entries = pagination.page_of(
        queries.frame_log(version), LOG_PER_PAGE, pagination.number_asked(request)
    )
    return render(
        request,
        "insights/frame_log.html",
        {"document": version.document, "version": version, "entries": entries},
    )


def _csv(fields: list[str], rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = spreadsheets.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@require_safe
def frame_export(request: HttpRequest, slug: str, number: int, what: str) -> StreamingHttpResponse:
    """The coding (themes, review, evidence, notes) or the log, as CSV."""
    version, _user = _analysed_by(request, slug, number)
    if what == "coding":
        lines = _csv(queries.CODING_FIELDS, queries.coding_rows(version))
    elif what == "log":
        lines = _csv(queries.LOG_FIELDS, queries.log_rows(version))
    else:
        raise Http404("No such export")
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    name = f"{version.document.slug}-v{version.number}-{what}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


__all__ = ["comment_page", "frame_export", "frame_page", "log_page", "response_page", "theme_page"]
