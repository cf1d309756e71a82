"""Editing YAML files minimally with ruamel.yaml's round trip: comments, key order and
quoting survive, and only the lines a change touches are rewritten (the rest of the file
is kept byte for byte, CRLF included). New files are dumped the same way."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable
from typing import Any


def roundtrip_yaml(text: str) -> Any:
    """A ruamel YAML instance whose indentation matches `text`, so a dump is minimal."""
    from ruamel.yaml import YAML

    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    mapping, sequence, offset = _guess_indent(text)
    rt.indent(mapping=mapping, sequence=sequence, offset=offset)
    return rt


def _guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation used by the file; 2/4/2 if unknown."""
    mapping = 2
    lines = [line.rstrip("\n") for line in lines_of(text)]
    for prev, cur in itertools.pairwise(lines):
        if prev.rstrip().endswith(":") and cur.strip() and not cur.lstrip().startswith(("-", "#")):
            mapping = len(cur) - len(cur.lstrip()) - (len(prev) - len(prev.lstrip()))
            if mapping > 0:
                break
    for prev, cur in itertools.pairwise(lines):
        if prev.rstrip().endswith(":") and cur.lstrip().startswith("- "):
            offset = (len(cur) - len(cur.lstrip())) - (len(prev) - len(prev.lstrip()))
            return mapping, offset + 2, offset
    return mapping, mapping + 2, mapping


def load_roundtrip(text: str) -> tuple[Any, Any]:
    """(document, yaml instance) for editing text while keeping its layout."""
    rt = roundtrip_yaml(text)
    return rt.load(text), rt


def dump_roundtrip(rt: Any, data: Any) -> str:
    from io import StringIO

    buffer = StringIO()
    rt.dump(data, buffer)
    return buffer.getvalue()


def edit_text(text: str, mutate: Callable[[Any], None]) -> str:
    """`text` with `mutate` applied to its round-trip document, changing only the lines
    the mutation touches: comments, key order, quoting and layout elsewhere survive even
    where ruamel would lay them out differently."""
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    if crlf:  # edit in LF, give the file back its Windows line endings
        return edit_text(text.replace("\r\n", "\n"), mutate).replace("\n", "\r\n")
    document, rt = load_roundtrip(text)
    before = dump_roundtrip(rt, document)
    mutate(document)
    after = dump_roundtrip(rt, document)
    try:
        return splice(text, before, after)
    except LayoutError:
        return after  # still the same content and comments, only laid out by ruamel


def splice(original: str, before: str, after: str) -> str:
    """Apply the line changes between two dumps (`before` → `after`) to `original`.

    `before` is ruamel's dump of the unchanged document; where it differs from the
    original only in layout, the changed lines are mapped back onto the original."""
    if before == original:
        return after
    source = lines_of(original)
    old, new = lines_of(before), lines_of(after)
    where = _line_map(source, old)
    edits = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(edits):
        if tag == "equal":
            continue
        start, end = _source_range(where, i1, i2, len(source))
        source[start:end] = new[j1:j2]
    return "".join(source)


def lines_of(text: str) -> list[str]:
    """Lines split at "\n" only, ends kept. str.splitlines also splits at NEL (U+0085),
    U+2028, form feed and others, which would change a title holding one on edit."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return [*lines, parts[-1]] if parts[-1] else lines


def _line_map(source: list[str], dumped: list[str]) -> dict[int, int]:
    matcher = difflib.SequenceMatcher(None, source, dumped, autojunk=False)
    return {b + k: a + k for a, b, size in matcher.get_matching_blocks() for k in range(size)}


def _source_range(where: dict[int, int], i1: int, i2: int, length: int) -> tuple[int, int]:
    """The original's lines for dump lines [i1, i2); an insertion anchors on a neighbour."""
    if i1 < i2:
        if all(i in where for i in range(i1, i2)):
            return where[i1], where[i2 - 1] + 1
        raise LayoutError
    if i1 - 1 in where:
        return where[i1 - 1] + 1, where[i1 - 1] + 1
    if i1 in where:
        return where[i1], where[i1]
    if i1 == 0:
        return 0, 0
    raise LayoutError


class LayoutError(Exception):
    """The edit touches lines whose layout ruamel cannot reproduce."""


def append_item(
    mapping: Any, key: str, item: Any, *, before: str | None = None, flow: bool = False
) -> None:
    """Append `item` to the list under `key`. An empty or missing list is made anew (block
    style, or flow for short scalar lists), placed before the key `before` if given."""
    from ruamel.yaml.comments import CommentedSeq

    items = mapping.get(key)
    if not items:
        items = CommentedSeq()
        if flow:
            items.fa.set_flow_style()
        else:
            items.fa.set_block_style()
        if key in mapping:
            mapping[key] = items
        elif before in mapping:
            mapping.insert(list(mapping).index(before), key, items)
        else:
            mapping[key] = items
    items.append(item)


def like(old: Any, new: Any) -> Any:
    """`new` in the style of the list it replaces: a flow list (`[a, b]`) of plain values
    stays on its line, so replacing it changes only that line."""
    from ruamel.yaml.comments import CommentedSeq

    if not isinstance(new, list) or not isinstance(old, CommentedSeq):
        return new
    if not old.fa.flow_style() or any(isinstance(v, dict | list) for v in new):
        return new
    items = CommentedSeq(new)
    items.fa.set_flow_style()
    return items


def dump_new(data: dict[str, Any], header: str, width: int | None = None) -> str:
    """A new file: `header` as leading comment lines, then `data` in block style (long
    text folded at `width` columns if given). Plain data is laid out without ruamel, in
    the very bytes ruamel would write (`yaml_block`)."""
    if width is None:
        from avoplan.store.yaml_block import block_text

        text = block_text(data, header)
        if text is not None:
            return text
    return ruamel_new(data, header, width)


def ruamel_new(data: dict[str, Any], header: str, width: int | None = None) -> str:
    """`dump_new` by ruamel itself."""
    from ruamel.yaml.comments import CommentedMap

    document = CommentedMap(data)
    document.yaml_set_start_comment(header)
    rt = roundtrip_yaml("")
    rt.indent(mapping=2, sequence=4, offset=2)
    if width is not None:
        rt.width = width
    return dump_roundtrip(rt, document)
