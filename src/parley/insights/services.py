"""Every write of the insights app: the full analysis of a consultation, attaching a newly
approved comment to a campaign, and asking for an analysis in the background.

The engine (numpy, scikit-learn) is imported only by the functions that analyse, so pages,
the API and every other process that loads the URLconf do not pay its start-up time and
memory."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone

from parley.consultations import queries as consultations
from parley.discussions import services as discussions
from parley.discussions.models import Comment
from parley.guidance.models import Clause, Version
from parley.insights import frame, queries, search
from parley.insights.models import Analysis, Campaign, IndexEntry, Placement, Theme
from parley.validation import Rejected

if TYPE_CHECKING:
    from parley.insights import engine

Progress = Callable[[str, int, int], None]  # (step, done, total)

STANCES = ("support", "oppose", "neutral", "none")
DEFAULT_THRESHOLD = 0.7  # settings.PARLEY_CAMPAIGN_SHARE says which, this if unset
MAX_TIMELINE_DAYS = 400  # a longer span is shown as the days that had comments
# A full re-analysis is queued once this share of the analysed comments has arrived since.
REANALYSE_SHARE = 0.1
REANALYSE_MINIMUM = 20
# Where the task backend cannot say what became of a task: a queued analysis is queued
# again on request after this long.
QUEUED_FOR_AT_MOST = timedelta(minutes=15)
# A worker marks the analysis running as soon as it claims the task: a task claimed longer
# ago than this with its analysis still queued lost its worker before it began.
STARTS_WITHIN = timedelta(seconds=60)
VARIANTS_INDEXED = 20  # wordings of each campaign kept in the index for matching
# The stored index matches a new comment to a near copy (estimated Jaccard similarity);
# campaigns' templates are matched by containment as well (`attach_comment`).
INDEX_SIMILARITY = 0.8

# Codes, not sentences, so the page can say them in the reader's language.
NOTE_NO_COMMENTS = "no_comments"
NOTE_ONE_COMMENT = "one_comment"
NOTE_NO_CAMPAIGNS = "no_campaigns"
NOTE_NO_THEMES = "no_themes"


def request_analysis(*, version: Version) -> Analysis:
    """Mark the version's analysis as queued and run it in the background once this
    transaction commits; an analysis already queued is not queued twice, but one whose
    task will not run (`still_coming`) is queued again at once."""
    with transaction.atomic():
        analysis, created = Analysis.objects.select_for_update().get_or_create(version=version)
        already_queued = not created and still_coming(analysis)
        analysis.state = Analysis.State.QUEUED
        analysis.requested_at = timezone.now()
        fields = ["state", "requested_at"]
        if not already_queued:
            analysis.task_id = ""
            fields.append("task_id")
            transaction.on_commit(partial(_queue_analysis, analysis.pk, version.pk))
        analysis.save(update_fields=fields)
    return analysis


def _queue_analysis(analysis_id: int, version_id: int) -> None:
    queued = analyse_version.enqueue(version_id)
    Analysis.objects.filter(pk=analysis_id, task_id="").update(task_id=str(queued.id))


def still_coming(analysis: Analysis) -> bool:
    """Whether the task queued for `analysis` will still run: it waits in the queue, or a
    worker claimed it a moment ago. Not when the task is gone from the queue, ended
    (failed, say, on a database blip before it began), or was claimed by a worker that died
    before starting it (killed, or its machine lost: no supervisor of ours need see it)."""
    if analysis.state != Analysis.State.QUEUED:
        return False
    now = timezone.now()
    if not _can_look_up():
        return analysis.requested_at > now - QUEUED_FOR_AT_MOST
    if not analysis.task_id:  # being queued as this transaction commits, or never queued
        return analysis.requested_at > now - STARTS_WITHIN
    try:
        queued = analyse_version.get_result(analysis.task_id)
    except TaskResultDoesNotExist:
        return False
    if queued.status == TaskResultStatus.READY:
        return True
    started = queued.started_at
    return (
        queued.status == TaskResultStatus.RUNNING
        and started is not None
        and (started > now - STARTS_WITHIN)
    )


def _can_look_up() -> bool:
    """Whether the task backend can say what became of a queued task."""
    return bool(analyse_version.get_backend().supports_get_result)


@task()
def analyse_version(version_id: int) -> int:
    """Analyse a consultation's comments; how many were analysed."""
    version = Version.objects.select_related("discussion", "document").filter(pk=version_id).first()
    if version is None:
        return 0
    return analyse(version=version).comment_count


