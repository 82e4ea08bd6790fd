from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parley import bilingual, sharing
from parley.accounts.requests import AuthenticatedHttpRequest
from parley.conditional import Freshness, conditional
from parley.discussions import page_cache, pages
from parley.forms import show_rejection
from parley.guidance import cards, diff, embed_views, queries, services
from parley.guidance.forms import ClauseForm, DocumentForm, IntroductionForm, ScheduleForm
from parley.guidance.models import Clause, Document, GuidanceChange, Version
from parley.markup import render_document
from parley.organisations.permissions import can_edit, editable_organisations
from parley.validation import Rejected


def _document(request: HttpRequest, slug: str) -> tuple[Document, bool]:
    document = get_object_or_404(Document.objects.select_related("organisation"), slug=slug)
    return document, can_edit(request.user, document.organisation)


def _version(request: HttpRequest, slug: str, number: int) -> tuple[Version, bool]:
    """The version, if this person may see it (drafts only for the document's editors)."""
    document, editor = _document(request, slug)
    version = queries.version_by_number(document, number)
    if version is None or (not version.is_public and not editor):
        raise Http404("No such version")
    return version, editor


# Reading -----------------------------------------------------------------------------


def _document_freshness(request: HttpRequest, slug: str, **_: object) -> Freshness | None:
    """Every reading page of a document (its versions, their clauses) changes with the
    document's change log, its versions' phases (which follow the clock) and the activity
    in any of its discussions; read in four small queries."""
    return queries.document_freshness(slug)


def _sharing(
    request: HttpRequest, path: str, title: str, description: str, card: cards.Card
) -> dict[str, object]:
    """Share links, meta tags, the embed snippet and the oEmbed discovery address."""
    url = request.build_absolute_uri(path)
    return {
        "share": sharing.share_links(request, path, title, description),
        "embed_snippet": embed_views.iframe(
            request, card, embed_views.EMBED_WIDTH, embed_views.EMBED_HEIGHT
        ),
        "oembed_url": request.build_absolute_uri(reverse("oembed"))
        + "?"
        + urlencode({"url": url, "format": "json"}),
    }


def index(request: HttpRequest) -> HttpResponse:
    documents = list(queries.public_documents())
    current = queries.current_versions(documents)
    return render(
        request,
        "guidance/index.html",
        {
            "documents": [(document, current.get(document.pk)) for document in documents],
            "can_create": bool(editable_organisations(request.user)),
        },
    )


def _version_page(
    request: HttpRequest, version: Version, editor: bool, *, is_current: bool
) -> HttpResponse:
    def context() -> dict[str, object]:
        rows = queries.clauses_with_stats(version)
        stats = [s for _, s in rows]
        versions = list(version.document.versions.order_by("number"))
        previous = next(
            (v for v in reversed(versions) if v.number < version.number and v.is_public), None
        )
        return {
            "document": version.document,
            "version": version,
            "clauses": [
                (clause, stat, level)
                for (clause, stat), level in zip(rows, queries.heat(stats), strict=True)
            ],
            "totals": queries.stance_totals(stats),
            "versions": [v for v in versions if v.is_public or editor],
            "previous": previous,
            "is_current": is_current,
            "can_edit": editor,
            "response": getattr(version, "response", None),
            "discussion_heading": _("Comments on version %(number)s as a whole")
            % {"number": version.number},
            **_sharing(
                request,
                version.document.get_absolute_url() if is_current else version.get_absolute_url(),
                version.document.title_shown.text
                if is_current
                else _("%(title)s, version %(number)s")
                % {"title": version.document.title_shown.text, "number": version.number},
                version.document.summary or sharing.summary(version.introduction_html),
                cards.Card(document=version.document, version=version, comments=0),
            ),
        }

    return pages.serve(request, version.discussion, "guidance/version.html", context)


@require_http_methods(["GET", "POST"])
@conditional(_document_freshness)
def document(request: HttpRequest, slug: str) -> HttpResponse:
    the_document, editor = _document(request, slug)
    version = queries.current_version(the_document)
    if version is None:
        if not editor:
            raise Http404("Nothing published yet")
        draft = the_document.versions.order_by("-number").first()
        assert draft is not None  # a document is created with its first version
        return redirect("guidance:version", slug, draft.number)
    return _version_page(request, version, editor, is_current=True)


