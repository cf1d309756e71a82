"""Geometry of the SVG charts in the HTML documents. The templates draw the shapes;
everything measured is computed here so it can be tested without a browser."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from avoplan.documents.base import number


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
    bars = tuple(Bar(label, count, top + i * (bar_height + gap), count * scale)
                 for i, (label, count) in enumerate(steps))
    height = top + len(steps) * (bar_height + gap)
    description = ", ".join(f"{label} {count}" for label, count in steps)
    return Funnel(width, height, label_width, bar_height, bars, f"Antal behov per steg: "
                  f"{description}.")


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
    label: Label | None  # None when there are too many points to label readably

    @property
    def text(self) -> str:
        return (f"{self.id} {self.titel}: kostnad {number(self.kostnad_kr)} kr, "
                f"värde av frigjord tid {number(self.nytta_kr)} kr per år")


@dataclass(frozen=True)
class Scatter:
    """Nytta against kostnad in four quadrants split at the middle of each axis."""

    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    points: tuple[Point, ...]
    description: str

    @property
    def mid_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def mid_y(self) -> float:
        return (self.top + self.bottom) / 2


# Beyond this many points the ids would cover each other; the table below the chart
# lists every item anyway.
MAX_LABELS = 60


def scatter(items: Sequence[tuple[str, str, int, int]], width: int = 640,
            height: int = 420) -> Scatter:
    """items: (id, titel, kostnad kr, nytta kr per år)."""
    left, top, right, bottom = 80, 20, width - 20, height - 60
    x_step, x_max = axis(max((i[2] for i in items), default=0))
    y_step, y_max = axis(max((i[3] for i in items), default=0))

    def px(value: int) -> float:
        return round(left + value / x_max * (right - left), 1)

    def py(value: int) -> float:
        return round(bottom - value / y_max * (bottom - top), 1)

    placed: list[tuple[float, float, float, float]] = []
    points = []
    labelled = len(items) <= MAX_LABELS
    for i, t, k, n in items:
        x, y = px(k), py(n)
        label = place_label(x, y, text_width(i, 12), placed) if labelled else None
        points.append(Point(i, t, x, y, k, n, label))
    x_ticks = tuple(Tick(px(v), mnkr(v)) for v in range(0, x_max + 1, x_step))
    y_ticks = tuple(Tick(py(v), mnkr(v)) for v in range(0, y_max + 1, y_step))
    described = "; ".join(p.text for p in points) or "inga initiativ med kostnadsskattning"
    return Scatter(width, height, left, top, right, bottom, x_ticks, y_ticks, tuple(points),
                   f"Nytta mot kostnad: {described}.")


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


def place_label(x: float, y: float, width: int,
                placed: list[tuple[float, float, float, float]]) -> Label:
    """Above right of the point, or the first of below right, above left and below left
    that overlaps no label placed before (so close points stay readable)."""
    height = 14
    options = [(x + 9, y - 7, "start"), (x + 9, y + 17, "start"),
               (x - 9, y - 7, "end"), (x - 9, y + 17, "end")]
    for lx, ly, anchor in options:
        box = (lx if anchor == "start" else lx - width, ly - height, width, height)
        if not any(_overlap(box, other) for other in placed):
            placed.append(box)
            return Label(lx, ly, anchor)
    return Label(*options[0])


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