def _stance(value: str) -> str:
    return value if value in STANCES else "none"


def _zero() -> dict[str, int]:
    return dict.fromkeys(STANCES, 0)


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _summary(
    *,
    version: Version,
    places: dict[int, Clause | None],
    rows: list[tuple[int, int, str, Any, str]],
    campaign_of: dict[int, int],
    notes: list[str],
    theme_note: str,
    response_stances: Sequence[tuple[int, uuid.UUID, str]] = (),
) -> dict[str, Any]:
    """Stance per clause (every comment; formal responses' answers that count as stance;
    and each argument once: each campaign of any channel once), the timeline and heat.
    `campaign_of` keys a response under the negative of its id, as the analysis does."""
    order = [clause for clause in places.values() if clause is not None]
    order.sort(key=lambda clause: clause.position)
    every: dict[str, dict[str, int]] = defaultdict(_zero)
    formal: dict[str, dict[str, int]] = defaultdict(_zero)
    once: dict[str, dict[str, int]] = defaultdict(_zero)
    counted: set[tuple[str, int]] = set()
    per_day: dict[date, dict[str, int]] = defaultdict(_zero)

    def argue(key: int, where: str, stance: str) -> None:
        campaign = campaign_of.get(key)
        if campaign is None:
            once[where][stance] += 1
        elif (where, campaign) not in counted:  # the campaign's first item here speaks for it
            counted.add((where, campaign))
            once[where][stance] += 1

    for pk, discussion_id, stance, created_at, _text in rows:
        where = queries.clause_label(places[discussion_id])
        stance = _stance(stance)
        every[where][stance] += 1
        per_day[timezone.localtime(created_at).date()][stance] += 1
        argue(pk, where, stance)
    labels = {clause.lineage: queries.clause_label(clause) for clause in order}
    for response_id, lineage, stance in response_stances:
        if lineage in labels:
            formal[labels[lineage]][stance] += 1
            argue(-response_id, labels[lineage], stance)

    def entry(where: str, title: str) -> dict[str, Any]:
        return {
            "clause": where,
            "title": title,
            "comments": dict(every[where]),
            "responses": dict(formal[where]),
            "campaigns_once": dict(once[where]),
            "total": sum(every[where].values()),
            "arguments": sum(once[where].values()),
        }

    clause_rows = [entry("document", "The version as a whole")] + [
        entry(clause.number, clause.heading) for clause in order
    ]
    totals_every = _zero()
    totals_formal = _zero()
    totals_once = _zero()
    for row in clause_rows:
        for stance in STANCES:
            totals_every[stance] += row["comments"][stance]
            totals_formal[stance] += row["responses"][stance]
            totals_once[stance] += row["campaigns_once"][stance]

    days = sorted(per_day)
    if days and (days[-1] - days[0]).days <= MAX_TIMELINE_DAYS:
        span = (days[-1] - days[0]).days
        days = [days[0] + timedelta(days=i) for i in range(span + 1)]
    timeline = [
        {"day": day.isoformat(), **per_day.get(day, _zero()), "total": sum(per_day[day].values())}
        if day in per_day
        else {"day": day.isoformat(), **_zero(), "total": 0}
        for day in days
    ]
    busiest = max((row["total"] for row in clause_rows[1:]), default=0)
    heat = [
        {
            "clause": row["clause"],
            "title": row["title"],
            "count": row["total"],
            "level": round(5 * row["total"] / busiest) if busiest else 0,
        }
        for row in clause_rows[1:]
    ]
    return {
        "stance": {
            "clauses": clause_rows,
            "totals": {
                "comments": totals_every,
                "responses": totals_formal,
                "campaigns_once": totals_once,
            },
        },
        "timeline": timeline,
        "heat": heat,
        "notes": notes,
        "theme_note": theme_note,
        "campaign_count": len(set(campaign_of.values())),
        "campaign_comment_count": len(campaign_of),
    }


