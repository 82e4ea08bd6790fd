"""The insights page of a consultation, its exports, and asking for a fresh analysis."""

import io
import json
import tempfile
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from parley import pagination, spreadsheets
from parley.bilingual import Shown
from parley.consultations import queries as consultation_queries
from parley.consultations import summary as response_summary
from parley.guidance.models import Version
from parley.insights import charts, queries, search, services, streamed
from parley.insights.engine.evidence import KINDS
from parley.insights.frame_forms import evidence_names
from parley.validation import whole_number

RESULTS_PER_PAGE = 25
RESPONSES_SHOWN = 50  # formal responses found by the words, for analysts
CAMPAIGNS_SHOWN = 20
MEMBERS_PER_PAGE = 50


def _visible(request: HttpRequest, slug: str, number: int) -> tuple[Version, bool]:
    """The version, and whether this person analyses it (its organisation's analysts,
    editors and owners, and site staff)."""
    try:
        return queries.visible_version(request.user, slug, number)
    except queries.NotVisible as error:
        raise Http404(str(error)) from error


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters_asked(request: HttpRequest) -> search.Filters:
    get = request.GET
    return search.Filters(
        text=get.get("q", "")[:200],
        clause=get.get("clause", "")[:20],
        stance=get.get("stance", "") if get.get("stance") in {*services.STANCES} else "",
        campaign=get.get("campaign", "")[:40],
        theme=get.get("theme", "")[:40],
        since=_date(get.get("from")),
        until=_date(get.get("to")),
        evidence=get.get("evidence", "") if get.get("evidence") in {*KINDS, "any"} else "",
        code=whole_number(get.get("code")),
        reviewed=get.get("reviewed", "") if get.get("reviewed") in {"yes", "no"} else "",
    )


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _stance_names() -> dict[str, str]:
    return {
        "support": _("Support"),
        "oppose": _("Oppose"),
        "neutral": _("Neutral"),
        "none": _("No stance given"),
    }


def _notes() -> dict[str, str]:
    return {
        services.NOTE_NO_COMMENTS: _("There are no public comments to analyse yet."),
        services.NOTE_ONE_COMMENT: _(
            "There is only one comment, so there are no campaigns: a campaign needs at least "
            "two near-identical comments."
        ),
        services.NOTE_NO_CAMPAIGNS: _(
            "No campaigns were found: no two comments are near-identical."
        ),
        services.NOTE_NO_THEMES: _(
            "No themes were found: there is not enough varied text to group comments by topic."
        ),
    }


def _charts(summary: dict[str, Any]) -> dict[str, object]:
    stance = summary.get("stance", {})
    rows = stance.get("clauses", [])

    def label(row: dict[str, Any]) -> str:
        return (
            _("Whole version")
            if row["clause"] == "document"
            else _("Clause %(number)s") % {"number": row["clause"]}
        )

    for row in rows:
        row["label"] = label(row)
        row["cells"] = [row["comments"].get(s, 0) for s in services.STANCES]
        row["cells_once"] = [row["campaigns_once"].get(s, 0) for s in services.STANCES]
        # Analyses made before responses' answers counted as stance have no "responses".
        row["cells_responses"] = [row.get("responses", {}).get(s, 0) for s in services.STANCES]
    timeline = summary.get("timeline", [])
    heat = summary.get("heat", [])
    return {
        "stance_rows": rows,
        "stance_from_responses": any(any(row["cells_responses"]) for row in rows),
        "stance_chart": charts.stance_bars(
            [charts.Bar(label=row["label"], parts=row["comments"]) for row in rows],
            title=_("Comments by stance, per clause, counting every comment"),
            chart_id="stance-all",
        ),
        "stance_once_chart": charts.stance_bars(
            [charts.Bar(label=row["label"], parts=row["campaigns_once"]) for row in rows],
            title=_("Arguments by stance, per clause, counting each campaign once"),
            chart_id="stance-once",
        ),
        "timeline": timeline,
        "timeline_chart": charts.columns(
            [(day["day"], {s: day.get(s, 0) for s in services.STANCES}) for day in timeline],
            title=_("Comments per day, by stance"),
            chart_id="timeline",
        ),
        "heat": heat,
        "heat_chart": charts.heat_strip(
            [(cell["clause"], cell["count"], cell["level"]) for cell in heat],
            title=_("Comments per clause: darker means more comments"),
            chart_id="heat",
        ),
        "stance_keys": [
            (key, name, charts.legend_swatch(key)) for key, name in _stance_names().items()
        ],
    }


