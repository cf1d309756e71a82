"""A cold read on two cores: a forked second process reads and parses the later files
while this one reads the earlier ones, and hands back each file's data (and its hash,
where a cache will be written); this process validates that data as it would have
validated its own parse.

Only the parsing moves: the data comes back as pickled plain values (dicts, lists,
text, numbers, dates), which costs a tenth of parsing it, so the two processes together
use little more CPU time than one (entries with models as JSON, rebuilt here, cost more
than a third again). A file the second process could not read or parse is left out of
its answer and read here, so its finding is worded here, exactly as without it.

The second process is a plain fork writing its answer into a pipe, which this process
reads when it reaches the first of those files: no `multiprocessing` pool, whose import,
worker loop and three handler threads cost some 0.03 s of CPU time for one answer.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
        self.keys: frozenset[str] = frozenset()  # none while no second process runs
        self._pid: int | None = None
        try:
            reading, writing = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(reading)
            os.close(writing)
            return
        if pid == 0:  # pragma: no cover (the child's coverage is not collected)
            _child(later, digests, reading, writing)
        os.close(writing)
        self._pid, self._reading = pid, reading
        self._later = [key(path) for path in later]
        self.keys = frozenset(self._later)

    def take(self) -> Parsed:
        """What the second process parsed; nothing when it failed (this process then
        reads every file itself)."""
        if self._pid is None:
            return {}
        try:
            with os.fdopen(self._reading, "rb", closefd=False) as answer:
                data = answer.read()
            _, status = os.waitpid(self._pid, 0)
        except BaseException:  # Ctrl-C while waiting: the child is stopped, and reaped
            self.close()
            raise
        self._pid = None
        os.close(self._reading)
        if os.waitstatus_to_exitcode(status) != 0 or not data:
            return {}
        answers: list[tuple[str, Any] | None] = pickle.loads(data)  # noqa: S301 (our own child's answer, through our own pipe)
        if len(answers) != len(self._later):
            return {}
        return {key: found for key, found in zip(self._later, answers, strict=True) if found}

    def close(self) -> None:
        """Stop the second process (its work done, or not needed: Ctrl-C)."""
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        os.close(self._reading)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _child(files: list[Path], digests: bool, reading: int, writing: int) -> None:  # noqa: FBT001  # pragma: no cover
    """Parse, write the answer, and leave without running any of the parent's exit
    handlers or flushing its buffered output (os._exit)."""
    import gc

    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent answers it
        gc.disable()  # as in the main process's load: nothing read here forms cycles
        os.close(reading)
        data = pickle.dumps(parsed_files(files, digests), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(writing, "wb") as out:
            out.write(data)
        code = 0
    finally:
        os._exit(code)


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
