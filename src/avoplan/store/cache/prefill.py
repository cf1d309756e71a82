"""A cold read on two cores: a forked second process reads and parses the later files
while this one reads the earlier ones, and hands back each file's data (and its hash,
where a cache will be written); this process validates that data as it would have
validated its own parse.

Only the parsing moves: the data comes back as pickled plain values (dicts, lists,
text, numbers, dates), which costs a tenth of parsing it, so the two processes together
use little more CPU time than one (entries with models as JSON, rebuilt here, cost more
than a third again). A file the second process could not read or parse is left out of
its answer and read here, so its finding is worded here, exactly as without it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from avoplan.store.cache.cores import quiet_worker

# The second process takes a little more than half: this one also validates its share.
SHARE = 0.55

Parsed = dict[str, tuple[str, Any]]
"""A file's key (its path under the portfolio) -> (hash of its bytes, or "" when none
was asked for; its data)."""


class Prefill:
    """The later files of a cold read, parsed in a forked second process."""

    def __init__(self, files: list[tuple[str, Path]], *, digests: bool) -> None:
        """`files`: (key, path) of every file, in the order they will be read."""
        import multiprocessing

        later = files[len(files) - int(len(files) * SHARE) :]
        self.keys = frozenset(key for key, _ in later)
        self._pool: Any = multiprocessing.get_context("fork").Pool(1, initializer=quiet_worker)
        self._pending: Any = self._pool.apply_async(parsed_files, (later, digests))

    def take(self) -> Parsed:
        """What the second process parsed; nothing when it failed (this process then
        reads every file itself)."""
        try:
            found: Parsed = self._pending.get(timeout=600)
        except Exception:  # noqa: BLE001 (the files are then simply read here)
            found = {}
        self.close()
        return found

    def close(self) -> None:
        """Stop the second process (its work done, or not needed: Ctrl-C)."""
        self._pool.terminate()


def parsed_files(files: list[tuple[str, Path]], digests: bool) -> Parsed:  # noqa: FBT001 (a worker's positional arguments)
    """Run in the second process: the data of each file that reads and parses."""
    from avoplan.store.yaml_io import decode, parse, read_bytes
    from avoplan.store.yaml_problems import YamlFileError

    found: Parsed = {}
    for key, path in files:
        try:
            raw = read_bytes(path)
            data = parse(decode(raw))
        except YamlFileError:
            continue  # read again, and its finding worded, by the first process
        digest = hashlib.blake2b(raw, digest_size=16).hexdigest() if digests else ""
        found[key] = (digest, data)
    return found
