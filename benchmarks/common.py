"""What every bench script shares: the rows and their verdicts, running avoplan and git,
timing whole commands, and the demo portfolio's facts the writing rows need. The scripts
(run, site, writes, listing) import from here and never from one another, except that
`run` gathers their rows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


def kind_files() -> dict[str, str]:
    """Schema name -> glob of the files it describes, as `avoplan schema` exports them."""
    from avoplan.models.portfolio import KINDS

    return {kind.name: kind.glob for kind in KINDS}


GIT_ENV = {
    "GIT_AUTHOR_NAME": "avoplan bench",
    "GIT_AUTHOR_EMAIL": "bench@avo.exempel.se",
    "GIT_COMMITTER_NAME": "avoplan bench",
    "GIT_COMMITTER_EMAIL": "bench@avo.exempel.se",
}


@dataclass
class Row:
    name: str
    seconds: float | None
    ratio_target: float | None = None  # at most this many times the reference
    seconds_target: float | None = None
    note: str = ""
    reference: str = "check-jsonschema"
    kilobytes: int | None = None  # peak memory (max RSS) of the best run
    kb_per_file_target: float | None = None
    cpu_seconds: float | None = None  # user + sys of the best-timed kind of run, where taken


class BenchError(Exception):
    """A step the measurements depend on failed."""


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise BenchError(f"{name} saknas; kör 'make bench' (installerar dev-beroendena)")
    return found


def run(
    args: Sequence[str | Path],
    cwd: Path | None = None,
    ok: tuple[int, ...] = (0,),
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    if done.returncode not in ok:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise BenchError(
            f"{' '.join(map(str, args[:3]))} gav {done.returncode}: " + " | ".join(tail)
        )
    return done


def best_of(repeat: int, once: Callable[[int], object]) -> float:
    times = []
    for attempt in range(repeat):
        start = time.perf_counter()
        once(attempt)
        times.append(time.perf_counter() - start)
    return min(times)


def timed(repeat: int, args: Sequence[str | Path], cwd: Path | None = None) -> float:
    return best_of(repeat, lambda _: run(args, cwd=cwd))


def measured(
    repeat: int,
    args: Sequence[str | Path],
    cwd: Path | None = None,
    before: Callable[[], object] | None = None,
    env: dict[str, str] | None = None,
    ok: tuple[int, ...] = (0, 1),
) -> tuple[float, int]:
    """(best wall-clock seconds, peak memory in KB of that process) over `repeat` runs;
    `before` runs untimed ahead of each (e.g. a fresh clone); `env` is added to the
    environment; an exit code outside `ok` stops the bench with the command's error."""
    best: tuple[float, int] | None = None
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(
                [str(a) for a in args],
                cwd=cwd,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env={**os.environ, **(env or {})},
            )
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode not in ok:
                errors.seek(0)
                raise BenchError(
                    f"{' '.join(map(str, args[:3]))} gav {process.returncode}: "
                    + errors.read().decode(errors="replace").strip()[-300:]
                )
        if best is None or seconds < best[0]:
            best = (seconds, usage.ru_maxrss)
    assert best is not None
    return best


