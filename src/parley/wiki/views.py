from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parley import pagination
from parley.accounts.requests import AuthenticatedHttpRequest
from parley.discussions import pages
from parley.forms import show_rejection
from parley.guidance.diff import word_diff
from parley.guidance.models import Adoption, Document
from parley.organisations.models import Organisation
from parley.organisations.permissions import can_edit, can_edit_wiki, can_manage_members
from parley.validation import Rejected, whole_number
from parley.wiki import queries, services
from parley.wiki.forms import (
    AdoptForm,
    ChooseDocumentForm,
    PageForm,
    SpaceSettingsForm,
    SupportedClausesForm,
)
from parley.wiki.models import SITE_SPACE, Page, Revision, Space

# Revisions a page of a wiki page's history shows, newest first.
HISTORY_PER_PAGE = 100


def _space(slug: str) -> Space:
    if slug == SITE_SPACE:
        return services.site_space()
    found = Space.objects.select_related("organisation").filter(slug=slug).first()
    if found is None:  # an organisation's space is made when first visited
        return services.space_for(get_object_or_404(Organisation, slug=slug))
    return found


def _may_edit(request: HttpRequest, space: Space) -> bool:
    return can_edit_wiki(request.user, space.organisation, space.edit_policy)


def _may_manage(request: HttpRequest, space: Space) -> bool:
    if space.organisation is None:
        return bool(request.user.is_authenticated and request.user.is_staff)
    return can_manage_members(request.user, space.organisation)


def _page(space_slug: str, page_slug: str) -> Page:
    found = queries.page(space_slug, page_slug)
    if found is None:
        raise Http404("No such page")
    return found


# Reading ---------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    services.site_space()
    return render(request, "wiki/index.html", {"spaces": list(queries.spaces())})