def campaign_share(threshold: float | None = None) -> float:
    """The minimum share of a template that makes a comment a campaign member: `threshold`,
    else the setting. Rejected (nothing is analysed) unless above 0 and at most 1."""
    share = (
        getattr(settings, "PARLEY_CAMPAIGN_SHARE", DEFAULT_THRESHOLD)
        if threshold is None
        else threshold
    )
    if not isinstance(share, int | float) or not 0 < share <= 1:
        raise Rejected(
            {
                "threshold": [
                    "The campaign threshold is the share of a campaign's text a comment must "
                    f"contain: a number above 0 and at most 1 (0.7 is 70%), not {share!r}."
                ]
            }
        )
    return float(share)


def analyse(
    *, version: Version, threshold: float | None = None, progress: Progress | None = None
) -> Analysis:
    """Find the consultation's campaigns and themes, stance per clause, timeline and heat, and
    replace the stored results in one transaction. Completes on any input, even none.
    Rejected, before anything changes, for a threshold outside (0, 1]."""
    threshold = campaign_share(threshold)
    analysis, _ = Analysis.objects.get_or_create(version=version)
    Analysis.objects.filter(pk=analysis.pk).update(
        state=Analysis.State.RUNNING, started_at=timezone.now()
    )
    try:
        return _analyse(analysis, version, threshold, progress)
    except BaseException:
        Analysis.objects.filter(pk=analysis.pk).update(state=Analysis.State.FAILED)
        raise


def _step(progress: Progress | None, name: str) -> engine.Progress | None:
    return None if progress is None else partial(progress, name)


