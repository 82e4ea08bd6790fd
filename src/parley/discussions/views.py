"""The comment journey in the browser, shared by every page that owns a discussion.

A page that shows a discussion (a blog post, later a clause or a wiki page) calls
`discussion_context` to render it and `handle_comment` when its comment form is
posted. With JavaScript, the same endpoints answer with HTML fragments.
"""

import json
import time
import uuid
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from parley import ratelimit
from parley.accounts.models import User
from parley.accounts.requests import AuthenticatedHttpRequest
from parley.discussions import anchors, fragments, paging, queries, services
from parley.discussions.forms import CommentForm, EditCommentForm
from parley.discussions.models import Comment, Discussion, Status
from parley.notifications import services as notifications
from parley.notifications.models import Kind, Target
from parley.organisations.permissions import moderates_discussions_of
from parley.ratelimit import client_ip
from parley.validation import whole_number

OWN_COMMENTS_SESSION_KEY = "parley_own_comments"
GUEST_ONCE_SESSION_KEY = "parley_guest_details_once"
GUEST_COOKIE = "parley_guest"
GUEST_COOKIE_SALT = "parley.guest"
FRAGMENT_HEADER = "HTTP_X_PARLEY_FRAGMENT"
# Sent with a posted comment's fragment (`_next_form`).
NEXT_FORM_HEADER = "X-Parley-Next-Form"
SHOWN_AT_SALT = "parley.comment-form-shown"
DRAFTS_SESSION_KEY = "parley_comment_drafts"


def own_comment_ids(request: HttpRequest) -> list[int]:
    """Comments this browser posted as a guest (to show them while pending, and edit them)."""
    return list(request.session.get(OWN_COMMENTS_SESSION_KEY, []))


def _remember_own(request: HttpRequest, comment: Comment) -> None:
    ids = own_comment_ids(request)
    if comment.pk not in ids:
        request.session[OWN_COMMENTS_SESSION_KEY] = [*ids[-199:], comment.pk]


def _keep_guest_once(request: HttpRequest, data: dict[str, Any]) -> None:
    """Without JavaScript, posting reloads the page: the next comment form starts with the
    name, address and website just typed, once (the page with JavaScript keeps them in the
    form it resets). Kept in the session, never in a cookie, and forgotten once shown."""
    request.session[GUEST_ONCE_SESSION_KEY] = {
        "name": data["author_name"],
        "email": data["author_email"],
        "url": data["author_url"],
    }


def _take_guest_once(request: HttpRequest) -> dict[str, str]:
    session = getattr(request, "session", None)
    if session is None or GUEST_ONCE_SESSION_KEY not in session:
        return {}
    return dict(session.pop(GUEST_ONCE_SESSION_KEY))


def wants_fragment(request: HttpRequest) -> bool:
    return request.META.get(FRAGMENT_HEADER) == "1"


def _guest_details(request: HttpRequest) -> dict[str, str]:
    cookie = request.COOKIES.get(GUEST_COOKIE, "")
    if not cookie:
        return {}
    try:
        details: dict[str, str] = signing.loads(cookie, salt=GUEST_COOKIE_SALT, max_age=None)
        return details
    except signing.BadSignature:
        return {}


def _keep_draft(request: HttpRequest, discussion: Discussion) -> None:
    """Keep what was typed in the session while the person goes off to sign in."""
    drafts = request.session.get(DRAFTS_SESSION_KEY, {})
    drafts[str(discussion.pk)] = {
        field: request.POST.get(field, "") for field in ("body", "quote", "stance", "parent")
    }
    request.session[DRAFTS_SESSION_KEY] = drafts


def _take_draft(request: HttpRequest, discussion: Discussion) -> dict[str, str]:
    drafts = request.session.get(DRAFTS_SESSION_KEY, {})
    draft: dict[str, str] = drafts.pop(str(discussion.pk), {})
    if draft:
        request.session[DRAFTS_SESSION_KEY] = drafts
    return draft


def sign_in_choices(request: HttpRequest) -> list[tuple[str, str]]:
    """(value, label) for each way to sign in: configured providers, then an account here."""
    providers = get_social_adapter().list_providers(request)
    return [(f"provider:{p.sub_id}", p.name) for p in providers] + [
        ("account", _("your account here"))
    ]


def _sign_in_url(request: HttpRequest, choice: str, next_url: str) -> str | None:
    if choice == "account":
        return f"{reverse('account_login')}?{urlencode({'next': next_url})}"
    for provider in get_social_adapter().list_providers(request):
        if choice == f"provider:{provider.sub_id}":
            url: str = provider.get_login_url(request, next=next_url)
            return url
    return None


