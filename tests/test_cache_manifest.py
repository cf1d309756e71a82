"""The warm check's manifest (issue 14): an unchanged portfolio is answered from file
metadata alone, and any change a user can make to the files is still seen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import forkserver
from tests.helpers import Cli, replace_in, settle
from tests.helpers import check_report as report


def settled(portfolio: Path) -> None:
    """Let the files age past the racy window, as files in a checkout have."""
    settle(portfolio)


def test_an_unchanged_portfolio_is_answered_without_loading(
    cli: Cli, portfolio: Path, loads: list[Path]
) -> None:
    settled(portfolio)
    first = report(cli, portfolio)
    assert (portfolio / ".avoplan-cache" / "manifest.tsv").is_file()
    loads.clear()
    assert report(cli, portfolio) == first
    assert loads == []


def test_files_changed_just_before_a_check_are_not_trusted_later(
    cli: Cli, portfolio: Path, loads: list[Path]
) -> None:
    # A file changed just before the listing (here: stamped a second ahead, so that a slow
    # machine cannot make the change look old) is too recent to trust by its times.
    path = portfolio / "behov" / "BEH-005.yaml"
    ahead = time.time_ns() + 1_000_000_000
    os.utime(path, ns=(ahead, ahead))
    report(cli, portfolio)
    loads.clear()
    report(cli, portfolio)
    assert loads == [portfolio]


def _edit(portfolio: Path) -> None:
    replace_in(
        portfolio / "behov" / "BEH-005.yaml",
        "kontaktperson: petra-johansson",
        "kontaktperson: petra-johanson",
    )


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
    ("edit", _edit),
    ("same-size edit, mtime restored", _same_size_edit),
    ("remove", _remove),
    ("stray file", _add_stray),
    ("two files swapped", _swap),
    ("folder gone", _unreadable_folder),
    ("damaged cache", _damaged_cache),
]


@pytest.mark.parametrize("change", [c[1] for c in CHANGES], ids=[c[0] for c in CHANGES])
def test_every_change_is_seen_by_the_next_warm_check(
    cli: Cli, portfolio: Path, change: Callable[[Path], None]
) -> None:
    settled(portfolio)
    report(cli, portfolio)
    change(portfolio)
    assert report(cli, portfolio) == report(cli, portfolio, "--no-cache")


@pytest.mark.slow
def test_two_cores_give_the_same_answer_as_one(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold read splits the files with a second process, and the needs' replays run in
    a forked child beside the other rules; the findings must not change."""
    import avoplan.store.cache.entries
    import avoplan.store.cache.forked

    monkeypatch.setattr(avoplan.store.cache.entries, "spare_core", lambda: True)
    monkeypatch.setattr(avoplan.store.cache.cores, "spare_core", lambda: True)
    split: list[bool] = []
    real = avoplan.store.cache.entries.Cache.prefill

    def watched(self: avoplan.store.cache.entries.Cache, files: Any) -> None:
        real(self, files)
        split.append(self._prefill is not None)

    monkeypatch.setattr(avoplan.store.cache.entries.Cache, "prefill", watched)
    forks: list[bool] = []
    real_apart = avoplan.store.cache.forked.apart

    def counted(compute: Callable[[], Any]) -> Callable[[], Any]:
        forks.append(True)
        return real_apart(compute)

    monkeypatch.setattr(avoplan.store.cache.forked, "apart", counted)
    demo = tmp_path / "demo"
    assert (
        cli(
            "demo-portfolio", "-n", str(avoplan.store.cache.cores.PARALLEL_MIN + 50), "-o", demo
        ).exit_code
        == 0
    )
    needs = sorted((demo / "behov").glob("*.yaml"))
    replace_in(needs[-1], "steg:", "steg: [")  # a broken file in the second process's half
    replace_in(needs[-2], "titel:", "titlar:")
    parallel = report(cli, demo, "--no-cache")
    cached = report(cli, demo)
    assert split[-2:] == [True, True]  # both cold reads were split over two processes
    assert forks == [True]  # and the one without a replay memo ran them apart
    monkeypatch.setattr(avoplan.store.cache.entries, "PARALLEL_MIN", 10**9)
    monkeypatch.setattr(avoplan.store.cache.cores, "PARALLEL_MIN", 10**9)
    serial = report(cli, demo, "--no-cache")
    assert forks == [True]  # the serial run replayed the needs here
    assert parallel == serial == cached
    assert serial["fel"] >= 2