def _analyse(
    analysis: Analysis, version: Version, threshold: float, progress: Progress | None
) -> Analysis:
    from parley.insights import engine

    places = queries.discussion_clauses(version)
    rows: list[tuple[int, int, str, Any, str]] = list(
        queries.consultation_comments(version, places)
        .order_by("pk")
        .values_list("pk", "discussion_id", "stance", "created_at", "body_markdown")
    )
    texts = [(pk, text) for pk, _d, _s, _c, text in rows]
    # Formal responses of every channel are read beside the comments, each under the
    # negative of its id: the engine sees one list of distinct integer keys.
    responses = {-r.id: r for r in consultations.response_texts(version)}
    items = texts + [(key, r.text) for key, r in responses.items()]
    found = engine.find_campaigns(items, threshold=threshold, progress=_step(progress, "campaigns"))
    campaign_of = {
        member: n for n, found_campaign in enumerate(found) for member in found_campaign.members
    }

    texts_by_id = dict(items)
    passages = [_template_passages(texts_by_id, found_campaign) for found_campaign in found]
    differences = _differences(texts_by_id, found, passages)
    templates = {c.template for c in found}
    comments_of = {pk: n for pk, n in campaign_of.items() if pk > 0}
    index = _campaign_index(texts, found, comments_of, templates, INDEX_SIMILARITY, progress)
    theme_items = [(pk, text) for pk, text in items if pk not in campaign_of or pk in templates]
    themes_found = engine.find_themes(theme_items, progress=_step(progress, "themes"))

    notes: list[str] = []
    if not rows:
        notes.append(NOTE_NO_COMMENTS)
    elif len(rows) == 1:
        notes.append(NOTE_ONE_COMMENT)
    elif not found:
        notes.append(NOTE_NO_CAMPAIGNS)
    if rows and not themes_found.themes:
        notes.append(NOTE_NO_THEMES)

    by_id = {row[0]: row for row in rows}
    read: dict[str, tuple[str, list[dict[str, str]]]] = {}  # a campaign's copies: read once
    evidence = {pk: read.get(text) or read.setdefault(text, _evidence(text)) for pk, text in items}
    clause_of = {pk: queries.clause_label(places[row[1]]) for pk, row in by_id.items()}
    seen_at = {pk: row[3] for pk, row in by_id.items()} | {
        key: r.submitted_at for key, r in responses.items()
    }
    summary = _summary(
        version=version,
        places=places,
        rows=rows,
        campaign_of=campaign_of,
        notes=notes,
        theme_note=themes_found.note,
        response_stances=consultations.response_stances(version),
    )
    summary["campaign_count"] = len(found)  # signatories of every channel
    summary["campaign_comment_count"] = len(campaign_of)
    summary["responses"] = _responses_summary(responses, campaign_of)

    with transaction.atomic():
        analysis = Analysis.objects.select_for_update().get(pk=analysis.pk)
        analysis.index_entries.all().delete()  # the new index holds them
        analysis.placements.all().delete()
        analysis.campaigns.all().delete()
        analysis.themes.all().delete()
        campaigns = Campaign.objects.bulk_create(
            Campaign(
                analysis=analysis,
                **_campaign_names(c),
                size=len(c.members),
                variant_count=len({_normalised(texts_by_id[m]) for m in c.members}),
                template_passages=passages[n],
                first_seen=min(seen_at[m] for m in c.members),
                last_seen=max(seen_at[m] for m in c.members),
            )
            for n, c in enumerate(found)
        )
        members_of_template = {c.template: c.members for c in found}
        themes = Theme.objects.bulk_create(
            Theme(
                analysis=analysis,
                key=t.key,
                terms=list(t.terms),
                size=len(t.members),
                representatives=[pk for pk in t.representatives if pk > 0],
                clauses=_clauses_touched(t.members, members_of_template, clause_of, places),
            )
            for t in themes_found.themes
        )
        theme_of: dict[int, Theme] = {}
        for theme, found_theme in zip(themes, themes_found.themes, strict=True):
            for member in found_theme.members:
                for pk in members_of_template.get(member, (member,)):
                    theme_of[pk] = theme
        Placement.objects.bulk_create(
            (
                Placement(
                    analysis=analysis,
                    comment_id=pk if pk > 0 else None,
                    response_id=-pk if pk < 0 else None,
                    campaign=campaigns[campaign_of[pk]] if pk in campaign_of else None,
                    theme=theme_of.get(pk),
                    added=differences[pk][0] if pk in differences else [],
                    removed=differences[pk][1] if pk in differences else [],
                    added_words=_word_count(differences[pk][0]) if pk in differences else 0,
                    evidence_kinds=evidence[pk][0],
                    evidence=evidence[pk][1],
                )
                for pk, _text in items
            ),
            batch_size=2000,
        )
        analysis.state = Analysis.State.DONE
        analysis.finished_at = timezone.now()
        analysis.threshold = threshold
        analysis.comment_count = len(rows)
        analysis.attached_since = 0
        analysis.summary = summary
        analysis.campaign_index = index.to_bytes()
        analysis.save()
        # The discussions show each letter once, with its copies behind it.
        discussions.mark_copies(
            letters=[[m for m in c.members if m > 0] for c in found], discussion_ids=list(places)
        )
        search.reindex(texts)
        frame.follow_analysis(analysis=analysis)
    return analysis


def _template_passages(texts_by_id: dict[int, str], found: engine.Campaign) -> list[str]:
    """The campaign's shared text: read from its comments when it has any, so that words
    only formal responses hold never reach a public page; else from its responses."""
    from parley.insights import engine

    comments = [texts_by_id[m] for m in found.members if m > 0]
    return engine.template(comments or [texts_by_id[m] for m in found.members])


def _campaign_names(found: engine.Campaign) -> dict[str, Any]:
    """Its key and its template: `c-<earliest comment>` and its most typical comment (the
    engine's, else its earliest comment); with no comment, `r-<earliest response>` and its
    most typical response."""
    comments = [m for m in found.members if m > 0]
    if comments:
        return {
            "key": f"c-{min(comments)}",
            "template_id": found.template if found.template > 0 else min(comments),
        }
    return {
        "key": f"r-{min(-m for m in found.members)}",
        "template_response_id": -found.template,
    }


def _responses_summary(
    responses: dict[int, consultations.ResponseText], campaign_of: dict[int, int]
) -> dict[str, Any]:
    """How many formal responses were analysed and joined a campaign, by channel."""
    channels: dict[str, dict[str, int]] = defaultdict(lambda: {"analysed": 0, "in_campaigns": 0})
    for key, response in responses.items():
        channels[response.channel]["analysed"] += 1
        channels[response.channel]["in_campaigns"] += key in campaign_of
    return {
        "analysed": len(responses),
        "in_campaigns": sum(1 for key in responses if key in campaign_of),
        "by_channel": dict(channels),
    }


