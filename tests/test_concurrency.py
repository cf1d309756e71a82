"""Writes that survive parallel commands and kill -9 (issue 14): the portfolio lock,
compare-before-write, exclusive ids, the journal of a two-file decision, and edits that
keep every byte they do not change. Parallel runs are real processes, not threads."""

from __future__ import annotations

import contextlib
import random
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from avoplan.store.yaml_io import parse
from tests import forkserver
from tests.helpers import Cli, replace_in

TODAY = "2025-11-24"
TIMEOUT = 120


def start(*args: str | Path) -> forkserver.Process:
    """`python -m avoplan ARGS`, forked from the fork server (tests/forkserver.py)."""
    return forkserver.popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(processes: list[forkserver.Process]) -> list[tuple[int, str]]:
    results = []
    for process in processes:
        out, err = process.communicate(timeout=TIMEOUT)
        results.append((process.wait(), (out + err).decode("utf-8", "replace")))
    return results


def data(path: Path) -> dict[str, Any]:
    result = parse(path.read_text(encoding="utf-8"))
    assert isinstance(result, dict)
    return result


def every_file_parses(root: Path) -> None:
    for path in root.rglob("*.yaml"):
        if ".avoplan-cache" not in path.parts:
            parse(path.read_text(encoding="utf-8"))


def leftovers(root: Path) -> list[Path]:
    """Temp files and journals a finished command must never leave."""
    return [p for p in root.rglob("*") if p.name.endswith(".tmp") or p.name == JOURNAL]


JOURNAL = ".avoplan-journal.json"


# --- parallel commands -----------------------------------------------------------------


@pytest.mark.slow
def test_six_parallel_new_behov_get_six_ids_and_six_files(portfolio: Path) -> None:
    before = {p.name for p in (portfolio / "behov").glob("*.yaml")}
    results = finish(
        [
            start(
                "new",
                "behov",
                "--titel",
                f"Parallellt behov {n}",
                "--avdelning",
                "hemtjanst",
                "-p",
                portfolio,
            )
            for n in range(6)
        ]
    )
    assert all(code == 0 for code, _ in results), results
    created = sorted({p.name for p in (portfolio / "behov").glob("*.yaml")} - before)
    assert len(created) == 6, created
    titles = {data(portfolio / "behov" / name)["titel"] for name in created}
    assert titles == {f"Parallellt behov {n}" for n in range(6)}
    said = sorted(text.split("Registrerade ")[1].split(":")[0] for _, text in results)
    assert said == [name.removesuffix(".yaml") for name in created]
    assert leftovers(portfolio) == []


def test_parallel_advance_of_one_need_loses_no_decision(portfolio: Path) -> None:
    need = portfolio / "behov" / "BEH-010.yaml"
    results = finish(
        [
            start(
                "advance",
                "BEH-010",
                "--to",
                "grovsållning",
                "--motivering",
                f"Beslut nummer {n}",
                "--beslutad-av",
                "karin-holm",
                "--datum",
                TODAY,
                "-p",
                portfolio,
            )
            for n in range(6)
        ]
    )
    decisions = data(need)["beslut"]
    accepted = [n for n, (code, _) in enumerate(results) if code == 0]
    assert len(accepted) == 1, results  # one move from insamling; the rest are refused
    assert [d["motivering"] for d in decisions] == [f"Beslut nummer {accepted[0]}"]
    for code, text in results:
        assert code in (0, 1), text
        assert "Traceback" not in text and "oväntat fel" not in text
    every_file_parses(portfolio)
    assert leftovers(portfolio) == []


def test_parallel_advance_of_different_needs_all_land(portfolio: Path) -> None:
    moves = [("BEH-010", "karin-holm"), ("BEH-012", "johan-ek"), ("BEH-013", "karin-holm")]
    results = finish(
        [
            start(
                "advance",
                need,
                "--to",
                "grovsållning",
                "--motivering",
                f"Parallellt {need}",
                "--beslutad-av",
                who,
                "--datum",
                TODAY,
                "-p",
                portfolio,
            )
            for need, who in moves
        ]
    )
    assert all(code == 0 for code, _ in results), results
    for need, _ in moves:
        assert (
            data(portfolio / "behov" / f"{need}.yaml")["beslut"][-1]["motivering"]
            == f"Parallellt {need}"
        )
    assert leftovers(portfolio) == []


