"""Rows of `make bench` for round 3 (issue 27): the writing commands (`advance`, `set`,
`matning`, `lägesrapport`) against `import pydantic`, `möte ny` on the demo portfolio
(every need awaiting a forum drafted onto its agenda), and the CPU time of a cold `check`
against check-jsonschema's CPU time over the same files, measured in the same run.

CPU time (user + system, the process and every process it waited for) is what a shared
CI runner bills and what another job on the machine loses; wall time on a machine shared
with other jobs is mostly waiting. `run.measure` calls these; the writing rows alone:

    python -m benchmarks.writes [--items N] [--repeat R]
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.common import BenchError, Row, has_command, step

MOTE_SECONDS = 3.0  # `möte ny` at 10 000 items
CHECK_CPU_RATIO = 0.05  # cold check's CPU against check-jsonschema's


def children_cpu(once: Callable[[], object]) -> float:
    """CPU seconds of the processes `once` started and waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    once()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def process_cpu(args: Sequence[str | Path], cwd: Path | None = None) -> float:
    """CPU seconds of one command (with its own child processes), its output dropped."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            [str(a) for a in args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            errors.seek(0)
            raise BenchError(
                f"{' '.join(map(str, args[:3]))}: "
                + errors.read().decode(errors="replace").strip()[-300:]
            )
    return usage.ru_utime + usage.ru_stime


def measure_check_cpu(
    avoplan: str, portfolio: Path, repeat: int, cj_cpu: float, references: dict[str, float]
) -> list[Row]:
    """Cold `check --no-cache` in CPU seconds (least of R) against check-jsonschema's."""
    references["cj CPU"] = cj_cpu
    step("avoplan check --no-cache (kall), CPU-tid")
    cold = min(
        process_cpu([avoplan, "check", "--no-cache", "-p", portfolio]) for _ in range(repeat)
    )
    return [
        Row("check-jsonschema, CPU-tid (referens)", cj_cpu, note="–", reference="cj CPU"),
        Row(
            "avoplan check --no-cache, CPU-tid",
            cold,
            ratio_target=CHECK_CPU_RATIO,
            reference="cj CPU",
        ),
    ]


def measure_mote_ny(avoplan: str, portfolio: Path, repeat: int) -> list[Row]:
    """`möte ny` for Styr- och samordningsgruppen, whose agenda gathers every need
    awaiting its decision; each run a new date, its file removed afterwards."""
    row = Row("avoplan möte ny (styrgruppen)", None, seconds_target=MOTE_SECONDS)
    if has_command("möte", "ny") is None:
        row.note = "hoppades över: kommandot finns inte i denna version"
        return [row]
    step("avoplan möte ny")
    folder = portfolio / "möten"
    existed = folder.exists()
    folder.mkdir(exist_ok=True)  # as after the first meeting: the listing stays the same
    # A registrator's portfolio has been checked: the warm manifest holds its findings.
    subprocess.run([avoplan, "check", "-p", str(portfolio)], capture_output=True, check=False)
    time.sleep(0.5)  # the files are older than the racy window of the manifest
    subprocess.run([avoplan, "check", "-p", str(portfolio)], capture_output=True, check=False)
    times: list[tuple[float, float]] = []
    for attempt in range(repeat):
        day = f"2031-01-{attempt + 10:02d}"
        args = [avoplan, "möte", "ny", "styr-och-samordningsgruppen", "--datum", day]
        try:
            times.append(cpu_and_wall([*args, "-p", str(portfolio)], portfolio, dict(os.environ)))
        except BenchError as exc:
            row.note = f"misslyckades: {exc}"
            return [row]
        for written in folder.glob(f"*{day}*.yaml"):
            written.unlink()
    if not existed and not any(folder.iterdir()):
        folder.rmdir()
    row.seconds = min(wall for _, wall in times)
    cpu = Row(f"{row.name} CPU-tid", statistics.median(c for c, _ in times),
              seconds_target=MOTE_SECONDS)  # fmt: skip
    return [row, cpu]


# --- the writing commands, CPU and wall, alternating with a reference -------------------