def _evidence(text: str) -> tuple[str, list[dict[str, str]]]:
    """(",kind,kind,", the signs that matched) for a Placement (`engine.evidence`)."""
    from parley.insights.engine import evidence

    signs = evidence.signs(text)
    kinds = [kind for kind in evidence.KINDS if any(sign.kind == kind for sign in signs)]
    return (
        f",{','.join(kinds)}," if kinds else "",
        [{"kind": s.kind, "sign": s.sign, "text": s.text} for s in signs],
    )


def _word_count(passages: list[str]) -> int:
    return sum(len(passage.split()) for passage in passages)


def _differences(
    texts_by_id: dict[int, str], found: list[engine.Campaign], passages: list[list[str]]
) -> dict[int, tuple[list[str], list[str]]]:
    """What each campaign member added to its template and left out (each wording once)."""
    from parley.insights import engine

    out: dict[int, tuple[list[str], list[str]]] = {}
    for found_campaign, template in zip(found, passages, strict=True):
        done: dict[str, tuple[list[str], list[str]]] = {}
        for member in found_campaign.members:
            text = texts_by_id[member]
            if text not in done:
                done[text] = engine.difference(template, text)
            out[member] = done[text]
    return out


def _campaign_index(
    texts: list[tuple[int, str]],
    found: list[engine.Campaign],
    campaign_of: dict[int, int],
    templates: set[int],
    threshold: float,
    progress: Progress | None,
) -> engine.CampaignIndex:
    """The index new comments are matched against: every comment in no campaign, and of each
    campaign its template and up to VARIANTS_INDEXED other wordings. A near-copy of a
    campaign's letter is near one of those, and the index stays small when most comments
    are copies."""
    from parley.insights import engine

    wordings: dict[int, set[str]] = defaultdict(set)
    chosen: list[tuple[int, str]] = []
    for pk, text in texts:
        campaign = campaign_of.get(pk)
        if campaign is None or pk in templates:
            chosen.append((pk, text))
            continue
        seen = wordings[campaign]
        wording = _normalised(text)
        if len(seen) < VARIANTS_INDEXED and wording not in seen:
            seen.add(wording)
            chosen.append((pk, text))
    return engine.CampaignIndex.build(
        chosen, threshold=threshold, progress=_step(progress, "index")
    )


def _clauses_touched(
    members: tuple[int, ...],
    members_of_template: dict[int, tuple[int, ...]],
    clause_of: dict[int, str],
    places: dict[int, Clause | None],
) -> list[str]:
    touched = {
        clause_of[pk] for m in members for pk in members_of_template.get(m, (m,)) if pk in clause_of
    }
    order = {
        queries.clause_label(clause): (clause.position if clause else -1)
        for clause in places.values()
    }
    return sorted(touched, key=lambda where: order.get(where, 0))


def version_of(comment: Comment) -> Version | None:
    """The consultation a comment belongs to, through its discussion."""
    return (
        Version.objects.filter(discussion_id=comment.discussion_id).first()
        or Version.objects.filter(clauses__discussion_id=comment.discussion_id).first()
    )