@require_http_methods(["GET", "POST"])
@conditional(_document_freshness)
def version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    the_version, editor = _version(request, slug, number)
    current = queries.current_version(the_version.document)
    return _version_page(
        request,
        the_version,
        editor,
        is_current=current is not None and current.pk == the_version.pk,
    )


@require_http_methods(["GET", "POST"])
@conditional(_document_freshness)
@page_cache.for_anonymous(_document_freshness)
def clause(request: HttpRequest, slug: str, number: int, clause: str) -> HttpResponse:
    the_version, editor = _version(request, slug, number)
    the_clause = get_object_or_404(
        Clause.objects.select_related("discussion", "version__document"),
        version=the_version,
        number=clause,
    )

    def context() -> dict[str, object]:
        earlier, earlier_count = queries.predecessor_comments(the_clause)
        return {
            "document": the_version.document,
            "version": the_version,
            "clause": the_clause,
            "earlier": earlier,
            "earlier_count": earlier_count,
            "can_edit": editor,
            **_sharing(
                request,
                the_clause.get_absolute_url(),
                cards.clause_title(the_clause, the_version.document),
                sharing.summary(the_clause.body_html),
                cards.Card(
                    document=the_version.document,
                    version=the_version,
                    clause=the_clause,
                    comments=0,
                ),
            ),
        }

    return pages.serve(request, the_clause.discussion, "guidance/clause.html", context)


def compare(request: HttpRequest, slug: str, a: int, b: int) -> HttpResponse:
    old, _ = _version(request, slug, a)
    new, _ = _version(request, slug, b)
    changes = diff.compare_versions(old, new, language=bilingual.page_language())
    return render(
        request,
        "guidance/compare.html",
        {
            "document": old.document,
            "old": old,
            "new": new,
            "changes": changes,
            "counts": {
                kind: sum(1 for c in changes if c.kind == kind)
                for kind in ("added", "removed", "changed", "unchanged")
            },
        },
    )


def history(request: HttpRequest, slug: str) -> HttpResponse:
    the_document, editor = _document(request, slug)
    if not editor:
        raise Http404("No such page")
    changes = GuidanceChange.objects.filter(document=the_document).select_related("user")[:500]
    return render(request, "guidance/history.html", {"document": the_document, "changes": changes})


