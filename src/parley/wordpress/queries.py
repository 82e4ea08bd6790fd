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

from django.http import HttpRequest

from parley.discussions.models import Discussion
from parley.wordpress.models import WordPressItem

OLD_LINK_MARKER = "wp"


def arrived_by_old_link(request: HttpRequest) -> bool:
    return request.GET.get(OLD_LINK_MARKER) == "1"


def wordpress_anchors(number_to_wp_id: dict[int, int]) -> dict[int, str]:
    """Each comment number's id on a marked page, where it differs from `comment-<number>`."""
    taken = set(number_to_wp_id.values())
    anchors = {number: f"comment-{wp_id}" for number, wp_id in number_to_wp_id.items()}
    return anchors | {n: f"comment-n{n}" for n in taken if n not in number_to_wp_id}


def old_link_anchors(request: HttpRequest, discussion: Discussion) -> dict[int, str]:
    """The ids of `discussion`'s comments on a page reached by an old link (one query),
    else none: registered with `discussions.anchors` (WordPressConfig.ready), which passes
    them to the thread's render."""
    if not arrived_by_old_link(request):
        return {}
    numbers = dict(
        WordPressItem.objects.filter(
            kind=WordPressItem.Kind.COMMENT, comment__discussion_id=discussion.pk
        ).values_list("comment__number", "wp_id")
    )
    return wordpress_anchors(numbers) if numbers else {}
