"""The analysts' coding frame: every write to it (themes, codings, reviews, notes, links)
and what a new analysis does to it. Each function is atomic, checks the revision of each
theme it changes (optimistic locking: a 409 and nothing saved when someone else changed it
first) and logs who did what (`AnalystAction`).

Comments and formal responses (of every channel) are coded alike, one at a time or in
bulk. Human decisions always win: a comment or response coded by hand keeps its themes
through every new analysis, and once the frame is the analysts' (any theme changed or made,
any comment or response coded by hand) a new analysis keeps every theme and only suggests
the comments and responses no person has coded into the nearest theme (`engine.suggest`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.consultations import queries as consultation_queries
from parley.consultations.models import Response as FormalResponse
from parley.discussions.models import Comment
from parley.guidance.models import ClauseResponse, Version
from parley.insights import queries
from parley.insights.models import (
    Analysis,
    AnalystAction,
    Coding,
    CommentReview,
    FrameTheme,
    Placement,
)
from parley.validation import Rejected, too_long

NOTE_LIMIT = 5000


def _log(version: Version, user: User | None, action: str, **detail: Any) -> None:
    AnalystAction.objects.create(version=version, user=user, action=action, detail=detail)


def _name(version: Version, name: str, *, field: str = "name", other_than: int = 0) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise Rejected({field: [_("Enter a name for the theme")]})
    if errors := too_long(FrameTheme, name=name):
        raise Rejected({field: errors["name"]})
    clash = FrameTheme.objects.filter(version=version, name__iexact=name).exclude(pk=other_than)
    if clash.exists():
        raise Rejected({field: [_("There is already a theme called “%(name)s”") % {"name": name}]})
    return name


def _conflict(theme: FrameTheme, field: str) -> Rejected:
    return Rejected(
        {
            field: [
                _(
                    "Someone else changed the theme “%(name)s” while you were looking at "
                    "it. Nothing was saved: look at it again and redo your change."
                )
                % {"name": theme.name}
            ]
        },
        status=409,
    )


def _claim(theme: FrameTheme, revision: int | None, *, field: str = "revision") -> None:
    """Bump the theme's revision if it is still `revision`; else refuse (409)."""
    if revision is None:
        revision = theme.revision
    changed = FrameTheme.objects.filter(pk=theme.pk, revision=revision).update(
        revision=F("revision") + 1, updated_at=timezone.now(), edited=True
    )
    if not changed:
        raise _conflict(theme, field)
    theme.revision = revision + 1
    theme.edited = True


def _unchanged(themes: Iterable[FrameTheme], seen: Mapping[int, int], field: str) -> None:
    """Refuse (409) if a theme is no longer at the revision the page showed (`seen`, by
    theme id; a theme not in it is not checked); lock the rows until the change commits, so
    nobody renames or merges them meanwhile. Coding items does not change a theme's
    revision: two analysts may code into the same theme at once."""
    for theme in themes:
        if theme.pk not in seen:
            continue
        if not (
            FrameTheme.objects.select_for_update()
            .filter(pk=theme.pk, revision=seen[theme.pk])
            .exists()
        ):
            raise _conflict(theme, field)


def _comments(version: Version, ids: Iterable[int], *, field: str = "comments") -> list[int]:
    """The ids, each a public comment of this version's consultation; refused otherwise."""
    wanted = sorted(set(ids))
    if not wanted:
        raise Rejected({field: [_("Select at least one comment")]})
    places = queries.discussion_clauses(version)
    found = set(
        queries.consultation_comments(version, places)
        .filter(pk__in=wanted)
        .values_list("pk", flat=True)
    )
    if len(found) != len(wanted):
        raise Rejected({field: [_("Choose only comments made on this version’s consultation")]})
    return wanted


