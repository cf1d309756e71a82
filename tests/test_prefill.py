"""A cold read's second process (`store.cache.prefill`): whatever goes wrong there (no
fork, a child that fails or dies) only means the first process reads those files
itself, with the same findings in the same order."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import avoplan.store.cache.cores
import avoplan.store.cache.entries
import avoplan.store.cache.prefill
from tests.helpers import Cli, replace_in
from tests.helpers import check_report as report


@pytest.fixture
def demo(cli: Cli, tmp_path: Path) -> Path:
    """A demo portfolio large enough to split, with broken files in the second half."""
    folder = tmp_path / "demo"
    count = avoplan.store.cache.cores.PARALLEL_MIN + 50
    assert cli("demo-portfolio", "-n", str(count), "-o", folder).exit_code == 0
    needs = sorted((folder / "behov").glob("*.yaml"))
    replace_in(needs[-1], "steg:", "steg: [")  # does not parse: left to the first process
    replace_in(needs[-2], "titel:", "titlar:")  # parses, and is refused by validation
    needs[-3].write_bytes(b"id: BEH-\xff\n")  # not UTF-8
    return folder


def _split(monkeypatch: pytest.MonkeyPatch, idle: bool) -> None:
    monkeypatch.setattr(avoplan.store.cache.entries, "spare_core", lambda: idle)
    monkeypatch.setattr(avoplan.store.cache.cores, "spare_core", lambda: idle)


def _watched(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What each second process handed back, as the first process took it."""
    taken: list[dict[str, Any]] = []
    real = avoplan.store.cache.prefill.Prefill.take

    def take(self: avoplan.store.cache.prefill.Prefill) -> dict[str, Any]:
        found = real(self)
        taken.append(dict(found))  # the reader pops each file as it reads it
        return found

    monkeypatch.setattr(avoplan.store.cache.prefill.Prefill, "take", take)
    return taken


@pytest.mark.slow
def test_the_second_process_parses_the_later_files_and_the_findings_stay(
    cli: Cli, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _split(monkeypatch, idle=False)
    alone = report(cli, demo, "--no-cache")
    _split(monkeypatch, idle=True)
    taken = _watched(monkeypatch)
    split = report(cli, demo, "--no-cache")
    assert split == alone
    assert alone["fel"] >= 3
    # It parsed its share, the later files, less those that do not read or parse (their
    # findings are worded here).
    from avoplan.store.loader import portfolio_files

    files = [str(path.relative_to(demo)) for path, _ in portfolio_files(demo)]
    later = files[len(files) - int(len(files) * avoplan.store.cache.prefill.SHARE) :]
    needs = sorted(path.name for path in (demo / "behov").glob("*.yaml"))
    broken = {f"behov/{needs[-1]}", f"behov/{needs[-3]}"}
    assert len(taken) == 1
    assert sorted(taken[0]) == sorted(set(later) - broken)
    assert f"behov/{needs[-2]}" in taken[0]  # refused only by validation, here


FAILURES: list[tuple[str, Callable[[pytest.MonkeyPatch], None]]] = [
    (
        "no fork",
        lambda mp: mp.setattr(os, "fork", _refused),
    ),
    (
        "the child fails",
        lambda mp: mp.setattr(avoplan.store.cache.prefill, "parsed_files", _failing),
    ),
    (
        "the child dies",
        lambda mp: mp.setattr(avoplan.store.cache.prefill, "parsed_files", _dying),
    ),
]


def _refused() -> int:
    raise OSError(11, "Resource temporarily unavailable")


def _failing(files: list[Path], digests: bool) -> Any:
    raise RuntimeError("a bug in the second process")


def _dying(files: list[Path], digests: bool) -> Any:
    os._exit(9)


@pytest.mark.slow
@pytest.mark.parametrize("failure", [f[1] for f in FAILURES], ids=[f[0] for f in FAILURES])
def test_a_second_process_that_fails_only_means_reading_here(
    cli: Cli, demo: Path, monkeypatch: pytest.MonkeyPatch, failure: Any
) -> None:
    _split(monkeypatch, idle=False)
    alone = report(cli, demo, "--no-cache")
    _split(monkeypatch, idle=True)
    failure(monkeypatch)
    taken = _watched(monkeypatch)
    assert report(cli, demo, "--no-cache") == alone
    assert taken in ([], [{}])  # nothing handed back: every file was read here


def _sleeping(files: list[Path], digests: bool) -> Any:
    time.sleep(60)


def _interrupted_soon() -> None:
    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.3)


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_ctrl_c_while_waiting_for_the_second_process_stops_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Ctrl-C while this process waits for the second one's answer: the interrupt goes
    on (one line, exit 130), the child is stopped and reaped, and closing the cache
    after it is no second error."""
    from avoplan.store.cache.prefill import Prefill

    monkeypatch.setattr(avoplan.store.cache.prefill, "parsed_files", _sleeping)
    files = [tmp_path / f"{n}.yaml" for n in range(10)]
    prefill = Prefill(files, str, digests=False)
    pid = prefill._child._pid
    assert pid is not None
    previous = signal.getsignal(signal.SIGALRM)
    try:
        _interrupted_soon()
        with pytest.raises(KeyboardInterrupt):
            prefill.take()
    finally:
        signal.signal(signal.SIGALRM, previous)
    prefill.close()
    assert _gone(pid)


def test_ctrl_c_while_waiting_for_the_replays_stops_the_child() -> None:
    from avoplan.store.cache.forked import apart

    child = apart(lambda: time.sleep(60))
    pid = child._pid
    assert pid is not None
    previous = signal.getsignal(signal.SIGALRM)
    try:
        _interrupted_soon()
        with pytest.raises(KeyboardInterrupt):
            child()
    finally:
        signal.signal(signal.SIGALRM, previous)
    child.cancel()
    assert _gone(pid)
