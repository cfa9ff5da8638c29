"""Small server-rendered SVG bar charts: no JavaScript, no external library, readable
by screen readers (role="img" with a title and a description listing every value),
numbers printed on the bars, mirrored for right-to-left pages.

Only presentation attributes and classes are used (the Content-Security-Policy
forbids inline styles); colours also come from app.css.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal
from markupsafe import Markup, escape

WIDTH = 480
ROW_HEIGHT = 26
ROW_GAP = 8
PADDING = 8
#: Room after the longest bar for its number when it does not fit inside.
NUMBER_ROOM = 56
#: Rough average glyph width at the chart's font size, to size the label column.
CHAR_WIDTH = 7.2
MIN_LABEL_WIDTH, MAX_LABEL_WIDTH = 60, 200


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def _fit(label: str, width: float) -> str:
    """Shorten a label to the label column; the full text stays in the table and <desc>."""
    capacity = max(int(width / CHAR_WIDTH), 4)
    return label if len(label) <= capacity else label[: capacity - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, bars: list[Bar], *, rtl: bool = False,
              empty_text: str = "") -> Markup:
    """A horizontal bar chart as inline SVG markup.

    ``chart_id`` must be unique on the page (it names the title and description).
    Left-to-right: labels on the left, bars grow rightwards. Right-to-left: the mirror.
    """
    chart_id = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in chart_id)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    # The locale's grouping (Babel) and list punctuation (Arabic « ؛ »); French spaces are
    # added to the whole page by eventhub.typography.
    separator = "؛ " if rtl else "; "
    description = separator.join(f"{bar.label}: {format_decimal(bar.value)}" for bar in bars) or empty_text
    direction = "rtl" if rtl else "ltr"
    parts: list[str] = []

    if not bars:
        height = ROW_HEIGHT + 2 * PADDING
        x = WIDTH - PADDING if rtl else PADDING
        parts.append(
            f'<text class="chart-empty" x="{x}" y="{PADDING + ROW_HEIGHT * 0.7:.1f}" '
            f'text-anchor="start">{escape(empty_text)}</text>'
        )
    else:
        longest = max(len(bar.label) for bar in bars)
        label_width = min(max(longest * CHAR_WIDTH + 12, MIN_LABEL_WIDTH), MAX_LABEL_WIDTH)
        bar_area = WIDTH - 2 * PADDING - label_width - NUMBER_ROOM
        top_value = max(bar.value for bar in bars) or 1
        height = PADDING * 2 + len(bars) * (ROW_HEIGHT + ROW_GAP) - ROW_GAP
        for index, bar in enumerate(bars):
            y = PADDING + index * (ROW_HEIGHT + ROW_GAP)
            text_y = y + ROW_HEIGHT * 0.68
            length = bar_area * bar.value / top_value
            if bar.value and length < 2:
                length = 2  # a non-zero value stays visible
            # Coordinates computed for left-to-right, then mirrored for right-to-left.
            bar_start = PADDING + label_width
            label_edge = bar_start - 8
            if rtl:
                bar_x = WIDTH - bar_start - length
                label_x = WIDTH - label_edge
            else:
                bar_x = bar_start
                label_x = label_edge
            # "end" is the side of the text nearest the bar in both directions, because the
            # svg's own direction attribute flips what start and end mean.
            parts.append(
                f'<text class="chart-label" x="{label_x:.1f}" y="{text_y:.1f}" text-anchor="end">'
                f'{escape(_fit(bar.label, label_width - 8))}</text>'
            )
            parts.append(
                f'<rect class="chart-bar" x="{bar_x:.1f}" y="{y}" width="{length:.1f}" '
                f'height="{ROW_HEIGHT}" rx="3" fill="#14457a"/>'
            )
            number = format_decimal(bar.value)
            inside = length >= len(number) * CHAR_WIDTH + 12
            if inside:
                # Inside the bar, against its far end, in white.
                number_x = bar_x + 6 if rtl else bar_x + length - 6
                parts.append(
                    f'<text class="chart-value chart-value-inside" x="{number_x:.1f}" y="{text_y:.1f}" '
                    f'text-anchor="end" fill="#ffffff">{number}</text>'
                )
            else:
                number_x = bar_x - 6 if rtl else bar_x + length + 6
                parts.append(
                    f'<text class="chart-value" x="{number_x:.1f}" y="{text_y:.1f}" '
                    f'text-anchor="start" fill="#1b2430">{number}</text>'
                )

    svg = (
        f'<svg class="chart" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
        f'direction="{direction}" font-size="13" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
    return Markup(svg)
