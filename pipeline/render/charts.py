"""Chart geometry in Python; SVG markup in Jinja2 templates (site_templates/charts)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.render.text import percent

WIDTH = 640
LABEL_WIDTH = 190
BAR_WIDTH = WIDTH - LABEL_WIDTH - 60
ROW_HEIGHT = 30
TREND_RIGHT = WIDTH - 250  # room for the end labels
# ColorBrewer RdBu (5 classes), safe for the common colour-vision deficiencies.
DIVERGING = ("#ca0020", "#f4a582", "#d9d9d9", "#92c5de", "#0571b0")
DARK = {"#ca0020", "#0571b0"}
LINE_COLOURS = ("#0571b0", "#e66101", "#5e3c99", "#1b7837", "#b2182b", "#4d4d4d", "#8c510a", "#01665e")


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    text_colour: str
    label: str
    shown: str  # the printed percentage, '' when the segment is too narrow


@dataclass(frozen=True)
class BarRow:
    label: str
    y: float
    n_label: str
    segments: tuple[Segment, ...]
    withheld: str  # '' or the withheld message


def palette(size: int) -> list[str]:
    if size == 5:
        return list(DIVERGING)
    if size == 4:
        return [DIVERGING[0], DIVERGING[1], DIVERGING[3], DIVERGING[4]]
    step = (len(DIVERGING) - 1) / max(size - 1, 1)
    return [DIVERGING[round(i * step)] for i in range(size)]


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    colour: str
    text: str


def legend(labels: list[str]) -> tuple[list[LegendItem], float]:
    """Place legend entries left to right, wrapping within the chart; return them and their height."""
    items, x, y = [], 0.0, 8.0
    for label, colour in zip(labels, palette(len(labels)), strict=True):
        width = 16 + 6.4 * len(label) + 12
        if x + width > WIDTH and x > 0:
            x, y = 0.0, y + 18
        items.append(LegendItem(round(x, 1), y, colour, label))
        x += width
    return items, y + 18


def stacked_rows(rows: list[dict], labels: list[str], top: float) -> list[BarRow]:
    """Lay out 100% stacked bars below `top`. Each row: label, n_label, shares, withheld message."""
    colours = palette(len(labels))
    out = []
    for i, row in enumerate(rows):
        y = top + 8 + i * ROW_HEIGHT
        segments, x = [], float(LABEL_WIDTH)
        if not row["withheld"]:
            for label, share, colour in zip(labels, row["shares"], colours, strict=True):
                width = BAR_WIDTH * (0 if math.isnan(share) else share)
                segments.append(Segment(round(x, 2), round(width, 2), colour,
                                        "#ffffff" if colour in DARK else "#1a1a1a", label,
                                        percent(share, 0) if width >= 30 else ""))
                x += width
        out.append(BarRow(row["label"], y, row["n_label"], tuple(segments), row["withheld"]))
    return out


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    points: tuple[tuple[float, float, str], ...]  # x, y, printed value
    label_y: float = 0.0


def spread(ys: list[float], gap: float = 15.0) -> list[float]:
    """Move end labels apart so that no two are closer than `gap`, keeping their order."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = list(ys)
    for previous, current in zip(order, order[1:], strict=False):
        placed[current] = max(placed[current], placed[previous] + gap)
    return placed


def trend_lines(series: list[dict], periods: list[str], height: int = 220) -> tuple[list[Line], list[float]]:
    """Place lines of percentages (0-100) over periods; return lines and the x of each period."""
    left, right = 60, TREND_RIGHT
    xs = [left + (right - left) * (i / max(len(periods) - 1, 1)) for i in range(len(periods))]
    lines = []
    for i, item in enumerate(series):
        points = tuple(
            (round(xs[j], 2), round(20 + (height - 50) * (1 - v / 100), 2), percent(v / 100, 0))
            for j, v in enumerate(item["values"]) if v is not None and not math.isnan(v)
        )
        lines.append(Line(item["label"], LINE_COLOURS[i % len(LINE_COLOURS)], points))
    ends = spread([line.points[-1][1] + 4 if line.points else 0.0 for line in lines])
    lines = [Line(line.label, line.colour, line.points, round(y, 2)) for line, y in zip(lines, ends, strict=True)]
    return lines, xs
