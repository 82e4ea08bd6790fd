"""A thread's HTML, each comment rendered once and reused.

Rendering `_comment.html` through the template engine for every comment on every request
was nine tenths of a long thread's page (docs/performance.md). Each comment's HTML is
kept in this process, keyed on everything it shows that can change (status, edits,
deletion, likes, the author's name, the outcome) and on how it is shown (language, time
zone, indent cap, whether replies are open, whether the viewer is signed in and likes
it). A write changes the key, so nothing is ever invalidated and nothing stale is
shown; old entries fall out when the budget is spent.

A viewer's own comments (edit and delete controls, a pending comment) are rendered
afresh for them and never kept. The like form's CSRF token is kept as a secret marker
and replaced with the viewer's own token in the finished HTML.

The new comment form is kept the same way (`render_comment_form`): its fields' templates
were most of what a page cost once the comments were kept. Its CSRF token, "shown at"
stamp and submission key are markers filled in per response; a form holding anything of
the viewer's (errors and what they typed, remembered details, a reply) is never kept.
"""

import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import Context, Template
from django.template.backends.django import Template as DjangoTemplate
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parley.accounts.models import User
from parley.discussions import queries, services
from parley.discussions.forms import CommentForm
from parley.discussions.models import PATH_WIDTH, Comment, Discussion
from parley.organisations.models import Role

# Per worker process. A 1,000-comment thread is about 1.2 MB of HTML per language and
# viewer kind; the budget holds ten such, about 12 MB of a worker's memory.
BUDGET_CHARS = 12_000_000


class _Kept:
    """A bounded store of rendered comments, counted in characters; the oldest entries go
    first. Reads take no lock (a dict lookup is atomic); writes do."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.entries: dict[Hashable, str] = {}
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> str | None:
        return self.entries.get(key)

    def put(self, key: Hashable, html: str) -> None:
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = html
            self.used += len(html)
            while self.used > self.budget and self.entries:
                self.used -= len(self.entries.pop(next(iter(self.entries))))

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.used = 0


kept = _Kept(BUDGET_CHARS)


def _marker(name: str) -> str:
    """Stands for a per-response value (`name`) in kept HTML. Derived from SECRET_KEY, so
    no comment can contain it and have it replaced."""
    digest = salted_hmac("parley.discussions.fragments", name, algorithm="sha256")
    return f"{name}-{digest.hexdigest()}"


def _csrf_marker() -> str:
    return _marker("csrf")


@dataclass(frozen=True)
class Thread:
    html: SafeString
    count: int
    removed_count: int


def _thread_placeholder() -> str:
    digest = salted_hmac("parley.discussions.fragments", "thread", algorithm="sha256")
    return f"<!-- thread {digest.hexdigest()} -->"


def render_page(
    request: HttpRequest, template_name: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """`render()`, with the thread's HTML put in once the page is rendered: passing a long
    thread up through every level of the page's templates copies it at each one, which
    cost more than rendering the rest of the page."""
    thread = context.get("thread")
    if not isinstance(thread, Thread):
        return render(request, template_name, context, status=status)
    placeholder = _thread_placeholder()
    stand_in = replace(thread, html=mark_safe(placeholder))  # noqa: S308 - our own constant  # nosec B308 B703
    page = render_to_string(template_name, {**context, "thread": stand_in}, request)
    return HttpResponse(page.replace(placeholder, thread.html, 1), status=status)


def _kept_render(
    key: tuple[Hashable, ...], template_name: str, context: Callable[[], dict[str, Any]]
) -> str:
    """A partial's HTML, rendered once per `key` (plus release, language and script prefix)
    and kept, its forms' CSRF token left as the marker. `context` is only called to render.
    The engine's own Template with a plain Context: no context processors run."""
    full_key = (
        "kept",
        template_name,
        settings.PARLEY_RELEASE,
        translation.get_language(),
        get_script_prefix(),
        *key,
    )
    html = kept.get(full_key)
    if html is None:
        template = cast(DjangoTemplate, get_template(template_name)).template
        html = template.render(Context({**context(), "csrf_token": _csrf_marker()}))
        kept.put(full_key, html)
    return html


def render_kept(
    request: HttpRequest, key: tuple[Hashable, ...], template_name: str, context: dict[str, Any]
) -> SafeString:
    """A partial as everyone with the same `key` sees it, rendered once and kept (the key
    must name all the partial shows). The CSRF token of its forms is filled in per
    response. It sees `context`, `request` and `user`."""
    html = _kept_render(
        key, template_name, lambda: {**context, "request": request, "user": request.user}
    )
    return mark_safe(html.replace(_csrf_marker(), get_token(request)))  # noqa: S308 - our template's output  # nosec B308 B703