def _responses(version: Version, ids: Iterable[int], *, field: str = "responses") -> dict[int, str]:
    """Each id a formal response counted on this version's consultation (any channel), with
    its reference; refused otherwise."""
    wanted = set(ids)
    found = dict(
        FormalResponse.objects.counted()
        .filter(version=version, pk__in=wanted)
        .values_list("pk", "reference")
    )
    if len(found) != len(wanted):
        raise Rejected(
            {field: [_("Choose only formal responses made to this version’s consultation")]}
        )
    return {pk: found[pk] for pk in sorted(found)}


def _items(
    version: Version, comment_ids: Iterable[int], response_ids: Iterable[int]
) -> tuple[list[int], dict[int, str]]:
    """The comments and the formal responses (id → reference) an act in bulk is for: at
    least one, each of this version's consultation; refused otherwise."""
    comments, responses = sorted(set(comment_ids)), set(response_ids)
    if not comments and not responses:
        raise Rejected({"comments": [_("Select at least one comment or formal response")]})
    return (_comments(version, comments) if comments else []), _responses(version, responses)


def _same_version(version: Version, themes: Iterable[FrameTheme], field: str) -> None:
    if any(theme.version_id != version.pk for theme in themes):
        raise Rejected({field: [_("Choose a theme of this version’s coding frame")]})


Of = Literal["comment", "response"]


def _reviews(version: Version, ids: Sequence[int], of: Of) -> QuerySet[CommentReview]:
    """The review rows of these comments (or responses), made where missing."""
    rows = CommentReview.objects.filter(**{f"{of}_id__in": ids})
    existing = set(rows.values_list(f"{of}_id", flat=True))
    # Rows another analyst makes at the same moment are kept (ignore_conflicts).
    CommentReview.objects.bulk_create(
        (CommentReview(version=version, **{f"{of}_id": pk}) for pk in ids if pk not in existing),
        ignore_conflicts=True,
    )
    return rows


def _by_hand(version: Version, ids: Sequence[int], of: Of = "comment") -> None:
    """Mark the comments (or responses) as coded by hand: the analysis never changes their
    themes again."""
    if ids:
        _reviews(version, ids, of).update(coded_by_hand=True)


def _code(theme: FrameTheme, ids: Sequence[int], user: User | None, of: Of = "comment") -> None:
    """Code the comments (or responses) with `theme` by hand (a suggestion becomes a
    decision)."""
    if not ids:
        return
    now = timezone.now()
    mine = Coding.objects.filter(theme=theme, **{f"{of}_id__in": ids})
    mine.update(source=Coding.Source.HAND, coded_by=user, coded_at=now)
    have = set(mine.values_list(f"{of}_id", flat=True))
    Coding.objects.bulk_create(
        (
            Coding(
                theme=theme,
                source=Coding.Source.HAND,
                coded_by=user,
                coded_at=now,
                **{f"{of}_id": pk},
            )
            for pk in ids
            if pk not in have
        ),
        ignore_conflicts=True,  # another analyst coded it at the same moment: the same decision
    )


def _with_responses(detail: dict[str, Any], responses: dict[int, str]) -> dict[str, Any]:
    """A log entry's detail naming the formal responses by reference, if there are any."""
    return detail | ({"responses": list(responses.values())} if responses else {})


# Themes ----------------------------------------------------------------------------------


@transaction.atomic
def create_theme(*, version: Version, user: User, name: str) -> FrameTheme:
    """A new theme of the analyst's own, with no comments yet."""
    name = _name(version, name)
    theme = FrameTheme.objects.create(
        version=version, name=name, origin=FrameTheme.Origin.ANALYST, edited=True
    )
    _log(version, user, "create_theme", theme=theme.pk, name=name)
    return theme


@transaction.atomic
def rename_theme(*, theme: FrameTheme, user: User, name: str, revision: int) -> FrameTheme:
    """The theme under a new name (unique in its frame, whatever the case)."""
    name = _name(theme.version, name, other_than=theme.pk)
    old = theme.name
    _claim(theme, revision)
    FrameTheme.objects.filter(pk=theme.pk).update(name=name)
    theme.name = name
    _log(theme.version, user, "rename_theme", theme=theme.pk, old=old, name=name)
    return theme


