from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parley import pagination, sharing
from parley.accounts.requests import AuthenticatedHttpRequest
from parley.blog import feeds, queries, services
from parley.blog.forms import PostForm
from parley.blog.models import Post
from parley.conditional import Freshness, conditional
from parley.csrf import kept_page_form
from parley.discussions import fragments, page_cache, pages
from parley.forms import show_rejection
from parley.guidance import cards
from parley.markup import render_document
from parley.organisations.models import Organisation
from parley.organisations.permissions import can_edit, editable_organisations


def _page(
    request: HttpRequest, items: QuerySet[Post], per_page: int
) -> tuple[Page[Post], dict[str, object]]:
    """The page of posts asked for and its links; 404 for one past the last or not a number."""
    return pagination.paged(request, items, per_page)


def _index_freshness(request: HttpRequest) -> Freshness:
    return queries.posts_freshness(queries.public_posts())


@conditional(_index_freshness)
def index(request: HttpRequest) -> HttpResponse:
    page, paging = _page(request, queries.public_posts(), settings.PARLEY_POSTS_PER_PAGE)
    return render(
        request, "blog/index.html", {"page": page, "paging": paging, "heading": _("Blog")}
    )


def archive(request: HttpRequest) -> HttpResponse:
    page, paging = _page(request, queries.public_posts(), 50)
    return render(request, "blog/archive.html", {"page": page, "paging": paging})


@conditional(feeds.tag_freshness)
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    the_tag = get_object_or_404(queries.public_tags(), slug=slug)
    page, paging = _page(
        request, queries.public_posts().filter(tags=the_tag), settings.PARLEY_POSTS_PER_PAGE
    )
    return render(
        request,
        "blog/index.html",
        {
            "page": page,
            "paging": paging,
            "heading": _("Posts tagged ‘%(tag)s’") % {"tag": the_tag.name},
            "tag": the_tag,
        },
    )


def _organisation_freshness(request: HttpRequest, slug: str) -> Freshness | None:
    organisation = Organisation.objects.filter(slug=slug).values_list("pk", "name").first()
    if organisation is None:
        return None
    found = queries.posts_freshness(queries.public_posts().filter(organisation=organisation[0]))
    return Freshness(parts=(*organisation, *found.parts), changed_at=found.changed_at)


@conditional(_organisation_freshness)
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's posts, with a feed of its posts and guidance."""
    the_organisation = get_object_or_404(Organisation, slug=slug)
    page, paging = _page(
        request,
        queries.public_posts().filter(organisation=the_organisation),
        settings.PARLEY_POSTS_PER_PAGE,
    )
    return render(
        request,
        "blog/index.html",
        {
            "page": page,
            "paging": paging,
            "heading": _("Posts from %(organisation)s") % {"organisation": the_organisation.name},
            "organisation": the_organisation,
        },
    )


def _post_freshness(request: HttpRequest, slug: str) -> Freshness | None:
    """Only public posts without guidance cards: a card shows live counts from elsewhere.
    The post read here is left on the request for the page, which needs the same row."""
    the_post = (
        Post.objects.select_related("discussion", "author", "organisation")
        .filter(slug=slug)
        .first()
    )
    request._parley_post = the_post  # type: ignore[attr-defined]
    if the_post is None or not the_post.is_public or cards.has_cards(the_post.body_shown.text):
        return None
    found = queries.post_freshness(the_post)
    author = the_post.author.display_name if the_post.author else ""
    return replace(found, parts=(*found.parts, author, the_post.organisation.name))


@kept_page_form  # a kept file's comment form posts here
@require_http_methods(["GET", "POST"])
@conditional(_post_freshness)
@page_cache.for_anonymous(_post_freshness, files=True)
def post(request: HttpRequest, slug: str) -> HttpResponse:
    """A post and its discussion; the comment form posts back here."""
    the_post = request.__dict__.pop("_parley_post", None) or get_object_or_404(
        Post.objects.select_related("author", "organisation", "discussion"), slug=slug
    )
    if not the_post.is_public and not can_edit(request.user, the_post.organisation):
        raise Http404("No such post")
    user_id = request.user.pk if request.user.is_authenticated else None

    def context() -> dict[str, object]:
        shown: dict[str, object] = {
            "post": the_post,
            "body_html": _as_published(the_post.body_shown.text),
            "liked": queries.user_likes_post(the_post, user_id),
            "can_edit": can_edit(request.user, the_post.organisation),
            "share": sharing.share_links(
                request,
                the_post.get_absolute_url(),
                the_post.title_shown.text,
                sharing.summary(the_post.body_shown.text),
            ),
        }
        return shown | {"article_html": _kept_article(request, the_post, shown)}

    return pages.serve(request, the_post.discussion, "blog/post.html", context)


