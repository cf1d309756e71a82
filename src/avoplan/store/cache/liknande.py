"""The similarity index of one portfolio on disk: the profiles `avoplan liknande` compares
(`liknande.Index`), kept per source so a warm run neither parses YAML nor rebuilds them.

A member of the federation is keyed by the commit its copy was synced at, the home
portfolio by the listing of its needs' files (name, size, times and inode of each, as a
warm `check` trusts its listing). Both are keyed with avoplan's code fingerprint and the
source of the similarity code, so a new avoplan rebuilds them. Like the check cache, a
file is trusted only with a checksum keyed by this machine's secret: an index planted in
the portfolio folder is ignored and rebuilt.

Format (text, tab-separated; a column per line, so reading it is six splits, not one
per need):
    avoplan-liknande <format> <fingerprint> <source> <checksum of the rest>
    <key of each need>
    <titel of each need>
    <title words of each need>
    <words of each need>
    <systems of each need>
    <goals of each need>
    <word> <numbers of the needs that have it>                 (one line per word)

The site keeps its own copy, with what each need's row was made from and every need's
similar needs (store/cache/liknande_alla).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path

from avoplan.behovsprocess.liknande import COLUMNS, Index, index_of, profiles
from avoplan.models.behov import Behov
from avoplan.models.portfolio import BEHOV
from avoplan.store.cache.code import code_fingerprint
from avoplan.store.cache.manifest import RACY_NS
from avoplan.store.cache.secret import machine_secret

FORMAT = "1"
HOME_FILE = "liknande.tsv"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """avoplan's code fingerprint (every module, so the code that shapes a profile too)."""
    return code_fingerprint()


def read(file: Path, source: str) -> Index | None:
    """The index in `file` when it was made from `source` by this code on this machine."""
    try:
        raw = file.read_bytes()
        head, body = raw.split(b"\n", 1)
        magic, fmt, made_by, made_from, checksum = head.decode("ascii").split(" ")
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if (magic, fmt, made_by, made_from) != ("avoplan-liknande", FORMAT, fingerprint(), source):
        return None
    if _checksum(body) != checksum:
        return None
    return _parsed(body.decode("utf-8"))


def _parsed(text: str) -> Index | None:
    lines = text.split("\n")
    columns = [line.split("\t") for line in lines[:COLUMNS]]
    if len(columns) < COLUMNS or len({len(column) for column in columns}) != 1:
        return None
    if columns[0] == [""]:  # no needs at all
        columns = [[] for _ in columns]
    postings = dict(line.split("\t", 1) for line in lines[COLUMNS:] if "\t" in line)
    return Index(columns, postings)


def write(file: Path, source: str, index: Index) -> None:
    """Keep `index` as made from `source`; an index that cannot be written is no error
    (the next run just builds it again)."""
    lines = ["\t".join(_clean(field) for field in column) for column in index.columns]
    lines += [f"{word}\t{rows}" for word, rows in index.postings.items()]
    body = ("\n".join(lines) + "\n").encode("utf-8")
    head = f"avoplan-liknande {FORMAT} {fingerprint()} {source} {_checksum(body)}\n"
    from avoplan.core.errors import UserError
    from avoplan.store.files import atomic_write_bytes

    with contextlib.suppress(OSError, UserError):
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(file, head.encode("ascii") + body)


def _clean(field: str) -> str:
    """A title is shown, never parsed: tabs and line breaks in it become spaces."""
    return field.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _checksum(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=16, key=machine_secret()).hexdigest()


def cached(file: Path, source: str, needs: Callable[[], Mapping[str, Behov]]) -> Index:
    """The index made from `source`, from `file` when it is there, else built from
    `needs()` (keyed by the id to show) and kept."""
    found = read(file, source)
    if found is None:
        found = index_of(profiles(needs()))
        write(file, source, found)
    return found


def home_index(root: Path, folder: Path, needs: Callable[[], Mapping[str, Behov]]) -> Index:
    """The home portfolio's index, kept in `folder` against the listing of its files; a
    listing of files changed this very moment is not trusted later (they may change again
    within the same timestamp tick), so then the index is built and not kept."""
    started = time.time_ns()
    listing = _listing(root / str(BEHOV.folder))
    if listing is None or listing[1] >= started - RACY_NS:
        return index_of(profiles(needs()))
    return cached(folder / HOME_FILE, listing[0], needs)


def _listing(folder: Path) -> tuple[str, int] | None:
    """(digest, newest change in ns) over name, size, times and inode of every need's
    file (a stat of each, nothing read); None when the folder cannot be listed or holds
    something other than regular files."""
    seen: list[str] = []
    newest = 0
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return "-", 0
    except OSError:
        return None
    for entry in entries:
        if not entry.name.endswith(".yaml") or entry.name.startswith("."):
            continue
        try:
            info = entry.stat()
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
        seen.append(
            f"{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}"
        )
    seen.sort()
    return hashlib.blake2b("\n".join(seen).encode(), digest_size=16).hexdigest(), newest
