"""The per-file cache's file (`check.tsv`, see `entries`): read whole, and written by
appending only the entries that changed.

After one changed file a `check` of 10 000 files used to rewrite all 26 MB of it. Now the
changed entries are appended at the end, in one write: a later line of a file supersedes
an earlier one (`read_entries` keeps the last, `trusted` streams only the last). Every
line carries its own keyed checksum (path included), so an appended line is trusted
exactly as a rewritten one, and a line torn by a crash or a full disk fails its checksum
and is only a miss. The file is rewritten whole (atomically, as before) when it has none
of this code's entries, when it does not end a line, when an entry of a file that is gone
would stay, or when superseded lines pass an eighth of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Iterator, KeysView, Mapping
from pathlib import Path
from typing import NamedTuple

from avoplan.store.cache.places import FORMAT, make_folder


class Entries(Mapping[str, list[str]]):
    """Path -> its last entry's fields, each line decoded and split only when asked for:
    decoding and splitting all 26 MB of 10 000 entries as the file is read took longer
    than everything else about reading it, and a run asks for each entry at most once
    more. A split line is kept, so `write_entries` compares a hit's fields with the very
    same strings. Bytes that are no UTF-8 spoil only their own entry, whose checksum then
    fails: a miss, as a damaged entry is."""

    def __init__(self, data: bytes, lines: dict[str, tuple[int, int]]) -> None:
        self._data = data  # the file's bytes, never copied line by line
        self._lines = lines  # path -> where its whole line starts and ends in `data`
        self._split: dict[str, list[str]] = {}
        self._hits: dict[str, list[str]] = {}  # see `hit`

    def verified(self, key: str, secret: bytes) -> Parts | None:
        """The parts of the entry of `key` when its checksum holds under `secret`; None
        for any other. The checksum is `entries._checksum` of its fields, taken over the
        line's own bytes less the checksum field: no field decoded and encoded again
        (24 MB at 10 000 entries). Bytes that hash right are bytes this code wrote."""
        span = self._lines.get(key)
        if span is None:
            return None
        data, (start, end) = self._data, span
        t1 = data.find(b"\t", start, end)  # five tabs: read_entries counted them
        t2 = data.find(b"\t", t1 + 1, end)
        t3 = data.find(b"\t", t2 + 1, end)
        t4 = data.find(b"\t", t3 + 1, end)
        t5 = data.find(b"\t", t4 + 1, end)
        view = memoryview(data)
        digest = hashlib.blake2b(view[start:t3], digest_size=16, key=secret)
        digest.update(view[t4:end])
        checksum = data[t3 + 1 : t4]
        if digest.hexdigest().encode() != checksum:
            return None
        head = [data[t1 + 1 : t2].decode(), data[t2 + 1 : t3].decode(), checksum.decode()]
        return Parts(head, data[t4 + 1 : t5], data[t5 + 1 : end])

    def hit(self, key: str, head: list[str]) -> list[str]:
        """`head` (the entry's model, file digest and checksum) standing for the entry
        as it is on disk, its findings and model left undecoded: a hit of 10 000 entries
        needs no more. `write_entries` knows it for the entry it stands for."""
        self._hits[key] = head
        return head

    def same(self, key: str, fields: list[str]) -> bool:
        """Whether `fields` are the entry of `key` as it stands on disk."""
        return self._hits.get(key) is fields or self.get(key) == fields

    def whole(self, key: str, fields: list[str]) -> list[str]:
        """All five fields of an entry that `hit` stands for; any other as it is."""
        whole = self.get(key) if self._hits.get(key) is fields else fields
        return fields if whole is None else whole

    def get(self, key: str, default: list[str] | None = None) -> list[str] | None:  # type: ignore[override]
        fields = self._split.get(key)
        if fields is None:
            span = self._lines.get(key)
            if span is None:
                return default
            text = self._data[span[0] : span[1]].decode("utf-8", "replace")
            fields = self._split[key] = text.split("\t")[1:]
        return fields

    def __getitem__(self, key: str) -> list[str]:
        fields = self.get(key)
        if fields is None:
            raise KeyError(key)
        return fields

    def __contains__(self, key: object) -> bool:
        return key in self._lines

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def keys(self) -> KeysView[str]:
        return self._lines.keys()


class Loaded(NamedTuple):
    entries: Entries  # path -> its last entry's fields
    lines: int  # entry lines in the file, superseded ones included
    whole: bool  # the file ends with a complete line


class Parts(NamedTuple):
    """An entry's line, undecoded where a hit needs no text: the model and findings JSON
    go to pydantic and json as bytes."""

    head: list[str]  # the model's name, the file's digest, the checksum
    findings: bytes
    body: bytes


def header(fingerprint: str) -> str:
    return f"avoplan-cache {FORMAT} {fingerprint}"


def read_entries(file: Path, fingerprint: str) -> Loaded:
    """Every entry of the file (the last line of each path), unchecked: the caller checks
    each entry's checksum when it uses it."""
    empty = Loaded(Entries(b"", {}), 0, whole=False)
    try:
        data = file.read_bytes()
    except OSError:
        return empty
    start = data.find(b"\n") + 1
    if not start or data[: start - 1] != header(fingerprint).encode():
        return empty
    entries: dict[str, tuple[int, int]] = {}
    count = 0
    while True:
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        tab = data.find(b"\t", start, end)
        key = data[start : end if tab < 0 else tab].decode("utf-8", "replace")
        if data.count(b"\t", tab + 1, end) == 4 and tab >= 0:  # the path and five fields
            entries[key] = (start, end)
        else:  # a torn line: never fall back to the path's earlier, superseded line
            entries.pop(key, None)
        if end == len(data):
            break
        count, start = count + 1, end + 1
    return Loaded(Entries(data, entries), count, whole=data.endswith(b"\n"))


def write_entries(
    file: Path,
    fingerprint: str,
    on_disk: Loaded,
    entries: Mapping[str, list[str]],
) -> None:
    """Leave `entries` (path -> fields) as the file's content: append what differs from
    `on_disk` (what was read at the start), or rewrite the file whole. A cache that
    cannot be written is no error (the next check is just not faster)."""
    from avoplan.core.errors import UserError
    from avoplan.store.files import atomic_write_text

    old = on_disk.entries
    with contextlib.suppress(OSError, UserError):
        if _appendable(on_disk, entries):
            added = [(key, e) for key, e in entries.items() if not old.same(key, e)]
            if not added or _append(file, _lines(added)):
                return
        make_folder(file.parent)
        every = [(key, old.whole(key, e)) for key, e in entries.items()]
        atomic_write_text(file, header(fingerprint) + "\n" + _lines(every))


def _appendable(on_disk: Loaded, entries: Mapping[str, list[str]]) -> bool:
    old = on_disk.entries
    if not old or not on_disk.whole or not old.keys() <= entries.keys():
        return False  # no file, a torn end, or an entry of a file that is gone
    changed = sum(1 for key, e in entries.items() if not old.same(key, e))
    return on_disk.lines - len(old) + changed <= max(64, len(entries) // 8)


def _lines(entries: Iterable[tuple[str, list[str]]]) -> str:
    return "".join("\t".join([key, *fields]) + "\n" for key, fields in entries)


def _append(file: Path, text: str) -> bool:
    """Append whole lines to the existing file in one write; False when it is not there."""
    try:
        fd = os.open(file, os.O_WRONLY | os.O_APPEND)
    except FileNotFoundError:
        return False
    try:
        size = os.fstat(fd).st_size
        data = text.encode("utf-8")
        try:
            while data:  # one write for any entry's size; the loop only for a short one
                data = data[os.write(fd, data) :]
        except OSError:  # full disk: leave no torn line behind
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)
    return True
