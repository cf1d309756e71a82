"""A strict fast reader for the plain YAML that avoplan and people write in a portfolio
file: block mappings and sequences indented with spaces, plain, quoted and block (`>-`,
`|`) scalars on their lines, one-line flow lists of plain scalars, comments.

It gives the very data `yaml_loader` builds (the same resolvers and constructors decide
every plain scalar, so `no` stays text, `0o17` is fifteen, `1_000` stays text and a date
is a date), or it gives up: anything else (anchors and aliases, tags, merge keys,
duplicate keys, a second document, escapes, a scalar over several lines, a tab, a
control character, an error of any kind) is `NOT_PLAIN`, and the full parser reads the
file and words any problem exactly as before. Reading a portfolio of 10 000 files
this way costs about a third of libyaml's, whose Python side builds a node object
for every value before any data is made.
"""

from __future__ import annotations

import re
from typing import Any, cast

import yaml

from avoplan.store.yaml_loader import _STR, _Loader, _scalar
from avoplan.store.yaml_problems import MAX_DEPTH


class _Outside(Exception):
    """The text leaves the plain subset here: the full parser decides."""


NOT_PLAIN: Any = object()
_MISSING: Any = object()
_OPEN: Any = object()  # a key with nothing after it on its line

# Anything libyaml might read differently from a plain line: tabs, carriage returns and
# the other line breaks YAML 1.1 knows (NEL, U+2028/9), control characters, a BOM. Written
# as the few characters it finds, not as the many it lets through: the same set (every code
# point was compared), compiled in a millisecond instead of seven at every start.
_ODD = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# The same test for text of Latin-1 characters only (most portfolio files: Swedish), in a
# fifth of the time: its odd characters are the control characters below 0xa0, and the
# bytes left after deleting every other one are those.
_ODD_LATIN1 = bytes([*range(0x0A), *range(0x0B, 0x20), *range(0x7F, 0xA0)])
_PLAIN_LATIN1 = bytes(b for b in range(0x100) if b not in _ODD_LATIN1)
_KEY = re.compile(r"[^\W\d][^#:\[\]{},]*")
_KEYS: dict[str, str] = {}  # the text before a colon -> the key it is
_SCALARS: dict[str, Any] = {}  # a plain scalar that is no text -> its value
_MAX_REMEMBERED = 4096
# Lines `key: value` already read -> (key, value; a flow list as a tuple). Portfolio files
# repeat most of their lines (`steg: projekt`, a forum, a date, a person): 650 000 lines of
# a demo portfolio of 10 000 items are 32 000 different ones.
_ENTRIES: dict[str, tuple[str, Any]] = {}
# The same for whole lines, their indentation included -> (column, key, value): most lines
# are found here in one step, without stripping or measuring them.
_LINES: dict[str, tuple[int, str, Any]] = {}
# And lines `- key: value` -> (column of the dash, column of the key, key, value).
_ITEMS: dict[str, tuple[int, int, str, Any]] = {}
_MAX_LINES = 50_000
_MAX_KEY = 1000  # libyaml finds no key in more than 1024 characters before the colon
_MAX_DEPTH = MAX_DEPTH - 1  # open collections, leaving one for a flow list
_DASH_ENDS = ("", " ")  # `-` then the end of the line or a space: a sequence entry
_BLOCK_HEADERS = frozenset((">-", ">", "|", "|-"))
# A plain scalar may not start with an indicator (the ones read here are handled first).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# First characters that need more than `text` as it stands: indicators and what the
# resolvers look at (numbers, dates, booleans, null, merge).
_SPECIAL = _INDICATORS | frozenset(_Loader.yaml_implicit_resolvers)
_FLOW_ODD = re.compile(r"[\[\]{}#\"':]")
_TAIL = re.compile(r" *(?: #.*)?")  # what may follow a quoted scalar or a flow list
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_RESOLVERS = _Loader.yaml_implicit_resolvers
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def read_plain(text: str, latin1: bytes | None = None) -> Any:
    """The data of `text` as `yaml_loader` builds it, or NOT_PLAIN. `latin1`: the text
    encoded as Latin-1, when the caller has it already."""
    if _has_odd(text, latin1) or not text.endswith("\n"):
        return NOT_PLAIN
    if len(_ENTRIES) > _MAX_LINES or len(_LINES) > _MAX_LINES or len(_ITEMS) > _MAX_LINES:
        _ENTRIES.clear()
        _LINES.clear()
        _ITEMS.clear()
    try:
        return _read(text.split("\n"))
    except Exception:  # noqa: BLE001 (any surprise: the full parser reads it and says why)
        return NOT_PLAIN