@transaction.atomic
def merge_themes(
    *, theme: FrameTheme, into: FrameTheme, user: User, revision: int, into_revision: int
) -> FrameTheme:
    """Every comment, clause and response link of `theme` moves to `into`, and `theme` goes.
    A comment in both keeps the stronger coding (by hand over suggested)."""
    if theme.pk == into.pk:
        raise Rejected({"into": [_("Choose another theme to merge this one into")]})
    _same_version(theme.version, [into], "into")
    _claim(theme, revision)
    _claim(into, into_revision, field="into_revision")
    both = set(
        Coding.objects.filter(theme=into, comment__codings__theme=theme).values_list(
            "comment_id", flat=True
        )
    )
    hand = set(
        Coding.objects.filter(
            theme=theme, source=Coding.Source.HAND, comment_id__in=both
        ).values_list("comment_id", flat=True)
    )
    Coding.objects.filter(theme=into, comment_id__in=hand).update(source=Coding.Source.HAND)
    # Formal responses coded with both alike.
    both_responses = set(
        Coding.objects.filter(theme=into, response__codings__theme=theme).values_list(
            "response_id", flat=True
        )
    )
    hand_responses = set(
        Coding.objects.filter(
            theme=theme, source=Coding.Source.HAND, response_id__in=both_responses
        ).values_list("response_id", flat=True)
    )
    Coding.objects.filter(theme=into, response_id__in=hand_responses).update(
        source=Coding.Source.HAND
    )
    moved = (
        Coding.objects.filter(theme=theme)
        .exclude(comment_id__in=both)
        .exclude(response_id__in=both_responses)
        .update(theme=into)
    )
    lineages = list(dict.fromkeys([*into.lineages, *theme.lineages]))
    terms = list(dict.fromkeys([*into.terms, *theme.terms]))
    FrameTheme.objects.filter(pk=into.pk).update(
        lineages=lineages,
        terms=terms,
        origin=FrameTheme.Origin.MERGED,
    )
    into.responses.add(*theme.responses.all())
    name = theme.name
    theme.delete()
    into.refresh_from_db()
    _log(into.version, user, "merge_themes", theme=into.pk, merged=name, into=into.name,
         moved=moved)  # fmt: skip
    return into


@transaction.atomic
def split_theme(
    *,
    theme: FrameTheme,
    user: User,
    name: str,
    comment_ids: Sequence[int] = (),
    revision: int,
    response_ids: Sequence[int] = (),
) -> FrameTheme:
    """A new theme called `name` taking the chosen comments and formal responses of `theme`
    (coded by hand). Refused, with nothing saved, for none chosen, for a comment or response
    not in `theme` (or not of this version's consultation), and (409) for a theme changed
    since the page showed it."""
    version = theme.version
    name = _name(version, name)
    ids, responses = _items(version, comment_ids, response_ids)
    inside = set(
        Coding.objects.filter(theme=theme, comment_id__in=ids).values_list("comment_id", flat=True)
    )
    if inside != set(ids):
        raise Rejected({"comments": [_("Choose only comments in the theme being split")]})
    inside_responses = set(
        Coding.objects.filter(theme=theme, response_id__in=list(responses)).values_list(
            "response_id", flat=True
        )
    )
    if inside_responses != set(responses):
        raise Rejected({"responses": [_("Choose only formal responses in the theme being split")]})
    _claim(theme, revision)
    new = FrameTheme.objects.create(
        version=version,
        name=name,
        origin=FrameTheme.Origin.SPLIT,
        edited=True,
        lineages=list(theme.lineages),
    )
    Coding.objects.filter(theme=theme).filter(
        Q(comment_id__in=ids) | Q(response_id__in=list(responses))
    ).delete()
    _code(new, ids, user)
    _code(new, list(responses), user, "response")
    _by_hand(version, ids)
    _by_hand(version, list(responses), "response")
    _log(version, user, "split_theme", **_with_responses(
        {"theme": theme.pk, "name": theme.name, "new": new.pk, "new_name": name, "comments": ids},
        responses,
    ))  # fmt: skip
    return new


