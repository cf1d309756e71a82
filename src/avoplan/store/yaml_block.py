"""A new file's YAML text exactly as `yaml_edit.dump_new` lays it out with ruamel's round
trip (block style, indentation 2/4/2), built directly: a meeting's dagordning of 230
paragraphs took ruamel about a second, this takes a millisecond.

Only plain data it is sure of: str, int, bool, date, lists and mappings.
A string is written plain, single- or double-quoted only where ruamel would certainly do
the same; anything else (an empty or very long string, a line break, a control
character, a string that might read as a number or a date, None, a nested list) returns
None and the caller dumps with ruamel. tests/test_yaml_block.py holds the two to the same
bytes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

# Surely plain: starts with a letter, then only characters that never make ruamel quote.
_PLAIN = re.compile(r"[^\W\d_][\w .,()/–&+=-]*", re.UNICODE)
# Read as another type or a keyword by some YAML reader: ruamel's choice is not ours to guess.
_WORDS = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf"})
_ALWAYS_INDICATOR = set(",[]{}#&*!|>'\"%@`")
_LONGEST = 1000  # far below ruamel's width (4096): no line is ever folded


def block_text(data: Mapping[str, Any], header: str) -> str | None:
    """The text of a new file (None where ruamel must decide)."""
    if not header or header.endswith("\n"):
        return None
    lines: list[str] = []
    for line in header.split("\n"):
        if line and not line.strip():
            return None
        lines.append(f"# {line}" if line else "")
    try:
        _mapping(data, 0, lines, "")
    except _Unsure:
        return None
    return "\n".join(lines) + "\n"


def entry_lines(key: str, value: Any, indent: int) -> list[str] | None:
    """`key: value` as ruamel lays it out with its keys at `indent` (None where unsure)."""
    lines: list[str] = []
    try:
        _mapping({key: value}, indent, lines, "")
    except _Unsure:
        return None
    return lines


def item_lines(item: Any, dash: int) -> list[str] | None:
    """One list item as ruamel lays it out with its dash at `dash` (None where unsure)."""
    lines: list[str] = []
    try:
        _sequence([item], dash, lines)
    except _Unsure:
        return None
    return lines


class _Unsure(Exception):
    """ruamel decides this one."""


def _mapping(data: Mapping[str, Any], indent: int, lines: list[str], lead: str) -> None:
    for key, value in data.items():
        if not isinstance(key, str) or _plain(key) is not True:
            raise _Unsure
        first = lead or " " * indent
        lead = ""
        if isinstance(value, Mapping) and value:
            lines.append(f"{first}{key}:")
            _mapping(value, indent + 2, lines, "")
        elif isinstance(value, list) and value:
            lines.append(f"{first}{key}:")
            _sequence(value, indent + 2, lines)
        else:
            lines.append(f"{first}{key}: {_scalar(value)}")


def _sequence(items: list[Any], dash: int, lines: list[str]) -> None:
    for item in items:
        if isinstance(item, Mapping) and item:
            _mapping(item, dash + 2, lines, " " * dash + "- ")
        elif isinstance(item, Mapping | list):
            raise _Unsure
        else:
            lines.append(f"{' ' * dash}- {_scalar(item)}")


def _scalar(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, list):
        return "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    if type(value) is date:
        return value.isoformat()
    if type(value) is not str:  # an enum, a datetime, None…: as ruamel has it, or its error
        raise _Unsure
    return _string(value)


def _string(text: str) -> str:
    plain = _plain(text)
    if plain is True:
        return text
    if plain is None or not _printable(text):
        raise _Unsure
    if "'" not in text:
        return f"'{text}'"
    if '"' in text or "\\" in text:
        raise _Unsure
    return f'"{text}"'


def _plain(text: str) -> bool | None:
    """True: ruamel writes it plain; False: it certainly quotes it; None: not sure."""
    if not text or len(text) > _LONGEST or text.lower() in _WORDS:
        return None
    if _PLAIN.fullmatch(text) and not text.endswith(" "):
        return True
    if (
        ": " in text
        or " #" in text
        or text.endswith((":", " "))
        or text.startswith(" ")
        or text[0] in _ALWAYS_INDICATOR
        or (text[0] in "-?:" and text[1:2] == " ")
    ):
        return False
    return None


def _printable(text: str) -> bool:
    return all(
        " " <= ch <= "~" or ("\xa0" <= ch <= "\ud7ff" and ch not in "\u2028\u2029") for ch in text
    )
