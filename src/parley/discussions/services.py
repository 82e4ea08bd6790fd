"""Every write to discussions: posting, editing, deleting, liking, changing status, and
the discussion rows other apps change (their window, whether open, title, address).

Every write a reader could see ends in `discussions_changed`, the one invalidation for a
discussion: the kept files of the page it is shown on (`page_files`) go once the write
commits. Its ETag follows its row (`last_activity_at`, counters, window), written with it.
Other apps change a discussion's row with `update_discussions` or `delete_discussion`.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parley import ratelimit
from parley.accounts.models import User
from parley.accounts.names import staff_it_impersonates
from parley.discussions import page_files, queries, tasks
from parley.discussions.models import (
    MAX_DEPTH,
    PATH_WIDTH,
    Comment,
    CommentLike,
    Discussion,
    Mention,
    Stance,
    Status,
)
from parley.markup import Mentionable, Rendered, plain_name, render_comment
from parley.moderation import screening
from parley.organisations.models import Organisation
from parley.organisations.permissions import moderates_discussions_of
from parley.validation import Rejected, too_long

DUPLICATE_WINDOW = timedelta(minutes=1)
COPIES_BATCH = 5_000  # comment ids a query of `mark_copies` names at once
QUOTE_MAX_LENGTH = 2_000


class CommentRejected(Rejected):
    """The comment was not saved."""


@dataclass(frozen=True)
class Author:
    """Who is posting: a signed-in user, or a guest with a name and e-mail address."""

    user: User | None = None
    name: str = ""
    email: str = ""
    url: str = ""
    ip: str | None = None


@dataclass(frozen=True)
class Posted:
    comment: Comment
    created: bool  # False when this was a double submission of an earlier comment


def create_discussion(
    *,
    kind: str,
    title: str,
    url: str,
    organisation: Organisation | None,
    is_open: bool = True,
    title_cy: str = "",
) -> Discussion:
    """A new, empty discussion for something people can comment on."""
    discussion = Discussion.objects.create(
        kind=kind,
        title=title,
        title_cy=title_cy,
        url=url,
        organisation=organisation,
        is_open=is_open,
    )
    discussions_changed(discussion)
    return discussion


def discussions_changed(discussions: QuerySet[Discussion] | Discussion) -> None:
    """Call after any change to `discussions` (one, or a query of several) a reader could
    see, or before it if it moves or deletes them: the kept files of the pages they are
    shown on go once the write commits. A query is not read when files are off."""
    if isinstance(discussions, Discussion):
        page_files.forget([discussions.url])
    else:
        page_files.forget(discussions.values_list("url", flat=True))


def update_discussions(discussions: QuerySet[Discussion], **fields: object) -> int:
    """Write `fields` to `discussions`' rows (how other apps open, close, schedule, retitle
    or move the discussions they own, and how this module counts); returns how many."""
    discussions_changed(discussions)
    return discussions.update(**fields)


def delete_discussion(*, discussion_id: int) -> None:
    """Delete a discussion, with its comments (a clause removed from a draft, say)."""
    gone = Discussion.objects.filter(pk=discussion_id)
    discussions_changed(gone)
    gone.delete()


def _when(moment: datetime) -> dict[str, str]:
    """A moment as the day and time people read, in the active language."""
    local = timezone.localtime(moment)
    return {"day": date_format(local, "j F Y"), "time": date_format(local, "H:i")}


def _mentionables(discussion: Discussion, body: str) -> list[Mentionable]:
    """Who `body` may @mention (only names that start with a word after one of its "@")."""
    return queries.mentionables(discussion, body) if "@" in body else []


def _validate_body(body: str) -> list[str]:
    limit = settings.PARLEY_COMMENT_MAX_LENGTH
    if not body.strip():
        return [_("Enter your comment")]
    if len(body) > limit:
        return [
            ngettext(
                "Your comment must be {limit} character or fewer (it has {length})",
                "Your comment must be {limit} characters or fewer (it has {length})",
                limit,
            ).format(limit=f"{limit:,}", length=f"{len(body):,}")
        ]
    return []


def _validate_guest(author: Author) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not plain_name(author.name):
        errors["author_name"] = [_("Enter your name")]
    elif len(author.name) > 80:
        errors["author_name"] = [_("Your name must be 80 characters or fewer")]
    elif staff_it_impersonates(author.name):
        errors["author_name"] = [_("This name looks like a member of staff’s: choose another")]
    if not author.email.strip():
        errors["author_email"] = [_("Enter your e-mail address")]
    else:
        try:
            validate_email(author.email.strip())
        except ValidationError:
            errors["author_email"] = [
                _("Enter an e-mail address in the correct format, like name@example.com")
            ]
    if author.url.strip():
        try:
            URLValidator(schemes=["http", "https"])(author.url.strip())
            if (
                plain_name(author.url) != author.url.strip()
            ):  # a direction override hides where it goes
                raise ValidationError("control characters")
        except ValidationError:
            errors["author_url"] = [_("Enter a website address starting with http:// or https://")]
        else:
            if _is_same_site(author.url.strip()):
                # A guest's name linked to a person's page here would pass for that person.
                errors["author_url"] = [_("Enter the address of your own website, not this one")]
    # SQLite would store over-long values that PostgreSQL refuses: check here, for both.
    lengths = too_long(Comment, author_email=author.email.strip(), author_url=author.url.strip())
    return lengths | errors


def _host(address: str) -> str:
    """The host of `address` as compared: lower case, without a final dot, in ASCII."""
    host = (urlsplit(address).hostname or "").rstrip(".")
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return host.lower()


def _is_same_site(url: str) -> bool:
    """Whether `url` points into this site: its SITE_URL host, a host it answers to
    (ALLOWED_HOSTS), or a subdomain of either."""
    host = _host(url)
    ours = {_host(settings.PARLEY_SITE_URL)} | {
        _host(f"http://{allowed.lstrip('.')}")
        for allowed in settings.ALLOWED_HOSTS
        if allowed.strip(".*")
    }
    return any(host == own or host.endswith(f".{own}") for own in ours if own)


def _find_parent(
    discussion: Discussion, parent_number: int | None, parent_id: int | None
) -> tuple[Comment | None, list[str]]:
    if parent_number is None and parent_id is None:
        return None, []
    lookup = (
        {"pk": parent_id}
        if parent_id is not None
        else {"number": parent_number, "discussion": discussion}
    )
    parent = Comment.objects.filter(**lookup).first()
    if parent is None or (parent_id is None and parent.discussion_id != discussion.pk):
        if parent_id is None:
            missing = _("There is no comment #{number} in this discussion")
            return None, [missing.format(number=parent_number)]
        return None, [_("There is no comment you are replying to in this discussion")]
    if parent.discussion_id != discussion.pk:
        return None, [_("The comment you are replying to is in another discussion")]
    if not parent.is_public:
        hidden = _("You can't reply to comment #{number}: it is no longer shown")
        return None, [hidden.format(number=parent.number)]
    if parent.depth + 1 > MAX_DEPTH:
        deep = _("This thread is too deep to reply to comment #{number}")
        return None, [deep.format(number=parent.number)]
    return parent, []


def _is_trusted(user: User | None, discussion: Discussion) -> bool:
    """Those who moderate the discussion skip pre-moderation and rate limits there."""
    return user is not None and moderates_discussions_of(user, discussion.organisation)


def _rate_limit(author: Author) -> None:
    identity = f"user:{author.user.pk}" if author.user else f"ip:{author.ip or 'unknown'}"
    try:
        ratelimit.hit("comment", identity, ratelimit.Rate.parse(settings.PARLEY_COMMENT_RATE))
    except ratelimit.RateLimited as limited:
        raise CommentRejected(
            {
                "body": [
                    ngettext(
                        "You are commenting too quickly. Try again in {seconds} second",
                        "You are commenting too quickly. Try again in {seconds} seconds",
                        limited.retry_after,
                    ).format(seconds=limited.retry_after)
                ]
            },
            status=429,
            retry_after=limited.retry_after,
        ) from None


def _earlier_duplicate(discussion: Discussion, author: Author, body: str) -> Comment | None:
    same_author = (
        {"user": author.user}
        if author.user
        else {"user": None, "author_email": author.email.strip().lower()}
    )
    # Only the id is read (an earlier copy is rare): selecting every column cost more.
    earlier = (
        Comment.objects.filter(
            discussion=discussion,
            body_markdown=body,
            created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            **same_author,
        )
        .order_by("-number")
        .values_list("pk", flat=True)
        .first()
    )
    return Comment.objects.get(pk=earlier) if earlier is not None else None


def _touch(*discussion_ids: int) -> None:
    """Mark discussions as changed for readers, so conditional GETs see a new validator."""
    update_discussions(
        Discussion.objects.filter(pk__in=discussion_ids), last_activity_at=timezone.now()
    )


def recount_threads(*discussion_ids: int) -> None:
    """Count again what pages of threads show of these discussions (`Discussion.thread_count`,
    `removed_count`), from the index: called in the transaction of the rarer changes
    whose effect is not worked out (copies of a letter marked or handed on, a comment
    joining a letter that was not a thread, an import's batch), two queries a discussion.
    Every common change moves them by its own delta instead (`_shown_counts`)."""
    for discussion_id in sorted(set(discussion_ids)):
        update_discussions(
            Discussion.objects.filter(pk=discussion_id), **queries.thread_counts(discussion_id)
        )


def _shown_counts(comment: Comment) -> tuple[int, int]:
    """What `comment` adds to its discussion's (`thread_count`, `removed_count`), counted as
    `queries.thread_counts` counts: a top-level comment that copies no letter and that
    everyone sees (approved, deleted or not, or removed after being public, as a
    placeholder) is a thread; a removed once-public comment at any depth is a placeholder.
    Replies to a thread never move its count, whatever becomes of them."""
    shown = comment.status == Status.APPROVED or (
        comment.status == Status.REMOVED and comment.was_public
    )
    is_thread = shown and comment.depth == 0 and comment.copy_of_id is None
    return int(is_thread), int(comment.status == Status.REMOVED and comment.was_public)


def _adjust_counts(comment: Comment, delta: int, *, threads: int = 0, removed: int = 0) -> None:
    """Move the discussion's counters by these deltas (in one UPDATE, with its activity)
    and the parent's replies by `delta`: never a count of the discussion's comments."""
    moved = {
        name: F(name) + change
        for name, change in (
            ("comment_count", delta),
            ("thread_count", threads),
            ("removed_count", removed),
        )
        if change
    }
    update_discussions(
        Discussion.objects.filter(pk=comment.discussion_id),
        **moved,
        last_activity_at=timezone.now(),
    )
    if comment.parent_id is not None and delta:
        Comment.objects.filter(pk=comment.parent_id).update(reply_count=F("reply_count") + delta)


def post_comment(
    *,
    discussion: Discussion,
    body: str,
    author: Author,
    parent_number: int | None = None,
    parent_id: int | None = None,
    stance: str = "",
    quote: str = "",
    honeypot: bool = False,
    seconds_to_submit: float | None = None,
    idempotency_key: str = "",
) -> Posted:
    """Validate, rate-limit, score, render and save a comment with the next number.

    Either everything is saved (the comment, its number, counters, mentions) or
    nothing is and CommentRejected says why, field by field. A repeat of the same
    body by the same person within a minute returns the earlier comment, and so does a
    retry with the same `idempotency_key` (at any time, whatever has changed since).
    """
    key = _idempotency_digest(author, idempotency_key) if idempotency_key else ""
    if key and (earlier := _comment_for_key(discussion, key, body)):
        return Posted(comment=earlier, created=False)
    if not discussion.accepting_comments:
        if discussion.is_open and discussion.not_yet_open and discussion.opens_at:
            message = _("Comments open on {day} at {time}").format(**_when(discussion.opens_at))
        else:
            message = _("Comments are closed: this discussion no longer accepts new comments")
        raise CommentRejected({"discussion": [message]}, status=409)
    errors: dict[str, list[str]] = {}
    if body_errors := _validate_body(body):
        errors["body"] = body_errors
    if author.user is None:
        errors.update(_validate_guest(author))
    if stance and not discussion.allows_stance:
        errors["stance"] = [_("Support or opposition can only be given on guidance")]
    elif stance and stance not in Stance.values:
        errors["stance"] = [_("Choose one of: {choices}").format(choices=", ".join(Stance.values))]
    if len(quote) > QUOTE_MAX_LENGTH:
        too_long = _("The quoted passage must be {limit} characters or fewer")
        errors["quote"] = [too_long.format(limit=f"{QUOTE_MAX_LENGTH:,}")]
    parent, parent_errors = _find_parent(discussion, parent_number, parent_id)
    if parent_errors:
        errors["parent"] = parent_errors
    if errors:
        raise CommentRejected(errors, status=422 if "parent" in errors else 400)

    email = author.email.strip().lower() if author.user is None else ""
    writer = screening.Writer(user=author.user, name=author.name, email=email, ip=author.ip)
    if block := screening.block_for(writer, discussion.organisation):
        blocked = _("You cannot comment until {day} at {time}: {reason}")
        raise CommentRejected(
            {"__all__": [blocked.format(**_when(block.until), reason=block.reason)]},
            status=403,
        )
    if earlier := _earlier_duplicate(discussion, author, body):
        return Posted(comment=earlier, created=False)

    trusted = _is_trusted(author.user, discussion)
    if not trusted:
        _rate_limit(author)
    assessment = screening.screen(
        text=body,
        writer=writer,
        organisation=discussion.organisation,
        hold_all=discussion.hold_all,
        trusted=trusted,
        honeypot=honeypot,
        seconds_to_submit=seconds_to_submit,
    )
    if assessment.is_spam:
        status = Status.SPAM
    elif assessment.hold_because:
        status = Status.PENDING
    else:
        status = Status.APPROVED
    rendered = render_comment(body, mentionables=_mentionables(discussion, body))

    try:
        comment = _save_comment(
            discussion=discussion,
            parent=parent,
            author=author,
            email=email,
            body=body,
            rendered=rendered,
            stance=stance,
            quote=quote,
            status=status,
            assessment=assessment,
            key=key,
        )
    except IntegrityError:
        # The same key, sent twice at once: the other request saved the comment first.
        if key and (earlier := _comment_for_key(discussion, key, body)):
            return Posted(comment=earlier, created=False)
        raise
    return Posted(comment=comment, created=True)


def _save_comment(
    *,
    discussion: Discussion,
    parent: Comment | None,
    author: Author,
    email: str,
    body: str,
    rendered: Rendered,
    stance: str,
    quote: str,
    status: str,
    assessment: screening.Assessment,
    key: str,
) -> Comment:
    """The comment with the next number, its counters and mentions, in one transaction."""
    with transaction.atomic():
        # One UPDATE takes the next number and counts a comment shown at once. It locks the
        # discussion row (PostgreSQL) or the database (SQLite), so concurrent posts get
        # consecutive numbers (the unique constraint backs it). Saving F() expressions
        # reads the new values back in the same statement (RETURNING).
        counted = status == Status.APPROVED
        discussion.last_number = F("last_number") + 1
        discussion.last_activity_at = timezone.now()
        fields = ["last_number", "last_activity_at"]
        if counted:
            discussion.comment_count = F("comment_count") + 1
            fields.append("comment_count")
            if parent is None:
                # A new thread on the pages (`Discussion.thread_count`).
                discussion.thread_count = F("thread_count") + 1
                fields.append("thread_count")
        discussion.save(update_fields=fields)
        discussions_changed(discussion)
        number = discussion.last_number
        own_path = f"{number:0{PATH_WIDTH}d}"
        comment = Comment.objects.create(
            discussion=discussion,
            number=number,
            parent=parent,
            depth=parent.depth + 1 if parent else 0,
            path=f"{parent.path}.{own_path}" if parent else own_path,
            user=author.user,
            author_name="" if author.user else plain_name(author.name),
            author_email=email,
            author_url="" if author.user else author.url.strip(),
            body_markdown=body,
            body_html=rendered.html,
            stance=stance,
            quote=quote.strip(),
            status=status,
            held_because=assessment.hold_because[:200],
            spam_score=assessment.spam_score,
            spam_reasons=assessment.reasons,
            ip_address=author.ip,
            idempotency_key=key,
        )
        if counted and parent is not None:
            Comment.objects.filter(pk=parent.pk).update(reply_count=F("reply_count") + 1)
        Mention.objects.bulk_create(
            Mention(
                comment=comment,
                mentioned_comment_id=int(person.key.split(":")[0]),
                mentioned_user_id=int(person.key.split(":")[1]) or None,
            )
            for person in rendered.mentioned
        )
        if counted:
            # Queued in this transaction, not after it: the queue is a table in this
            # database (settings.TASKS), so the task is committed with the comment or not at
            # all, and a post costs one commit, not two (on PostgreSQL each waits for the
            # disk, the dearest step of a post). The worker sees it only once committed.
            tasks.announce_comment.enqueue(comment.pk)
    return comment


def _idempotency_digest(author: Author, key: str) -> str:
    """The key as stored: hashed with who sent it, so one person's key never finds
    another's comment."""
    who = f"user:{author.user.pk}" if author.user else f"guest:{author.email.strip().lower()}"
    return hashlib.sha256(f"{who}\n{key}".encode()).hexdigest()


def _comment_for_key(discussion: Discussion, key: str, body: str) -> Comment | None:
    """The comment an earlier submission with this key made; refused when the key is
    reused for different text."""
    earlier = Comment.objects.filter(discussion=discussion, idempotency_key=key).first()
    if earlier is not None and earlier.body_markdown != body:
        raise CommentRejected(
            {"idempotency_key": [_("This Idempotency-Key was already used for another comment")]},
            status=422,
        )
    return earlier


def may_change(comment: Comment, *, user: User | None, own_ids: list[int]) -> bool:
    """Whether this person wrote `comment` (by account, or as a guest in this browser)."""
    if comment.user_id is not None:
        return user is not None and comment.user_id == user.pk
    return comment.pk in own_ids


def edit_comment(*, comment: Comment, body: str) -> Comment:
    """Replace a comment's text within the edit window; it is then shown as edited.

    The new text is screened as a new comment is. If pre-moderation would hold or refuse
    it, a public comment keeps its approved text and the edit waits for a moderator
    (`held_edit_*`, `approve_edit`); a comment not yet public takes the new text and stays
    held, with the new reason."""
    if comment.is_deleted or comment.status in {Status.REMOVED, Status.SPAM}:
        raise CommentRejected({"body": [_("This comment can no longer be edited")]}, status=409)
    if timezone.now() > comment.editable_until():
        raise CommentRejected(
            {
                "body": [
                    ngettext(
                        "Comments can only be edited for {minutes} minute after posting",
                        "Comments can only be edited for {minutes} minutes after posting",
                        settings.PARLEY_COMMENT_EDIT_MINUTES,
                    ).format(minutes=settings.PARLEY_COMMENT_EDIT_MINUTES)
                ]
            },
            status=409,
        )
    if body_errors := _validate_body(body):
        raise CommentRejected({"body": body_errors})
    rendered = render_comment(body, mentionables=_mentionables(comment.discussion, body))
    writer = screening.Writer(
        user=comment.user,
        name=comment.author_name,
        email=comment.author_email,
        ip=comment.ip_address,
    )
    assessment = screening.screen(
        text=body,
        writer=writer,
        organisation=comment.discussion.organisation,
        hold_all=comment.discussion.hold_all,
        trusted=_is_trusted(comment.user, comment.discussion),
    )
    held = assessment.is_spam or bool(assessment.hold_because)
    now = timezone.now()
    if held and comment.status == Status.APPROVED:
        comment.held_edit_markdown = body
        comment.held_edit_html = rendered.html
        comment.held_edit_at = now
        comment.held_edit_because = screening.held_because(assessment)
        comment.save(
            update_fields=[
                "held_edit_markdown",
                "held_edit_html",
                "held_edit_at",
                "held_edit_because",
            ]
        )
        return comment
    comment.body_markdown = body
    comment.body_html = rendered.html
    comment.edited_at = now
    fields = ["body_markdown", "body_html", "edited_at", *_HELD_EDIT_FIELDS]
    _clear_held_edit(comment)
    if comment.status == Status.PENDING:
        comment.held_because = assessment.hold_because[:200] or comment.held_because
        comment.spam_score, comment.spam_reasons = assessment.spam_score, assessment.reasons
        fields += ["held_because", "spam_score", "spam_reasons"]
    with transaction.atomic():
        comment.save(update_fields=fields)
        _touch(comment.discussion_id)
    return comment


_HELD_EDIT_FIELDS = ["held_edit_markdown", "held_edit_html", "held_edit_at", "held_edit_because"]


def _clear_held_edit(comment: Comment) -> None:
    comment.held_edit_markdown = comment.held_edit_html = comment.held_edit_because = ""
    comment.held_edit_at = None


@transaction.atomic
def approve_edit(*, comment: Comment) -> Comment:
    """A moderator accepts a held edit: the comment shows the new text, marked edited."""
    if comment.held_edit_at is None:
        return comment
    comment.body_markdown = comment.held_edit_markdown
    comment.body_html = comment.held_edit_html
    comment.edited_at = comment.held_edit_at
    _clear_held_edit(comment)
    comment.save(update_fields=["body_markdown", "body_html", "edited_at", *_HELD_EDIT_FIELDS])
    _touch(comment.discussion_id)
    return comment


def reject_edit(*, comment: Comment) -> Comment:
    """A moderator refuses a held edit: the approved text stays, the edit is dropped."""
    _clear_held_edit(comment)
    comment.save(update_fields=_HELD_EDIT_FIELDS)
    return comment


@transaction.atomic
def delete_comment(*, comment: Comment) -> Comment:
    """The author withdraws a comment: its text goes, its place in the thread stays."""
    if comment.is_deleted:
        return comment
    if comment.is_public:
        _adjust_counts(comment, -1)
    comment.deleted_at = timezone.now()
    comment.body_markdown = ""
    comment.body_html = ""
    comment.save(update_fields=["deleted_at", "body_markdown", "body_html"])
    if _release_copies(comment):
        recount_threads(comment.discussion_id)
    _touch(comment.discussion_id)
    return comment


@transaction.atomic
def change_status(*, comment: Comment, status: str) -> Comment:
    """Move a comment to `status`, keeping the public counters true: moved by what this one
    comment changes of them (`_shown_counts`), never counted again, so a decision costs the
    same in a discussion of any size. What they depend on is read again with the row
    locked first: the comment in hand may have been read before another moderator's
    decision."""
    comment.status, comment.was_public, comment.deleted_at, comment.copy_of_id = (
        Comment.objects.select_for_update()
        .filter(pk=comment.pk)
        .values_list("status", "was_public", "deleted_at", "copy_of_id")
        .get()
    )
    was_public = comment.is_public
    before = _shown_counts(comment)
    comment.was_public = comment.was_public or was_public
    comment.status = status
    comment.save(update_fields=["status", "was_public"])
    released = was_public and not comment.is_public and _release_copies(comment)
    threads, removed = _shown_counts(comment)
    _adjust_counts(
        comment,
        comment.is_public - was_public,
        threads=0 if released else threads - before[0],
        removed=removed - before[1],
    )
    if released:
        # Its copies handed on: counted again (rare), rather than worked out.
        recount_threads(comment.discussion_id)
    if comment.is_public and not was_public:
        # Held comments are announced when approved; each comment only ever once.
        transaction.on_commit(partial(tasks.announce_comment.enqueue, comment.pk))
    return comment


def mark_copies(*, letters: Iterable[Iterable[int]], discussion_ids: Iterable[int]) -> int:
    """Say which top-level comments of these discussions send the same letter: each of
    `letters` is the comment ids of one campaign (insights). In each discussion the
    earliest public top-level comment of a letter stays a thread; the letter's other public
    top-level comments there become its copies (`Comment.copy_of`), shown behind it. Replies
    are never copies: they answer someone. Earlier marks in these discussions are replaced.
    Returns how many comments are copies now."""
    discussion_ids = list(discussion_ids)
    with transaction.atomic():
        Comment.objects.filter(discussion_id__in=discussion_ids, copy_of__isnull=False).update(
            copy_of=None
        )
        copies = 0
        for letter in letters:
            ids = list(letter)
            threads: dict[int, list[tuple[str, int]]] = {}  # discussion id: (path, id)
            for start in range(0, len(ids), COPIES_BATCH):
                rows = (
                    Comment.objects.public()
                    .filter(
                        pk__in=ids[start : start + COPIES_BATCH],
                        discussion_id__in=discussion_ids,
                        depth=0,
                    )
                    .values_list("discussion_id", "path", "pk")
                )
                for discussion_id, path, pk in rows:
                    threads.setdefault(discussion_id, []).append((path, pk))
            for found in threads.values():
                found.sort()
                thread, rest = found[0][1], [pk for _path, pk in found[1:]]
                for start in range(0, len(rest), COPIES_BATCH):
                    Comment.objects.filter(pk__in=rest[start : start + COPIES_BATCH]).update(
                        copy_of=thread
                    )
                copies += len(rest)
        recount_threads(*discussion_ids)
        _touch(*discussion_ids)
    return copies


def mark_copy(*, comment: Comment, letter: QuerySet[Comment]) -> Comment | None:
    """A comment newly found to send the same letter as `letter`'s comments (a campaign it
    joined): if it is a public top-level comment and the letter already has a thread in
    its discussion, it becomes a copy of that thread. Returns the thread, or None."""
    if not comment.is_public or comment.depth != 0:
        return None
    thread = (
        Comment.objects.public()
        .filter(
            discussion_id=comment.discussion_id,
            depth=0,
            copy_of=None,
            pk__in=letter.values("pk"),
            path__lt=comment.path,
        )
        .order_by("path")
        .first()
    )
    if thread is None:
        return None
    with transaction.atomic():
        # A public thread of the pages becomes a copy: one thread fewer. Otherwise (it was
        # already a copy, or is no longer public) it is counted again, which is rare.
        was_thread = Comment.objects.filter(
            pk=comment.pk, copy_of=None, status=Status.APPROVED, deleted_at=None
        ).update(copy_of=thread)
        if was_thread:
            _adjust_counts(comment, 0, threads=-1)
        else:
            Comment.objects.filter(pk=comment.pk).update(copy_of=thread)
            recount_threads(comment.discussion_id)
            _touch(comment.discussion_id)
        comment.copy_of = thread
    return thread


def _release_copies(comment: Comment) -> bool:
    """A letter's thread that is no longer public (removed, deleted, spam) hands its place
    to its earliest copy, so the copies stay in the discussion. Whether it had copies."""
    copies = list(comment.copies.order_by("path").values_list("pk", flat=True))
    if not copies:
        return False
    Comment.objects.filter(pk=copies[0]).update(copy_of=None)
    Comment.objects.filter(pk__in=copies[1:]).update(copy_of=copies[0])
    return True


def limit_likes(*, user: User, comment: Comment) -> None:
    """Count a like or its withdrawal by `user` against PARLEY_LIKE_RATE, from the page and
    the API alike (raises `ratelimit.RateLimited`); those who moderate the comment's
    discussion are not counted there, anyone else (another organisation's moderator too) is."""
    if moderates_discussions_of(user, comment.discussion.organisation):
        return
    ratelimit.hit("like", f"user:{user.pk}", ratelimit.Rate.parse(settings.PARLEY_LIKE_RATE))


def like_comment(*, comment: Comment, user: User) -> int:
    """`user` likes `comment` (once, however often asked); returns the new count."""
    if not comment.is_public:
        raise CommentRejected({"comment": [_("Only published comments can be liked")]}, status=409)
    try:
        with transaction.atomic():
            CommentLike.objects.create(comment=comment, user=user)
            Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
            _touch(comment.discussion_id)
    except IntegrityError:
        pass  # already liked: counted once
    comment.refresh_from_db(fields=["like_count"])
    return comment.like_count


@transaction.atomic
def unlike_comment(*, comment: Comment, user: User) -> int:
    """Withdraw `user`'s like, if any; returns the new count."""
    deleted, _ = CommentLike.objects.filter(comment=comment, user=user).delete()
    if deleted:
        Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") - deleted)
        _touch(comment.discussion_id)
    comment.refresh_from_db(fields=["like_count"])
    return comment.like_count


def set_open(*, discussion: Discussion, is_open: bool) -> Discussion:
    discussion.is_open = is_open
    discussion.last_activity_at = timezone.now()
    discussion.save(update_fields=["is_open", "last_activity_at"])
    discussions_changed(discussion)
    return discussion


@transaction.atomic
def claim_guest_comments(*, user: User, emails: list[str]) -> int:
    """Make the guest comments posted with `emails` (addresses `user` has verified) theirs.

    The comments then show the account's name; returns how many were claimed."""
    addresses = [email.strip().lower() for email in emails if email.strip()]
    if not addresses:
        return 0
    claimed = Comment.objects.filter(user=None, author_email__in=addresses)
    _touch(*claimed.values_list("discussion_id", flat=True).distinct())
    return claimed.update(user=user, author_name="", author_url="")


def touch_discussions(*discussion_ids: int) -> None:
    """Call after changing how these discussions' comments read from outside this module
    (a guest's details erased, say), so conditional GETs see a new validator."""
    _touch(*discussion_ids)


def role_changed(*, user_id: int, organisation_id: int) -> None:
    """Call after someone's role in an organisation changes (joined, promoted, left): the
    badge beside their comments in its discussions reads differently."""
    _touch(
        *Comment.objects.filter(user_id=user_id, discussion__organisation_id=organisation_id)
        .values_list("discussion_id", flat=True)
        .distinct()
    )


def person_renamed(*, user: User) -> None:
    """Call after `user` changes their display name: every discussion showing their
    comments now reads differently, so conditional GETs must not answer "not modified"."""
    _touch(*Comment.objects.filter(user=user).values_list("discussion_id", flat=True).distinct())
