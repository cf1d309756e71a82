"""Reading portfolio files: bytes to text (encoding, BOM, size, only regular files), text
to data within bounds (depth, aliases), and every parser error as a Swedish finding
with its line. Editing is `yaml_edit`'s.

Reading uses PyYAML's libyaml parser (fast, C) with YAML 1.2 core scalars, so that
`no` stays a string and `010` stays ten, exactly as ruamel.yaml reads them when
writing. Writing uses ruamel.yaml round-trip so comments, key order and quoting
survive an edit. Line numbers are looked up lazily, only when something is reported.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from avoplan.store.files import reason
from avoplan.store.yaml_loader import (
    _build,
    _DuplicateKey,
    _Loader,
    _Refused,
)
from avoplan.store.yaml_plain import NOT_PLAIN, read_plain
from avoplan.store.yaml_problems import (
    MAX_DEPTH,
    TOO_DEEP,
    YamlFileError,
    is_nesting_limit,
    line_of,
    reader_error,
    syntax_error,
)

_BOM = b"\xef\xbb\xbf"

# Bounds on what a portfolio file may cost to read (a file anyone can propose in a pull
# request is read by pre-commit hooks and CI). Real files are a few kilobytes, nest a
# few levels and use no aliases; these limits are far above that and far below harm.
MAX_BYTES = 1_000_000  # larger files are refused unread
MAX_NODES = 100_000  # values after expanding aliases (a "billion laughs" stays small)


def decode(raw: bytes) -> str:
    """Bytes of a portfolio file as text; refuses what git diffs and editors trip on."""
    if raw.startswith(_BOM):
        raise YamlFileError(
            "filen börjar med en BOM (byte order mark)",
            1,
            "spara filen som UTF-8 utan BOM",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlFileError(
            f"filen är inte giltig UTF-8 (byte 0x{raw[exc.start]:02x})",
            line,
            "spara filen med teckenkodningen UTF-8",
        ) from None
    if not text or text.isspace():  # as `not text.strip()`, without copying the text
        raise YamlFileError("filen är tom", 1)
    return text


def read_text(path: Path) -> str:
    return decode(read_bytes(path))


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES. A FIFO, a device, a folder or a
    symlink loop is refused without blocking or reading it (O_NONBLOCK, then fstat)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise YamlFileError(f"kan inte läsa filen: {reason(exc)}", 1) from None
    try:
        return _read_regular(fd)
    except OSError as exc:
        raise YamlFileError(f"kan inte läsa filen: {reason(exc)}", 1) from None
    finally:
        os.close(fd)


def _read_regular(fd: int) -> bytes:
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise YamlFileError("kan inte läsa filen: är en mapp, inte en fil", 1)
    if not stat.S_ISREG(info.st_mode):
        raise YamlFileError(
            "kan inte läsa filen: är ingen vanlig fil (en enhet, en named pipe eller en socket)",
            1,
            "en portföljfil ska vara en vanlig fil",
        )
    first = os.read(fd, min(info.st_size, MAX_BYTES) + 1)
    if len(first) == info.st_size <= MAX_BYTES:  # all of it: no second read to see EOF
        return first
    chunks: list[bytes] = [first]
    size = len(first)
    while size <= MAX_BYTES:  # st_size can lie (a file that grows while read)
        chunk = os.read(fd, MAX_BYTES + 1 - size)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise YamlFileError(
        f"filen är för stor (mer än {MAX_BYTES:_} byte)".replace("_", " "),
        1,
        "en portföljfil är några kilobyte; dela upp eller korta den",
    )


def parse(text: str) -> Any:
    """Plain Python data from YAML text (fast path for reading), within the bounds above."""
    try:
        latin1: bytes | None = text.encode("latin-1")  # NFC as it stands: see `_composed`
    except UnicodeEncodeError:
        latin1, text = None, unicodedata.normalize("NFC", text)
    data = read_plain(text, latin1)  # most files (never deeper than MAX_DEPTH); else libyaml's
    if data is not NOT_PLAIN:
        return data
    try:
        _check_depth(text)
        return _load(text)
    except _Refused as exc:
        raise YamlFileError(exc.message, exc.line, exc.hint) from None
    except _DuplicateKey as exc:
        raise YamlFileError(
            f"nyckeln '{exc.key}' förekommer två gånger (först på rad {exc.first_line})",
            exc.line,
            "ta bort eller slå ihop den ena",
        ) from None
    except yaml.reader.ReaderError as exc:
        raise reader_error(exc, text) from None
    except yaml.MarkedYAMLError as exc:
        raise syntax_error(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlFileError(
            "ogiltig YAML: YAML-parsern kan inte läsa filen",
            1,
            f"parserns beskrivning (på engelska): {exc}",
        ) from None


def _load(text: str) -> Any:
    """yaml.load, with the alias expansion counted between composing and constructing."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" in text:  # aliases: counted, and built by PyYAML (shared values)
            _check_expansion(node)
            return loader.construct_document(node)
        try:
            return _build(loader, node)
        except Exception:  # noqa: BLE001 (unusual, or an error: PyYAML's own order decides which one)
            return loader.construct_document(node)
    finally:
        loader.dispose()