# --- the warm check before the command line is built (fast_path) ---------------------------


def real_check(
    portfolio: Path, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`avoplan check …` as a user runs it: a process through the console script's entry
    (forked from the fork server, tests/forkserver.py; `fast_answer` is what asks which
    libraries a fresh interpreter imports)."""
    return forkserver.run(
        ["check", *args],
        cwd=cwd or portfolio,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def fast_answer(portfolio: Path, *args: str) -> tuple[int | None, set[str]]:
    """What `fast_path.answer` gives for `check ARGS` in a fresh interpreter, and which of
    the heavy libraries it imported to give it."""
    probe = (
        "import json, sys\nfrom avoplan.cli.fast_path import answer\n"
        f"code = answer(['check', *{list(args)!r}])\n"
        "heavy = sorted(m for m in ('typer', 'click', 'pydantic', 'pydantic_core', "
        "'ruamel', 'yaml', 'avoplan.models') if m in sys.modules)\n"
        "sys.stderr.write(json.dumps([code, heavy]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=portfolio,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    code, heavy = json.loads(done.stderr.strip().splitlines()[-1])
    return code, set(heavy)


def warmed(portfolio: Path) -> None:
    settled(portfolio)
    assert real_check(portfolio).returncode in (0, 1)


@pytest.mark.parametrize(
    "form", [(), ("-p", "."), ("--portfolio=.",), ("-f", "json"), ("--format", "text", "-p", ".")]
)
def test_a_warm_check_is_answered_without_typer_pydantic_or_the_models(
    portfolio: Path, form: tuple[str, ...]
) -> None:
    warmed(portfolio)
    code, heavy = fast_answer(portfolio, *form)
    assert code in (0, 1)
    assert heavy == set()


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_the_fast_answer_is_the_full_checks_answer(portfolio: Path, output_format: str) -> None:
    replace_in(
        portfolio / "behov" / "BEH-005.yaml",
        "kontaktperson: petra-johansson",
        "kontaktperson: ingen-alls",
    )  # an error, so the exit code and a line matter
    warmed(portfolio)
    assert fast_answer(portfolio, "-f", output_format)[0] == 1
    fast = real_check(portfolio, "-f", output_format)
    full = real_check(portfolio, "-f", output_format, "--no-cache")
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        full.returncode,
        full.stdout,
        full.stderr,
    )
    assert "BEH-005" in fast.stdout


@pytest.mark.parametrize(
    "form",
    [
        ("--no-cache",),
        ("--help",),
        ("-f", "xml"),
        ("-p",),
        ("-p", ".", "-p", "."),
        ("--bogus",),
        ("-p", "\udcff"),
    ],
)
def test_other_forms_go_to_the_full_command_line(portfolio: Path, form: tuple[str, ...]) -> None:
    warmed(portfolio)
    assert fast_answer(portfolio, *form)[0] is None


def _journal(portfolio: Path) -> None:
    (portfolio / ".avoplan-journal.json").write_text("{}", encoding="utf-8")


def _synced(portfolio: Path) -> None:
    sync = portfolio / ".avoplan-cache" / "federation" / "synk.json"
    sync.parent.mkdir(parents=True, exist_ok=True)
    sync.write_text("{}", encoding="utf-8")


def _other_day(portfolio: Path) -> None:
    manifest = portfolio / ".avoplan-cache" / "manifest.tsv"
    head, rest = manifest.read_text(encoding="utf-8").split("\n", 1)
    fields = head.split(" ")
    fields[7] = "2000-01-01"
    manifest.write_text(" ".join(fields) + "\n" + rest, encoding="utf-8")


FALLBACKS = [
    ("a decision to finish", _journal),
    ("a new federation sync", _synced),
    ("made another day", _other_day),
    *CHANGES,
]


@pytest.mark.parametrize("change", [c[1] for c in FALLBACKS], ids=[c[0] for c in FALLBACKS])
def test_the_fast_answer_is_never_given_after_a_change(
    portfolio: Path, change: Callable[[Path], None]
) -> None:
    warmed(portfolio)
    change(portfolio)
    assert fast_answer(portfolio)[0] is None


def test_the_marker_is_the_organisation_files_name() -> None:
    from avoplan.models.portfolio import ORGANISATION
    from avoplan.store.files import PORTFOLIO_MARKER

    assert str(ORGANISATION.file) == PORTFOLIO_MARKER


# --- other commands trust the per-file cache while the manifest holds ----------------------


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every portfolio file whose bytes are read."""
    from avoplan.store import yaml_io

    seen: list[Path] = []
    real = yaml_io.read_bytes

    def counting(path: Path) -> bytes:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(yaml_io, "read_bytes", counting)
    return seen


@pytest.mark.parametrize(
    "command", [("prioritet", "--format", "json"), ("list", "--format", "json")]
)
def test_unchanged_files_are_not_read_again_after_a_check(
    cli: Cli, portfolio: Path, reads: list[Path], command: tuple[str, ...]
) -> None:
    settled(portfolio)
    report(cli, portfolio)
    report(cli, portfolio)  # the manifest
    reads.clear()
    trusted = cli(*command, "-p", portfolio)
    assert trusted.exit_code == 0, trusted.output
    assert not [p for p in reads if p.parent.name in ("behov", "projekt")]
    _edit(portfolio)  # one file changed: nothing is trusted by its listing any more
    replace_in(
        portfolio / "behov" / "BEH-005.yaml",
        "kontaktperson: petra-johanson",
        "kontaktperson: petra-johansson",
    )  # the same bytes again, but a new ctime
    reads.clear()
    again = cli(*command, "-p", portfolio)
    assert again.stdout == trusted.stdout
    assert len([p for p in reads if p.parent.name == "behov"]) > 5


@pytest.mark.parametrize(
    ("running", "load", "cores", "spare"),
    [
        (1, 1.9, 2, True),
        (2, 1.1, 2, True),
        (2, 1.5, 2, False),
        (3, 2.5, 4, True),
        (5, 3.2, 4, True),
        (5, 3.5, 4, False),
        (1, 0.0, 1, False),
    ],
)
def test_a_second_process_only_when_a_core_is_idle(
    monkeypatch: pytest.MonkeyPatch, running: int, load: float, cores: int, spare: bool
) -> None:
    import avoplan.store.cache.cores

    monkeypatch.setattr(avoplan.store.cache.cores, "running_now", lambda: running)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: set(range(cores)))
    assert avoplan.store.cache.cores.spare_core() is spare