def has_command(*words: str) -> str | None:
    """The --help text of `avoplan WORDS`, or None when the command does not exist."""
    done = subprocess.run(
        [tool("avoplan"), *words, "--help"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    return done.stdout if done.returncode == 0 else None


def git_commit_all(portfolio: Path) -> None:
    run(["git", "init", "-q"], cwd=portfolio)
    run(["git", "add", "-A"], cwd=portfolio)
    run(["git", "commit", "-q", "-m", "Demoportfölj för make bench"], cwd=portfolio, env=GIT_ENV)


def advance_args(help_text: str, portfolio: Path, need_id: str, chef: str) -> list[str | Path]:
    """The options the installed `advance` offers, filled in for a BP1 decision."""
    args: list[str | Path] = [
        tool("avoplan"),
        "advance",
        need_id,
        "--to",
        "grovsållning",
        "-p",
        portfolio,
    ]
    values = {
        "--av": chef,
        "--beslutad-av": chef,
        "--forum": "lokalt-utvecklingsteam",
        "--motivering": "Behovet är väl beskrivet (make bench).",
        "--protokoll": "BENCH-1",
    }
    offered = set(re.findall(r"--[a-zåäö-]+", help_text))
    for option, value in values.items():
        if option in offered:
            args += [option, value]
    return args


def needs_at_insamling(portfolio: Path, count: int) -> list[tuple[str, str, str]]:
    """(need id, its avdelningschef, the chef's e-mail) for the first needs at insamling."""
    from avoplan.models.behov import Behov
    from avoplan.workspace.folder import Workspace

    workspace = Workspace(portfolio)
    org = workspace.organisation()
    found: list[tuple[str, str, str]] = []
    for path in sorted((portfolio / "behov").glob("*.yaml")):
        if "\nsteg: insamling\n" not in path.read_text(encoding="utf-8"):
            continue
        need = workspace.load(path, Behov)
        unit = org.avdelning(need.avdelning)
        chef = org.person(unit.avdelningschef) if unit else None
        if chef is not None:
            found.append((need.id, chef.id, chef.epost))
        if len(found) == count:
            break
    return found


def verdict(row: Row, references: dict[str, float], files: int) -> tuple[str, str, bool]:
    """(ratio text, target text, met) for one row."""
    if row.seconds is None:
        return "–", _target_text(row), True
    reference = references.get(row.reference)
    ratio = row.seconds / reference if reference else None
    met = True
    if row.ratio_target is not None and ratio is not None:
        met = ratio <= row.ratio_target
    elif row.seconds_target is not None:
        met = row.seconds <= row.seconds_target
    if row.kb_per_file_target is not None and row.kilobytes is not None:
        met &= row.kilobytes / files <= row.kb_per_file_target
    ratio_text = f"{ratio:.2f}× {SHORT.get(row.reference, '')}" if ratio is not None else "–"
    return ratio_text, _target_text(row), met


SHORT = {
    "check-jsonschema": "cj",
    "cj CPU": "cj CPU",
    "golv": "golv",
    "stat": "stat",
    "git log": "git log",
    "git diff": "git diff",
}


def _target_text(row: Row) -> str:
    parts = []
    if row.ratio_target is not None:
        parts.append(f"≤ {row.ratio_target:g}× {SHORT[row.reference]}")
    if row.seconds_target is not None:
        parts.append(f"≤ {row.seconds_target:g} s")
    if row.kb_per_file_target is not None:
        parts.append(f"≤ {row.kb_per_file_target:g} KB/fil")
    return ", ".join(parts) or "referens"


def print_table(rows: list[Row], references: dict[str, float], files: int, repeat: int) -> bool:
    print(
        f"\navoplan make bench: {files} filer, bäst av {repeat}, väggklocka i sekunder; "
        "kvot mot cj = check-jsonschema, golv = libyaml + pydantic i en process, "
        "stat = stat-manifest; minne = max RSS\n"
    )
    header = f"{'Kommando':40} {'Sekunder':>9} {'Kvot':>12} {'KB/fil':>7}  {'Mål':28} Resultat"
    print(header)
    print("-" * len(header))
    all_met = True
    for row in rows:
        ratio, target, met = verdict(row, references, files)
        seconds = f"{row.seconds:.2f}" if row.seconds is not None else "–"
        memory = f"{row.kilobytes / files:.1f}" if row.kilobytes is not None else "–"
        result = row.note or ("uppfyllt" if met else "MISSAT")
        all_met &= met
        print(f"{row.name:40} {seconds:>9} {ratio:>12} {memory:>7}  {target:28} {result}")
    return all_met


def step(text: str) -> None:
    print(f"… {text}", file=sys.stderr, flush=True)
