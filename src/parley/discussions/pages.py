"""One way to serve a page that owns a discussion (a post, a guidance version or clause, a
wiki page).

The page's view fetches and authorises what it shows, then hands its discussion, template
and own context to `serve`, which does the rest the same way for every kind of page:

- a posted comment form goes to `views.handle_comment`; on success the answer is its
  redirect (without JavaScript) or the comment's fragment with `X-Parley-Next-Form` (with
  it); on refusal, with JavaScript, the form alone comes back as a fragment, and without,
  the whole page with the form beside its errors, at the form's status;
- the page's context is joined by the discussion's (`views.discussion_context`);
- the thread is put into the page once it is rendered (`fragments.render_page`);
- the page shows one page of threads (`paging`): `?comment=N` is redirected to the page
  that holds comment N.

What differs between pages stays in their views, deliberately: who may see the page,
conditional GET (each page knows what makes its ETag) and kept pages for anonymous
readers (each page knows whether its text can be kept).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from parley.discussions import fragments, paging, views
from parley.discussions.forms import CommentForm
from parley.discussions.models import Discussion
from parley.validation import whole_number


def serve(
    request: HttpRequest,
    discussion: Discussion,
    template: str,
    context: Callable[[], dict[str, object]],
) -> HttpResponse:
    """The page that owns `discussion`, rendered from `template`, or the answer to its
    posted comment form. `context` gives the page's own context; it is only called when
    the page is rendered (not for a posted comment's redirect or fragment)."""
    form: CommentForm | None = None
    status = 200
    if request.method in {"GET", "HEAD"} and "comment" in request.GET:
        return views.go_to_comment(request, discussion, whole_number(request.GET["comment"]))
    if request.method == "POST":
        result = views.handle_comment(request, discussion)
        if isinstance(result, HttpResponse):
            return result
        if views.wants_fragment(request):
            return views.form_fragment(request, discussion, result)
        form, status = result, result.status
    page = context() | views.discussion_context(request, discussion, form)
    response = fragments.render_page(request, template, page, status=status)
    paging.remember_order(request, response)
    # The order a reader chose is remembered in a cookie (`paging`).
    patch_vary_headers(response, ("Cookie",))
    return response