def space(request: HttpRequest, space: str) -> HttpResponse:
    the_space = _space(space)
    adoptions = (
        list(
            Adoption.objects.filter(organisation=the_space.organisation).select_related(
                "document", "version"
            )
        )
        if the_space.organisation
        else []
    )
    pages = list(queries.pages_of(the_space))
    to_review = queries.sections_to_review(pages)
    for each in pages:
        each.needs_review = each.pk in to_review  # type: ignore[attr-defined]
    return render(
        request,
        "wiki/space.html",
        {
            "space": the_space,
            "pages": pages,
            "can_edit": _may_edit(request, the_space),
            "can_manage": _may_manage(request, the_space),
            "can_adopt": the_space.organisation is not None
            and can_edit(request.user, the_space.organisation),
            "adoptions": adoptions,
            "documents": list(Document.objects.filter(versions__status="published").distinct())
            if the_space.organisation
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
def page(request: HttpRequest, space: str, page: str) -> HttpResponse:
    the_space = _space(space)
    the_page = queries.page(the_space.slug, page)
    if the_page is None:
        return render(
            request,
            "wiki/missing.html",
            {"space": the_space, "slug": page, "can_edit": _may_edit(request, the_space)},
            status=404,
        )

    def context() -> dict[str, object]:
        return {
            "space": the_space,
            "page": the_page,
            "supported": queries.supported(the_page),
            "to_review": queries.sections_to_review([the_page]).get(the_page.pk, []),
            "can_edit": _may_edit(request, the_space),
            # The sentence is escaped and the title is escaped HTML (Page.title_html).
            "discussion_heading": SafeString(  # nosec B703
                conditional_escape(_("Comments on ‘%(title)s’")) % {"title": the_page.title_html}
            ),
        }

    return pages.serve(request, the_page.discussion, "wiki/page.html", context)


def history(request: HttpRequest, space: str, page: str) -> HttpResponse:
    the_page = _page(space, page)
    revisions, paging = pagination.paged(request, queries.history(the_page), HISTORY_PER_PAGE)
    return render(
        request,
        "wiki/history.html",
        {
            "space": the_page.space,
            "page": the_page,
            "revisions": revisions,
            "total": revisions.paginator.count,
            "paging": paging,
            "can_edit": _may_edit(request, the_page.space),
        },
    )


def revision(request: HttpRequest, space: str, page: str, number: int) -> HttpResponse:
    the_page = _page(space, page)
    the_revision = get_object_or_404(
        Revision.objects.select_related("author"), page=the_page, number=number
    )
    return render(
        request,
        "wiki/revision.html",
        {
            "space": the_page.space,
            "page": the_page,
            "revision": the_revision,
            "can_edit": _may_edit(request, the_page.space),
        },
    )


def compare(request: HttpRequest, space: str, page: str) -> HttpResponse:
    """The word-level difference between any two revisions (?from=N&to=M)."""
    the_page = _page(space, page)
    numbers = []
    for name, default in (("from", the_page.revision_number - 1), ("to", the_page.revision_number)):
        number = whole_number(request.GET.get(name, str(default)))
        if number is None:
            raise Http404("Choose two revisions")
        numbers.append(number)
    old_number, new_number = sorted(numbers)
    found = {
        r.number: r
        for r in Revision.objects.select_related("author").filter(
            page=the_page, number__in=[old_number, new_number]
        )
    }
    old, new = found.get(old_number), found.get(new_number)
    if new is None or (old is None and old_number != 0):
        raise Http404("No such revision")
    return render(
        request,
        "wiki/compare.html",
        {
            "space": the_page.space,
            "page": the_page,
            "old": old,
            "new": new,
            "title_changed": old is not None and old.title != new.title,
            "diff_html": word_diff(old.body_markdown if old else "", new.body_markdown),
            "same": old is not None and old.body_markdown == new.body_markdown,
        },
    )


# Writing ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def new_page(request: AuthenticatedHttpRequest, space: str) -> HttpResponse:
    the_space = _space(space)
    if not _may_edit(request, the_space):
        raise PermissionDenied(_("You cannot write pages in this space."))
    form = PageForm(request.POST or None, initial={"title": request.GET.get("title", "")})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_page(
                space=the_space,
                user=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                message=form.cleaned_data["message"],
            )
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            return redirect(created)
    return render(
        request,
        "wiki/edit.html",
        {"space": the_space, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_page(request: AuthenticatedHttpRequest, space: str, page: str) -> HttpResponse:
    the_page = _page(space, page)
    if not _may_edit(request, the_page.space):
        raise PermissionDenied(_("You cannot edit pages in this space."))
    form = PageForm(
        request.POST or None,
        initial={
            "title": the_page.title,
            "body": the_page.body_markdown,
            "base_revision": the_page.revision_number,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_page(
                page=the_page,
                user=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                message=form.cleaned_data["message"],
                base_revision=form.cleaned_data["base_revision"] or 0,
            )
        except services.EditConflict as conflict:
            return _conflict(request, the_page, form, conflict)
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            messages.success(request, _("Page saved"))
            return redirect(the_page)
    return render(
        request,
        "wiki/edit.html",
        {"space": the_page.space, "page": the_page, "form": form},
        status=400 if form.errors else 200,
    )


def _conflict(
    request: HttpRequest, page: Page, form: PageForm, conflict: services.EditConflict
) -> HttpResponse:
    """Both texts: what was saved meanwhile, and the editor's own in a form based on it,
    so saving again keeps whatever the editor chooses and loses nothing."""
    mine = form.cleaned_data
    retry = PageForm(
        initial={
            "title": mine["title"],
            "body": mine["body"],
            "message": mine["message"],
            "base_revision": conflict.current.number,
        }
    )
    return render(
        request,
        "wiki/conflict.html",
        {
            "space": page.space,
            "page": page,
            "current": conflict.current,
            "problem": conflict.detail,
            "form": retry,
            "diff_html": word_diff(conflict.current.body_markdown, mine["body"]),
        },
        status=409,
    )


@login_required
@require_POST
def revert(request: AuthenticatedHttpRequest, space: str, page: str, number: int) -> HttpResponse:
    the_page = _page(space, page)
    if not _may_edit(request, the_page.space):
        raise PermissionDenied(_("You cannot edit pages in this space."))
    the_revision = get_object_or_404(Revision, page=the_page, number=number)
    services.revert_page(page=the_page, user=request.user, revision=the_revision)
    messages.success(request, _("Page reverted to revision %(number)s") % {"number": number})
    return redirect(the_page)


@login_required
@require_http_methods(["GET", "POST"])
def supported_clauses(request: AuthenticatedHttpRequest, space: str, page: str) -> HttpResponse:
    """Choose a document (GET ?document=slug), then tick the clauses the page supports."""
    the_page = _page(space, page)
    if not _may_edit(request, the_page.space):
        raise PermissionDenied(_("You cannot edit pages in this space."))
    current = the_page.supported_clauses.select_related("document").first()
    chooser = ChooseDocumentForm(
        request.GET if "document" in request.GET else None,
        initial={"document": current.document.slug if current else None},
    )
    document = (
        chooser.cleaned_data["document"]
        if chooser.is_bound and chooser.is_valid()
        else (current.document if current else None)
    )
    form = None
    if document is not None:
        form = SupportedClausesForm(
            request.POST or None,
            clauses=queries.clauses_to_choose(document),
            initial={
                "lineages": [str(s.lineage) for s in the_page.supported_clauses.all()]
                if current and current.document_id == document.pk
                else []
            },
        )
        if request.method == "POST":
            lineages = request.POST.getlist("lineages")
            try:
                services.set_supported_clauses(page=the_page, document=document, lineages=lineages)
            except Rejected as rejected:
                form.add_error("lineages", [m for ms in rejected.errors.values() for m in ms])
            else:
                messages.success(request, _("Supported clauses saved"))
                return redirect(the_page)
    return render(
        request,
        "wiki/supported_clauses.html",
        {
            "space": the_page.space,
            "page": the_page,
            "chooser": chooser,
            "document": document,
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def space_settings(request: AuthenticatedHttpRequest, space: str) -> HttpResponse:
    the_space = _space(space)
    if not _may_manage(request, the_space):
        raise PermissionDenied
    form = SpaceSettingsForm(request.POST or None, initial={"edit_policy": the_space.edit_policy})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_edit_policy(space=the_space, policy=form.cleaned_data["edit_policy"])
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            messages.success(request, _("Settings saved"))
            return redirect(the_space)
    return render(
        request,
        "wiki/settings.html",
        {"space": the_space, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def adopt(request: AuthenticatedHttpRequest, space: str, document: str) -> HttpResponse:
    """The organisation that owns this space adopts a version of a document."""
    the_space = _space(space)
    organisation = the_space.organisation
    if organisation is None or not can_edit(request.user, organisation):
        raise PermissionDenied(_("Only an organisation’s owners and editors can adopt guidance."))
    the_document = get_object_or_404(Document, slug=document)
    if not the_document.versions.public().exists():
        raise Http404("Nothing published yet")
    form = AdoptForm(
        request.POST or None,
        document=the_document,
        initial={"adopted_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            adoption = services.adopt(
                organisation=organisation,
                version=form.cleaned_data["version"],
                user=request.user,
                adopted_on=form.cleaned_data["adopted_on"],
                statement=form.cleaned_data["statement"],
                copy_model=form.cleaned_data["copy_model"],
            )
        except Rejected as rejected:
            show_rejection(form, rejected)
        else:
            messages.success(
                request, f"{organisation.name} adopted version {adoption.version.number}"
            )
            return redirect(adoption)
    return render(
        request,
        "wiki/adopt.html",
        {"space": the_space, "document": the_document, "form": form},
        status=400 if form.errors else 200,
    )
