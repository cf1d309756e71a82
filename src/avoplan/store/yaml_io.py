"""The one module that reads and writes YAML.

Reading uses PyYAML's libyaml parser (fast, C) with YAML 1.2 core scalars, so that
`no` stays a string and `010` stays ten, exactly as ruamel.yaml reads them when
writing. Writing uses ruamel.yaml round-trip so comments, key order and quoting
survive an edit. Line numbers are looked up lazily, only when something is reported.
"""

from __future__ import annotations

import difflib
import itertools
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from avoplan.core.errors import UserError
from avoplan.store.files import reason

_BOM = b"\xef\xbb\xbf"

# Bounds on what a portfolio file may cost to read (a file anyone can propose in a pull
# request is read by pre-commit hooks and CI). Real files are a few kilobytes, nest a
# few levels and use no aliases; these limits are far above that and far below harm.
MAX_BYTES = 1_000_000  # larger files are refused unread
MAX_DEPTH = 64  # nested lists and mappings; libyaml's composer recurses in C and crashes
MAX_NODES = 100_000  # values after expanding aliases (a "billion laughs" stays small)
MAX_DIGITS = 100  # digits of an integer (Python refuses beyond 4300, slowly)


class YamlFileError(UserError):
    """A file that cannot be read as YAML; carries the 1-based line it concerns."""

    def __init__(self, message: str, line: int, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.line = line


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, line: int, first_line: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line


class _Loader(yaml.CSafeLoader):
    """libyaml parser, YAML 1.2 core scalars, duplicate keys refused."""

    # libyaml's composer calls these three for every node. PyYAML's versions also serve
    # path resolvers, which avoplan has none of; these give the same tags in a third of
    # the time (a cold read of 10 000 files spent about a tenth of its time here).
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    raise _DuplicateKey(key_node.value, line, seen[key_node.value])
                seen[key_node.value] = line
        return super().construct_mapping(node, deep=deep)


class _Refused(yaml.YAMLError):
    """A bound exceeded while reading; becomes a finding at `line`."""

    def __init__(self, message: str, line: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.line, self.hint = message, line, hint


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if len(digits) > MAX_DIGITS:
        raise _Refused(f"talet har {len(digits)} siffror; högst {MAX_DIGITS} tillåts",
                       node.start_mark.line + 1, "sätt citattecken runt värdet om det är text")
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    return sign * int(digits, 10)


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A date as a date; an impossible one (2025-02-30) stays text so validation can
    name the field instead of the parser crashing."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


def _install_core_schema(loader: Any) -> None:
    resolvers = yaml.resolver.Resolver.yaml_implicit_resolvers
    loader.yaml_implicit_resolvers = {}
    core = [
        ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
        ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
        (
            "float",
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            "-+0123456789.",
        ),
        ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ]
    for name, pattern, first in core:
        loader.add_implicit_resolver(f"tag:yaml.org,2002:{name}", re.compile(pattern), list(first))
    for tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"):
        for first, entries in resolvers.items():
            for entry_tag, regexp in entries:
                if entry_tag == tag:
                    loader.add_implicit_resolver(tag, regexp, [first])
    loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


_install_core_schema(_Loader)
assert None not in _Loader.yaml_implicit_resolvers  # no wildcard: `resolve` relies on it

_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))
_INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP = (f"tag:yaml.org,2002:{name}" for name in
                                          ("int", "float", "bool", "null", "timestamp"))


class _Unusual(Exception):
    """A node the direct builder leaves to PyYAML's constructor (an explicit or unknown
    tag, a key that is not text, a merge key)."""


def _build(loader: _Loader, node: yaml.Node) -> Any:
    """Python data from a composed tree without aliases, as PyYAML's constructor makes it
    for the tags the core schema resolves, at about half its cost (it has no generators,
    no state for recursive objects, no per-node dispatch). Anything else raises _Unusual."""
    kind = node.__class__
    if kind is yaml.ScalarNode:
        return _scalar(loader, node)  # type: ignore[arg-type]
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_build(loader, child) for child in node.value]
    if kind is yaml.MappingNode and node.tag == _MAP:
        first_lines: dict[str, int] = {}
        for key_node, _ in node.value:
            if key_node.__class__ is not yaml.ScalarNode or key_node.tag != _STR:
                raise _Unusual
            line = key_node.start_mark.line + 1
            if key_node.value in first_lines:
                raise _DuplicateKey(key_node.value, line, first_lines[key_node.value])
            first_lines[key_node.value] = line
        return {key.value: _build(loader, value) for key, value in node.value}
    raise _Unusual