_DEEP_INDENT = re.compile(rf"^[ \t?:-]{{{MAX_DEPTH},}}", re.MULTILINE)
_COLLECTION_START = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_COLLECTION_END = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before the recursive composer sees it. Depth
    needs brackets or indentation, so only a file with many of them is walked event by
    event (libyaml's parser itself is iterative)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH and not _DEEP_INDENT.search(text):
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, _COLLECTION_START):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Refused(TOO_DEEP, line_of(event.start_mark))
            elif isinstance(event, _COLLECTION_END):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # libyaml 0.2.6 and later have a nesting limit of their own, and in a flow
        # collection their scanner looks ahead past ours: the same refusal either way.
        if is_nesting_limit(exc):
            raise _Refused(TOO_DEEP, line_of(exc.problem_mark or exc.context_mark)) from None
        raise


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a document whose aliases (*namn) expand to more than MAX_NODES values, or
    that refers to itself: both would make validation and messages run without end."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        children = _children(node)
        if done:
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[id(node)] > MAX_NODES:
                raise _Refused(
                    f"alias (*namn) som blir mer än {MAX_NODES:_} värden när de skrivs ut".replace(
                        "_", " "
                    ),
                    node.start_mark.line + 1,
                    "skriv värdena direkt i stället för med ankare och alias",
                )
            continue
        if id(node) in sizes:
            continue
        sizes[id(node)] = -1  # being counted: meeting it again below means a cycle
        stack.append((node, True))
        for child in children:
            if sizes.get(id(child)) == -1:
                raise _Refused(
                    "ett alias (*namn) pekar på värdet det självt ligger i",
                    child.start_mark.line + 1,
                )
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _composed(text: str) -> str:
    """Text in NFC. Some editors save 'å' as 'a' + a combining ring (NFD); it looks the
    same but would not match the field 'mål'. Only the reading path normalises, so an
    edit never rewrites untouched lines. Text of Latin-1 characters only (most files:
    Swedish) is NFC as it stands, having no combining marks: told in a fifth of the time
    normalizing takes (tests/test_yaml_plain.py compares every pair of them)."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return unicodedata.normalize("NFC", text)
    return text


def locate(text: str, loc: Sequence[str | int]) -> int:
    """1-based line of the deepest node on `loc` that exists in the document."""
    text = _composed(text)
    if loc and isinstance(loc[0], str) and loc[0] not in text and "\\" not in text:
        # The first key is written nowhere (an escape could spell it): no node on the
        # path exists, so the answer is line 1 without composing the file (a rule that
        # asks for a missing field does so for thousands of files).
        return 1
    if len(loc) == 1 and isinstance(loc[0], str):
        line = _top_level_line(text, loc[0])
        if line is not None:
            return line
    node = _composed_node(text)
    if node is None:
        return 1
    line = 1
    for part in loc:
        found = _child(node, part)
        if found is None:
            break
        line, node = found
    return line


@lru_cache(maxsize=4)
def _composed_node(text: str) -> Any:
    """The node tree of `text`, None when it does not compose. Remembered for the last few
    texts: the findings of one file are located one after another, and composing is the
    cost (a need with twenty warnings was composed twenty times)."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


def _top_level_line(text: str, key: str) -> int | None:
    """The line of a top-level key of a plain file (see yaml_plain), without composing it:
    there every top-level key starts a line of its own at column 0, once. None when the
    file is not plain."""
    keys = _plain_keys(text)
    if keys is None:
        return None
    if key not in keys:
        return 1
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith(key) and line[len(key) :].lstrip(" ").startswith(":"):
            return number
    return None


@lru_cache(maxsize=4)
def _plain_keys(text: str) -> frozenset[str] | None:
    """The top-level keys of a plain file (remembered as `_composed_node` is), None when
    the file is not plain or not a mapping."""
    data = read_plain(text)
    return frozenset(data) if isinstance(data, dict) else None


def _child(node: Any, part: str | int) -> tuple[int, Any] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                return key_node.start_mark.line + 1, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item.start_mark.line + 1, item
    return None