def form_shown_stamp() -> str:
    """When a comment form was shown, signed (see `_seconds_since_shown`)."""
    return signing.dumps(time.time(), salt=SHOWN_AT_SALT)


def submission_key() -> str:
    """A new key for one comment form shown (posting it twice makes one comment)."""
    return uuid.uuid4().hex


def new_comment_initial(request: HttpRequest, discussion: Discussion) -> dict[str, object]:
    """What a new comment form starts with: a fresh stamp and key, and what this browser
    remembered, the reply it asked for or the draft it kept while signing in."""
    initial: dict[str, object] = {}
    if not request.user.is_authenticated:
        remembered = _guest_details(request)
        just_typed = _take_guest_once(request)
        initial = {f"author_{key}": value for key, value in (remembered or just_typed).items()}
        initial["remember"] = bool(remembered)
    if (reply_to := whole_number(request.GET.get("reply"))) is not None:
        initial["parent"] = reply_to
    initial["shown_at"] = form_shown_stamp()
    initial["submission"] = submission_key()
    initial |= {key: value for key, value in _take_draft(request, discussion).items() if value}
    return initial


def discussion_context(
    request: HttpRequest, discussion: Discussion, form: CommentForm | None = None
) -> dict[str, object]:
    """Everything the discussion partial needs, in a fixed number of queries. A new
    comment form that holds nothing of the viewer's comes as `comment_form_html`, kept
    (`fragments.render_comment_form`); any other as `comment_form`, rendered by the page."""
    user = request.user if isinstance(request.user, User) else None
    own_ids = own_comment_ids(request)
    renamed = anchors.for_request(request, discussion)  # `#comment-456` from an old link
    initial = new_comment_initial(request, discussion) if form is None else {}
    replying = initial.get("parent") if form is None else form.data.get("parent")
    shown = paging.threads_for(
        request,
        discussion,
        user_id=user.pk if user is not None else None,
        own_ids=own_ids,
        old_link=bool(renamed),
        reply_to=whole_number(str(replying or "")),
    )
    thread = fragments.render_thread(
        request,
        discussion,
        shown.versions,
        user=user,
        own_ids=own_ids,
        anchors=renamed,
        hidden=shown.hidden,
        copies=shown.copies,
        removed_count=shown.removed_count,
    )
    choices = [] if request.user.is_authenticated else sign_in_choices(request)
    form_html = None
    if form is None:
        if discussion.accepting_comments:
            form_html = fragments.render_comment_form(
                request, discussion, initial=initial, sign_in_choices=choices
            )
        if form_html is None:
            form = CommentForm(
                initial=initial, discussion=discussion, signed_in=request.user.is_authenticated
            )
    reply_to = whole_number(str(form["parent"].value() or "")) if form is not None else None
    return {
        "discussion": discussion,
        # Reading the discussion's organisation costs a query; nobody signed out moderates.
        "can_moderate": request.user.is_authenticated
        and moderates_discussions_of(request.user, discussion.organisation),
        "thread": thread,
        "removed_count": thread.removed_count,
        "comment_pages": shown.paging,
        "comment_form": form,
        "comment_form_html": form_html,
        "reply_to": reply_to,
        "sign_in_choices": choices,
    }


