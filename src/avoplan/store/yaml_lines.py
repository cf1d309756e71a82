"""The common minimal edits (a top-level value replaced, one item appended to a list)
made on the file's lines directly, in the very bytes `yaml_edit.edit_text` writes with
ruamel's round trip: loading ruamel and walking a project's file took most of a write.

Only a file it is sure of: LF line ends, the 2/4/2 indentation ruamel is given for such a
file, no blank line, comment (besides the leading ones), tab, anchor, tag, document marker
or flow collection over several lines, and the edited place in plain block layout. The
new lines come from `yaml_block`, so a value it is unsure of is unsure here too. Anything
else returns None and the caller edits with ruamel. tests/test_yaml_lines.py holds the two
to the same bytes on the embedded and demo portfolios and on random values."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from avoplan.store.yaml_block import entry_lines, item_lines

Where = tuple[str | int, ...]  # keys, and list positions from 0


class SetValue(NamedTuple):
    """A top-level key's one-line scalar replaced (the key must be there)."""

    key: str
    value: Any


class AppendItem(NamedTuple):
    """`item` appended to the block list at `path` (keys, and list positions from 0); an
    empty `[]` or missing list is made anew, a new key placed before `before` if given."""

    path: Where
    item: Any
    before: str | None = None
    flow: bool = False  # a new list of scalars in flow style (`projekt: [PRJ-001]`)


Change = SetValue | AppendItem


class _Unsure(Exception):
    """ruamel edits this one."""


# A line ruamel may read otherwise than its indentation says: anchors, aliases, tags,
# directives, document markers, tabs.
_ODD = re.compile(r"(?:^ *|[:-] )[&*!%@`]|^(?:---|\.\.\.)|\t")


def edit(text: str, changes: list[Change]) -> str:
    """`text` with `changes` made, changing only the lines they touch: on the lines where
    this module is sure of ruamel's bytes, else by ruamel's round trip."""
    made = edited(text, changes)
    if made is not None:
        return made
    from avoplan.store.yaml_edit import edit_text

    return edit_text(text, lambda document: apply(document, changes))


def apply(document: Any, changes: list[Change]) -> None:
    """`changes` made to a round-trip document (ruamel's way)."""
    from avoplan.store.yaml_edit import append_item

    for change in changes:
        if isinstance(change, SetValue):
            document[change.key] = change.value
            continue
        *parents, key = change.path
        target = document
        for part in parents:
            target = target[part]
        append_item(target, str(key), change.item, before=change.before, flow=change.flow)


def edited(text: str, changes: list[Change]) -> str | None:
    """`text` with `changes` made, as `yaml_edit.edit_text` would write it, or None."""
    try:
        lines = _lines(text)
        for change in changes:
            if isinstance(change, SetValue):
                _set(lines, change)
            else:
                _append(lines, change)
    except _Unsure:
        return None
    return "".join(lines)


def _lines(text: str) -> list[str]:
    from avoplan.store.yaml_edit import _guess_indent

    if (
        not text.endswith("\n")
        or "\r" in text
        or text.startswith("\ufeff")
        or _guess_indent(text) != (2, 4, 2)
    ):
        raise _Unsure
    lines = text.split("\n")[:-1]
    body = False
    for line in lines:
        if line.startswith("#") and not body:
            continue
        body = True
        if (
            not line.strip()
            or "#" in line
            or _ODD.search(line)
            or line.count("[") != line.count("]")
            or line.count("{") != line.count("}")
            or line.endswith((" ", ",", "\\"))
        ):
            raise _Unsure
    if not body:
        raise _Unsure
    return [line + "\n" for line in lines]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _set(lines: list[str], change: SetValue) -> None:
    start, end = _top(lines)
    at = _key(lines, _Region(start, end, 0), change.key)
    if at is None or (at + 1 < end and _indent(lines[at + 1]) > 0):
        raise _Unsure  # missing, or a value over several lines
    old = lines[at][len(change.key) + 1 :].strip()
    if not old or old[0] in "[{|>'\"" or old in ("~", "null"):
        raise _Unsure  # not a plain one-line scalar
    lines[at] = _one(entry_lines(change.key, change.value, 0))


def _one(new: list[str] | None) -> str:
    if new is None or len(new) != 1:
        raise _Unsure
    return new[0] + "\n"


def _top(lines: list[str]) -> tuple[int, int]:
    """The body's lines (after the leading comments)."""
    start = 0
    while lines[start].startswith("#"):
        start += 1
    return start, len(lines)


def _append(lines: list[str], change: AppendItem) -> None:
    *parents, key = change.path
    if not isinstance(key, str) or change.flow:
        raise _Unsure
    region = _Region(*_top(lines), 0)
    for part in parents:
        region = _enter(lines, region, part)
    at = _key(lines, region, key)
    dash = region.indent + 2
    new = item_lines(change.item, dash)
    if new is None:
        raise _Unsure
    head = " " * region.indent + f"{key}:"
    if at is None:
        place = _key(lines, region, change.before) if change.before else None
        place = region.end if place is None else place
        lines[place:place] = [line + "\n" for line in (head, *new)]
        return
    rest = lines[at][len(head) :].strip()
    block_end = _block_end(lines, at, region.end, region.indent)
    if rest == "[]" and block_end == at + 1:
        lines[at : at + 1] = [line + "\n" for line in (head, *new)]
        return
    if rest or block_end == at + 1 or not lines[at + 1].startswith(" " * dash + "- "):
        raise _Unsure  # not a block list whose dashes sit where ruamel puts them
    lines[block_end:block_end] = [line + "\n" for line in new]


class _Region(NamedTuple):
    """The lines [start, end) of a block mapping whose keys sit at `indent`; `dashed`:
    its first key shares the line of its list item's dash."""

    start: int
    end: int
    indent: int
    dashed: bool = False


def _enter(lines: list[str], region: _Region, part: str | int) -> _Region:
    """The mapping at `part` (a key of `region`, or an item of the list that is
    `region`'s value … as a list position)."""
    if isinstance(part, str):
        at = _key(lines, region, part)
        if at is None or lines[at] != " " * region.indent + f"{part}:\n":
            raise _Unsure
        return _Region(at + 1, _block_end(lines, at, region.end, region.indent), region.indent + 2)
    dash = region.indent  # a key's value: its list items' dashes sit at the key's children
    items = [i for i in range(region.start, region.end) if lines[i].startswith(" " * dash + "- ")]
    if not items or items[0] != region.start or part >= len(items):
        raise _Unsure
    first = items[part]
    last = items[part + 1] if part + 1 < len(items) else region.end
    if lines[first][dash + 2 : dash + 3] in (" ", "-", "\n"):
        raise _Unsure  # not a mapping item
    return _Region(first, last, dash + 2, dashed=True)


def _key(lines: list[str], region: _Region, key: str) -> int | None:
    """The line of `key` among the region's keys."""
    lead = " " * region.indent + f"{key}:"
    for at in range(region.start, region.end):
        line = lines[at]
        if at == region.start and region.dashed:
            if line[region.indent :].startswith(f"{key}:"):
                raise _Unsure  # the key shares its item's dash: ruamel's to place
            continue
        if _indent(line) < region.indent:
            raise _Unsure  # the mapping ended inside its region: not block layout
        if line.startswith(lead) and line[len(lead)] in " \n":
            return at
    return None


def _block_end(lines: list[str], at: int, end: int, indent: int) -> int:
    """The line after the value of the key on line `at` (keys at `indent`)."""
    after = at + 1
    while after < end and _indent(lines[after]) > indent:
        after += 1
    return after
