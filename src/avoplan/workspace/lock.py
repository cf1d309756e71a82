"""The portfolio lock every writing command holds: one writer at a time. It is a lock file
the OS releases when a process dies, even by kill -9; on taking it, an interrupted
decision is completed and temp files of killed writers are removed."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from avoplan.core.errors import UserError
from avoplan.models.portfolio import (
    BEHOV,
    MOTE,
    PROJEKT,
)
from avoplan.store import edits
from avoplan.store.files import (
    display,
    swept_names,
)


class PortfolioLock:
    """The lock of the portfolio at `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # Each folder swept on taking the lock, as then listed: the first write's judge
        # reads the folders' names from here instead of listing 10 000 files again.
        self.listed: dict[Path, list[str]] = {}

    @contextmanager
    def held(self) -> Iterator[None]:
        """The portfolio lock every writing command holds: one writer at a time. It is a
        lock file the OS releases when a process dies, even by kill -9; on taking it, an
        interrupted decision is completed and temp files of killed writers are removed."""
        from avoplan.store.cache.places import lock_file

        release = os_lock(lock_file(self.root), edits.LOCK_WAIT_SECONDS)
        if release is None:
            raise UserError(
                "portföljen är låst: ett annat avoplan-kommando skriver i den",
                "vänta tills det är klart och kör igen",
            )
        try:
            self._finish_journal()
            for folder in (self.root, *(self.root / str(k.folder) for k in (BEHOV, PROJEKT, MOTE))):
                names = swept_names(folder)
                if names is not None:
                    self.listed[folder] = names
            yield
        finally:
            release()

    def recover(self) -> None:
        """Complete a decision that was interrupted between its files (see `edits.write_all`)."""
        if (self.root / edits.JOURNAL).exists():
            with self.held():
                pass

    def _finish_journal(self) -> None:
        journal = self.root / edits.JOURNAL
        if not journal.exists():
            return
        from avoplan.ui import console

        files = edits.replay(self.root, journal)
        journal.unlink()
        console.warning(
            "avoplan slutförde ett beslut som avbröts mitt i skrivningen: "
            + ", ".join(display(f) for f in files)
        )


def os_lock(path: Path, wait: float) -> Callable[[], None] | None:
    """Take the OS lock on `path` (flock, as filelock takes it: the two exclude each
    other), waiting at most `wait` seconds; the function that releases it, or None when
    another process still holds it. filelock itself costs a writing command more to
    import than the decision takes, so it is asked only where flock is missing."""
    try:
        import fcntl
    except ImportError:  # not POSIX: filelock's own lock (msvcrt)
        return _filelock(path, wait)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(descriptor)
                return None
            time.sleep(0.05)
            continue
        except OSError:  # a file system without flock: filelock knows what to do
            os.close(descriptor)
            return _filelock(path, wait)
        break

    def release() -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)

    return release


def _filelock(path: Path, wait: float) -> Callable[[], None] | None:
    from filelock import FileLock, Timeout

    lock = FileLock(str(path), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        return None
    return lock.release
