"""Other ids a thread's comments may answer to, for links made somewhere else.

A comment's element id is `comment-<number>` (`Comment.anchor`). An app above
`discussions` that brought comments in from another system (`wordpress`, whose old links
say `#comment-<its id>`) registers a `Renaming` from its AppConfig's `ready`; the thread of
a page is rendered with the ids `for_request` gives (`views.discussion_context`), passed
to each comment's template as data. So the pages that own a discussion (a post, a wiki
page) never import the app that knows the old ids.
"""

from collections.abc import Callable, Mapping

from django.http import HttpRequest

from parley.discussions.models import Discussion

# The ids this request's links use for some of a discussion's comments, by comment number
# (`{1: "comment-456"}`): empty when the request did not come by one of the app's old links.
Renaming = Callable[[HttpRequest, Discussion], Mapping[int, str]]
_RENAMINGS: list[Renaming] = []


def register(renaming: Renaming) -> None:
    if renaming not in _RENAMINGS:
        _RENAMINGS.append(renaming)


def for_request(request: HttpRequest, discussion: Discussion) -> dict[int, str]:
    """The ids, by comment number, that differ from `comment-<number>` for this request."""
    anchors: dict[int, str] = {}
    for renaming in _RENAMINGS:
        anchors |= renaming(request, discussion)
    return anchors
