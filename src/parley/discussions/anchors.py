"""Other ids a thread's comments may answer to, for links made somewhere else.

A comment's element id is `comment-<number>`. An app above `discussions` that brought
comments in from another system (`wordpress`, whose old links say `#comment-<its id>`)
registers a `Renaming` from its AppConfig's `ready`; each page that shows a thread calls
`rename_for` once its context is built. So the pages that own a discussion (a post, a
wiki page) never import the app that knows the old ids.
"""

from collections.abc import Callable

from django.http import HttpRequest

from parley.discussions.fragments import Thread
from parley.discussions.models import Discussion

# The thread as this request should see it: the same thread when the request did not
# come by one of the app's old links.
Renaming = Callable[[HttpRequest, Discussion, Thread], Thread]
_RENAMINGS: list[Renaming] = []


def register(renaming: Renaming) -> None:
    if renaming not in _RENAMINGS:
        _RENAMINGS.append(renaming)


def rename_for(request: HttpRequest, context: dict[str, object], discussion: Discussion) -> None:
    """Gives the thread in a page's `context` the ids the links this request came by use."""
    thread = context.get("thread")
    if not isinstance(thread, Thread):
        return
    for renaming in _RENAMINGS:
        thread = renaming(request, discussion, thread)
    context["thread"] = thread
