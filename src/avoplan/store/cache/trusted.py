"""The per-file cache read one entry at a time, while the manifest of the last full check
holds (no portfolio file changed since, see `manifest`): what a warm `prioritet` reads
instead of holding every entry at once (the cache of 50 000 files is 130 MB of text).

Each entry is trusted as `entries.Cache` trusts it: the cache file is the one the
manifest was made from (its size, time and inode), made by this code on this machine,
and the entry's own checksum holds under the machine's secret. An entry that fails is
left out; the caller, missing a file, reads the portfolio in full instead.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from avoplan.core.findings import Severity
from avoplan.store.cache.code import code_fingerprint
from avoplan.store.cache.entries import NO_MODEL, _checksum
from avoplan.store.cache.manifest import unchanged_manifest
from avoplan.store.cache.places import FILE_NAME, FORMAT, cache_dir
from avoplan.store.cache.secret import machine_secret


class Entry(NamedTuple):
    key: str  # the file, relative to the portfolio
    model: str  # the name of the model it was validated with
    findings: str  # the findings of reading it, as JSON rows
    body: str  # the model as JSON; NO_MODEL for a file that could not be read


def trusted_entries(root: Path) -> tuple[str, Iterator[Entry]] | None:
    """The manifest's listing and every trusted entry of the portfolio at `root`, one at
    a time; None when the manifest does not hold (a file changed, other code, another
    machine, no cache)."""
    folder, fingerprint = cache_dir(root), code_fingerprint()
    try:
        file = (folder / FILE_NAME).open("rb")
    except OSError:
        return None
    try:
        manifest = unchanged_manifest(root, folder, fingerprint)
        head = file.readline()
        if manifest is None or head != f"avoplan-cache {FORMAT} {fingerprint}\n".encode():
            file.close()
            return None
        info = os.fstat(file.fileno())
    except OSError:
        file.close()
        return None
    if manifest[0][5].split(":")[0] != f"{info.st_size}.{info.st_mtime_ns}.{info.st_ino}":
        file.close()  # replaced since the manifest was checked
        return None
    return manifest[0][4], _entries(file)


def _entries(file: BinaryIO) -> Iterator[Entry]:
    """Each path's last line (a later line supersedes, see `entry_file`): one pass finds
    them by their paths alone, a second decodes only those."""
    secret = machine_secret()
    with file:
        start = file.tell()
        last = {raw[: raw.find(b"\t")]: number for number, raw in enumerate(file)}
        wanted = set(last.values())
        file.seek(start)
        for number, raw in enumerate(file):
            if number not in wanted:
                continue
            try:
                fields = raw.rstrip(b"\n").decode("utf-8").split("\t")
            except UnicodeDecodeError:
                continue
            if len(fields) == 6 and _checksum(fields[0], fields[1:], secret) == fields[3]:
                yield Entry(fields[0], fields[1], fields[4], fields[5])


def readable(entry: Entry) -> bool:
    """Whether the file was read without an error (warnings do not count)."""
    if entry.body == NO_MODEL:
        return False
    if entry.findings == "[]":  # nearly every file: no parsing
        return True
    try:
        return all(row[0] != Severity.FEL.value for row in json.loads(entry.findings))
    except (ValueError, TypeError, IndexError, KeyError):
        return False


def keep_overview(root: Path, listing: str, data: Any) -> None:
    """Keep the overview `list` shows (`Cache.store_overview`) under the manifest whose
    listing is `listing`, without reading the per-file cache."""
    from avoplan.store.cache.entries import Cache
    from avoplan.store.cache.entry_file import Entries
    from avoplan.store.cache.policy import writes_wanted

    file = cache_dir(root) / FILE_NAME
    cache = Cache(root, file, code_fingerprint(), Entries(b"", {}), read_only=not writes_wanted())
    cache.listing = listing
    cache.store_overview(data)