def _as_published(body_html: str) -> str:
    """A post's rendered text as its page shows it (a paragraph that only links to guidance
    becomes its card). The page and the editor's preview both use this, so a preview shows
    exactly what will be published."""
    return cards.embed_cards(body_html)


def _kept_article(
    request: HttpRequest, the_post: Post, context: dict[str, object]
) -> SafeString | None:
    """The post itself (title, text, tags, likes, sharing, following) as every signed-out
    reader of this address sees it, rendered once and kept (discussions.fragments); None
    for anyone else, and for a post with guidance cards (their counts are live)."""
    if request.user.is_authenticated or request.GET or not the_post.is_public:
        return None
    if cards.has_cards(the_post.body_shown.text):
        return None
    key = (
        "post-article",
        request.build_absolute_uri(),  # the share links' address
        the_post.pk,
        the_post.updated_at,  # text, title and tags change with it
        the_post.published_at,
        the_post.like_count,
        the_post.author.display_name if the_post.author else "",
        the_post.organisation.name,
        the_post.organisation.slug,
    )
    return fragments.render_kept(request, key, "blog/_article.html", context)


@login_required
@require_POST
def like(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    the_post = get_object_or_404(Post.objects.published(), slug=slug)
    if queries.user_likes_post(the_post, request.user.pk):
        services.unlike_post(post=the_post, user=request.user)
    else:
        services.like_post(post=the_post, user=request.user)
    return redirect(f"{the_post.get_absolute_url()}#likes")


@login_required
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = editable_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    posts = (
        Post.objects.filter(organisation__in=organisations)
        .select_related("organisation", "discussion")
        .order_by("-updated_at")
    )
    page, paging = _page(request, posts, 50)
    return render(request, "blog/manage.html", {"page": page, "paging": paging})


def _save_post(
    request: AuthenticatedHttpRequest, form: PostForm, existing: Post | None
) -> Post | None:
    """Create or update from a valid form; on refusal, put each error beside its field."""
    data = form.cleaned_data
    fields = {
        "title": data["title"],
        "body": data["body"],
        "status": data["status"],
        "published_at": data["published_at"],
        "tags": form.tag_names(),
        "comments_open": data["comments_open"],
        "title_cy": data["title_cy"],
        "body_cy": data["body_cy"],
    }
    try:
        if existing is None:
            return services.create_post(
                author=request.user,
                organisation=data["organisation"],
                **fields,
            )
        return services.update_post(post=existing, **fields)
    except services.PostRejected as rejected:
        show_rejection(form, rejected)
        return None


def _saved(post: Post) -> str:
    """The banner after saving: what readers can now see of the post."""
    if post.is_public:
        return _("Post saved and published")
    if post.status == Post.Status.DRAFT:
        return _("Post saved as a draft: only editors can see it")
    return _("Post saved: it will be published on %(when)s") % {
        "when": formats.date_format(timezone.localtime(post.published_at), "j F Y, H:i")
    }


def _editor_form(request: AuthenticatedHttpRequest, existing: Post | None) -> HttpResponse:
    organisations = editable_organisations(request.user)
    if not organisations or (existing and existing.organisation not in organisations):
        raise PermissionDenied
    initial: dict[str, object] = {"status": Post.Status.DRAFT, "comments_open": True}
    if existing:
        initial = {
            "title": existing.title,
            "organisation": existing.organisation,
            "body": existing.body_markdown,
            "tags": ", ".join(t.name for t in existing.tags.all()),
            "status": existing.status,
            "published_at": existing.published_at,
            "comments_open": existing.discussion.is_open,
            "title_cy": existing.title_cy,
            "body_cy": existing.body_markdown_cy,
        }
    form = PostForm(request.POST or None, initial=initial, organisations=organisations)
    if existing:
        form.fields["organisation"].disabled = True
    preview = preview_cy = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "preview":
            preview = _as_published(render_document(form.cleaned_data["body"]))
            if form.cleaned_data["body_cy"].strip():
                preview_cy = _as_published(render_document(form.cleaned_data["body_cy"]))
        elif saved := _save_post(request, form, existing):
            messages.success(request, _saved(saved))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "blog/edit.html",
        {"form": form, "post": existing, "preview": preview, "preview_cy": preview_cy},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _editor_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _editor_form(
        request, get_object_or_404(Post.objects.select_related("discussion"), slug=slug)
    )
