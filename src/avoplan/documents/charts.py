"""Geometry of the SVG charts in the HTML documents. The templates draw the shapes;
everything measured is computed here so it can be tested without a browser."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from avoplan.documents.base import number
from avoplan.models.prioritering import Prioriteringsmodell


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: float
    width: float


@dataclass(frozen=True)
class Funnel:
    """Horizontal bars, one per step of Behovsprocessen."""

    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[Bar, ...]
    description: str


def funnel(steps: Sequence[tuple[str, int]], width: int = 640) -> Funnel:
    bar_height, gap, room_for_count = 28, 10, 48
    label_width = max((text_width(label, 14) for label, _ in steps), default=0) + 16
    top = gap
    longest = max((count for _, count in steps), default=0) or 1
    scale = (width - label_width - room_for_count) / longest
    bars = tuple(
        Bar(label, count, top + i * (bar_height + gap), count * scale)
        for i, (label, count) in enumerate(steps)
    )
    height = top + len(steps) * (bar_height + gap)
    description = ", ".join(f"{label} {count}" for label, count in steps)
    return Funnel(
        width, height, label_width, bar_height, bars, f"Antal behov per steg: {description}."
    )


@dataclass(frozen=True)
class Tick:
    at: float  # position in pixels along the axis
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    anchor: str  # SVG text-anchor: start or end


@dataclass(frozen=True)
class Point:
    id: str
    titel: str
    x: float
    y: float
    kostnad_kr: int
    nytta_kr: int
    label: Label | None  # None when there is no free room or too many points
    label_text: str = ""

    @property
    def text(self) -> str:
        return (
            f"{self.id} {self.titel}: kostnad {number(self.kostnad_kr)} kr, "
            f"värde av frigjord tid {number(self.nytta_kr)} kr per år"
        )


@dataclass(frozen=True)
class Cell:
    """One square of the summary drawn instead of points when there are too many."""

    x: float
    y: float
    size: float
    count: int
    shade: float  # opacity, 0.15 to 1, by count


@dataclass(frozen=True)
class Plot:
    """What every SVG chart has: its size, the plot area's edges and the axes' ticks."""

    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]


@dataclass(frozen=True)
class Scatter(Plot):
    """Nytta against kostnad with the decision line kvot = 1: above it the value of the
    time freed over HORIZON years exceeds the cost. The line is fixed by the formula, not
    by the scale, so "above the line" means the same whatever the axes show."""

    points: tuple[Point, ...]
    description: str
    line: tuple[float, float, float, float]  # x1 y1 x2 y2 of kvot = 1
    above: str  # SVG polygon points of the region where kvot > 1
    cells: tuple[Cell, ...] = ()
    total: int = 0


# Beyond this many points labels would cover each other; the table lists every item.
MAX_LABELS = 60
# Beyond this many points the dots overplot into a blot: count them per square instead.
MAX_POINTS = 400
GRID = 16
LABEL_CHARS = 26


def scatter(
    items: Sequence[tuple[str, str, int, int]], width: int = 640, height: int = 420
) -> Scatter:
    """items: (id, titel, kostnad kr, nytta kr per år)."""
    left, top, right, bottom = 80, 20, width - 20, height - 60
    x_step, x_max = axis(max((i[2] for i in items), default=0))
    y_step, y_max = axis(max((i[3] for i in items), default=0))

    def px(value: float) -> float:
        return round(left + value / x_max * (right - left), 1)

    def py(value: float) -> float:
        return round(bottom - value / y_max * (bottom - top), 1)

    # kvot = 1: nytta per år × HORIZON = kostnad, i.e. nytta = kostnad / HORIZON.
    end_x = min(x_max, y_max * HORIZON)
    line = (px(0), py(0), px(end_x), py(end_x / HORIZON))
    # The line leaves the plot through the right edge (then the region above it is a
    # quadrilateral) or through the top (a triangle).
    corner = f" {right},{top}" if end_x == x_max else ""
    above = f"{left},{bottom} {line[2]},{line[3]}{corner} {left},{top}"
    x_ticks = tuple(Tick(px(v), mnkr(v)) for v in range(0, x_max + 1, x_step))
    y_ticks = tuple(Tick(py(v), mnkr(v)) for v in range(0, y_max + 1, y_step))
    bounds = (left, top, right, bottom)
    if len(items) > MAX_POINTS:
        cells = summary_cells([(px(k), py(n)) for _, _, k, n in items], bounds)
        return Scatter(
            width,
            height,
            left,
            top,
            right,
            bottom,
            x_ticks,
            y_ticks,
            (),
            summary_text(items),
            line,
            above,
            cells,
            len(items),
        )
    points = _points(items, px, py, bounds)
    described = "; ".join(p.text for p in points) or "inga initiativ med kostnadsskattning"
    return Scatter(
        width,
        height,
        left,
        top,
        right,
        bottom,
        x_ticks,
        y_ticks,
        tuple(points),
        f"Nytta mot kostnad: {described}.",
        line,
        above,
        (),
        len(items),
    )


HORIZON = Prioriteringsmodell().horisont_år  # the default model's horizon


def _points(
    items: Sequence[tuple[str, str, int, int]], px: Any, py: Any, bounds: tuple[int, int, int, int]
) -> list[Point]:
    placed: list[tuple[float, float, float, float]] = []
    labelled = len(items) <= MAX_LABELS
    points = []
    for i, t, k, n in items:
        x, y = px(k), py(n)
        text = short_title(t)
        label = place_label(x, y, text_width(text, 11), placed, bounds) if labelled else None
        points.append(Point(i, t, x, y, k, n, label, text))
    return points


def short_title(titel: str, limit: int = LABEL_CHARS) -> str:
    """The title cut at a word within `limit` characters, with an ellipsis; a long first
    word is cut inside it rather than leaving a label of one short word."""
    if len(titel) <= limit:
        return titel
    cut = titel[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,–-")
    if len(cut) < limit // 2:
        cut = titel[: limit - 1].rstrip(" ,–-")
    return f"{cut}…"


def summary_cells(
    points: Sequence[tuple[float, float]], bounds: tuple[int, int, int, int]
) -> tuple[Cell, ...]:
    """Points counted per square of a GRID × GRID raster over the plot."""
    left, top, right, bottom = bounds
    size = min(right - left, bottom - top) / GRID
    counts: dict[tuple[int, int], int] = {}
    for x, y in points:
        key = (
            min(int((x - left) / size), int((right - left) / size) - 1),
            min(int((bottom - y) / size), int((bottom - top) / size) - 1),
        )
        counts[key] = counts.get(key, 0) + 1
    most = max(counts.values(), default=1)
    return tuple(
        Cell(
            round(left + cx * size, 1),
            round(bottom - (cy + 1) * size, 1),
            round(size, 1),
            n,
            round(0.15 + 0.85 * n / most, 2),
        )
        for (cx, cy), n in sorted(counts.items())
    )


def summary_text(items: Sequence[tuple[str, str, int, int]]) -> str:
    over = sum(1 for _, _, k, n in items if n * HORIZON > k)
    return (
        f"Nytta mot kostnad för {number(len(items))} initiativ, visade som antal per ruta: "
        f"{number(over)} ligger över linjen kvot 1 och {number(len(items) - over)} på eller "
        "under den. Varje initiativ finns i tabellen."
    )


def axis(largest: int, ticks: int = 4) -> tuple[int, int]:
    """A round step (1, 2, 2.5 or 5 × 10^n kronor) and the axis end it gives."""
    if largest <= 0:
        return 1, ticks
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(int(m * power) for m in (1, 2, 2.5, 5, 10) if m * power >= raw) or 1
    return step, step * math.ceil(largest / step)


def mnkr(kr: int) -> str:
    """Miljoner kronor with a decimal comma and no trailing zeros: 0, 0,25, 1,5, 2."""
    text = f"{kr / 1_000_000:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def text_width(text: str, font_size: int) -> int:
    """A generous estimate of rendered width; SVG text cannot be measured here."""
    return math.ceil(len(text) * font_size * 0.62)


def place_label(
    x: float,
    y: float,
    width: int,
    placed: list[tuple[float, float, float, float]],
    bounds: tuple[int, int, int, int] | None = None,
) -> Label | None:
    """Right of the point, then left, above, below and further out: the first place that
    overlaps no label placed before and stays inside the plot; None when there is none
    (the point keeps its title as a tooltip and its row in the table)."""
    height = 13
    options = [
        (x + 9, y + 4, "start"),
        (x - 9, y + 4, "end"),
        (x + 6, y - 9, "start"),
        (x - 6, y - 9, "end"),
        (x + 6, y + 18, "start"),
        (x - 6, y + 18, "end"),
        (x + 9, y - 22, "start"),
        (x + 9, y + 31, "start"),
        (x - 9, y - 22, "end"),
        (x - 9, y + 31, "end"),
    ]
    for lx, ly, anchor in options:
        box = (lx if anchor == "start" else lx - width, ly - height, width, height)
        if bounds and not _inside(box, bounds):
            continue
        if not any(_overlap(box, other) for other in placed):
            placed.append(box)
            return Label(lx, ly, anchor)
    return None


def _inside(box: tuple[float, float, float, float], bounds: tuple[int, int, int, int]) -> bool:
    left, top, right, bottom = bounds
    return (
        box[0] >= left
        and box[1] >= top
        and box[0] + box[2] <= right
        and (box[1] + box[3] <= bottom)
    )


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
