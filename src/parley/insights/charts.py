"""Charts as SVG drawn on the server: no JavaScript, and each sits beside a data table that
says the same, so the picture is never the only way to read the numbers.

Colours are GOV.UK Frontend's; each stance has a pattern as well as a colour, so the charts
read in greyscale too. Every chart is `role="img"` with a title naming what it shows.

Charts are drawn at their own size in pixels, never scaled to their column, so their labels
are always LABEL_SIZE pixels: in a narrow column the frame around a chart scrolls instead.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

STANCE_COLOURS = {
    "support": "#00703c",  # green
    "oppose": "#d4351c",  # red
    "neutral": "#1d70b8",  # blue
    "none": "#b1b4b6",  # mid grey
}
TEXT = "#0b0c0c"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, arial, sans-serif"'
LABEL_SIZE = 16  # pixels, as GOV.UK's smallest body text


@dataclass(frozen=True)
class Bar:
    label: str
    parts: dict[str, int]  # stance → count, in STANCE_COLOURS order


def _defs(prefix: str) -> str:
    """Hatched fills for oppose and neutral, so the stances differ in more than colour."""
    return (
        f'<defs><pattern id="{prefix}-oppose" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{STANCE_COLOURS["oppose"]}"/>'
        '<path d="M0 6 L6 0" stroke="#ffffff" stroke-width="1.5"/></pattern>'
        f'<pattern id="{prefix}-neutral" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{STANCE_COLOURS["neutral"]}"/>'
        '<circle cx="3" cy="3" r="1.2" fill="#ffffff"/></pattern></defs>'
    )


def _fill(prefix: str, stance: str) -> str:
    if stance in {"oppose", "neutral"}:
        return f"url(#{prefix}-{stance})"
    return STANCE_COLOURS[stance]


def _open(chart_id: str, width: int, height: int) -> str:
    """The scrolling frame (reachable by keyboard, named by the chart's title) and the
    chart's opening tag, at its own size."""
    return (
        f'<div class="parley-chart-frame" role="region" tabindex="0" '
        f'aria-labelledby="{chart_id}-title">'
        f'<svg xmlns="http://www.w3.org/2000/svg" class="parley-chart" role="img" '
        f'aria-labelledby="{chart_id}-title" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" focusable="false">'
    )


def stance_bars(bars: Sequence[Bar], *, title: str, chart_id: str) -> SafeString:
    """Horizontal stacked bars, one per clause, scaled to the longest."""
    row_height, label_width, width = 32, 130, 450
    plot = width - label_width - 50
    height = row_height * max(len(bars), 1) + 10
    longest = max((sum(bar.parts.values()) for bar in bars), default=0) or 1
    out = [
        _open(chart_id, width, height),
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        _defs(chart_id),
    ]
    for i, bar in enumerate(bars):
        y = 5 + i * row_height
        out.append(
            f'<text x="{label_width - 8}" y="{y + 21}" text-anchor="end" font-size="{LABEL_SIZE}" '
            f'fill="{TEXT}" {FONT}>{escape(bar.label)}</text>'
        )
        x = float(label_width)
        for stance in STANCE_COLOURS:
            count = bar.parts.get(stance, 0)
            if not count:
                continue
            w = plot * count / longest
            out.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_height - 8}" '
                f'fill="{_fill(chart_id, stance)}"/>'
            )
            x += w
        out.append(
            f'<text x="{x + 6:.1f}" y="{y + 21}" font-size="{LABEL_SIZE}" fill="{TEXT}" {FONT}>'
            f"{sum(bar.parts.values())}</text>"
        )
    out.append("</svg></div>")
    return mark_safe("".join(out))  # noqa: S308 every value above is a number or escaped  # nosec B308 B703


def columns(
    points: Sequence[tuple[str, dict[str, int]]], *, title: str, chart_id: str
) -> SafeString:
    """Vertical stacked columns (a timeline): one per point, first and last labelled."""
    width, height, bottom, left = 610, 230, 34, 44
    plot_h = height - bottom - 10
    n = max(len(points), 1)
    step = (width - left - 10) / n
    tallest = max((sum(parts.values()) for _, parts in points), default=0) or 1
    out = [
        _open(chart_id, width, height),
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        _defs(chart_id),
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" '
        f'stroke="{TEXT}"/>',
        f'<text x="{left - 6}" y="16" text-anchor="end" font-size="{LABEL_SIZE}" '
        f'fill="{TEXT}" {FONT}>{tallest}</text>',
    ]
    for i, (_label, parts) in enumerate(points):
        x = left + i * step + step * 0.1
        y = float(height - bottom)
        for stance in STANCE_COLOURS:
            count = parts.get(stance, 0)
            if not count:
                continue
            h = plot_h * count / tallest
            y -= h
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.8:.1f}" height="{h:.1f}" '
                f'fill="{_fill(chart_id, stance)}"/>'
            )
    if points:
        out.append(
            f'<text x="{left}" y="{height - 10}" font-size="{LABEL_SIZE}" fill="{TEXT}" {FONT}>'
            f"{escape(points[0][0])}</text>"
        )
        if len(points) > 1:
            out.append(
                f'<text x="{width - 10}" y="{height - 10}" text-anchor="end" '
                f'font-size="{LABEL_SIZE}" fill="{TEXT}" {FONT}>{escape(points[-1][0])}</text>'
            )
    out.append("</svg></div>")
    return mark_safe("".join(out))  # noqa: S308 every value above is a number or escaped  # nosec B308 B703


HEAT = ["#f3f2f1", "#d2e2f1", "#a5c5e3", "#6b9fd0", "#2f78bd", "#003078"]


def heat_strip(cells: Sequence[tuple[str, int, int]], *, title: str, chart_id: str) -> SafeString:
    """One square per clause, darker for more comments (level 0 to 5), with its number."""
    size, gap = 44, 6
    per_row = 9
    rows = max((len(cells) + per_row - 1) // per_row, 1)
    width = per_row * (size + gap)
    height = rows * (size + gap)
    out = [
        _open(chart_id, width, height),
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for i, (label, _count, level) in enumerate(cells):
        x = (i % per_row) * (size + gap)
        y = (i // per_row) * (size + gap)
        level = max(0, min(level, 5))
        ink = "#ffffff" if level >= 3 else TEXT
        out.append(
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" fill="{HEAT[level]}" '
            f'stroke="{TEXT}" stroke-width="0.5"/>'
        )
        out.append(
            f'<text x="{x + size / 2}" y="{y + size / 2 + 5}" text-anchor="middle" '
            f'font-size="{LABEL_SIZE}" fill="{ink}" {FONT}>{escape(label)}</text>'
        )
    out.append("</svg></div>")
    return mark_safe("".join(out))  # noqa: S308 every value above is a number or escaped  # nosec B308 B703


def legend_swatch(stance: str) -> SafeString:
    return format_html(
        '<svg class="parley-chart-key" width="14" height="14" aria-hidden="true" focusable="false">'
        '<rect width="14" height="14" fill="{}"/></svg>',
        STANCE_COLOURS.get(stance, STANCE_COLOURS["none"]),
    )
