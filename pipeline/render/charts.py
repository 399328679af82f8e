"""Chart geometry in Python; SVG markup in Jinja2 templates (site_templates/charts).

Charts are 320 units wide so that on a 360-px phone they show at about their natural
size and their 12-unit text stays readable; on wider screens they grow to 400 px. Every
chart names what it shows in its own <title> and <desc>; the page puts the same numbers
in a table beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from jinja2 import Environment

from pipeline.render.text import percent

WIDTH = 320
ROW_HEIGHT = 48      # a row of the Likert chart: label line, bar, gap
BAR_ROW_HEIGHT = 40  # a row of the bar chart
STEP = 0.25          # axis ticks every 25%
MIN_LABEL = 24       # narrower segments carry no printed percentage
# ColorBrewer RdBu (5 classes), safe for the common colour-vision deficiencies.
DIVERGING = ("#ca0020", "#f4a582", "#d9d9d9", "#92c5de", "#0571b0")
DARK = {"#ca0020", "#0571b0"}
BAR_COLOUR = "#0571b0"
# Lines: dark enough for 4.5:1 contrast of their value labels on white.
LINE_COLOURS = ("#0571b0", "#b35806", "#5e3c99", "#1b7837", "#b2182b", "#4d4d4d", "#8c510a",
                "#01665e")
MARKERS = ("circle", "square", "diamond", "triangle", "triangle-down")
# The trend plot area: room on the left for the axis, on the right for the end values.
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_HEIGHT = 74, WIDTH - 74, 12, 150


def r1(value: float) -> float | int:
    """Round a coordinate to 0.1 and drop a trailing '.0': shorter SVG, same picture."""
    value = round(float(value), 1)
    return int(value) if value.is_integer() else value


def palette(size: int) -> list[str]:
    if size == 5:
        return list(DIVERGING)
    if size == 4:
        return [DIVERGING[0], DIVERGING[1], DIVERGING[3], DIVERGING[4]]
    step = (len(DIVERGING) - 1) / max(size - 1, 1)
    return [DIVERGING[round(i * step)] for i in range(size)]


def text_colour(fill: str) -> str:
    return "#ffffff" if fill in DARK else "#1a1a1a"


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    colour: str
    text: str


def legend(labels: list[str], width: float = WIDTH) -> tuple[list[LegendItem], float]:
    """Place legend entries left to right, wrapping within the chart; return them and height."""
    items, x, y = [], 0.0, 0.0
    for label, colour in zip(labels, palette(len(labels)), strict=True):
        size = 16 + 6.4 * len(label) + 12
        if x + size > width and x > 0:
            x, y = 0.0, y + 18
        items.append(LegendItem(r1(x), r1(y), colour, label))
        x += size
    return items, r1(y + 18)


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    text_colour: str
    label: str
    shown: str  # the printed percentage, '' when the segment is too narrow
    middle: float | int  # where the printed percentage is centred
    halo: str = ""  # the segment colour, drawn around a label that sits on the centre line


@dataclass(frozen=True)
class BarRow:
    label: str
    y: float
    n_label: str
    segments: tuple[Segment, ...]
    withheld: str  # '' or the withheld message


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    anchor: str


@dataclass(frozen=True)
class Diverging:
    legend: tuple[LegendItem, ...]
    rows: tuple[BarRow, ...]
    ticks: tuple[Tick, ...]
    centre: float
    top: float
    bottom: float
    height: float

    @property
    def withheld(self) -> bool:
        return any(row.withheld for row in self.rows)


def _clean(shares: list[float]) -> list[float]:
    return [0.0 if math.isnan(s) else float(s) for s in shares]


def sides(shares: list[float]) -> tuple[float, float]:
    """Shares left and right of the neutral midpoint: each side takes half of the neutral answer."""
    half = len(shares) // 2
    neutral = shares[half] / 2 if len(shares) % 2 else 0.0
    return sum(shares[:half]) + neutral, sum(shares[len(shares) - half:]) + neutral


def _domain(extent: float) -> float:
    """Round an extent up to the next tick, at least one tick, at most 100%."""
    return min(1.0, max(STEP, math.ceil(round(extent / STEP, 6)) * STEP))


def _ticks(low: float, high: float, scale: float, origin: float) -> tuple[Tick, ...]:
    steps = range(-round(low / STEP), round(high / STEP) + 1)
    values = [i * STEP for i in steps]
    return tuple(
        Tick(r1(origin + v * scale), percent(abs(v), 0),
             "start" if i == 0 else "end" if i == len(values) - 1 else "middle")
        for i, v in enumerate(values)
    )


def diverging(rows: list[dict], labels: list[str]) -> Diverging:
    """Lay out diverging stacked bars centred on the scale's neutral midpoint.

    Each row: label, n_label, shares (one per scale point, low to high), withheld message.
    Disagreement extends left of the centre line, agreement right; the neutral answer
    straddles it. Both sides share one scale, rounded up to the next 25%.
    """
    items, legend_height = legend(labels)
    colours = palette(len(labels))
    extents = [sides(_clean(r["shares"])) for r in rows if not r["withheld"]]
    left = _domain(max((e[0] for e in extents), default=0.5))
    right = _domain(max((e[1] for e in extents), default=0.5))
    scale = WIDTH / (left + right)
    centre = left * scale
    top = legend_height + 10
    out = []
    for i, row in enumerate(rows):
        segments = []
        if not row["withheld"]:
            shares = _clean(row["shares"])
            x = centre - sides(shares)[0] * scale
            for label, share, colour in zip(labels, shares, colours, strict=True):
                width = share * scale
                shown = percent(share, 0) if width >= MIN_LABEL else ""
                on_centre = x < centre < x + width
                segments.append(Segment(r1(x), r1(width), colour, text_colour(colour), label, shown,
                                        r1(x + width / 2), colour if on_centre else ""))
                x += width
        out.append(BarRow(row["label"], r1(top + i * ROW_HEIGHT), row["n_label"], tuple(segments),
                          row["withheld"]))
    bottom = top + len(rows) * ROW_HEIGHT
    return Diverging(tuple(items), tuple(out), _ticks(left, right, scale, centre), r1(centre),
                     r1(top), r1(bottom), r1(bottom + 16))


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    width: float
    shown: str
    shown_x: float
    anchor: str
    shown_colour: str
    withheld: str


def bars(rows: list[dict]) -> tuple[list[Bar], tuple[Tick, ...], float]:
    """Lay out horizontal bars of shares (0-1) on a fixed 0-100% axis.

    Each row: label, share, shown (the printed value, as in the table), withheld message.
    """
    out = []
    for i, row in enumerate(rows):
        y = i * BAR_ROW_HEIGHT
        width = 0 if row["withheld"] else r1(WIDTH * float(row["share"]))
        inside = width > WIDTH - 50
        out.append(Bar(row["label"], y, width, row["shown"],
                       r1(width - 4 if inside else width + 4), "end" if inside else "start",
                       "#ffffff" if inside else "#1a1a1a", row["withheld"]))
    height = len(rows) * BAR_ROW_HEIGHT
    return out, _ticks(0.0, 1.0, WIDTH, 0.0), height + 16


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    shown: str
    marker: str  # SVG path data of the series' marker shape


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    points: tuple[Point, ...]
    label_y: float = 0.0


def marker(shape: str, x: float, y: float) -> str:
    """SVG path data of a marker: shapes as well as colours tell the lines apart."""
    paths = {
        "circle": f"M{x - 4:g},{y:g}a4,4 0 1,0 8,0a4,4 0 1,0 -8,0z",
        "square": f"M{x - 3.5:g},{y - 3.5:g}h7v7h-7z",
        "diamond": f"M{x:g},{y - 5:g}l5,5l-5,5l-5,-5z",
        "triangle": f"M{x:g},{y - 5:g}l5,9h-10z",
        "triangle-down": f"M{x:g},{y + 5:g}l5,-9h-10z",
    }
    return paths[shape]


def spread(ys: list[float], gap: float = 15.0) -> list[float]:
    """Move end labels apart so that no two are closer than `gap`, keeping their order."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = list(ys)
    for previous, current in zip(order, order[1:], strict=False):
        placed[current] = max(placed[current], placed[previous] + gap)
    return placed


