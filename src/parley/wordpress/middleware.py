"""Old WordPress addresses, redirected to where their posts, pages and comments are now.

`/?p=123`, `/?page_id=123` and `/?replytocom=456` are answered before the home page sees
them; a pretty permalink (`/2009/06/slug/`, with or without `comment-page-2/`) only when
nothing else answered it (a 404). Only public things are redirected to, so an old id never
reveals a draft's address. A `#comment-456` fragment never reaches the server, but the
browser keeps it across the redirect: a post is redirected to with a marker (`?wp=1`)
under which its imported comments answer to their WordPress ids (see
`queries.old_link_thread` and docs/wordpress.md). An old upload's address
(`/wp-content/uploads/2019/05/photo.jpg`) goes to its copy, once `--uploads` brought it.
"""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from parley.files.queries import media_at
from parley.validation import whole_number
from parley.wordpress.media import UPLOADS
from parley.wordpress.models import WordPressItem
from parley.wordpress.queries import OLD_LINK_MARKER

_COMMENT_PAGE = re.compile(r"comment-page-\d+/$")


def _item_url(item: WordPressItem | None) -> str | None:
    if item is None:
        return None
    if item.post is not None:
        # Marked, so that the post answers to the old link's `#comment-456`, if it has one.
        url = f"{item.post.get_absolute_url()}?{OLD_LINK_MARKER}=1"
        return url if item.post.is_public else None
    if item.page is not None:  # marked too: a wiki page's comments came over with it
        return f"{item.page.get_absolute_url()}?{OLD_LINK_MARKER}=1"
    comment = item.comment
    if comment is not None and comment.is_public and comment.discussion.owner_is_public():
        return comment.get_absolute_url()  # not on a draft: that would give its address away
    return None


def _by_id(kind: list[str], wp_id: str) -> str | None:
    if (number := whole_number(wp_id)) is None:
        return None
    item = (
        WordPressItem.objects.filter(kind__in=kind, wp_id=number)
        .select_related("post", "page__space", "comment__discussion")
        .first()
    )
    return _item_url(item)


def old_address(request: HttpRequest) -> str | None:
    """Where an old WordPress address now lives, if it is one and that is public."""
    if request.path == "/":
        if "p" in request.GET or "page_id" in request.GET:
            wp_id = request.GET.get("p") or request.GET.get("page_id") or ""
            return _by_id([WordPressItem.Kind.POST, WordPressItem.Kind.PAGE], wp_id)
        if "replytocom" in request.GET:
            return _by_id([WordPressItem.Kind.COMMENT], request.GET["replytocom"])
    return None


def old_permalink(path: str) -> str | None:
    if path.startswith(UPLOADS):
        found = media_at(path.removeprefix(UPLOADS))
        return found.get_absolute_url() if found is not None else None
    path = _COMMENT_PAGE.sub("", path if path.endswith("/") else path + "/")
    item = (
        WordPressItem.objects.filter(
            permalink=path, kind__in=[WordPressItem.Kind.POST, WordPressItem.Kind.PAGE]
        )
        .select_related("post", "page__space")
        .first()
    )
    return _item_url(item)


class OldWordPressAddresses:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            target = old_address(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            target = old_permalink(request.path)
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