WRITE_SECONDS = 0.25  # advance, set, matning and lägesrapport at 10 000 items
PYDANTIC = "python -c 'import pydantic'"


def measure_writes(avoplan: str, portfolio: Path, repeat: int) -> list[Row]:
    """`advance` (BP1), `set`, `matning` and `lägesrapport`, each run 2R+1 times in turn
    with `python -c "import pydantic"` (what any command that validates a file pays at
    least), each write undone by `git checkout` between runs, untimed. Wall: best of the
    runs; CPU: the median (another job on the machine inflates it less)."""
    from benchmarks.common import GIT_ENV, advance_args, has_command, needs_at_insamling, run, tool

    help_text = has_command("advance")
    needs = needs_at_insamling(portfolio, 1)
    project = _running_project(portfolio)
    if help_text is None or not needs or project is None:
        return [Row("avoplan advance (BP1)", None, note="hoppades över: inget att besluta")]
    need_id, chef, email = needs[0]
    where = ["-p", str(portfolio)]
    commands: dict[str, list[str | Path]] = {
        "avoplan advance (BP1)": advance_args(help_text, portfolio, need_id, chef),
        "avoplan set": [avoplan, "set", need_id, "nytta=Mindre väntan (make bench).", *where],
        "avoplan matning": [avoplan, "matning", project, "--effektmål", "1", "--värde", "120",
                            "--källa", "Tidrapport (make bench)", *where],
        "avoplan lägesrapport": [avoplan, "lägesrapport", project, "--tid", "grön", "--kostnad",
                                 "gul", "--omfattning", "grön", *where],
    }  # fmt: skip
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_EMAIL": email}
    reference = [tool("python"), "-c", "import pydantic"]
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in [*commands, PYDANTIC]}
    step("avoplan advance, set, matning, lägesrapport (omväxlande med import pydantic)")
    for _ in range(2 * repeat + 1):
        for name, args in commands.items():
            runs[name].append(cpu_and_wall(args, portfolio, env))
            run(["git", "checkout", "-q", "."], cwd=portfolio)
            runs[PYDANTIC].append(cpu_and_wall(reference, portfolio, env))
    rows = []
    for name, measured in runs.items():
        target = None if name == PYDANTIC else WRITE_SECONDS
        rows += [
            Row(name, min(w for _, w in measured), seconds_target=target),
            Row(f"{name} CPU-tid", statistics.median(c for c, _ in measured),
                seconds_target=target),
        ]  # fmt: skip
    return rows


def cpu_and_wall(args: Sequence[str | Path], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one command that must succeed."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(a) for a in args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise BenchError(
                f"{' '.join(map(str, args[:3]))}: "
                + errors.read().decode(errors="replace").strip()[-300:]
            )
    return usage.ru_utime + usage.ru_stime, wall


def _running_project(portfolio: Path) -> str | None:
    """A running project with an effektmål (for matning and lägesrapport)."""
    for path in sorted((portfolio / "projekt").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "\nstatus: pågående\n" in text and "\n  effektmål:\n" in text:
            return path.stem
    return None


def main() -> int:
    """The writing rows alone, on a new demo portfolio (a git repository)."""
    import argparse
    import shutil
    import sys

    from benchmarks.common import git_commit_all, print_table, run, tool

    parser = argparse.ArgumentParser(prog="python -m benchmarks.writes")
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    avoplan, tmp = tool("avoplan"), Path(tempfile.mkdtemp(prefix="avoplan-bench-"))
    try:
        portfolio = tmp / "portfolio"
        step(f"Skapar en demoportfölj med {args.items} behov och projekt")
        run([avoplan, "demo-portfolio", "--items", str(args.items), "--out", portfolio])
        git_commit_all(portfolio)
        rows = measure_writes(avoplan, portfolio, args.repeat)
        rows += measure_mote_ny(avoplan, portfolio, args.repeat)
        files = sum(1 for _ in portfolio.rglob("*.yaml"))
        return 0 if print_table(rows, {}, files, args.repeat) else 1
    except BenchError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