def _has_odd(text: str, latin1: bytes | None = None) -> bool:
    """Whether `text` holds a character of `_ODD`."""
    if latin1 is None:
        try:
            latin1 = text.encode("latin-1")
        except UnicodeEncodeError:  # a character above 0xff: the pattern looks
            return _ODD.search(text) is not None
    return bool(latin1.translate(None, _PLAIN_LATIN1))


def _read(lines: list[str]) -> Any:  # noqa: PLR0912, PLR0915 (one loop over every line, kept flat for speed)
    """One pass over the lines with a stack of the open collections. A key or `-` with
    nothing after it leaves `pending` open: a deeper line that follows starts its value."""
    lines.pop()  # the empty string after the final newline
    n = len(lines)
    stack: list[tuple[int, Any]] = []
    indent, current, mapping = -1, cast(Any, None), False  # mapping: current is a dict
    pending: tuple[Any, Any] | None = None
    root: Any = NOT_PLAIN
    value: Any
    new: Any
    known_line, known_item = _LINES.get, _ITEMS.get
    i = 0
    while i < n:
        line = lines[i]
        i += 1
        whole = known_line(line)  # never a blank line or a comment
        if whole is not None:
            # Most lines: `key: value` (or `key:`) read before. What the general path
            # below does with it, in fewer steps: the column closes the mappings it ends,
            # or opens the value of the key before it, then the entry is set.
            column = whole[0]
            if column != indent:
                if column < indent:
                    while column < indent:
                        indent, current = stack.pop()
                    if column != indent or current.__class__ is not dict:
                        raise _Outside
                    mapping = True
                elif pending is not None and len(stack) < _MAX_DEPTH:
                    new = pending[0][pending[1]] = {}
                    stack.append((indent, current))
                    indent, current, mapping = column, new, True
                else:
                    whole = None  # the general path says why not (or reads the root)
            if whole is not None and mapping:
                key = whole[1]
                if key in current:
                    raise _Outside
                value = whole[2]
                if value is _OPEN:
                    current[key] = None
                    pending = (current, key)
                    continue
                current[key] = list(value) if value.__class__ is tuple else value
                pending = None
                continue
        else:
            item = known_item(line)
            # `- key: value` read before: the same, for an entry of a sequence (a first
            # line, or one near the depth limit, takes the general path).
            if item is not None and len(stack) < _MAX_DEPTH - 1 and current is not None:
                column = item[0]
                if column < indent:
                    while column < indent:
                        indent, current = stack.pop()
                    if column != indent:
                        raise _Outside
                elif column > indent:
                    if pending is None:
                        raise _Outside  # a scalar continued on a deeper line (or an error)
                    new = pending[0][pending[1]] = []
                    stack.append((indent, current))
                    indent, current = column, new
                if current.__class__ is not list:
                    raise _Outside
                new = {}
                current.append(new)
                stack.append((indent, current))
                indent, current, mapping, pending = item[1], new, True, None
                value = item[3]
                new[item[2]] = list(value) if value.__class__ is tuple else value
                continue
        text = line.lstrip(" ")
        if not text or text[0] == "#":
            continue
        column = len(line) - len(text)
        if column > indent:
            if pending is None and current is not None:
                raise _Outside  # a scalar continued on a deeper line (or an error)
            if (current is None and column) or len(stack) >= _MAX_DEPTH:
                raise _Outside  # (too deep: yaml_io refuses it in Swedish)
            new = [] if text[0] == "-" and text[1:2] in _DASH_ENDS else {}
            if pending is None:
                root = new
            else:
                pending[0][pending[1]] = new
            stack.append((indent, current))
            indent, current, mapping = column, new, new.__class__ is dict
        elif column < indent:
            while column < indent:
                indent, current = stack.pop()
            if column != indent:
                raise _Outside
            mapping = current.__class__ is dict
        pending = None
        entry: Any = line  # the whole line, unless it starts an entry of a sequence
        start = -1  # the column of the `-` that starts one
        if not mapping:
            if text[0] != "-" or text[1:2] not in _DASH_ENDS:
                raise _Outside
            rest = text[1:].lstrip(" ")
            if not rest or rest[0] == "#":
                current.append(None)
                pending = (current, len(current) - 1)
                continue
            header = rest.rstrip(" ")
            if header in _BLOCK_HEADERS:
                value, i = _block_scalar(lines, i, indent, header)
                current.append(value)
                continue
            if _key_of(rest) is None:
                current.append(_inline(rest))
                continue
            # `- key: value`: a mapping that starts where `key` does
            if len(stack) >= _MAX_DEPTH:
                raise _Outside
            new = {}
            current.append(new)
            stack.append((indent, current))
            indent, current, mapping = column + len(text) - len(rest), new, True
            text, entry, start = rest, None, column
        known = _ENTRIES.get(text)
        if known is not None:  # a line read before: `key: value` means the same anywhere
            key, value = known
            if key in current:
                raise _Outside
            current[key] = list(value) if value.__class__ is tuple else value
            _remember(line, entry, start, indent, key, value)
            continue
        key_text, colon, rest = text.partition(":")
        if not colon:
            raise _Outside
        key = _KEYS.get(key_text) or _checked_key(key_text)
        if key in current:
            raise _Outside  # a duplicate: the full parser names both lines
        if rest:
            if rest[0] != " ":
                raise _Outside
            rest = rest.lstrip(" ")
        if not rest or rest[0] == "#":
            current[key] = None
            pending = (current, key)
            if entry is not None:
                _LINES[entry] = (indent, key, _OPEN)
            continue
        if ":" not in rest and "#" not in rest and rest[0] not in _INDICATORS:
            value = rest.rstrip(" ")
            if value[0] in _RESOLVERS:
                value = _resolved(value)
        elif rest[0] == "[":
            items = _flow_list(rest)
            current[key] = items
            _ENTRIES[text] = (key, tuple(items))
            _remember(line, entry, start, indent, key, tuple(items))
            continue
        else:
            header = rest.rstrip(" ")
            if header in _BLOCK_HEADERS:
                current[key], i = _block_scalar(lines, i, indent, header)
                continue
            value = _inline(rest)
        current[key] = value
        _ENTRIES[text] = (key, value)
        _remember(line, entry, start, indent, key, value)
    return root