def _template() -> Template:
    # The engine's own Template, rendered with a plain Context: no context processors
    # run per comment (everything the partial needs is passed in).
    # `get_template` is typed as any engine's template; ours is always DjangoTemplates'.
    return cast(DjangoTemplate, get_template("discussions/_comment.html")).template


def render_comment(
    comment: Comment,
    *,
    discussion: Discussion,
    signed_in: bool,
    csrf_token: str,
    anchors: Mapping[int, str] | None = None,
    template: Template | None = None,
) -> str:
    """One comment's HTML; `comment` decorated with indent, liked, mine and can_edit.
    `anchors` gives the element ids, by comment number, that are not `comment-<number>`
    (`discussions.anchors`): the comment's own and its parent's, for its links."""
    anchors = anchors or {}
    parent = comment.parent_number
    context = Context(
        {
            "comment": comment,
            "anchor": anchors.get(comment.number, comment.anchor),
            "parent_anchor": anchors.get(parent, f"comment-{parent}") if parent else "",
            "discussion": discussion,
            "signed_in": signed_in,
            "csrf_token": csrf_token,
        },
        autoescape=True,
    )
    return (template or _template()).render(context)


def decorate(
    comments: Sequence[Comment], *, user: User | None, liked: set[int], own_ids: list[int]
) -> None:
    """Attach what the partial needs per comment and viewer."""
    cap = settings.PARLEY_THREAD_INDENT_CAP
    now = timezone.now()
    for comment in comments:
        comment.indent = min(comment.depth, cap)
        comment.beyond_indent = comment.depth > cap
        comment.liked = comment.pk in liked
        mine = services.may_change(comment, user=user, own_ids=own_ids)
        comment.mine = mine
        comment.role_badge = role_badge(comment)
        comment.can_edit = mine and not comment.is_deleted and now <= comment.editable_until()


def role_badge(comment: Comment) -> str:
    """What the author is, shown beside their name so nobody can pass for them: their
    role in the discussion's organisation ("Editor, Office for Public Service Digital"),
    or site staff; empty for everyone else. Reads the role when the comment was not
    fetched with it (`queries.author_role`)."""
    if comment.user_id is None or comment.user is None:
        return ""
    if hasattr(comment, "author_role"):
        role: str | None = comment.author_role
    else:
        role = (
            Comment.objects.filter(pk=comment.pk)
            .annotate(author_role=queries.author_role())
            .values_list("author_role", flat=True)
            .first()
        )
    organisation = comment.discussion.organisation if role else None
    if role and organisation is not None:
        label = Role(role).label
        return _("%(role)s, %(organisation)s") % {"role": label, "organisation": organisation.name}
    if comment.user.is_staff:
        return _("Site staff")
    return ""


def _more_replies(root: int, hidden: int) -> str:
    """After a thread whose replies are not all shown: a link to the whole thread."""
    words = ngettext("Show %(count)s more reply", "Show %(count)s more replies", hidden) % {
        "count": hidden
    }
    about = _("in the thread of comment %(number)s") % {"number": root}
    return format_html(
        '<li class="parley-more-replies"><p class="govuk-body-s"><a class="govuk-link" '
        'href="?thread={}#comment-{}">{}<span class="govuk-visually-hidden"> {}</span>'
        "</a></p></li>",
        root,
        root,
        words,
        about,
    )


def _copies_line(root: int, copies: int) -> str:
    """After a thread whose letter others sent too (a campaign): how many, and a link to
    their page of copies."""
    words = ngettext(
        "And %(count)s more person sent the same letter",
        "And %(count)s more people sent the same letter",
        copies,
    ) % {"count": f"{copies:,}"}
    link = _("Read their copies")
    about = _("of comment %(number)s") % {"number": root}
    return format_html(
        '<li class="parley-copies"><p class="govuk-body-s">{}. <a class="govuk-link" '
        'href="?copies={}#comments">{}<span class="govuk-visually-hidden"> {}</span></a></p>'
        "</li>",
        words,
        root,
        link,
        about,
    )