@transaction.atomic
def delete_theme(*, theme: FrameTheme, user: User, revision: int) -> None:
    """The theme goes; its comments stay, and those left with no theme are suggested again
    by the next analysis."""
    _claim(theme, revision)
    ids = list(theme.codings.filter(comment__isnull=False).values_list("comment_id", flat=True))
    responses = list(
        theme.codings.filter(response__isnull=False).values_list("response_id", flat=True)
    )
    version, name, pk = theme.version, theme.name, theme.pk
    theme.delete()
    still = set(Coding.objects.filter(comment_id__in=ids).values_list("comment_id", flat=True))
    CommentReview.objects.filter(comment_id__in=set(ids) - still).update(coded_by_hand=False)
    kept = set(
        Coding.objects.filter(response_id__in=responses).values_list("response_id", flat=True)
    )
    CommentReview.objects.filter(response_id__in=set(responses) - kept).update(coded_by_hand=False)
    # A theme the frame now lacks: the frame stays the analysts' (a new analysis would
    # otherwise bring the deleted theme back).
    FrameTheme.objects.filter(version=version).update(edited=True)
    _log(version, user, "delete_theme", theme=pk, name=name, comments=len(ids))


@transaction.atomic
def link_theme(
    *,
    theme: FrameTheme,
    user: User,
    revision: int,
    lineages: Sequence[str],
    responses: Sequence[int],
) -> FrameTheme:
    """Tie the theme to clauses (by lineage, so it follows them into later versions) and to
    entries of the consultation's response ("you said, we did")."""
    version = theme.version
    known = {str(lin) for lin in version.clauses.values_list("lineage", flat=True)}
    wanted: list[str] = []
    for value in lineages:
        try:
            lineage = str(uuid.UUID(str(value)))
        except ValueError:
            lineage = ""
        if lineage not in known:
            raise Rejected({"lineages": [_("Choose clauses of this version")]})
        wanted.append(lineage)
    entries = list(ClauseResponse.objects.filter(pk__in=set(responses), response__version=version))
    if len(entries) != len(set(responses)):
        raise Rejected({"responses": [_("Choose entries of this version’s response")]})
    _claim(theme, revision)
    FrameTheme.objects.filter(pk=theme.pk).update(lineages=list(dict.fromkeys(wanted)))
    theme.responses.set(entries)
    theme.refresh_from_db()
    _log(version, user, "link_theme", theme=theme.pk, name=theme.name, lineages=theme.lineages,
         responses=sorted(e.pk for e in entries))  # fmt: skip
    return theme


# Comments and formal responses ------------------------------------------------------------


@transaction.atomic
def tag_comments(
    *,
    version: Version,
    user: User,
    comment_ids: Sequence[int] = (),
    add: Sequence[FrameTheme] = (),
    remove: Sequence[FrameTheme] = (),
    response_ids: Sequence[int] = (),
    seen: Mapping[int, int] | None = None,
) -> list[int]:
    """Code the comments and formal responses with the `add` themes and take them out of
    the `remove` ones, by hand; the comment ids coded. Refused (409) if a theme is no
    longer at the revision `seen` (theme id → revision) says the page showed."""
    ids, responses = _items(version, comment_ids, response_ids)
    if not add and not remove:
        raise Rejected({"theme": [_("Choose a theme")]})
    _same_version(version, [*add, *remove], "theme")
    _unchanged([*add, *remove], seen or {}, "theme")
    for theme in add:
        _code(theme, ids, user)
        _code(theme, list(responses), user, "response")
    Coding.objects.filter(theme__in=list(remove)).filter(
        Q(comment_id__in=ids) | Q(response_id__in=list(responses))
    ).delete()
    _by_hand(version, ids)
    _by_hand(version, list(responses), "response")
    _log(version, user, "tag_comments", **_with_responses(
        {"comments": ids, "added": [t.name for t in add], "removed": [t.name for t in remove]},
        responses,
    ))  # fmt: skip
    return ids