def handle_comment(request: HttpRequest, discussion: Discussion) -> HttpResponse | CommentForm:
    """Post the submitted comment form: a redirect (or fragment) on success, else the form
    bound to what was typed, with each error beside its field."""
    if choice := request.POST.get("sign_in", ""):
        next_url = f"{discussion.url}#comment-form"
        if url := _sign_in_url(request, choice, next_url):
            _keep_draft(request, discussion)
            return HttpResponseRedirect(url)
    form = CommentForm(request.POST, discussion=discussion, signed_in=request.user.is_authenticated)
    if not form.is_valid():
        return form
    data = form.cleaned_data
    user = request.user if request.user.is_authenticated else None
    author = services.Author(
        user=user,
        name=data.get("author_name", ""),
        email=data.get("author_email", ""),
        url=data.get("author_url", ""),
        ip=client_ip(request),
    )
    try:
        posted = services.post_comment(
            discussion=discussion,
            body=data["body"],
            author=author,
            parent_number=data.get("parent"),
            stance=data.get("stance", ""),
            quote=data.get("quote", ""),
            honeypot=bool(data.get("homepage")),
            seconds_to_submit=_seconds_since_shown(data.get("shown_at", "")),
            idempotency_key=data.get("submission", ""),
        )
    except services.CommentRejected as rejected:
        if rejected.errors.pop("idempotency_key", None):
            rejected.errors["__all__"] = [
                _(
                    "This form was already used to post a comment with other words: reload "
                    "the page to write another comment"
                )
            ]
        for field, errors in rejected.errors.items():
            form.add_error(field if field in form.fields and field != "parent" else None, errors)
        form.status = rejected.status
        return form
    comment = posted.comment
    if posted.created:
        # Only the comment this request saved: an earlier duplicate (same words, same
        # address) may be someone else's, and returning it grants no rights over it.
        _remember_own(request, comment)
    if comment.status != Status.SPAM:
        # E-mails about this comment (a reply, its removal) go in the language it was written in.
        notifications.remember_language(
            person=comment.user or author.email, language=notifications.current_language()
        )
        _follow_as_asked(discussion, data, user=user, email=author.email)
    # An earlier comment with these words and this address that is not public and not
    # this person's (someone else's held comment, say) is not shown to them: they are told
    # it waits for a moderator, as a first post is, and see nothing of it.
    shown = (
        comment.is_public
        or comment.pk in own_comment_ids(request)
        or (user is not None and comment.user_id == user.pk)
    )
    if wants_fragment(request):
        status = 201 if posted.created else 200
        if shown:
            response = _comment_fragment(request, comment, status=status)
        else:
            response = HttpResponse(
                render_to_string("discussions/_comment_waiting.html", {"comment": comment}),
                status=status,
            )
        response[NEXT_FORM_HEADER] = _next_form(discussion)
    elif shown:
        # The page that holds it, in the order this reader reads in.
        where = paging.comment_address(
            request,
            discussion,
            comment.number,
            user_id=user.pk if user is not None else None,
            own_ids=own_comment_ids(request),
        )
        response = HttpResponseRedirect(where or f"{discussion.url}#{comment.anchor}")
    else:
        messages.info(
            request,
            _("Your comment is waiting for a moderator: it will appear here once they approve it."),
        )
        response = HttpResponseRedirect(f"{discussion.url}#comments")
    if user is None:
        _remember_guest(response, data)
        forgetting = bool(request.COOKIES.get(GUEST_COOKIE))  # remembered before, not now
        if not wants_fragment(request) and not data.get("remember") and not forgetting:
            _keep_guest_once(request, data)
    return response


def _follow_as_asked(
    discussion: Discussion, data: dict[str, Any], *, user: AbstractBaseUser | None, email: str
) -> None:
    """The "notify me" boxes: a signed-in person follows at once; a guest is sent a link
    to confirm first (double opt-in)."""
    wanted: list[tuple[str, int, str, str, str]] = []
    if data.get("notify_followups"):
        wanted.append(
            (Target.DISCUSSION, discussion.pk, discussion.title, discussion.url, Kind.COMMENT)
        )
    if data.get("notify_posts"):
        wanted.append((Target.SITE, 0, "", "/", Kind.POST))
    for target, target_id, title, url, kind in wanted:
        if isinstance(user, User):
            notifications.follow(
                user=user, target=target, target_id=target_id, kinds=[kind], title=title, url=url
            )
        else:
            notifications.follow_as_guest(
                email=email, target=target, target_id=target_id, kinds=[kind], title=title, url=url
            )