def attach_comment(*, comment: Comment) -> Campaign | None:
    """Match a newly public comment against the version's stored index and put it in the
    campaign of the comment it nearly copies (making a new campaign of the two if that one
    was on its own); the campaign, or None. Does nothing before the first full analysis."""
    if not comment.is_public:
        return None
    version = version_of(comment)
    if version is None:
        return None
    with transaction.atomic():
        analysis = (
            Analysis.objects.select_for_update()
            .defer("campaign_index", "summary")
            .filter(version=version)
            .first()
        )
        if analysis is None or analysis.state != Analysis.State.DONE:
            return None
        if Placement.objects.filter(comment=comment).exists():
            return None  # analysed already: approved again after being hidden
        index = queries.campaign_indexes([analysis]).get(analysis.pk)
        if index is None:
            return None
        from parley.insights import engine

        twin_id, entry = index.add_entry(comment.pk, comment.body_markdown)
        campaign = _by_template(analysis, comment)
        if campaign is not None:
            _grow(campaign, comment)
        elif twin_id is not None:
            campaign = _join(analysis, comment, twin_id)
        added, removed = (
            engine.difference(campaign.template_passages, comment.body_markdown)
            if campaign is not None and campaign.template_passages
            else ([], [])
        )
        kinds, signs = _evidence(comment.body_markdown)
        Placement.objects.create(
            analysis=analysis,
            comment=comment,
            evidence_kinds=kinds,
            evidence=signs,
            campaign=campaign,
            theme_id=campaign.placements.exclude(comment=comment)
            .values_list("theme_id", flat=True)
            .first()
            if campaign
            else None,
            added=added,
            removed=removed,
            added_words=_word_count(added),
        )
        if campaign is not None and campaign.template_id is not None:
            # one more signatory: suggested into its template's themes
            frame.suggest_like(comment_id=comment.pk, model_id=campaign.template_id)
        if campaign is not None:
            discussions.mark_copy(
                comment=comment, letter=Comment.objects.filter(placement__campaign=campaign)
            )
        if entry is not None:  # the one new entry: the stored index is left as it is
            IndexEntry.objects.create(analysis=analysis, comment=comment, entry=entry)
        analysis.attached_since += 1
        analysis.save(update_fields=["attached_since"])
        due = analysis.attached_since >= max(
            REANALYSE_MINIMUM, int(analysis.comment_count * REANALYSE_SHARE)
        )
    if due:
        request_analysis(version=version)
    return campaign


def _by_template(analysis: Analysis, comment: Comment) -> Campaign | None:
    """The campaign whose template the comment contains at least the analysis's share of."""
    from parley.insights import engine

    campaigns = {c.pk: c for c in analysis.campaigns.exclude(template_passages=[])}
    key = engine.best_template(
        [(pk, c.template_passages) for pk, c in campaigns.items()],
        comment.body_markdown,
        minimum=analysis.threshold,
    )
    return None if key is None else campaigns[key]


def _grow(campaign: Campaign, comment: Comment) -> None:
    """One more signatory of `campaign`."""
    wordings = Comment.objects.filter(placement__campaign=campaign)
    texts = {_normalised(text) for text in wordings.values_list("body_markdown", flat=True)}
    campaign.size += 1
    campaign.last_seen = max(campaign.last_seen, comment.created_at)
    campaign.first_seen = min(campaign.first_seen, comment.created_at)
    campaign.variant_count = len(texts | {_normalised(comment.body_markdown)})
    campaign.save(update_fields=["size", "last_seen", "first_seen", "variant_count"])


def _join(analysis: Analysis, comment: Comment, twin_id: int) -> Campaign | None:
    twin = Placement.objects.select_related("campaign").filter(comment_id=twin_id).first()
    if twin is None:
        return None  # the twin is no longer public
    wordings = (
        Comment.objects.filter(placement__campaign=twin.campaign)
        if twin.campaign is not None
        else Comment.objects.filter(pk=twin_id)
    )
    texts = {_normalised(text) for text in wordings.values_list("body_markdown", flat=True)}
    if twin.campaign is not None:
        _grow(twin.campaign, comment)
        return twin.campaign
    from parley.insights import engine

    first = Comment.objects.get(pk=twin_id)
    passages = engine.template([first.body_markdown, comment.body_markdown])
    if _word_count(passages) < engine.MIN_TEMPLATE_WORDS:
        return None  # a short common phrase, not a campaign
    campaign = Campaign.objects.create(
        analysis=analysis,
        key=f"c-{min(twin_id, comment.pk)}",
        size=2,
        template_id=twin_id,
        variant_count=len(texts | {_normalised(comment.body_markdown)}),
        first_seen=min(first.created_at, comment.created_at),
        last_seen=max(first.created_at, comment.created_at),
        template_passages=passages,
    )
    twin.campaign = campaign
    twin.added, twin.removed = engine.difference(passages, first.body_markdown)
    twin.added_words = _word_count(twin.added)
    twin.save(update_fields=["campaign", "added", "removed", "added_words"])
    return campaign