def test_the_kernel_counts_this_process_as_running() -> None:
    from avoplan.store.cache.cores import running_now as _running_now

    assert (_running_now() or 0) >= 1


# --- the overview that `list` shows, kept whole while the manifest holds --------------------


def test_the_overview_keeps_every_field_a_row_shows(portfolio: Path) -> None:
    from datetime import date

    from avoplan.documents.oversikt import essentials, rad
    from avoplan.workspace.folder import Workspace

    loaded = Workspace(portfolio).portfolio()
    org, today = loaded.organisation, date(2026, 11, 23)
    for typ, items in (("behov", loaded.behov), ("projekt", loaded.projekt)):
        for item in items.values():
            data = item.model_dump(mode="json")
            assert rad(essentials(data), typ, org, today) == rad(data, typ, org, today)


def test_a_kept_overview_is_used_while_nothing_changed(
    cli: Cli, portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import avoplan.store.cache.entries

    calls: list[Path] = []
    real = avoplan.store.cache.entries.Cache.data

    def counting(self: avoplan.store.cache.entries.Cache, path: Path, model: Any) -> Any:
        calls.append(path)
        return real(self, path, model)

    monkeypatch.setattr(avoplan.store.cache.entries.Cache, "data", counting)
    settled(portfolio)
    report(cli, portfolio)
    report(cli, portfolio)  # the manifest
    first = cli("list", "-p", portfolio, "--format", "json")
    assert (portfolio / ".avoplan-cache" / "oversikt.json").is_file()
    kept = cli("list", "-p", portfolio, "--format", "json")
    assert calls == [] and kept.stdout == first.stdout
    replace_in(portfolio / "behov" / "BEH-005.yaml", "titel: ", "titel: Ändrad ")
    changed = cli("list", "-p", portfolio, "--format", "json")
    assert calls and "Ändrad " in changed.stdout