def _seconds_since_shown(value: str) -> float | None:
    """How long the person had the form; None if unknown, 0 if the stamp was forged."""
    if not value:
        return None
    try:
        return time.time() - float(signing.loads(value, salt=SHOWN_AT_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return 0.0


def _remember_guest(response: HttpResponse, data: dict[str, Any]) -> None:
    if data.get("remember"):
        details = {
            "name": data["author_name"],
            "email": data["author_email"],
            "url": data["author_url"],
        }
        response.set_cookie(
            GUEST_COOKIE,
            signing.dumps(details, salt=GUEST_COOKIE_SALT),
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(GUEST_COOKIE)


def _next_form(discussion: Discussion) -> str:
    """What the page's script needs to post again from the same page (JSON, ASCII for a
    header): a new submission key and "shown at" stamp, as a new form would have, and the
    discussion's public count as its heading shows it."""
    discussion.refresh_from_db(fields=["comment_count"])
    count = discussion.comment_count
    return json.dumps(
        {
            "submission": submission_key(),
            "shown_at": form_shown_stamp(),
            "count": count,
            "count_text": ngettext("%(counter)s comment", "%(counter)s comments", count)
            % {"counter": count},
        }
    )


def _comment_fragment(request: HttpRequest, comment: Comment, *, status: int) -> HttpResponse:
    user = request.user if isinstance(request.user, User) else None
    liked = queries.liked_comment_ids(comment.discussion, user.pk if user else None)
    fragments.decorate([comment], user=user, liked=liked, own_ids=own_comment_ids(request))
    html = fragments.render_comment(
        comment,
        discussion=comment.discussion,
        signed_in=user is not None,
        csrf_token=get_token(request),
    )
    return HttpResponse(html, status=status)


def form_fragment(request: HttpRequest, discussion: Discussion, form: CommentForm) -> HttpResponse:
    html = render_to_string(
        "discussions/_comment_form.html",
        {
            "discussion": discussion,
            "comment_form": form,
            "reply_to": form.cleaned_data.get("parent"),
            "sign_in_choices": [] if request.user.is_authenticated else sign_in_choices(request),
        },
        request=request,
    )
    return HttpResponse(html, status=form.status)


def _own_comment(request: HttpRequest, comment_id: int) -> Comment | None:
    """The comment if this person wrote it, else None."""
    comment = get_object_or_404(Comment.objects.select_related("discussion", "user"), pk=comment_id)
    user = request.user if request.user.is_authenticated else None
    if services.may_change(comment, user=user, own_ids=own_comment_ids(request)):
        return comment
    return None


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, comment_id)
    if comment is None:
        return render(request, "discussions/not_yours.html", status=403)
    form = EditCommentForm(request.POST or None, initial={"body": comment.body_markdown})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(comment=comment, body=form.cleaned_data["body"])
        except services.CommentRejected as rejected:
            form.add_error("body", rejected.errors.get("body", [rejected.detail]))
        else:
            if comment.held_edit_at is not None:
                messages.info(
                    request,
                    _(
                        "Your edit is awaiting moderation: your comment shows its earlier "
                        "text until a moderator approves the change"
                    ),
                )
            return redirect(comment.get_absolute_url())
    return render(
        request,
        "discussions/edit.html",
        {"comment": comment, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _own_comment(request, comment_id)
    if comment is None:
        return render(request, "discussions/not_yours.html", status=403)
    if request.method == "POST":
        services.delete_comment(comment=comment)
        return redirect(comment.get_absolute_url())
    return render(request, "discussions/delete.html", {"comment": comment})


@login_required
@require_POST
def like(request: AuthenticatedHttpRequest, comment_id: int) -> HttpResponse:
    """Toggle the signed-in person's like of a comment."""
    # As the API does: a comment on something not public (a draft) is not there to like.
    comment = queries.comment_on_public_discussion(comment_id)
    if comment is None:
        raise Http404("No such comment")
    try:
        services.limit_likes(user=request.user, comment=comment)
    except ratelimit.RateLimited as limited:
        return ratelimit.too_many(request, limited.retry_after)
    try:
        if comment.likes.filter(user=request.user).exists():
            services.unlike_comment(comment=comment, user=request.user)
        else:
            services.like_comment(comment=comment, user=request.user)
    except services.CommentRejected as rejected:
        return render(
            request, "discussions/not_yours.html", {"message": rejected.detail}, status=409
        )
    if wants_fragment(request):
        return _comment_fragment(request, comment, status=200)
    return redirect(comment.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def claim(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Claim the comments you posted as a guest with an address you have since verified."""
    emails = list(
        EmailAddress.objects.filter(user=request.user, verified=True).values_list(
            "email", flat=True
        )
    )
    unclaimed = Comment.objects.filter(
        user=None, author_email__in=[e.lower() for e in emails]
    ).select_related("discussion")
    if request.method == "POST":
        count = services.claim_guest_comments(user=request.user, emails=emails)
        messages.success(
            request,
            ngettext(
                "%(count)d comment now shows your name",
                "%(count)d comments now show your name",
                count,
            )
            % {"count": count},
        )
        return redirect("account_profile")
    return render(
        request, "discussions/claim.html", {"comments": list(unclaimed[:200]), "emails": emails}
    )


def go_to_comment(request: HttpRequest, discussion: Discussion, number: int | None) -> HttpResponse:
    """`?comment=N` on a discussion's page: the page that holds comment N, at its anchor;
    404 if this viewer cannot see it (as if it did not exist)."""
    user_id = request.user.pk if request.user.is_authenticated else None
    where = None
    if number is not None:
        where = paging.comment_address(
            request, discussion, number, user_id=user_id, own_ids=own_comment_ids(request)
        )
    if where is None:
        raise Http404("No such comment")
    return HttpResponseRedirect(where)


@require_http_methods(["GET", "HEAD"])
def permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    """`/c/<id>`: a short, lasting link to a comment, wherever its page is now."""
    comment = queries.comment_on_public_discussion(comment_id)
    if comment is None:
        raise Http404("No such comment")
    return go_to_comment(request, comment.discussion, comment.number)
