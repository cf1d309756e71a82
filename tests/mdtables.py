"""Reading tables back out of rendered Markdown, the way a reader's renderer would."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_NUMBER = re.compile(r"^(?P<value>\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?)(?: \(\+[\d,]+\))?$")


@dataclass
class MdTable:
    caption: str
    header: list[str]
    rows: list[list[str]]

    def column(self, label: str) -> int:
        return self.header.index(label)


def split_row(line: str) -> list[str]:
    """Cells of `| a | b \\| c |`: a backslash escapes the next character."""
    assert line.startswith("|") and line.rstrip().endswith("|"), line
    cells, current, chars = [], "", iter(line.strip()[1:])
    for char in chars:
        if char == "\\":
            current += next(chars)
        elif char == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += char
    return cells


def tables(markdown: str) -> list[MdTable]:
    """Every table, with the bold caption line that precedes it."""
    found: list[MdTable] = []
    lines = markdown.splitlines()
    for index, line in enumerate(lines):
        if not (
            line.startswith("|")
            and index + 1 < len(lines)
            and re.match(r"^\|(-{3}:?\|)+$", lines[index + 1])
        ):
            continue
        caption = lines[index - 2].strip("*") if index >= 2 else ""
        rows = []
        for row in lines[index + 2 :]:
            if not row.startswith("|"):
                break
            rows.append(split_row(row))
        found.append(MdTable(caption, split_row(line), rows))
    return found


def table(markdown: str, caption_start: str) -> MdTable:
    matches = [t for t in tables(markdown) if t.caption.startswith(caption_start)]
    assert len(matches) == 1, f"{caption_start!r}: {[t.caption for t in tables(markdown)]}"
    return matches[0]


def number(cell: str) -> Decimal | None:
    """12 725, 6,3 and 6,3 (+2) as numbers; None for text; a blank cell is 0."""
    if cell == "":
        return Decimal(0)
    match = _NUMBER.match(cell)
    if match is None:
        return None
    return Decimal(re.sub(r"[ \u00a0]", "", match["value"]).replace(",", "."))
