"""The warm check's manifest (issue 14): an unchanged portfolio is answered from file
metadata alone, and any change a user can make to the files is still seen."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from avoplan import loader
from tests.helpers import Cli, replace_in


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The portfolios `check` loads file by file (the manifest's point is skipping it)."""
    seen: list[Path] = []
    real = loader._load_portfolio

    def counting(root: Path, read: Any) -> Any:
        seen.append(root)
        return real(root, read)

    monkeypatch.setattr(loader, "_load_portfolio", counting)
    return seen


def report(cli: Cli, portfolio: Path, *flags: str) -> dict[str, Any]:
    result = cli("check", "-p", portfolio, "--format", "json", *flags)
    assert result.exit_code in (0, 1), result.output
    body: dict[str, Any] = json.loads(result.stdout)
    return body


def settled(portfolio: Path) -> None:
    """Let the files age past the racy window, as files in a checkout have."""
    time.sleep(0.3)


def test_an_unchanged_portfolio_is_answered_without_loading(cli: Cli, portfolio: Path,
                                                            loads: list[Path]) -> None:
    settled(portfolio)
    first = report(cli, portfolio)
    assert (portfolio / ".avoplan-cache" / "manifest.tsv").is_file()
    loads.clear()
    assert report(cli, portfolio) == first
    assert loads == []


def test_files_changed_just_before_a_check_are_not_trusted_later(cli: Cli, portfolio: Path,
                                                                 loads: list[Path]) -> None:
    report(cli, portfolio)  # the copy was made moments ago: too recent to trust by times
    loads.clear()
    report(cli, portfolio)
    assert loads == [portfolio]


def _edit(portfolio: Path) -> None:
    replace_in(portfolio / "behov" / "BEH-005.yaml", "kontaktperson: petra-johansson",
               "kontaktperson: petra-johanson")


def _same_size_edit(portfolio: Path) -> None:
    path = portfolio / "behov" / "BEH-005.yaml"
    info = path.stat()
    replace_in(path, "kontaktperson: petra-johansson", "kontaktperson: petra-johanssox")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # mtime put back: ctime tells


def _remove(portfolio: Path) -> None:
    (portfolio / "behov" / "BEH-005.yaml").unlink()


def _add_stray(portfolio: Path) -> None:
    (portfolio / "behov" / "BEH-099.yml").write_text("id: BEH-099\n", encoding="utf-8")


def _swap(portfolio: Path) -> None:
    folder = portfolio / "behov"
    (folder / "BEH-005.yaml").rename(folder / "tmp")
    (folder / "BEH-006.yaml").rename(folder / "BEH-005.yaml")
    (folder / "tmp").rename(folder / "BEH-006.yaml")


def _unreadable_folder(portfolio: Path) -> None:
    (portfolio / "projekt").rename(portfolio / "projekt-borta")


def _damaged_cache(portfolio: Path) -> None:
    cache = portfolio / ".avoplan-cache" / "check.tsv"
    cache.write_text(cache.read_text(encoding="utf-8")[:-200], encoding="utf-8")


CHANGES: list[tuple[str, Callable[[Path], None]]] = [
    ("edit", _edit), ("same-size edit, mtime restored", _same_size_edit), ("remove", _remove),
    ("stray file", _add_stray), ("two files swapped", _swap), ("folder gone", _unreadable_folder),
    ("damaged cache", _damaged_cache),
]


@pytest.mark.parametrize("change", [c[1] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_every_change_is_seen_by_the_next_warm_check(cli: Cli, portfolio: Path,
                                                     change: Callable[[Path], None]) -> None:
    settled(portfolio)
    report(cli, portfolio)
    change(portfolio)
    assert report(cli, portfolio) == report(cli, portfolio, "--no-cache")


def test_two_cores_give_the_same_answer_as_one(cli: Cli, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold read splits the files with a second process; the findings must not change."""
    import avoplan.cache

    monkeypatch.setattr(avoplan.cache, "spare_core", lambda: True)
    split: list[bool] = []
    real = avoplan.cache.Cache.prefill

    def watched(self: avoplan.cache.Cache, files: Any) -> None:
        real(self, files)
        split.append(self._pending is not None)

    monkeypatch.setattr(avoplan.cache.Cache, "prefill", watched)
    demo = tmp_path / "demo"
    assert cli("demo-portfolio", "-n", str(avoplan.cache.PARALLEL_MIN + 50), "-o",
               demo).exit_code == 0
    needs = sorted((demo / "behov").glob("*.yaml"))
    replace_in(needs[-1], "steg:", "steg: [")  # a broken file in the second process's half
    replace_in(needs[-2], "titel:", "titlar:")
    parallel = report(cli, demo, "--no-cache")
    cached = report(cli, demo)
    assert split[-2:] == [True, True]  # both cold reads were split over two processes
    monkeypatch.setattr(avoplan.cache, "PARALLEL_MIN", 10**9)
    serial = report(cli, demo, "--no-cache")
    assert parallel == serial == cached
    assert serial["fel"] >= 2