def _shown(value: float | None) -> str:
    return "tidak ditampilkan" if value is None or math.isnan(value) else percent(value / 100)


def y_of(value: float) -> float | int:
    return r1(PLOT_TOP + PLOT_HEIGHT * (1 - value / 100))


def trend_lines(series: list[dict], periods: list[str]) -> tuple[list[Line], list[float]]:
    """Place lines of percentages (0-100) over periods; return lines and the x of each period."""
    span = PLOT_RIGHT - PLOT_LEFT
    xs = [r1(PLOT_LEFT + span * (i / max(len(periods) - 1, 1))) for i in range(len(periods))]
    if len(periods) == 1:
        xs = [r1(PLOT_LEFT + span / 2)]
    lines = []
    for i, item in enumerate(series):
        shape = MARKERS[i % len(MARKERS)]
        points = tuple(
            Point(xs[j], y_of(v), percent(v / 100), marker(shape, xs[j], y_of(v)))
            for j, v in enumerate(item["values"]) if v is not None and not math.isnan(v)
        )
        lines.append(Line(item["label"], LINE_COLOURS[i % len(LINE_COLOURS)], points))
    ends = spread([line.points[-1].y + 4 if line.points else 0.0 for line in lines], gap=13.0)
    lines = [Line(line.label, line.colour, line.points, r1(y))
             for line, y in zip(lines, ends, strict=True)]
    return lines, xs