# Editing -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def new_document(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = editable_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    form = DocumentForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_document(
                user=request.user,
                organisation=form.cleaned_data["organisation"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                slug=form.cleaned_data["slug"],
                title_cy=form.cleaned_data["title_cy"],
                summary_cy=form.cleaned_data["summary_cy"],
            )
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            return redirect("guidance:edit_version", created.slug, 1)
    return render(
        request, "guidance/document_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_document(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    the_document, editor = _document(request, slug)
    if not editor:
        raise PermissionDenied
    form = DocumentForm(
        request.POST or None,
        initial={
            "title": the_document.title,
            "summary": the_document.summary,
            "title_cy": the_document.title_cy,
            "summary_cy": the_document.summary_cy,
        },
        organisations=[the_document.organisation],
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(
                document=the_document,
                user=request.user,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                title_cy=form.cleaned_data["title_cy"],
                summary_cy=form.cleaned_data["summary_cy"],
            )
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            return redirect(the_document)
    return render(
        request,
        "guidance/document_form.html",
        {"form": form, "document": the_document},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def new_version(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    the_document, editor = _document(request, slug)
    if not editor:
        raise PermissionDenied
    try:
        created = services.create_version(document=the_document, user=request.user)
    except Rejected as rejected:
        # A conflict with the unfinished draft, not a refusal: the editor may, once it is done.
        return render(
            request,
            "guidance/new_version_conflict.html",
            {
                "document": the_document,
                "draft": the_document.versions.order_by("-number").first(),
                "message": rejected.detail,
            },
            status=409,
        )
    return redirect("guidance:edit_version", slug, created.number)


@login_required
@require_http_methods(["GET", "POST"])
def edit_version(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    """A draft's workbench: introduction, clause list (reorder, remove), add a clause."""
    the_version, editor = _version(request, slug, number)
    if not editor:
        raise PermissionDenied
    intro = IntroductionForm(
        initial={
            "introduction": the_version.introduction_markdown,
            "introduction_cy": the_version.introduction_markdown_cy,
        }
    )
    clause_form = ClauseForm(version=the_version)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "introduction":
                intro = IntroductionForm(request.POST)
                if intro.is_valid():
                    services.update_version(
                        version=the_version,
                        user=request.user,
                        introduction=intro.cleaned_data["introduction"],
                        introduction_cy=intro.cleaned_data["introduction_cy"],
                    )
                    return redirect("guidance:edit_version", slug, number)
            elif action == "add":
                clause_form = ClauseForm(request.POST, version=the_version)
                if clause_form.is_valid():
                    services.add_clause(
                        version=the_version, user=request.user, **clause_form.service_fields()
                    )
                    return redirect(f"{request.path}#clauses")
            elif action in {"up", "down", "remove"}:
                target = get_object_or_404(
                    Clause, version=the_version, pk=request.POST.get("clause") or 0
                )
                if action == "remove":
                    services.remove_clause(clause=target, user=request.user)
                else:
                    services.move_clause(clause=target, user=request.user, direction=action)
                return redirect(f"{request.path}#clauses")
        except Rejected as rejected:
            show_rejection(clause_form if action == "add" else intro, rejected)
    errors = bool(intro.errors or clause_form.errors)
    return render(
        request,
        "guidance/edit_version.html",
        {
            "document": the_version.document,
            "version": the_version,
            "clauses": list(the_version.clauses.order_by("position")),
            "intro_form": intro,
            "clause_form": clause_form,
            "is_draft": the_version.status == Version.Status.DRAFT,
        },
        status=400 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_clause(
    request: AuthenticatedHttpRequest, slug: str, number: int, clause: str
) -> HttpResponse:
    the_version, editor = _version(request, slug, number)
    if not editor:
        raise PermissionDenied
    the_clause = get_object_or_404(Clause, version=the_version, number=clause)
    form = ClauseForm(
        request.POST or None,
        version=the_version,
        initial={
            "number": the_clause.number,
            "heading": the_clause.heading,
            "body": the_clause.body_markdown,
            "heading_cy": the_clause.heading_cy,
            "body_cy": the_clause.body_markdown_cy,
            "origin": the_clause.origin,
            "origin_lineages": [str(x) for x in the_clause.origin_lineages],
        },
    )
    preview = preview_cy = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "preview":
            preview = render_document(form.cleaned_data["body"])
            preview_cy = services.render_welsh(form.cleaned_data["body_cy"])
        else:
            try:
                services.update_clause(
                    clause=the_clause, user=request.user, **form.service_fields()
                )
            except Rejected as rejected:
                show_rejection(form, rejected)
            else:
                return redirect(f"{the_version.get_absolute_url()}edit/#clauses")
    return render(
        request,
        "guidance/clause_form.html",
        {
            "document": the_version.document,
            "version": the_version,
            "clause": the_clause,
            "form": form,
            "preview": preview,
            "preview_cy": preview_cy,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    the_version, editor = _version(request, slug, number)
    if not editor:
        raise PermissionDenied
    form = ScheduleForm(
        request.POST or None,
        initial={"opens_at": the_version.opens_at, "closes_at": the_version.closes_at},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_consultation(
                version=the_version,
                user=request.user,
                opens_at=form.cleaned_data["opens_at"],
                closes_at=form.cleaned_data["closes_at"],
            )
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            return redirect(the_version)
    return render(
        request,
        "guidance/schedule.html",
        {"document": the_version.document, "version": the_version, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    the_version, editor = _version(request, slug, number)
    if not editor:
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        try:
            services.publish_version(version=the_version, user=request.user)
        except Rejected as rejected:
            error = rejected.detail
        else:
            return redirect(the_version.document)
    return render(
        request,
        "guidance/publish.html",
        {"document": the_version.document, "version": the_version, "error": error},
        status=409 if error else 200,
    )