def _remember(line: str, entry: str | None, start: int, indent: int, key: str, value: Any) -> None:
    """A line `key: value` (or `- key: value`) read, kept for the next time it is met."""
    if entry is not None:
        _LINES[entry] = (indent, key, value)
    elif start >= 0:
        _ITEMS[line] = (start, indent, key, value)


def _key_of(text: str) -> str | None:
    """The key when `text` starts a mapping entry (`key:` or `key: value`), else None."""
    key_text, colon, rest = text.partition(":")
    if not colon or (rest and rest[0] != " "):
        return None
    try:
        return _KEYS.get(key_text) or _checked_key(key_text)
    except _Outside:
        return None


def _checked_key(key_text: str) -> str:
    """A plain key that reads as text, remembered for the next file."""
    key = key_text.rstrip(" ")
    if len(key_text) > _MAX_KEY or _KEY.fullmatch(key) is None or _resolved_tag(key) != _STR:
        raise _Outside
    if len(_KEYS) > _MAX_REMEMBERED:
        _KEYS.clear()
    _KEYS[key_text] = key
    return key


def _inline(rest: str) -> Any:
    """A scalar or a flow list written on one line (no leading spaces)."""
    first = rest[0]
    if first == '"':
        end = rest.find('"', 1)
        if end < 0 or "\\" in rest[:end] or not _TAIL.fullmatch(rest, end + 1):
            raise _Outside
        return rest[1:end]
    if first == "'":
        match = _SINGLE.match(rest)
        if match is None or not _TAIL.fullmatch(rest, match.end()):
            raise _Outside
        return match[1].replace("''", "'")
    if first == "[":
        return _flow_list(rest)
    if first in _INDICATORS and not (first == "-" and len(rest) > 1 and rest[1] != " "):
        raise _Outside
    comment = rest.find(" #")
    plain = (rest if comment < 0 else rest[:comment]).rstrip(" ")
    if ": " in plain or plain.endswith(":"):
        raise _Outside
    return _resolved(plain)