def period_lines(label: str) -> tuple[str, ...]:
    """'Semester II 2026' -> ('Semester II', '2026'): two short lines fit under a point."""
    head, _, year = label.rpartition(" ")
    return (head, year) if head else (label,)


def likert_svg(env: Environment, chart_id: str, title: str, rows: list[dict],
               labels: list[str]) -> str:
    """A diverging Likert chart; rows as for `diverging`."""
    shown = "; ".join(
        f"{r['label']}: " + (r["withheld"] or ", ".join(
            f"{lab} {percent(s)}" for lab, s in zip(labels, r["shares"], strict=True)))
        for r in rows
    )
    return env.get_template("charts/likert.svg.j2").render(
        chart_id=chart_id, title=title, width=WIDTH, chart=diverging(rows, labels),
        desc=f"Sebaran jawaban. Tidak setuju di kiri garis tengah, setuju di kanan. {shown}",
    )


def bars_svg(env: Environment, chart_id: str, title: str, rows: list[dict]) -> str:
    """Horizontal bars of shares; each row: label, share (0-1), shown, withheld."""
    laid, ticks, height = bars(rows)
    desc = "; ".join(f"{r['label']}: {r['withheld'] or r['shown']}" for r in rows)
    return env.get_template("charts/bars.svg.j2").render(
        chart_id=chart_id, title=title, desc=desc, bars=laid, ticks=ticks, height=height,
        width=WIDTH, colour=BAR_COLOUR,
    )


def trend_svg(env: Environment, chart_id: str, title: str, series: list[dict],
              periods: list[str]) -> str:
    """Lines of percentages over rounds; each series: label, values (0-100 or None)."""
    lines, xs = trend_lines(series, periods)
    ticks = [{"y": y_of(v), "label": percent(v / 100, 0)} for v in (0, 25, 50, 75, 100)]
    desc = "; ".join(
        f"{s['label']}: " + ", ".join(
            f"{p} {_shown(v)}" for p, v in zip(periods, s["values"], strict=True))
        for s in series
    )
    axis_y = PLOT_TOP + PLOT_HEIGHT + 18
    single = len(series) == 1
    key = [] if single else [
        {"y": axis_y + 34 + i * 18, "colour": line.colour, "label": line.label,
         "marker": marker(MARKERS[i % len(MARKERS)], 11, axis_y + 34 + i * 18)}
        for i, line in enumerate(lines)]
    return env.get_template("charts/trend.svg.j2").render(
        chart_id=chart_id, title=title, desc=desc, lines=lines, ticks=ticks, axis_y=axis_y,
        periods=[(x, period_lines(p)) for x, p in zip(xs, periods, strict=True)],
        legend=key, width=WIDTH, height=axis_y + 26 + len(key) * 18, point_values=single,
    )
