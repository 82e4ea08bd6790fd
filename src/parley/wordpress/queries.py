"""Pages reached by an old WordPress link to a comment.

A link such as `/2009/06/slug/#comment-456` names WordPress's comment 456; the fragment
never reaches the server, and the browser keeps it across the redirect to the post. So old
post addresses are redirected with a marker (`/blog/slug/?wp=1`), and under that marker
the post's thread answers to WordPress's ids: each imported comment's `id` becomes
`comment-<WordPress id>`. Everywhere else (and for comments written here) a comment's id
stays `comment-<number>`, the public contract; on a marked page a comment whose own id is
some imported comment's WordPress id becomes `comment-n<number>`, so that no two elements
share an id.
"""

import dataclasses
import re

from django.http import HttpRequest
from django.utils.safestring import mark_safe

from parley.discussions.fragments import Thread
from parley.discussions.models import Discussion
from parley.wordpress.models import WordPressItem

OLD_LINK_MARKER = "wp"
# The opening of each comment in a thread's HTML, and its number link. Comment bodies are
# cleaned HTML without id attributes or fragment links of this shape, so only our own
# markup matches.
_COMMENT_ID = re.compile(r'<li id="comment-(\d+)" class="parley-comment')
_NUMBER_LINK = re.compile(r'class="govuk-link parley-comment__number" href="#comment-(\d+)"')


def arrived_by_old_link(request: HttpRequest) -> bool:
    return request.GET.get(OLD_LINK_MARKER) == "1"


def wordpress_anchors(number_to_wp_id: dict[int, int]) -> dict[int, str]:
    """Each comment number's id on a marked page, where it differs from `comment-<number>`."""
    taken = set(number_to_wp_id.values())
    anchors = {number: f"comment-{wp_id}" for number, wp_id in number_to_wp_id.items()}
    return anchors | {n: f"comment-n{n}" for n in taken if n not in number_to_wp_id}


def old_link_thread(request: HttpRequest, discussion: Discussion, thread: Thread) -> Thread:
    """`thread` answering to WordPress ids on a page reached by an old link (one query),
    else as it is: registered with `discussions.anchors` (WordPressConfig.ready)."""
    if not arrived_by_old_link(request):
        return thread
    return with_wordpress_anchors(discussion, thread)


def with_wordpress_anchors(discussion: Discussion, thread: Thread) -> Thread:
    """`thread` with imported comments answering to their WordPress ids (one query)."""
    if not thread.count:
        return thread
    numbers = dict(
        WordPressItem.objects.filter(
            kind=WordPressItem.Kind.COMMENT, comment__discussion_id=discussion.pk
        ).values_list("comment__number", "wp_id")
    )
    if not numbers:
        return thread
    anchors = wordpress_anchors(numbers)

    def anchor(number: str) -> str:
        return anchors.get(int(number), f"comment-{number}")

    html = _COMMENT_ID.sub(
        lambda m: f'<li id="{anchor(m.group(1))}" class="parley-comment', thread.html
    )
    html = _NUMBER_LINK.sub(
        lambda m: f'class="govuk-link parley-comment__number" href="#{anchor(m.group(1))}"', html
    )
    return dataclasses.replace(thread, html=mark_safe(html))  # noqa: S308 - ids made of digits  # nosec B308 B703