def _channels(version: Version, analysed: dict[str, Any]) -> list[dict[str, Any]]:
    """Each channel with a counted response: its name, the responses counted now (the
    summary of responses), and those analysed and in a campaign at the last analysis."""
    by_channel = analysed.get("by_channel", {})
    return [
        {
            "label": label,
            "counted": counted,
            "analysed": by_channel.get(channel, {}).get("analysed", 0),
            "in_campaigns": by_channel.get(channel, {}).get("in_campaigns", 0),
        }
        for channel, label, counted in response_summary.channels_of(version)
    ]


@require_safe
def insights(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version, analyst = _visible(request, slug, number)
    analysis = queries.analysis_of(version)
    places = queries.discussion_clauses(version)
    filters = filters_asked(request)
    results = pagination.page_of(
        search.search(version, filters).select_related(
            "user", "discussion", "placement__campaign__template", "placement__theme"
        ),
        RESULTS_PER_PAGE,
        pagination.number_asked(request),
    )
    clause_of = {pk: queries.clause_label(clause) for pk, clause in places.items()}
    stance_names = _stance_names()
    for comment in results:
        comment.where = clause_of[comment.discussion_id]  # type: ignore[attr-defined]
        comment.stance_name = stance_names[comment.stance or "none"]  # type: ignore[attr-defined]
    context: dict[str, object] = {
        "document": version.document,
        "version": version,
        "can_analyse": analyst,
        "analysis": analysis,
        # A queued analysis whose task will not run reads as one that did not finish, so
        # the editor asks again (which queues it at once) rather than waits.
        "analysis_lost": analysis is not None
        and analysis.state == analysis.State.QUEUED
        and not services.still_coming(analysis),
        "filters": filters,
        "results": results,
        "response_published": queries.response_published(version),
        "clauses": [clause for clause in places.values() if clause is not None],
        "stance_names": stance_names,
        "evidence_names": evidence_names(),
        "frame_themes": queries.frame_themes(version),
        "query_string": _without_page(request),
        **(_responses_found(version, filters) if analyst else {}),
    }
    if analysis is not None and analysis.finished_at is not None:  # results to show
        campaigns = queries.campaigns(analysis, limit=CAMPAIGNS_SHOWN, analyst=analyst)
        themes = queries.themes(analysis)
        wanted = {pk for theme in themes for pk in theme.representatives}
        shown = queries.comments_by_id(wanted)
        for theme in themes:
            theme.shown = [shown[pk] for pk in theme.representatives if pk in shown]  # type: ignore[attr-defined]
        summary = dict(analysis.summary or {})
        # The analysis stored each clause's heading in English: say it in the reader's.
        headings = {c.number: c.heading_shown for c in places.values() if c is not None}
        summary["heat"] = [
            cell | {"title": headings.get(cell["clause"], Shown(cell["title"], "en"))}
            for cell in summary.get("heat", [])
        ]
        notes = _notes()
        context |= {
            "analysed": True,
            "campaigns": campaigns,
            "campaign_total": summary.get("campaign_count", 0),
            "campaign_comment_total": summary.get("campaign_comment_count", 0),
            "channels": _channels(version, summary.get("responses", {})),
            "themes": themes,
            "notes": [notes[code] for code in summary.get("notes", []) if code in notes],
            "theme_note": summary.get("theme_note", ""),
            **_charts(summary),
        }
    return render(request, "insights/insights.html", context)


def _responses_found(version: Version, filters: search.Filters) -> dict[str, object]:
    """For analysts only: the formal responses whose words (text answers, attached files'
    text) hold every word searched for, the newest `RESPONSES_SHOWN`, each with its words;
    nothing when no words were given. Four queries, however many are found."""
    if not search.WORD.search(filters.text):
        return {}
    found = search.responses(version, filters.text)
    shown = list(found.select_related("user")[:RESPONSES_SHOWN])
    words = consultation_queries.words_of(response.pk for response in shown)
    for response in shown:
        response.words = words.get(response.pk, "")  # type: ignore[attr-defined]
    return {"responses_found": shown, "responses_found_total": found.count()}


@require_safe
def campaign(request: HttpRequest, slug: str, number: int, key: str) -> HttpResponse:
    """One campaign: the text its members share, and each member's own words, those who
    added most first. The same readers as the insights page."""
    version, editor = _visible(request, slug, number)
    try:
        found = queries.visible_campaign(request.user, key)
    except queries.NotVisible as error:
        raise Http404(str(error)) from error
    if found.analysis.version_id != version.pk:
        raise Http404("No such campaign")
    members = pagination.page_of(
        queries.campaign_placements(found, analyst=editor),
        MEMBERS_PER_PAGE,
        pagination.number_asked(request),
    )
    return render(
        request,
        "insights/campaign.html",
        {
            "document": version.document,
            "version": version,
            "can_edit": editor,
            "campaign": found,
            "members": members,
        },
    )


@require_POST
def analyse(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version, analyst = _visible(request, slug, number)
    if not analyst:
        raise Http404("No such insights")
    services.request_analysis(version=version)
    messages.success(
        request,
        _("The analysis will run in the background. Refresh this page in a minute to see it."),
    )
    return redirect("insights:insights", slug=slug, number=number)


def _filename(version: Version, extension: str) -> str:
    return f"{version.document.slug}-v{version.number}-comments.{extension}"


def _csv_lines(version: Version) -> Iterator[str]:
    buffer = io.StringIO()
    writer = spreadsheets.DictWriter(buffer, fieldnames=queries.EXPORT_FIELDS)
    writer.writeheader()
    for row in queries.export_rows(version):
        writer.writerow(row.as_dict())
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


XLSX_PIECE = 64 * 1024


def _xlsx_chunks(version: Version) -> Iterator[bytes]:
    """The workbook, read back in pieces from a temporary file: a write-only workbook keeps
    its rows on disk, so memory does not grow with the comments. The file is closed and gone
    once the last piece is read or the download stops."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Comments")
    sheet.append(queries.EXPORT_FIELDS)
    for row in queries.export_rows(version):
        sheet.append([spreadsheets.cell(value) for value in row.as_dict().values()])
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while piece := out.read(XLSX_PIECE):
            yield piece


def _jsonl(version: Version) -> Iterator[str]:
    for row in queries.export_rows(version):
        yield json.dumps(row.as_dict(), ensure_ascii=False) + "\n"


@require_safe
def export(request: HttpRequest, slug: str, number: int, fmt: str) -> StreamingHttpResponse:
    """The comments as CSV, XLSX or JSON Lines, each streamed."""
    version, _editor = _visible(request, slug, number)
    response: StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_lines(version), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = StreamingHttpResponse(
            _xlsx_chunks(version),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "jsonl":
        response = StreamingHttpResponse(
            _jsonl(version), content_type="application/jsonl; charset=utf-8"
        )
    else:
        raise Http404("No such format")
    response["Content-Disposition"] = f'attachment; filename="{_filename(version, fmt)}"'
    return response


@require_safe
def analysis_json(request: HttpRequest, slug: str, number: int) -> StreamingHttpResponse:
    """The analysis itself: campaigns, themes, stance, timeline and heat, its JSON written
    a piece at a time as its rows are read in chunks, so memory stays flat."""
    version, analyst = _visible(request, slug, number)
    response = StreamingHttpResponse(
        streamed.analysis_json(version, analyst=analyst), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{version.document.slug}-v{version.number}-analysis.json"'
    )
    return response