@transaction.atomic
def move_comments(
    *,
    version: Version,
    user: User,
    comment_ids: Sequence[int] = (),
    source: FrameTheme,
    target: FrameTheme,
    response_ids: Sequence[int] = (),
    seen: Mapping[int, int] | None = None,
) -> list[int]:
    """The comments and formal responses leave `source` and are coded with `target`, by
    hand; the comment ids moved. Refused for a theme of another version's frame, and
    (409) for one changed since the page showed it (`seen`)."""
    _same_version(version, [source], "source")
    _same_version(version, [target], "target")
    if source.pk == target.pk:
        raise Rejected({"target": [_("Choose another theme to move the comments to")]})
    ids, responses = _items(version, comment_ids, response_ids)
    _unchanged([source, target], seen or {}, "theme")
    Coding.objects.filter(theme=source).filter(
        Q(comment_id__in=ids) | Q(response_id__in=list(responses))
    ).delete()
    _code(target, ids, user)
    _code(target, list(responses), user, "response")
    _by_hand(version, ids)
    _by_hand(version, list(responses), "response")
    _log(version, user, "move_comments", **_with_responses(
        {"comments": ids, "source": source.name, "target": target.name}, responses
    ))  # fmt: skip
    return ids


@transaction.atomic
def mark_reviewed(
    *,
    version: Version,
    user: User,
    comment_ids: Sequence[int] = (),
    reviewed: bool = True,
    response_ids: Sequence[int] = (),
) -> list[int]:
    """Mark the comments and formal responses reviewed (or not yet); the comment ids."""
    ids, responses = _items(version, comment_ids, response_ids)
    now = timezone.now()
    both: list[tuple[list[int], Of]] = [(ids, "comment"), (list(responses), "response")]
    for items, of in both:
        if items:
            _reviews(version, items, of).update(
                reviewed=reviewed,
                reviewed_by=user if reviewed else None,
                reviewed_at=now if reviewed else None,
            )
    _log(version, user, "mark_reviewed" if reviewed else "mark_unreviewed",
         **_with_responses({"comments": ids}, responses))  # fmt: skip
    return ids


@transaction.atomic
def save_note(*, version: Version, user: User, comment_id: int, note: str) -> CommentReview:
    """The analysts' private note on a comment (never public, never in public exports)."""
    (pk,) = _comments(version, [comment_id], field="note")
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise Rejected(
            {"note": [_("Keep the note to %(limit)s characters or fewer") % {"limit": NOTE_LIMIT}]}
        )
    review, _created = CommentReview.objects.get_or_create(
        comment_id=pk, defaults={"version": version}
    )
    review.note = note
    review.save(update_fields=["note"])
    _log(version, user, "save_note", comment=pk)
    return review


@transaction.atomic
def code_comment(
    *,
    version: Version,
    user: User,
    comment_id: int,
    themes: Sequence[FrameTheme],
    reviewed: bool,
    note: str,
) -> None:
    """One comment as an analyst left it: exactly these themes (by hand), reviewed or not,
    and its note; only what changed is written and logged."""
    (pk,) = _comments(version, [comment_id], field="themes")
    _same_version(version, themes, "themes")
    current = set(Coding.objects.filter(comment_id=pk).values_list("theme_id", flat=True))
    wanted = {theme.pk for theme in themes}
    hand = set(
        Coding.objects.filter(comment_id=pk, source=Coding.Source.HAND).values_list(
            "theme_id", flat=True
        )
    )
    if (wanted != current or wanted != hand) and (themes or current):
        tag_comments(
            version=version,
            user=user,
            comment_ids=[pk],
            add=list(themes),
            remove=list(FrameTheme.objects.filter(pk__in=current - wanted)),
        )
    review = CommentReview.objects.filter(comment_id=pk).first()
    if reviewed != bool(review and review.reviewed):
        mark_reviewed(version=version, user=user, comment_ids=[pk], reviewed=reviewed)
    if (note or "").strip() != (review.note if review else ""):
        save_note(version=version, user=user, comment_id=pk, note=note)


