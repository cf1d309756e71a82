"""The shape of a long document: sections with a heading and parts (prose, tables,
charts, facts). A document module decides the order; the Markdown and HTML templates
lay out any section the same way, so the text of a plan is data, not template.

Prose comes from the portfolio (`text:` in plan.yaml) as paragraphs, bullet lists and
subheadings; it is turned into parts here so both formats escape it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from avoplan.core.text import fold
from avoplan.models.plan import Prosa, Rubrik


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "p"


@dataclass(frozen=True)
class Live:
    """'Läget i portföljen per DATUM:': what follows is live data, not the adopted text.
    Printed together with what it introduces."""

    text: str
    kind: str = "live"


@dataclass(frozen=True)
class ListItem:
    text: str
    sub: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bullets:
    items: tuple[ListItem, ...]
    kind: str = "ul"


@dataclass(frozen=True)
class Subheading:
    text: str
    level: int
    kind: str = "h"

    @property
    def anchor(self) -> str:
        return anchor(self.text)


@dataclass(frozen=True)
class Facts:
    """Term and description pairs: the facts of a forum, the title block."""

    pairs: tuple[tuple[str, str], ...]
    kind: str = "dl"


@dataclass(frozen=True)
class Chart:
    """A chart drawn by the HTML template named `kind` (funnel, scatter); Markdown shows
    its description, and the table next to it carries every figure."""

    kind: str
    data: Any


@dataclass(frozen=True)
class Section:
    rubrik: str
    level: int  # 2 for a chapter, 3 and 4 below it
    parts: tuple[Any, ...]
    anchor_id: str = ""

    @property
    def anchor(self) -> str:
        return self.anchor_id or anchor(self.rubrik)

    @property
    def wide(self) -> bool:
        """Printed on landscape pages: it holds a table too wide for portrait."""
        return any(getattr(part, "wide", False) for part in self.parts)


def anchor(text: str) -> str:
    """An id for a heading: 'Beslut och förankring' -> 'beslut-och-forankring'."""
    words = [fold(word) for word in text.split()]
    return "-".join(w for w in words if w) or "avsnitt"


def prose(blocks: Prosa, level: int) -> list[Any]:
    """Portfolio prose as parts; a subheading sits one level below its section."""
    parts: list[Any] = []
    for block in blocks:
        if isinstance(block, Rubrik):
            parts.append(Subheading(block.rubrik, min(level + 1, 6)))
        elif isinstance(block, str):
            parts.append(Paragraph(block))
        else:
            parts.append(Bullets(tuple(_items(block))))
    return parts


def _items(points: Sequence[str | list[str]]) -> Iterable[ListItem]:
    """A list right after an item is that item's sub-list."""
    items: list[ListItem] = []
    for point in points:
        if isinstance(point, str):
            items.append(ListItem(point))
        elif items:
            items[-1] = ListItem(items[-1].text, items[-1].sub + tuple(point))
        else:
            items.extend(ListItem(p) for p in point)
    return items


def section(rubrik: str, level: int, *parts: Any, anchor_id: str = "") -> Section:
    """A section; a part may be a list of parts (prose) or None (left out)."""
    flat: list[Any] = []
    for part in parts:
        if isinstance(part, list):
            flat.extend(part)
        elif part is not None:
            flat.append(part)
    return Section(rubrik, level, tuple(flat), anchor_id)