def _flow_list(rest: str) -> list[Any]:
    end = rest.find("]")
    if end < 0 or (end + 1 < len(rest) and not _TAIL.fullmatch(rest, end + 1)):
        raise _Outside
    inner = rest[1:end]
    if _FLOW_ODD.search(inner) is not None:
        raise _Outside
    if not inner.strip(" "):
        return []
    items: list[Any] = inner.split(", ")
    compact = inner.replace(", ", "")
    if " " in compact or "," in compact:  # not `a, b, c`: split at commas, strip each item
        items = [item.strip(" ") for item in inner.split(",")]
    for index, item in enumerate(items):
        if not item or item[0] in _INDICATORS:
            raise _Outside
        if item[0] in _RESOLVERS:
            items[index] = _resolved(item)
    return items


def _block_scalar(lines: list[str], i: int, indent: int, header: str) -> tuple[str, int]:
    """`>-`, `>`, `|` or `|-` on the line before `lines[i]`: its text, and the index of
    the line after it. Blank lines inside, lines indented further in a folded scalar and
    trailing spaces are left to the full parser."""
    n = len(lines)
    if i == n:
        raise _Outside
    first = lines[i]
    column = len(first) - len(first.lstrip(" "))
    if column <= indent or column == len(first):
        raise _Outside
    parts: list[str] = []
    pad = " " * column
    while i < n:
        line = lines[i]
        if not line.strip(" "):
            following = _next_blank_end(lines, i)
            if following < n and lines[following].startswith(pad):
                raise _Outside  # a blank line inside the scalar
            i = following
            break
        if not line.startswith(pad):
            break
        part = line[column:]
        if part.endswith(" ") or (part[0] == " " and header[0] == ">"):
            raise _Outside
        parts.append(part)
        i += 1
    text = " ".join(parts) if header[0] == ">" else "\n".join(parts)
    return (text if header.endswith("-") else text + "\n"), i


def _next_blank_end(lines: list[str], i: int) -> int:
    n = len(lines)
    while i < n and not lines[i].strip(" "):
        i += 1
    return i


def _resolved_tag(value: str) -> str:
    for tag, regexp in _RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            return str(tag)
    return _STR


def _resolved(value: str) -> Any:
    """A plain scalar as the loader resolves and builds it (numbers, dates and the like
    are remembered: every need repeats the same few)."""
    known = _SCALARS.get(value, _MISSING)
    if known is not _MISSING:
        return known
    tag = _resolved_tag(value)
    if tag == _STR:
        return value
    built = _scalar(_CONSTRUCTOR, yaml.ScalarNode(tag, value))  # type: ignore[arg-type]
    if len(_SCALARS) > _MAX_REMEMBERED:
        _SCALARS.clear()
    _SCALARS[value] = built
    return built
