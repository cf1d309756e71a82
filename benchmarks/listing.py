"""Rows of `make bench` for the commands that rank or list (issue 27): `prioritet
--explain`, `prioritet` and `list`, warm (after a full `check`), each with its wall and
CPU time and its peak memory per portfolio file. Part of `make bench` (benchmarks/run);
alone, on a new demo portfolio or on one already made (it is checked first):

    python -m benchmarks.listing [--items 50000] [--repeat R] [--portfolio PATH] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import BenchError, Row, kind_files, run, step, tool

EXPLAIN_SECONDS = 2.0  # the seconds hold at 10 000 items; at 50 000 the rows show growth
LIST_SECONDS = 1.0
EXPLAIN_KB_PER_FILE = 4.0  # peak memory / files, at 50 000 items: at 10 000 the interpreter
LARGE = 40_000  # and its libraries (about 40 MB) weigh more than the files


def measured_cpu(repeat: int, args: Sequence[str | Path]) -> tuple[float, float, int]:
    """(best wall seconds, least CPU seconds, highest peak memory in KB) over `repeat`
    runs of one command, its output dropped."""
    walls, cpus, peaks = [], [], []
    for _ in range(repeat):
        start = time.perf_counter()
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(
                [str(a) for a in args], stdout=subprocess.DEVNULL, stderr=errors
            )
            _, status, usage = os.wait4(process.pid, 0)
            walls.append(time.perf_counter() - start)
            if os.waitstatus_to_exitcode(status) != 0:
                errors.seek(0)
                raise BenchError(
                    f"{' '.join(map(str, args[1:3]))}: "
                    + errors.read().decode(errors="replace").strip()[-300:]
                )
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss)
    return min(walls), min(cpus), max(peaks)


def warm(avoplan: str, portfolio: Path) -> None:
    """Two full checks of files older than the racy window (the second writes the
    manifest a warm command trusts), then one `list` (which keeps its overview)."""
    step("avoplan check (två gånger, så att cachen och manifestet finns)")
    time.sleep(0.5)
    run([avoplan, "check", "-p", portfolio], ok=(0, 1))
    time.sleep(0.5)
    run([avoplan, "check", "-p", portfolio], ok=(0, 1))
    run([avoplan, "list", "-p", portfolio])


def measure_listing_rows(avoplan: str, portfolio: Path, repeat: int) -> list[Row]:
    """The warm rows: wall time, CPU time and peak memory of each."""
    warm(avoplan, portfolio)
    large = file_count(portfolio) >= LARGE
    commands = [
        ("avoplan prioritet --explain (varm)", ["prioritet", "--explain"], EXPLAIN_SECONDS),
        ("avoplan prioritet (varm)", ["prioritet"], None),
        ("avoplan list (varm)", ["list"], LIST_SECONDS),
    ]
    rows = []
    for name, words, seconds in commands:
        step(name)
        wall, cpu, kb = measured_cpu(repeat, [avoplan, *words, "-p", portfolio])
        per_file = EXPLAIN_KB_PER_FILE if "--explain" in words and large else None
        rows.append(
            Row(
                name,
                wall,
                seconds_target=None if large else seconds,
                kilobytes=kb,
                kb_per_file_target=per_file,
                cpu_seconds=cpu,
            )
        )
    return rows


def file_count(portfolio: Path) -> int:
    return sum(len(list(portfolio.glob(pattern))) for pattern in kind_files().values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.listing",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--items", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--portfolio", type=Path, help="en demoportfölj som redan finns")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="avoplan-bench-listing-"))
    avoplan = tool("avoplan")
    try:
        portfolio = args.portfolio
        if portfolio is None:
            portfolio = tmp / "portfolio"
            step(f"Skapar en demoportfölj med {args.items} behov och projekt")
            items, seed = str(args.items), str(args.seed)
            run([avoplan, "demo-portfolio", "-n", items, "-o", portfolio, "--seed", seed])
        rows = measure_listing_rows(avoplan, portfolio, args.repeat)
        files = file_count(portfolio)  # before the folder is removed below
    except BenchError as exc:
        print(f"Fel: {exc}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0 if print_rows(rows, files, args.repeat) else 1


def print_rows(rows: list[Row], files: int, repeat: int) -> bool:
    print(f"\n{files} filer, bäst av {repeat}; CPU = user + sys; minne = max RSS / filer\n")
    met = True
    for row in rows:
        assert row.seconds is not None and row.kilobytes is not None
        per_file = row.kilobytes / files
        ok = (row.seconds_target is None or row.seconds <= row.seconds_target) and (
            row.kb_per_file_target is None or per_file <= row.kb_per_file_target
        )
        met &= ok
        targets = [f"≤ {row.seconds_target:g} s"] if row.seconds_target else []
        targets += [f"≤ {row.kb_per_file_target:g} KB/fil"] if row.kb_per_file_target else []
        print(
            f"{row.name:36} {row.seconds:6.2f} s  CPU {row.cpu_seconds or 0:6.2f} s  "
            f"{row.kilobytes / 1024:6.0f} MB  {per_file:5.1f} KB/fil  "
            f"mål {', '.join(targets) or '–':24} {'uppfyllt' if ok else 'MISSAT'}"
        )
    return met


if __name__ == "__main__":
    sys.exit(main())
