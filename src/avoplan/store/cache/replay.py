"""The recorded decisions' replay, remembered per item (issue 27).

`check` replays every decision of every need (R1–R13) and every phase decision of every
project (R36) through the judge: about 17 000 decisions at 10 000 items, most of the rules'
time. When one file changed, the replay of an item whose inputs are all unchanged finds
what it found last time, so its findings are kept here, keyed by a digest of exactly
what it read:

- its own part: the bytes of its file and of the files of the items it names (a need's
  linked projects), and what it derives from other items (its dependencies' starts);
- the common part, what every item's replay may read alike: every file of the portfolio
  other than the behov and projekt (organisation, delegationsordning, projektmodell,
  meetings, systems, …), the earlier organisations and the federation's sync, the day,
  and avoplan's code and libraries.

A file changed but not hashed this run (a run that writes no cache reads changed files
past it) has no known digest: its item is replayed, never looked up. Like the other
caches, every key and entry is keyed with this machine's secret, so an entry from
elsewhere never counts; only the entries of this run are written (one per item at
most), atomically, and nothing on a run that writes no cache.

Format (one line per item, tab-separated; JSON never holds a raw tab or newline):
    avoplan-replay <format> <fingerprint>
    <key> <checksum> <findings JSON>
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from avoplan.core.findings import Finding
from avoplan.store.cache.code import code_digest
from avoplan.store.cache.manifest import finding_from_row, finding_row
from avoplan.store.cache.places import FORMAT, make_folder
from avoplan.store.cache.secret import machine_secret

if TYPE_CHECKING:
    from avoplan.models.portfolio import Portfolio
    from avoplan.store.cache.entries import Cache

REPLAY_FILE = "replay.tsv"

_OWN_FOLDERS = ("behov", "projekt")  # an item's own part; every other file is common


class ReplayMemo:
    """The replay's findings of the last run, per item; `__call__` is a `rules.Replay`."""

    def __init__(
        self,
        file: Path,
        header: str,
        common: str,
        digest_of: Callable[[Path], str | None],
        *,
        read_only: bool,
    ) -> None:
        self.file, self.header, self.common = file, header, common
        self.digest_of = digest_of  # a file -> the digest of its bytes (None: unknown)
        self.read_only = read_only
        self.secret = machine_secret()
        self.old = _read(file, header)
        self.new: dict[str, tuple[str, str]] = {}

    def __call__(
        self, files: Sequence[Path], derived: str, compute: Callable[[], list[Finding]]
    ) -> list[Finding]:
        key = self.key(files, derived)
        if key is None:
            return compute()
        entry = self.old.get(key)
        if entry is not None and entry[0] == self._checksum(key, entry[1]):
            found = _findings(entry[1])
            if found is not None:
                self.new[key] = entry
                return found
        found = compute()
        rows = json.dumps([finding_row(f) for f in found], ensure_ascii=False)
        self.new[key] = (self._checksum(key, rows), rows)
        return found

    def key(self, files: Sequence[Path], derived: str) -> str | None:
        """The digest of one item's inputs; None when a file among them is not known."""
        own = self.own_parts(files, derived)
        if own is None:
            return None
        text = json.dumps([self.common, own], ensure_ascii=False)
        return hashlib.blake2b(
            text.encode("utf-8", "surrogatepass"), digest_size=16, key=self.secret
        ).hexdigest()

    def own_parts(self, files: Sequence[Path], derived: str) -> list[str] | None:
        """One item's own inputs: its file, the files of the items it reads (each by name
        and digest) and what it derives from other items; None when a file is not known."""
        digests = [self.digest_of(file) for file in files]
        if None in digests:
            return None
        return [*(d for d in digests if d is not None), derived]

    def save(self) -> None:
        """Keep this run's entries (a run that writes no cache keeps nothing)."""
        if self.read_only or self.new.keys() == self.old.keys():
            return
        lines = [self.header, *(f"{key}\t{c}\t{rows}" for key, (c, rows) in self.new.items())]
        from avoplan.core.errors import UserError
        from avoplan.store.files import atomic_write_text

        with contextlib.suppress(OSError, UserError):
            make_folder(self.file.parent)
            atomic_write_text(self.file, "\n".join(lines) + "\n")

    def _checksum(self, key: str, rows: str) -> str:
        payload = f"{key}\t{rows}".encode("utf-8", "surrogatepass")
        return hashlib.blake2b(payload, digest_size=16, key=self.secret).hexdigest()


def replay_memo(cache: Cache, portfolio: Portfolio, extra: str) -> ReplayMemo | None:
    """The memo for a run that read `portfolio` through `cache`; `extra` is what else the
    rules read (the earlier organisations, the federation's sync). None when a common file
    was read without its digest: then every item is replayed."""
    parts = common_parts(cache, portfolio, extra)
    if parts is None:
        return None
    common = hashlib.blake2b(digest_size=16, key=machine_secret())
    for part in parts:
        common.update(part.encode("utf-8", "surrogatepass") + b"\n")
    known = cache.new

    def digest_of(path: Path) -> str | None:
        name = _name(cache, path)
        entry = known.get(name)
        if entry is not None:
            return f"{name}\0{entry[1]}"
        return None if os.path.lexists(path) else f"{name}\0-"  # "-": no such file

    header = f"avoplan-replay {FORMAT} {cache.fingerprint}"
    file = cache.file.parent / REPLAY_FILE
    return ReplayMemo(file, header, common.hexdigest(), digest_of, read_only=cache.read_only)


def common_parts(cache: Cache, portfolio: Portfolio, extra: str) -> list[str] | None:
    """What every item's replay may read alike, one part per input: the code, the day,
    `extra`, and every file outside behov/ and projekt/ by name and digest (None when one
    of them was read without its digest)."""
    from avoplan.store.loader import portfolio_files

    parts = [
        f"code\0{cache.fingerprint}\0{code_digest()}",
        f"today\0{portfolio.today.isoformat()}",
        f"extra\0{extra}",
    ]
    for path, _ in portfolio_files(cache.root, leave_out=_OWN_FOLDERS):
        name = _name(cache, path)
        if name.split(os.sep, 1)[0] in _OWN_FOLDERS:
            continue
        entry = cache.new.get(name)
        if entry is None:
            return None
        parts.append(f"{name}\0{entry[1]}")
    return parts


def _name(cache: Cache, path: Path) -> str:
    """A file as the cache names it: relative to the portfolio."""
    text = str(path)
    return text[len(cache.prefix) :] if text.startswith(cache.prefix) else text


def _read(file: Path, header: str) -> dict[str, tuple[str, str]]:
    try:
        text = file.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    lines = text.split("\n")
    if lines[0] != header:
        return {}
    entries: dict[str, tuple[str, str]] = {}
    for line in lines[1:]:
        fields = line.split("\t")
        if len(fields) == 3:
            entries[fields[0]] = (fields[1], fields[2])
    return entries


def _findings(rows: str) -> list[Finding] | None:
    """The stored findings (unplaced: the caller names the item's file); None if damaged."""
    if rows == "[]":
        return []
    try:
        return [finding_from_row(row, None) for row in json.loads(rows)]
    except Exception:  # noqa: BLE001 (a damaged entry is a miss, whatever broke)
        return None