@transaction.atomic
def code_response(
    *,
    version: Version,
    user: User,
    response_id: int,
    themes: Sequence[FrameTheme],
    reviewed: bool,
    note: str | None = None,
) -> CommentReview:
    """One formal response (of any channel) as an analyst left it: exactly these themes, by
    hand (moved out of any other, kept through every new analysis), reviewed or not, and its
    private note (unchanged when None). Refused for a response that is not counted on this
    version, a theme of another frame, or a note too long."""
    reference = (
        FormalResponse.objects.counted()
        .filter(pk=response_id, version=version)
        .values_list("reference", flat=True)
        .first()
    )
    if reference is None:
        raise Rejected({"response": [_("Choose a response made to this version’s consultation")]})
    _same_version(version, themes, "themes")
    if note is not None and len(note) > NOTE_LIMIT:
        raise Rejected(
            {"note": [_("Keep the note to %(limit)s characters or fewer") % {"limit": NOTE_LIMIT}]}
        )
    wanted = {theme.pk for theme in themes}
    Coding.objects.filter(response_id=response_id).exclude(theme_id__in=wanted).delete()
    now = timezone.now()
    Coding.objects.filter(response_id=response_id, theme_id__in=wanted).update(
        source=Coding.Source.HAND, coded_by=user, coded_at=now
    )
    have = set(Coding.objects.filter(response_id=response_id).values_list("theme_id", flat=True))
    Coding.objects.bulk_create(
        Coding(
            theme=theme,
            response_id=response_id,
            source=Coding.Source.HAND,
            coded_by=user,
            coded_at=now,
        )
        for theme in themes
        if theme.pk not in have
    )
    review, _created = CommentReview.objects.get_or_create(
        response_id=response_id, defaults={"version": version}
    )
    review.coded_by_hand = True
    if reviewed != review.reviewed:
        review.reviewed = reviewed
        review.reviewed_by = user if reviewed else None
        review.reviewed_at = now if reviewed else None
    if note is not None:
        review.note = note.strip()
    review.save()
    _log(
        version,
        user,
        "code_response",
        response=response_id,
        reference=reference,
        themes=sorted(wanted),
        reviewed=reviewed,
    )
    return review


# After an analysis -----------------------------------------------------------------------


def is_the_analysts(version: Version) -> bool:
    """Whether a person has shaped the frame: then a new analysis keeps it as it is."""
    return (
        FrameTheme.objects.filter(version=version)
        .filter(Q(edited=True) | ~Q(origin=FrameTheme.Origin.ENGINE))
        .exists()
        or CommentReview.objects.filter(version=version, coded_by_hand=True).exists()
    )


@transaction.atomic
def follow_analysis(*, analysis: Analysis) -> int:
    """Bring the frame up to date with a finished analysis; how many suggestions it made.

    While no person has shaped the frame, it is the analysis's themes. After that every
    theme stays; the suggestions of comments nobody coded by hand are made again, each
    into the theme whose comments and terms it is most like."""
    version = analysis.version
    reviews = CommentReview.objects.filter(version=version, coded_by_hand=True)
    hand = set(reviews.filter(comment__isnull=False).values_list("comment_id", flat=True))
    hand_responses = set(
        reviews.filter(response__isnull=False).values_list("response_id", flat=True)
    )
    Coding.objects.filter(theme__version=version, source=Coding.Source.SUGGESTED).exclude(
        Q(comment_id__in=hand) | Q(response_id__in=hand_responses)
    ).delete()
    if not is_the_analysts(version):
        FrameTheme.objects.filter(version=version).delete()
        made = {
            theme.pk: FrameTheme.objects.create(
                version=version,
                name=theme.label[:120] or theme.key,
                terms=list(theme.terms),
                engine_key=theme.key,
            )
            for theme in analysis.themes.all()
        }
        # Formal responses of every channel are coded as the analysis placed them too.
        codings = [
            Coding(theme=made[theme_id], comment_id=comment_id, response_id=response_id)
            for comment_id, response_id, theme_id in Placement.objects.filter(
                analysis=analysis, theme__isnull=False
            ).values_list("comment_id", "response_id", "theme_id")
            if (comment_id is not None and comment_id not in hand)
            or (response_id is not None and response_id not in hand_responses)
        ]
        Coding.objects.bulk_create(codings, batch_size=2000)
        return len(codings)
    return _suggest(version, analysis, hand, hand_responses)


