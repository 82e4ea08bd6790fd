"""What Parley holds about a person, and forgetting it (UK GDPR rights of access and
erasure), for signed-in people; and forgetting commenters' IP addresses after a while.

It spans the apps that keep something about a person, so it lives beside them rather than
in any one: `accounts` (the account, addresses, tokens), `discussions` (comments, likes),
`blog` (post likes), `moderation` (flags raised; blocks and log notes naming an
address), `notifications` (subscriptions, preferences, the outbox), `organisations`
(memberships, invitations). tests/privacy/test_erasure_leaves_no_trace.py searches every
model's text columns after an erasure, so a new column holding an address is caught.
"""

import re
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from parley.accounts import services as accounts
from parley.accounts.models import AccessToken, User
from parley.blog import services as blog
from parley.blog.models import PostLike
from parley.consultations.models import Response
from parley.discussions import services as discussions
from parley.discussions.models import Comment, CommentLike
from parley.files import services as files
from parley.moderation import blocks
from parley.moderation.models import Block, Flag, ModerationAction
from parley.notifications.models import Email, Notification, Recipient, Subscription
from parley.organisations.models import Invitation, Membership

FORMER_PARTICIPANT = "A former participant"


def _when(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def _following(recipient: Recipient | None) -> list[dict[str, Any]]:
    """What a recipient follows by e-mail."""
    if recipient is None:
        return []
    return [
        {"what": s.target, "id": s.target_id, "title": s.title, "kinds": s.kinds}
        for s in Subscription.objects.filter(recipient=recipient).order_by("pk")
    ]


def export(user: User) -> dict[str, Any]:
    """Everything Parley holds about `user`, as plain JSON-ready data."""
    addresses = list(EmailAddress.objects.filter(user=user).order_by("email"))
    verified = [a.email.lower() for a in addresses if a.verified]
    recipient = Recipient.objects.filter(user=user).first()

    def comment(c: Comment) -> dict[str, Any]:
        return {
            "discussion": c.discussion.title,
            "url": f"{c.discussion.url}#{c.anchor}",
            "number": c.number,
            "in_reply_to": c.parent.number if c.parent else None,
            "written_at": _when(c.created_at),
            "edited_at": _when(c.edited_at),
            "withdrawn_at": _when(c.deleted_at),
            "status": c.status,
            "stance": c.stance,
            "quote": c.quote,
            "text": c.body_markdown,
            "ip_address": c.ip_address,
        }

    comments = Comment.objects.select_related("discussion", "parent").order_by("created_at")
    return {
        "account": {
            "display_name": user.display_name,
            "email": user.email,
            "joined_at": _when(user.date_joined),
            "last_signed_in_at": _when(user.last_login),
            "second_factor": Authenticator.objects.filter(user=user).exists(),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses
        ],
        "sign_in_accounts": [
            {"provider": s.provider, "uid": s.uid, "connected_at": _when(s.date_joined)}
            for s in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        "access_tokens": [
            {
                "name": t.name,
                "created_at": _when(t.created_at),
                "expires_at": _when(t.expires_at),
                "last_used_at": _when(t.last_used_at),
                "revoked_at": _when(t.revoked_at),
            }
            for t in AccessToken.objects.filter(user=user).order_by("created_at")
        ],
        "memberships": [
            {"organisation": m.organisation.name, "role": m.role}
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "comments": [comment(c) for c in comments.filter(user=user)],
        "guest_comments_with_your_addresses": [
            comment(c) for c in comments.filter(user=None, author_email__in=verified)
        ],
        "comment_likes": [
            f"{like.comment.discussion.url}#{like.comment.anchor}"
            for like in CommentLike.objects.filter(user=user).select_related("comment__discussion")
        ],
        "post_likes": [
            like.post.get_absolute_url()
            for like in PostLike.objects.filter(user=user).select_related("post")
        ],
        "flags_raised": [
            {
                "comment": f"{flag.comment.discussion.url}#{flag.comment.anchor}",
                "reason": flag.reason,
                "note": flag.note,
                "at": _when(flag.created_at),
            }
            for flag in Flag.objects.filter(user=user).select_related("comment__discussion")
        ],
        "notifications": {
            "frequencies": recipient.frequencies if recipient else {},
            "following": _following(recipient),
        },
    }


@transaction.atomic
def erase(*, user: User, delete_comments: bool) -> int:
    """Forget `user`: their account, addresses, sign-in links, tokens, likes, follows and
    memberships go. Their comments stay, shown as by "a former participant" with no link
    to them, unless `delete_comments`, when their words go too (each keeps its place in
    its thread, as a withdrawn comment does). The guest comments they wrote with one of
    their verified addresses are erased as a guest's are, and their addresses leave
    blocks, the moderation log, invitations and the outbox (`forget_address`). How many
    comments were theirs."""
    verified = {
        a.email.strip().lower() for a in EmailAddress.objects.filter(user=user, verified=True)
    }
    addresses = verified | {user.email.strip().lower()}
    for like in CommentLike.objects.filter(user=user).select_related("comment"):
        discussions.unlike_comment(comment=like.comment, user=user)
    for post_like in PostLike.objects.filter(user=user).select_related("post"):
        blog.unlike_post(post=post_like.post, user=user)
    theirs = list(Comment.objects.filter(user=user))
    if delete_comments:
        for comment in theirs:
            discussions.delete_comment(comment=comment)
    accounts.person_shown_differently(user=user)  # their name leaves those pages
    Comment.objects.filter(user=user).update(
        user=None, author_name=FORMER_PARTICIPANT, author_email="", author_url="", ip_address=None
    )
    # Only a verified address proves those guest comments were theirs.
    as_guest = sum(guest_erase(email=a, delete_comments=delete_comments) for a in verified)
    # The log note of a suspension names the account: it is kept, without the name.
    ModerationAction.objects.filter(block__user=user).update(note=FORMER_PARTICIPANT)
    Email.objects.filter(recipient__user=user).delete()
    Recipient.objects.filter(user=user).delete()
    # The files they attached to formal responses go, bytes and all (the responses' answers
    # stay, counted, as a former participant's).
    files.delete_files_of_responses(
        list(Response.objects.filter(user=user).values_list("pk", flat=True))
    )
    for address in addresses:
        forget_address(address)
    user.delete()
    return len(theirs) + as_guest


# Columns where an address may be quoted in words (a log note, a flag's reporter, an
# e-mail to someone else): it is replaced there by `blocks.erased_address`.
QUOTING_COLUMNS: list[tuple[type[models.Model], list[str]]] = [
    (Block, ["email", "reason"]),
    (ModerationAction, ["note", "reason"]),
    (Flag, ["reporter", "note"]),
    (Email, ["to", "subject", "text", "html", "last_error"]),
    (Notification, ["subject", "text"]),
]


def forget_address(address: str) -> None:
    """Remove an e-mail address from what is kept besides comments: a guest's follows,
    the outbox's e-mails to it, invitations to it; where it is quoted (a block, a log note)
    it becomes a keyed digest, so a block on it still holds. The one exception to the
    moderation log being never changed: the law asks for it."""
    address = address.strip().lower()
    if not address:
        return
    Email.objects.filter(to__iexact=address).delete()
    Recipient.objects.filter(user=None, email__iexact=address).delete()
    Invitation.objects.filter(email__iexact=address).delete()
    erased = blocks.erased_address(address)
    pattern = re.compile(re.escape(address), re.IGNORECASE)
    for model, columns in QUOTING_COLUMNS:
        quoting = Q()
        for column in columns:
            quoting |= Q(**{f"{column}__icontains": address})
        for row in model._default_manager.filter(quoting):
            for column in columns:
                setattr(row, column, pattern.sub(erased, getattr(row, column)))
            row.save(update_fields=columns)


def forget_old_ip_addresses(*, now: Any = None) -> int:
    """Blank the IP addresses of comments older than PARLEY_IP_RETENTION_DAYS; how many.
    They help with spam and abuse while a comment is new, and are not needed after."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.PARLEY_IP_RETENTION_DAYS)
    return Comment.objects.filter(created_at__lt=cutoff, ip_address__isnull=False).update(
        ip_address=None
    )


ERASE_SALT = "parley.personal_data.erase"
ERASE_LINK_HOURS = 24


def erase_token(user: User, *, delete_comments: bool) -> str:
    """A signed link's token naming who asked to be erased and how. It also carries the
    password hash's tail, so it stops working if the password changes."""
    return signing.dumps(
        [user.pk, delete_comments, user.password[-12:]], salt=ERASE_SALT, compress=True
    )


def read_erase_token(token: str) -> tuple[User, bool] | None:
    """Who the token asks to erase, and whether with their comments; None if it is bad,
    expired (ERASE_LINK_HOURS), or the account has changed its password since."""
    try:
        user_id, delete_comments, tail = signing.loads(
            token, salt=ERASE_SALT, max_age=ERASE_LINK_HOURS * 3600
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None
    user = User.objects.filter(pk=user_id).first()
    if user is None or user.password[-12:] != tail:
        return None
    return user, bool(delete_comments)


@task()
def send_erase_link(user_id: int, delete_comments: bool, language: str = "en-gb") -> bool:
    """E-mail the person the link that confirms erasing their account, in `language` (the
    one they asked in)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return False
    link = settings.PARLEY_SITE_URL.rstrip("/") + reverse(
        "account_erase_confirm", args=[erase_token(user, delete_comments=delete_comments)]
    )
    context = {
        "user": user,
        "link": link,
        "delete_comments": delete_comments,
        "hours": ERASE_LINK_HOURS,
        "site_name": settings.SITE_NAME,
    }
    with translation.override(language):
        send_mail(
            subject=gettext("Confirm deleting your %(site)s account")
            % {"site": settings.SITE_NAME},
            message=render_to_string("accounts/email/erase.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    return True


# Guests: what is linked to an e-mail address, reached through a link sent to it.

GUEST_SALT = "parley.personal_data.guest"
GUEST_LINK_HOURS = 24


def _guest_comments(email: str) -> Any:
    return Comment.objects.filter(user=None, author_email__iexact=email.strip())


def guest_export(email: str) -> dict[str, Any]:
    """What Parley holds linked to a guest's e-mail address."""
    recipient = Recipient.objects.filter(user=None, email__iexact=email.strip()).first()
    comments = _guest_comments(email).select_related("discussion", "parent").order_by("created_at")
    return {
        "email": email,
        "comments": [
            {
                "discussion": c.discussion.title,
                "url": f"{c.discussion.url}#{c.anchor}",
                "number": c.number,
                "name_given": c.author_name,
                "website_given": c.author_url,
                "written_at": _when(c.created_at),
                "withdrawn_at": _when(c.deleted_at),
                "status": c.status,
                "stance": c.stance,
                "text": c.body_markdown,
                "ip_address": c.ip_address,
            }
            for c in comments
        ],
        "notifications": {
            "confirmed_at": _when(recipient.confirmed_at) if recipient else None,
            "following": _following(recipient),
        },
    }


@transaction.atomic
def guest_erase(*, email: str, delete_comments: bool) -> int:
    """Forget what is linked to a guest's address: their follows, and on their comments
    the name, address, website and IP address ("a former participant"); with
    `delete_comments`, the comments' words too; and the address wherever else it is kept
    (`forget_address`). How many comments there were."""
    theirs = list(_guest_comments(email))
    if delete_comments:
        for comment in theirs:
            discussions.delete_comment(comment=comment)
    discussions.touch_discussions(*{c.discussion_id for c in theirs})
    _guest_comments(email).update(
        author_name=FORMER_PARTICIPANT, author_email="", author_url="", ip_address=None
    )
    files.delete_files_of_responses(
        list(
            Response.objects.filter(user=None, guest_email__iexact=email.strip()).values_list(
                "pk", flat=True
            )
        )
    )
    forget_address(email)
    return len(theirs)


def guest_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=GUEST_SALT, compress=True)


def read_guest_token(token: str) -> str | None:
    try:
        return str(signing.loads(token, salt=GUEST_SALT, max_age=GUEST_LINK_HOURS * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        return None


@task()
def send_guest_link(email: str, language: str = "en-gb") -> bool:
    """E-mail a guest the link to see or erase what is linked to their address; sent only
    when something is, so the form does not tell strangers which addresses are known."""
    if not (
        _guest_comments(email).exists() or Recipient.objects.filter(email__iexact=email).exists()
    ):
        return False
    link = settings.PARLEY_SITE_URL.rstrip("/") + reverse("guest_data", args=[guest_token(email)])
    context = {"link": link, "hours": GUEST_LINK_HOURS, "site_name": settings.SITE_NAME}
    with translation.override(language):
        send_mail(
            subject=gettext("Your comments on %(site)s") % {"site": settings.SITE_NAME},
            message=render_to_string("parley/email/guest_data.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    return True