def _scalar(loader: _Loader, node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return node.value.lower() == "true"
    if tag == _INT:
        return _construct_int(loader, node)
    if tag == _FLOAT:
        return loader.construct_yaml_float(node)
    if tag == _TIMESTAMP:
        return _construct_timestamp(loader, node)
    raise _Unusual


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
    if not text.strip():
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
        raise YamlFileError("kan inte läsa filen: är ingen vanlig fil (en enhet, en named "
                            "pipe eller en socket)", 1, "en portföljfil ska vara en vanlig fil")
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
    raise YamlFileError(f"filen är för stor (mer än {MAX_BYTES:_} byte)".replace("_", " "), 1,
                        "en portföljfil är några kilobyte; dela upp eller korta den")


def parse(text: str) -> Any:
    """Plain Python data from YAML text (fast path for reading), within the bounds above."""
    text = _composed(text)
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
        raise _reader_error(exc, text) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    except yaml.YAMLError as exc:
        raise YamlFileError(f"ogiltig YAML ({exc})", 1) from None


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
        except Exception:  # unusual, or an error: PyYAML's own order decides which one
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
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, _COLLECTION_START):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(f"för djupt nästlade listor eller samlingar (mer än "
                               f"{MAX_DEPTH} nivåer)", _line(event.start_mark))
        elif isinstance(event, _COLLECTION_END):
            depth -= 1


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
                raise _Refused(f"alias (*namn) som blir mer än {MAX_NODES:_} värden när de "
                               "skrivs ut".replace("_", " "), node.start_mark.line + 1,
                               "skriv värdena direkt i stället för med ankare och alias")
            continue
        if id(node) in sizes:
            continue
        sizes[id(node)] = -1  # being counted: meeting it again below means a cycle
        stack.append((node, True))
        for child in children:
            if sizes.get(id(child)) == -1:
                raise _Refused("ett alias (*namn) pekar på värdet det självt ligger i",
                               child.start_mark.line + 1)
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
    edit never rewrites untouched lines."""
    return unicodedata.normalize("NFC", text)


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> YamlFileError:
    # libyaml counts the position in UTF-8 bytes, not characters.
    line = text.encode("utf-8").count(b"\n", 0, max(exc.position, 0)) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return YamlFileError(f"otillåtet kontrolltecken (U+{code:04X}) i filen", line,
                         "ta bort tecknet; det syns ofta inte i editorn")


# Where the construct that is never closed starts is where the user must look; the
# parser only notices at the next line (or at the end of the file).
_OPENED_AT = {
    ("while scanning a quoted scalar", "found unexpected end of stream"):
        "citattecknet som börjar här avslutas aldrig",
    ("while parsing a flow sequence", "did not find expected ',' or ']'"):
        "listan som börjar här avslutas aldrig (']' saknas)",
    ("while parsing a flow mapping", "did not find expected ',' or '}'"):
        "samlingen som börjar här avslutas aldrig ('}' saknas)",
    ("while scanning a simple key", "could not find expected ':'"):
        "kolon saknas efter nyckeln",
}


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlFileError:
    context = (exc.context or "").strip()
    problem = (exc.problem or "okänt fel").strip()
    opened = _OPENED_AT.get((context, problem)) if exc.context_mark else None
    if opened:
        return YamlFileError(f"ogiltig YAML: {opened}", _line(exc.context_mark))
    mark = exc.problem_mark or exc.context_mark
    line = _line(mark)
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source[: len(source) - len(source.lstrip())]:
        return YamlFileError("tabbtecken får inte användas för indrag i YAML", line,
                             "indentera med mellanslag")
    message, hint = _translate_problem(problem)
    return YamlFileError(f"ogiltig YAML: {message}", line, hint)


def _line(mark: Any) -> int:
    return int(mark.line) + 1 if mark is not None else 1


_PROBLEMS = {
    "found character that cannot start any token": (
        "tecken som inte får inleda ett värde",
        "sätt citattecken runt värden som börjar med @, ` eller %",
    ),
    "mapping values are not allowed": (
        "kolon på fel ställe (värde utan nyckel)",
        "sätt citattecken runt text som innehåller ': '",
    ),
    "could not find expected ':'": ("kolon saknas efter nyckeln", None),
    "did not find expected key": ("indraget stämmer inte (nyckel väntades)", None),
    "did not find expected '-' indicator": ("indraget stämmer inte ('-' väntades)", None),
    "found unexpected end of stream": ("filen tar slut mitt i ett värde", None),
    "found undefined alias": ("okänt alias", None),
    "did not find expected node content": ("ett värde väntades här", None),
    "but found another document": (
        "filen får bara innehålla ett dokument ('---' förekommer igen)", None),
    "did not find expected <document start>": (
        "oväntat innehåll efter dokumentets slut ('...')", None),
    "found unexpected ':'": ("oväntat kolon", None),
    "found unknown escape character": (
        "okänd escape-sekvens (\\) i text inom dubbla citattecken",
        "använd enkla citattecken eller skriv \\\\",
    ),
    "could not determine a constructor for the tag": (
        "taggar (!...) används inte i portföljfiler",
        "ta bort taggen eller sätt citattecken runt värdet",
    ),
    "found unhashable key": ("en nyckel får inte vara en lista eller samling", None),
    "second occurrence": ("ankaret (&) förekommer två gånger", "ge ankarna olika namn"),
    "did not find expected comment or line break": (
        "oväntade tecken i slutet av raden", None),
    "expected a mapping or list of mappings for merging": (
        "sammanslagning (<<) kräver en samling fält", None),
}


def _translate_problem(problem: str) -> tuple[str, str | None]:
    for english, swedish in _PROBLEMS.items():
        if problem.startswith(english):
            return swedish
    return f"YAML-parsern rapporterar: {problem}", None


def locate(text: str, loc: Sequence[str | int]) -> int:
    """1-based line of the deepest node on `loc` that exists in the document."""
    try:
        node = yaml.compose(_composed(text), Loader=_Loader)
    except yaml.YAMLError:
        return 1
    line = 1
    for part in loc:
        found = _child(node, part)
        if found is None:
            break
        line, node = found
    return line


def _child(node: Any, part: str | int) -> tuple[int, Any] | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                return key_node.start_mark.line + 1, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item = node.value[part]
        return item.start_mark.line + 1, item
    return None


# --- round-trip writing -------------------------------------------------------------


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


def append_item(mapping: Any, key: str, item: Any, *, before: str | None = None,
                flow: bool = False) -> None:
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


def dump_new(data: dict[str, Any], header: str) -> str:
    """A new file: `header` as leading comment lines, then `data` in block style."""
    from ruamel.yaml.comments import CommentedMap

    document = CommentedMap(data)
    document.yaml_set_start_comment(header)
    rt = roundtrip_yaml("")
    rt.indent(mapping=2, sequence=4, offset=2)
    return dump_roundtrip(rt, document)
