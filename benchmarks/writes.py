"""Rows of `make bench` for round 3 (issue 27): `möte ny` on the demo portfolio (every
need awaiting a forum drafted onto its agenda), and the CPU time of a cold `check`
against check-jsonschema's CPU time over the same files, measured in the same run.

CPU time (user + system, the process and every process it waited for) is what a shared
CI runner bills and what another job on the machine loses; wall time on a machine shared
with other jobs is mostly waiting. `run.measure` calls these; nothing here runs alone."""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.run import BenchError, Row, has_command, step

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


def measure_mote_ny(avoplan: str, portfolio: Path, repeat: int) -> Row:
    """`möte ny` for Styr- och samordningsgruppen, whose agenda gathers every need
    awaiting its decision; each run a new date, its file removed afterwards."""
    row = Row("avoplan möte ny (styrgruppen)", None, seconds_target=MOTE_SECONDS)
    if has_command("möte", "ny") is None:
        row.note = "hoppades över: kommandot finns inte i denna version"
        return row
    step("avoplan möte ny")
    folder = portfolio / "möten"
    existed = folder.exists()
    times = []
    for attempt in range(repeat):
        day = f"2031-01-{attempt + 10:02d}"
        args = [avoplan, "möte", "ny", "styr-och-samordningsgruppen", "--datum", day]
        start = time.perf_counter()
        done = subprocess.run(
            [*args, "-p", str(portfolio)], capture_output=True, text=True, check=False
        )
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            row.note = f"misslyckades: {(done.stderr or done.stdout).strip()[-200:]}"
            return row
        for written in folder.glob(f"*{day}*.yaml"):
            written.unlink()
    if not existed and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    row.seconds = min(times)
    return row
