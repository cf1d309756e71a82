"""The portfolio lock every writing command holds: one writer at a time. It is a lock file
the OS releases when a process dies, even by kill -9; on taking it, an interrupted
decision is completed and temp files of killed writers are removed."""

from __future__ import annotations

from collections.abc import Iterator
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
    sweep_temp_files,
)


class PortfolioLock:
    """The lock of the portfolio at `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @contextmanager
    def held(self) -> Iterator[None]:
        """The portfolio lock every writing command holds: one writer at a time. It is a
        lock file the OS releases when a process dies, even by kill -9; on taking it, an
        interrupted decision is completed and temp files of killed writers are removed."""
        from filelock import FileLock, Timeout

        from avoplan.store.cache.places import lock_file

        lock = FileLock(str(lock_file(self.root)), timeout=edits.LOCK_WAIT_SECONDS)
        try:
            lock.acquire()
        except Timeout:
            raise UserError(
                "portföljen är låst: ett annat avoplan-kommando skriver i den",
                "vänta tills det är klart och kör igen",
            ) from None
        try:
            self._finish_journal()
            for folder in (self.root, *(self.root / str(k.folder) for k in (BEHOV, PROJEKT, MOTE))):
                sweep_temp_files(folder)
            yield
        finally:
            lock.release()

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
