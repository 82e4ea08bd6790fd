"""Who hears about a comment once it is public, and what they are told.

Run from background tasks (discussions.tasks), never in a request. Each person hears
once per comment, by the most personal reason: a reply to them, then a mention of
them, then a new comment on a discussion they follow. Authors never hear of their own
comments, and no e-mail shows anyone's address.
"""

from django.utils.functional import Promise
from django.utils.html import escape, linebreaks
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from parley.discussions.models import Comment, Mention, Status
from parley.notifications import services as notifications
from parley.notifications.models import Kind, Target


def _address(comment: Comment) -> str:
    return comment.user.email if comment.user is not None else comment.author_email


def _person(comment: Comment) -> notifications.Person | None:
    if comment.user is not None:
        return comment.user
    return comment.author_email or None


def _group(comment: Comment) -> dict[str, str]:
    discussion = comment.discussion
    return {"group": f"discussion:{discussion.pk}", "group_title": discussion.title}


def _news(comment: Comment, kind: str, subject: Promise, lead: Promise) -> notifications.News:
    """Each recipient reads `subject` and `lead` in their own language (lazy texts)."""
    return notifications.News(
        kind=kind,
        subject=subject,
        text=format_lazy("{}\n\n{}", lead, comment.body_markdown),
        html=format_lazy("<p>{}</p><blockquote>{}</blockquote>", escape(lead), comment.body_html),
        url=comment.get_absolute_url(),
        **_group(comment),
    )


def comment_published(comment: Comment) -> set[str]:
    """Tell the parent's author, the people mentioned and the discussion's followers about
    a comment that has just become public; the addresses told."""
    if not comment.is_public:
        return set()
    if not notifications.announce_once(f"comment:{comment.pk}"):
        return set()  # approved, hidden by flags and approved again: told the first time
    who = comment.display_name
    title = comment.discussion.title
    told: set[str] = set()
    author = {_address(comment)}
    parent = comment.parent
    if parent is not None and parent.is_public and (person := _person(parent)):
        told |= notifications.notify(
            news=_news(
                comment,
                Kind.REPLY,
                format_lazy(_("{who} replied to your comment on ‘{title}’"), who=who, title=title),
                format_lazy(
                    _("{who} replied to your comment #{number} on ‘{title}’:"),
                    who=who,
                    number=parent.number,
                    title=title,
                ),
            ),
            people=[person],
            exclude=author,
        )
    mentioned = Mention.objects.filter(comment=comment).select_related(
        "mentioned_user", "mentioned_comment__user"
    )
    people = [
        m.mentioned_user or _person(m.mentioned_comment)
        for m in mentioned
        if m.mentioned_user or m.mentioned_comment.is_public
    ]
    told |= notifications.notify(
        news=_news(
            comment,
            Kind.MENTION,
            format_lazy(_("{who} mentioned you on ‘{title}’"), who=who, title=title),
            format_lazy(
                _("{who} mentioned you in comment #{number} on ‘{title}’:"),
                who=who,
                number=comment.number,
                title=title,
            ),
        ),
        people=[person for person in people if person],
        exclude=author | told,
    )
    told |= notifications.notify(
        news=_news(
            comment,
            Kind.COMMENT,
            format_lazy(_("New comment on ‘{title}’"), title=title),
            format_lazy(
                _("{who} commented on ‘{title}’ (comment #{number}):"),
                who=who,
                title=title,
                number=comment.number,
            ),
        ),
        followers_of=(Target.DISCUSSION, comment.discussion_id),
        exclude=author | told,
    )
    return told


def tell_author(
    comment: Comment, *, kind: str, subject: str | Promise, text: str | Promise, html: str | Promise
) -> bool:
    """Tell a comment's author something about their own comment (its approval, removal
    or outcome). Guests hear of removals even unconfirmed: they gave the address for it."""
    person = _person(comment)
    if person is None:
        return False
    # A comment removed before it was ever public has no place on the page (not even as a
    # placeholder), so its link would find nothing: the discussion itself, then.
    shown = comment.is_public or (comment.status == Status.REMOVED and comment.was_public)
    told = notifications.notify(
        news=notifications.News(
            kind=kind,
            subject=subject,
            text=text,
            html=html or linebreaks(escape(text)),
            url=comment.get_absolute_url() if shown else comment.discussion.url,
            **_group(comment),
        ),
        people=[person],
        transactional=kind == Kind.MODERATION and comment.status == Status.REMOVED,
    )
    return bool(told)