def _suggest(version: Version, analysis: Analysis, hand: set[int], hand_responses: set[int]) -> int:
    """Suggest every comment and formal response the analysis read and no person coded into
    the nearest of the analysts' themes (responses under the negative of their id, as the
    analysis keys them); how many were suggested."""
    from parley.insights.engine.suggest import nearest_themes

    themes = list(FrameTheme.objects.filter(version=version))
    if not themes:
        return 0
    seeds: dict[int, list[str]] = {t.pk: [t.name, " ".join(t.terms)] for t in themes}
    for theme_id, text in Coding.objects.filter(
        theme__version=version, source=Coding.Source.HAND, comment__isnull=False
    ).values_list("theme_id", "comment__body_markdown"):
        seeds[theme_id].append(text)
    read = set(
        Placement.objects.filter(analysis=analysis, response__isnull=False).values_list(
            "response_id", flat=True
        )
    )
    words = {
        r.id: r.text
        for r in consultation_queries.response_texts(version)
        if r.id in read or r.id in hand_responses
    }
    for theme_id, response_id in Coding.objects.filter(
        theme__version=version, source=Coding.Source.HAND, response_id__in=list(words)
    ).values_list("theme_id", "response_id"):
        seeds[theme_id].append(words[response_id])
    todo = [
        (pk, text)
        for pk, text in Comment.objects.filter(placement__analysis=analysis)
        .exclude(pk__in=hand)
        .order_by("pk")
        .values_list("pk", "body_markdown")
    ] + [(-pk, text) for pk, text in words.items() if pk in read and pk not in hand_responses]
    nearest = nearest_themes(todo, [(t.pk, seeds[t.pk]) for t in themes])
    Coding.objects.bulk_create(
        (
            Coding(theme_id=theme_id, comment_id=key)
            if key > 0
            else Coding(theme_id=theme_id, response_id=-key)
            for key, theme_id in nearest.items()
        ),
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(nearest)


def suggest_like(*, comment_id: int, model_id: int) -> int:
    """Suggest a comment that arrived between analyses into the themes of the comment it
    nearly copies (a campaign's template); how many. Never one a person has coded."""
    if CommentReview.objects.filter(comment_id=comment_id, coded_by_hand=True).exists():
        return 0
    themes = list(Coding.objects.filter(comment_id=model_id).values_list("theme_id", flat=True))
    made = Coding.objects.bulk_create(
        (Coding(theme_id=theme_id, comment_id=comment_id) for theme_id in themes),
        ignore_conflicts=True,
    )
    return len(made)


def adopt_analysis(*, version: Version) -> None:
    """Make the frame from the last finished analysis if there is none yet (a version
    analysed before the coding frame existed); once, however many pages ask at once."""
    if FrameTheme.objects.filter(version=version).exists():
        return
    with transaction.atomic():
        analysis = (
            Analysis.objects.select_for_update()
            .defer("campaign_index", "summary")
            .filter(version=version)
            .first()
        )
        if (
            analysis is None
            or analysis.finished_at is None
            or FrameTheme.objects.filter(version=version).exists()
            or not analysis.themes.exists()
        ):
            return
        follow_analysis(analysis=analysis)
