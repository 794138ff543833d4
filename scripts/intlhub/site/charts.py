"""Horizontal bar charts as inline SVG, made at build time: no script, no network, no library."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from intlhub.base.sanitize import escape_html

WIDTH = 420  # viewBox units; the SVG scales down to the column width on phones
LABEL_HEIGHT = 20
BAR_HEIGHT = 18
BAR_GAP = 4
ROW_GAP = 14
LEGEND_LINE = 20
VALUE_ROOM = 150  # room right of the longest bar for its value text
FONT_SIZE = 14
# Bar colours, each at least 3:1 against white (WCAG 1.4.11); the legend names them too.
# The last one (the example badge's brown) marks charts of example records.
SERIES_COLOURS = ("#1a237e", "#2e7d32", "#9a5200")
EXAMPLE_COLOUR = 2
TEXT_COLOUR = "#1b1b1b"
LABEL_CHARS = 54  # longer labels are cut with "…" (the table beside the chart has them whole)


@dataclass(frozen=True)
class Value:
    """One bar: a number (None when unknown) and the text shown beside it."""

    amount: Decimal | int | None
    text: str


@dataclass(frozen=True)
class Row:
    """One row of the chart: a label and one value per series."""

    label: str
    values: tuple[Value, ...]


def number(value: Decimal | int | None) -> float:
    """Return a chart amount as a float (0 when unknown)."""
    return float(value) if value is not None else 0.0


def legend_height(series: int) -> int:
    """Return the height of the legend: one line per series, none for a single series."""
    return series * LEGEND_LINE + 6 if series > 1 else 0


def layout_height(rows: Sequence[Row], series: int) -> int:
    """Return the chart's height in viewBox units."""
    per_row = LABEL_HEIGHT + series * (BAR_HEIGHT + BAR_GAP) + ROW_GAP
    return legend_height(series) + len(rows) * per_row


def text_element(x: float, y: float, text: str, weight: str = "400") -> str:
    """Return an SVG <text> element with the shared font settings."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT_SIZE}" font-weight="{weight}" '
        f'fill="{TEXT_COLOUR}">{escape_html(text)}</text>'
    )


def legend_elements(series_names: Sequence[str]) -> list[str]:
    """Return the legend: a swatch and a name per series, one per line (names can be long)."""
    elements = []
    for index, name in enumerate(series_names):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        y = index * LEGEND_LINE
        elements.append(f'<rect x="0" y="{y + 4}" width="14" height="14" fill="{colour}"/>')
        elements.append(text_element(20, y + 16, name))
    return elements


def bar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[Row],
    series_names: Sequence[str] = (),
    first_colour: int = 0,
) -> str:
    """Return an accessible SVG bar chart: role="img", named by its <title>.

    The page gives the same figures as a table and the chart a text summary; the SVG is one
    block of lines without blank lines, so Markdown passes it through untouched.
    """
    series = max((len(row.values) for row in rows), default=1)
    largest = max((number(v.amount) for row in rows for v in row.values), default=0.0)
    scale = (WIDTH - VALUE_ROOM) / largest if largest > 0 else 0.0
    height = layout_height(rows, series)
    elements = legend_elements(series_names) if series > 1 else []
    y = legend_height(series)
    for row in rows:
        label = row.label if len(row.label) <= LABEL_CHARS else row.label[: LABEL_CHARS - 1] + "…"
        elements.append(text_element(0, y + FONT_SIZE, label, "700"))
        y += LABEL_HEIGHT
        for index, value in enumerate(row.values):
            colour = SERIES_COLOURS[(first_colour + index) % len(SERIES_COLOURS)]
            length = number(value.amount) * scale
            if value.amount is not None and length > 0:
                elements.append(
                    f'<rect x="0" y="{y:.1f}" width="{max(length, 2):.1f}" '
                    f'height="{BAR_HEIGHT}" fill="{colour}"/>'
                )
            text_x = max(length, 2) + 6 if value.amount is not None else 0
            elements.append(text_element(text_x, y + BAR_HEIGHT - 4, value.text))
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
    title_id = f"{chart_id}-title"
    lines = [
        f'<svg class="hub-chart__svg" role="img" aria-labelledby="{title_id}" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape_html(title)}</title>',
        *elements,
        "</svg>",
    ]
    return "\n".join(lines)