def render_thread(
    request: HttpRequest,
    discussion: Discussion,
    versions: Sequence[tuple[Any, ...]],
    *,
    user: User | None,
    own_ids: list[int],
    anchors: Mapping[int, str] | None = None,
    hidden: Mapping[int, int] | None = None,
    copies: Mapping[int, int] | None = None,
    removed_count: int = 0,
) -> Thread:
    """The comments of `versions` (`queries.thread_page`), as HTML, in one or two more
    queries whatever their number: the viewer's likes among them, and the comments not yet
    kept. `anchors`: the comments' ids where they are not `comment-<number>`
    (`render_comment`); `hidden`: by thread, how many replies are left out (a link to the
    whole thread follows its last reply shown); `copies`: by thread, how many others sent
    the same letter (a line with a link to them follows the thread)."""
    viewer_id = user.pk if user is not None else None
    liked = (
        queries.liked_comment_ids(discussion, viewer_id, among=[v[0] for v in versions])
        if versions
        else set()
    )
    signed_in = user is not None
    # How every comment is shown here; as a string, so its hash is worked out once. The
    # discussion's creation time tells apart rows whose ids a rolled-back transaction
    # (SQLite, tests) handed out again.
    how = repr(
        (
            settings.PARLEY_RELEASE,
            translation.get_language(),
            timezone.get_current_timezone_name(),
            settings.PARLEY_THREAD_INDENT_CAP,
            discussion.pk,
            discussion.created_at,
            discussion.accepting_comments,
            signed_in,
        )
    )
    pieces: list[str | None] = []
    keys: dict[int, tuple[int, Hashable | None]] = {}  # comment id: (position, key to keep)
    entries = kept.entries
    own = set(own_ids)
    hidden = hidden or {}
    copies = copies or {}
    for index, version in enumerate(versions):
        pk, user_id = version[0], version[2]
        if (user_id is None and pk in own) or (user_id is not None and user_id == viewer_id):
            # The viewer's own (as services.may_change): edit and delete controls, always fresh.
            keys[pk] = (len(pieces), None)
            pieces.append(None)
        else:
            key: tuple[Hashable, ...] = (how, pk in liked, version)
            if anchors:
                # The ids this comment and its parent answer to here (version[3] is the path).
                numbers = [int(n) for n in version[3].split(".")[-2:]]
                if any(renamed := tuple(anchors.get(n) for n in numbers)):
                    key = (*key, renamed)
            html = entries.get(key)
            if html is None:
                keys[pk] = (len(pieces), key)
            pieces.append(html)
        if hidden or copies:
            root = version[3][:PATH_WIDTH]
            following = versions[index + 1][3][:PATH_WIDTH] if index + 1 < len(versions) else ""
            if following != root and int(root) in hidden:
                pieces.append(_more_replies(int(root), hidden[int(root)]))
            if following != root and int(root) in copies:
                pieces.append(_copies_line(int(root), copies[int(root)]))
    if keys:
        template = _template()
        marker = _csrf_marker()
        missing = queries.comments_by_id(list(keys))
        decorate(missing, user=user, liked=liked, own_ids=own_ids)
        for comment in missing:
            position, keep_as = keys[comment.pk]
            html = render_comment(
                comment,
                discussion=discussion,
                signed_in=signed_in,
                csrf_token=marker,
                anchors=anchors,
                template=template,
            )
            pieces[position] = html
            if keep_as is not None:
                kept.put(keep_as, html)
    html = "".join([piece or "" for piece in pieces])
    if signed_in:
        # Only signed-in viewers get like forms, the only forms in a comment.
        html = html.replace(_csrf_marker(), get_token(request))
    return Thread(html=mark_safe(html), count=len(versions), removed_count=removed_count)  # noqa: S308 - escaped by the template  # nosec B308 B703


# What a new comment form may start with and still look the same to everyone shown it.
_PLAIN_INITIAL = {"shown_at", "submission", "remember"}


def render_comment_form(
    request: HttpRequest,
    discussion: Discussion,
    *,
    initial: Mapping[str, object],
    sign_in_choices: Sequence[tuple[str, str]],
) -> SafeString | None:
    """A new comment form's HTML, rendered once per way it can look (discussion, language,
    signed in or not, the ways to sign in) and kept; the CSRF token, the signed-in
    person's name and `initial`'s own "shown at" stamp and submission key are filled in
    per response.

    None when the form would start with something of the viewer's (remembered guest
    details, a reply, a draft kept while signing in): the page renders that form afresh,
    as it does a form sent back with errors."""
    if not set(initial) <= _PLAIN_INITIAL or initial.get("remember"):
        return None
    user = request.user if isinstance(request.user, User) else None
    key = (
        discussion.pk,
        discussion.created_at,
        discussion.url,
        discussion.kind,
        user is not None,
        tuple(sign_in_choices),
    )
    name, shown_at, submission = _marker("name"), _marker("shown_at"), _marker("submission")
    html = _kept_render(
        key,
        "discussions/_comment_form.html",
        lambda: {
            "discussion": discussion,
            "comment_form": CommentForm(
                initial={"shown_at": shown_at, "submission": submission},
                discussion=discussion,
                signed_in=user is not None,
            ),
            "reply_to": None,
            "sign_in_choices": sign_in_choices,
            # All the form shows of the person (the partial's only use of `user`).
            "user": {"is_authenticated": user is not None, "display_name": name},
        },
    )
    html = (
        html.replace(_csrf_marker(), get_token(request))
        .replace(shown_at, escape(initial["shown_at"]))
        .replace(submission, escape(initial["submission"]))
    )
    if user is not None:
        html = html.replace(name, escape(user.display_name))
    return mark_safe(html)  # noqa: S308 - our template's output, values escaped  # nosec B308 B703