# --- kill -9 ---------------------------------------------------------------------------


def independent(portfolio: Path) -> None:
    """BEH-018 without its dependency on BEH-017, which has not started (R35)."""
    from tests.helpers import replace_in

    replace_in(portfolio / "behov" / "BEH-018.yaml", "beroenden: [BEH-017]\n", "")


def bp4(portfolio: Path) -> forkserver.Process:
    """A plain interpreter, as a user starts it: the kill -9 moments below span its start."""
    return subprocess.Popen(
        [sys.executable, "-m", "avoplan", *map(str, _BP4), "-p", portfolio],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


_BP4 = (
    "advance",
    "BEH-018",
    "--to",
    "projekt",
    "--motivering",
    "Start",
    "--beslutad-av",
    "oskar-dahl",
    "--datum",
    TODAY,
)


@pytest.mark.slow
def test_kill_9_during_bp4_never_leaves_a_broken_portfolio(tmp_path: Path, cli: Cli) -> None:
    """Kill the step-4 move at random moments: afterwards `check` finds the portfolio
    whole (the decision either happened completely or not at all), no temp file or
    journal remains, and the move can then be made."""
    from tests.helpers import EMBEDDED, copy_portfolio

    rng = random.Random(14)
    for attempt in range(12):
        root = copy_portfolio(EMBEDDED, tmp_path / f"p{attempt}")
        independent(root)
        process = bp4(root)
        # The kill at a random moment of the first 1.2 s, or none if the move is done by
        # then (about 0.3 s on a quiet machine): no sleeping on past a finished process.
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=rng.uniform(0.05, 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
        checked = cli("check", "-p", root)
        assert checked.exit_code == 0, checked.output
        need = data(root / "behov" / "BEH-018.yaml")
        project = root / "projekt" / "PRJ-026.yaml"
        if need["steg"] == "projekt":
            assert need["projekt"] == ["PRJ-026"] and data(project)["behov"] == "BEH-018"
        else:
            assert not project.exists()
            again = finish([start(*_BP4, "-p", root)])[0]  # not killed: a forked start will do
            assert again[0] == 0, again
        every_file_parses(root)
        assert leftovers(root) == []


def test_a_bp4_interrupted_between_its_files_is_completed_by_the_next_command(
    portfolio: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal: a decision interrupted after its project but before its need is
    finished by the next `check` (or writing command), which says so."""
    from avoplan.store import edits

    real = edits.write_one
    calls: list[Path] = []

    def dies_at_the_need(file: Path, text: str) -> None:
        calls.append(file)
        if file.name == "BEH-018.yaml":
            raise KeyboardInterrupt  # as good as kill -9 for what is on disk
        real(file, text)

    monkeypatch.setattr(edits, "write_one", dies_at_the_need)
    independent(portfolio)
    result = cli(*_BP4, "-p", portfolio)
    assert result.exit_code == 130
    assert (portfolio / JOURNAL).exists() and (portfolio / "projekt" / "PRJ-026.yaml").exists()
    assert data(portfolio / "behov" / "BEH-018.yaml")["steg"] != "projekt"
    monkeypatch.setattr(edits, "write_one", real)
    checked = cli("check", "-p", portfolio)
    assert checked.exit_code == 0, checked.output
    assert "slutförde ett beslut som avbröts" in checked.stderr
    assert data(portfolio / "behov" / "BEH-018.yaml")["projekt"] == ["PRJ-026"]
    assert leftovers(portfolio) == []


def test_a_journal_over_a_file_changed_since_is_refused_not_applied(
    portfolio: Path, cli: Cli
) -> None:
    import json

    need = portfolio / "behov" / "BEH-010.yaml"
    entry = {"fil": "behov/BEH-010.yaml", "före": "0" * 32, "text": "id: BEH-010\n"}
    (portfolio / JOURNAL).write_text(json.dumps([entry]), encoding="utf-8")
    before = need.read_bytes()
    result = cli("new", "behov", "--titel", "T", "--avdelning", "hemtjanst", "-p", portfolio)
    assert result.exit_code == 1
    assert "avbrutet beslut kan inte slutföras" in result.stderr
    assert need.read_bytes() == before


# --- compare before write --------------------------------------------------------------


def test_a_need_changed_while_advance_works_is_not_overwritten(
    portfolio: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from avoplan.behovsprocess import nytt_beslut
    from avoplan.commands import advance

    need = portfolio / "behov" / "BEH-010.yaml"
    real = nytt_beslut.decide  # what advance calls

    def meanwhile(*args: Any, **kwargs: Any) -> Any:
        replace_in(need, "beslut: []", "# ändrat av en kollega\nbeslut: []")
        return real(*args, **kwargs)

    monkeypatch.setattr(advance, "decide", meanwhile)
    result = cli(
        "advance",
        "BEH-010",
        "--to",
        "grovsållning",
        "--motivering",
        "ok",
        "--beslutad-av",
        "karin-holm",
        "--datum",
        TODAY,
        "-p",
        portfolio,
    )
    assert result.exit_code == 1
    assert "ändrades medan avoplan arbetade" in result.stderr
    assert "# ändrat av en kollega" in need.read_text(encoding="utf-8")
    assert data(need)["beslut"] == []


# --- every byte kept -------------------------------------------------------------------

KEPT = [
    # (line ending, title as written in the file)
    ("\n", '"Före\u0085efter"'),
    ("\r\n", '"Före\u0085efter"'),
    ("\r\n", "Vanlig titel"),
    ("\n", '"Rad\u2028avgränsare och \u2029stycke"'),
    ("\r\n", '"Rad\u2028avgränsare"'),
    ("\n", '"Escape \\u0085 och \\N"'),
    ("\n", "'Enkla ''citat'' och # inte kommentar'"),
    ("\r\n", '"Tab\there"'),
]


@pytest.mark.parametrize(("newline", "title"), KEPT, ids=[f"{n!r}-{t[:12]!r}" for n, t in KEPT])
def test_an_edit_keeps_every_line_and_character_it_does_not_change(
    portfolio: Path, cli: Cli, newline: str, title: str
) -> None:
    need = portfolio / "behov" / "BEH-010.yaml"
    lines = need.read_text(encoding="utf-8").split("\n")
    lines = [f"titel: {title}" if line.startswith("titel:") else line for line in lines]
    need.write_bytes(newline.join(lines).encode("utf-8"))
    original = need.read_bytes().decode("utf-8").split(newline)
    result = cli(
        "advance",
        "BEH-010",
        "--to",
        "grovsållning",
        "--motivering",
        "ok",
        "--beslutad-av",
        "karin-holm",
        "--datum",
        TODAY,
        "-p",
        portfolio,
    )
    assert result.exit_code == 0, result.output
    after = need.read_bytes().decode("utf-8")
    if newline == "\r\n":
        assert after.count("\n") == after.count("\r\n")
    edited = after.split(newline)
    kept = [line for line in original if not line.startswith(("steg:", "beslut:"))]
    assert all(line in edited for line in kept), set(kept) - set(edited)
    assert f"titel: {title}" in edited


# --- answers that leave files out say so -----------------------------------------------


@pytest.mark.parametrize("command", [("list",), ("list", "--steg", "insamling")])
def test_list_warns_about_files_it_cannot_read(
    portfolio: Path, cli: Cli, command: tuple[str, ...]
) -> None:
    (portfolio / "behov" / "BEH-010.yaml").write_text("titel: [\n", encoding="utf-8")
    result = cli(*command, "-p", portfolio)
    assert "Varning" in result.stderr and "BEH-010.yaml" in result.stderr


def test_no_temp_file_survives_a_refused_write(portfolio: Path, cli: Cli) -> None:
    result = cli(
        "advance",
        "BEH-010",
        "--to",
        "beredning",
        "--motivering",
        "ok",
        "--beslutad-av",
        "karin-holm",
        "-p",
        portfolio,
    )
    assert result.exit_code == 1
    stale = portfolio / "behov" / ".BEH-010.yaml.abcd1234.avoplan.tmp"
    stale.write_text("halv", encoding="utf-8")
    done = cli("new", "behov", "--titel", "T", "--avdelning", "hemtjanst", "-p", portfolio)
    assert done.exit_code == 0 and not stale.exists()  # swept under the lock
