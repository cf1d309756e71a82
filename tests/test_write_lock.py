"""The portfolio lock taken with flock directly (issue 27: filelock cost a writing command
more to import than its decision): one writer at a time, across processes and against an
older avoplan holding it through filelock, and released by the OS when its holder is
killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock, Timeout

from avoplan.store.cache.places import lock_file
from avoplan.workspace.lock import os_lock
from tests.helpers import Cli

HOLD = (
    "import sys, time\nfrom pathlib import Path\nfrom avoplan.workspace.lock import os_lock\n"
    "release = os_lock(Path(sys.argv[1]), 5)\nprint('held', flush=True)\ntime.sleep(60)\n"
)


def holder(path: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"
    return process


def test_one_writer_at_a_time_across_processes_until_the_holder_is_killed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "skriv.lock"
    process = holder(path)
    try:
        started = time.monotonic()
        assert os_lock(path, 0.3) is None  # waited, then gave up
        assert time.monotonic() - started >= 0.3
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    release = os_lock(path, 5)  # kill -9 released it
    assert release is not None
    release()


def test_the_lock_excludes_an_avoplan_that_holds_it_through_filelock(tmp_path: Path) -> None:
    path = tmp_path / "skriv.lock"
    older = FileLock(str(path))
    older.acquire()
    try:
        assert os_lock(path, 0.2) is None
    finally:
        older.release()
    release = os_lock(path, 1)
    assert release is not None
    try:
        with pytest.raises(Timeout):
            FileLock(str(path)).acquire(blocking=False)
    finally:
        release()


def test_a_write_while_another_holds_the_lock_waits_then_refuses_in_swedish(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avoplan.store import edits

    monkeypatch.setattr(edits, "LOCK_WAIT_SECONDS", 0.2)
    process = holder(lock_file(portfolio))
    try:
        done = Cli()("set", "BEH-010", "nytta=Mindre väntan", "-p", str(portfolio))
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert done.exit_code == 1
    assert "portföljen är låst: ett annat avoplan-kommando skriver i den" in done.output
    assert "Mindre väntan" not in (portfolio / "behov" / "BEH-010.yaml").read_text("utf-8")
