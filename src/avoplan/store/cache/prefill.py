"""A cold read on two cores: a forked second process reads and parses the later files
while this one reads the earlier ones, and hands back each file's data (and its hash,
where a cache will be written); this process validates that data as it would have
validated its own parse.

Only the parsing moves: the data comes back as pickled plain values (dicts, lists,
text, numbers, dates), which costs a tenth of parsing it, so the two processes together
use little more CPU time than one (entries with models as JSON, rebuilt here, cost more
than a third again). A file the second process could not read or parse is left out of
its answer and read here, so its finding is worded here, exactly as without it.

The second process is a plain fork writing its answer into a pipe (`forked.apart`), which
this process reads when it reaches the first of those files: no `multiprocessing` pool,
whose import, worker loop and three handler threads cost some 0.03 s of CPU time for one
answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from avoplan.store.cache.forked import apart

# The second process takes a little more than half: this one also validates its share.
SHARE = 0.55

Parsed = dict[str, tuple[str, Any]]
"""A file's key (its path under the portfolio) -> (hash of its bytes, or "" when none
was asked for; its data)."""


class Prefill:
    """The later files of a cold read, parsed in a forked second process."""

    def __init__(self, files: list[Path], key: Callable[[Path], str], *, digests: bool) -> None:
        """`files`: every file, in the order they will be read; `key(file)`: its key. Only
        the later files' keys are made, and the answer gives their data in their order,
        so neither process makes or sends the keys of the files it does not read."""
        later = files[len(files) - int(len(files) * SHARE) :]

        def parse() -> list[tuple[str, Any] | None]:  # pragma: no cover (in the child)
            import gc

            gc.disable()  # as in the main process's load: nothing read here forms cycles
            return parsed_files(later, digests)

        def nothing() -> list[tuple[str, Any] | None]:
            return []  # no answer: this process reads those files itself

        self._child = apart(parse, otherwise=nothing)
        # No keys while no second process runs: this process then reads every file.
        self._later = [key(path) for path in later] if self._child.running else []
        self.keys: frozenset[str] = frozenset(self._later)

    def take(self) -> Parsed:
        """What the second process parsed; nothing when it failed (this process then
        reads every file itself). Ctrl-C while waiting stops and reaps the child."""
        answers = self._child()
        if len(answers) != len(self._later):
            return {}
        return {key: found for key, found in zip(self._later, answers, strict=True) if found}

    def close(self) -> None:
        """Stop the second process (its work done, or not needed: Ctrl-C)."""
        self._child.cancel()


def parsed_files(files: list[Path], digests: bool) -> list[tuple[str, Any] | None]:  # noqa: FBT001
    """Run in the second process: for each file, in order, (the hash of its bytes, or "";
    its data), or None when it does not read or parse."""
    from avoplan.store.yaml_io import decode, parse, read_bytes
    from avoplan.store.yaml_problems import YamlFileError

    found: list[tuple[str, Any] | None] = []
    for path in files:
        try:
            raw = read_bytes(path)
            data = parse(decode(raw))
        except YamlFileError:
            found.append(None)  # read again, and its finding worded, by the first process
            continue
        digest = hashlib.blake2b(raw, digest_size=16).hexdigest() if digests else ""
        found.append((digest, data))
    return found
